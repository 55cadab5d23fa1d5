//! The one declaration of the Cash API's endpoints: [`for_each_endpoint!`](crate::for_each_endpoint).
//!
//! Each row states an endpoint's route, its types, and its facts — not derived from one
//! another: the scope and member role it needs, whether it needs the second factor, whether it
//! moves money, whether it may be repeated after an unknown outcome ([`Repeat`]), its paging,
//! its documented errors and the page that documents it. Everything generic is generated
//! from the rows:
//!
//! - [`Operation`](crate::Operation) (the list of routes and their facts: the engine's
//!   retries and outcomes, the emulator's router, authorisation and fault route names, the
//!   conformance suite's request counts, and the endpoint table of `docs/endpoints.md` read
//!   it);
//! - the endpoint type of every row marked `plain` (a JSON body or none, a JSON answer) or
//!   `query` (a `GET` with the row's query type, checked before sending, a JSON answer; with
//!   `paging: StartKey` the query is a [`KeyedQuery`](crate::KeyedQuery) too); `custom`
//!   rows have their own file in [`endpoint`](crate::endpoint);
//! - both clients' named methods ([`client_methods!`](crate::client_methods)) and the
//!   conformance suite's adapters, from the `methods` of each row.
//!
//! Adding an endpoint is a row here; `docs/architecture.md` has the whole checklist.

/// Which OAuth2 scope (and account permission) an endpoint needs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Scope {
    /// `cash:read`.
    Read,
    /// `cash:write`.
    Write,
}

impl Scope {
    /// The scope as the service spells it.
    pub const fn as_str(self) -> &'static str {
        match self {
            Scope::Read => "cash:read",
            Scope::Write => "cash:write",
        }
    }
}

/// Which member role an endpoint needs (the documents' "회원 권한" column).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Role {
    /// `role-cash:read`: any member.
    Read,
    /// `role-cash:write`: a member allowed to manage the cash (the owner).
    Write,
}

impl Role {
    /// The role as the service spells it.
    pub fn as_str(self) -> &'static str {
        match self {
            Role::Read => "role-cash:read",
            Role::Write => "role-cash:write",
        }
    }
}

/// How an endpoint pages its answer.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Paging {
    /// One answer, no pages.
    None,
    /// `offset` and `limit`.
    Offset,
    /// `startKey` and `limit`, the next key in the answer.
    StartKey,
}

/// Whether a request may be sent again after a failure that may have reached the server.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Repeat {
    /// A read: repeating changes nothing.
    Safe,
    /// A write that sets a whole state (a `PUT` of a setting): repeating it leaves the same
    /// state, so it is retried like a read; its error still says it may have been applied.
    SameState,
    /// Never sent again once it may have reached the server: it moves money, flips a state,
    /// or creates or removes something.
    Never,
}

/// The rows of the declaration, handed to a callback macro.
///
/// `for_each_endpoint!(facts => path::to::callback)` calls the callback with one
/// `Variant { name, method, path, request, response, query, paging, scope, role,
/// second_factor, moves_money, repeat, errors, source, doc }` per row;
/// `for_each_endpoint!(methods => callback)` with the named methods of every row,
/// `$(#[doc])* fn name(args) -> Output = endpoint;`; `for_each_endpoint!(plain => callback)`
/// with `kind Variant { request, response, query, doc }` per row (`kind` is `plain`, `query`
/// or `custom`).
#[macro_export]
#[doc(hidden)]
macro_rules! for_each_endpoint {
    ($what:ident => $($callback:tt)*) => {
        $crate::__select_endpoints! { $what [$($callback)*]
            Balance {
                name: "balance", method: GET, path: "/cash/v1/balance", kind: custom,
                request: (), response: BalanceResponse, query: (),
                paging: None, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: ["InvalidAccountId"],
                source: "documents api-reference/cash/getbalance.md",
                doc: "`GET /cash/v1/balance`: the balance and point, with the account's settings.",
                methods: {
                    /// The current balance and point.
                    fn balance() -> $crate::client_api::BalanceResponse =
                        $crate::endpoint::Balance::new();
                }
            }
            Recharge {
                name: "recharge", method: POST, path: "/cash/v1/balance", kind: custom,
                request: RechargeRequest, response: RechargeResponse, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: true, repeat: Never,
                errors: ["InvalidPaymentId", "BalanceInsufficient"],
                source: "documents api-reference/cash/chargebalance.md",
                doc: "`POST /cash/v1/balance`: recharge from a registered payment method.",
                methods: {
                    /// Recharges the balance from a registered payment method.
                    ///
                    /// Never retried once it may have reached the server. An account with the
                    /// second factor on answers `ErrorKind::MfaRequired`: repeat with
                    /// [`recharge_with_mfa`](Self::recharge_with_mfa). When the outcome is
                    /// unknown (`Error::may_have_been_applied`), call
                    /// [`reconcile`](Self::reconcile).
                    fn recharge(request: &$crate::client_api::RechargeRequest)
                        -> $crate::client_api::RechargeResponse =
                        $crate::endpoint::Recharge::new(request.clone());
                    /// Repeats a recharge with the second factor: the challenge's transaction
                    /// id and the emailed code.
                    fn recharge_with_mfa(
                        request: &$crate::client_api::RechargeRequest,
                        mfa: &$crate::client_api::MfaData
                    ) -> $crate::client_api::RechargeResponse =
                        $crate::endpoint::Recharge::new(request.clone()).with_mfa(mfa.clone());
                }
            }
            History {
                name: "history", method: GET, path: "/cash/v1/balance/history", kind: custom,
                request: (), response: "Vec<HistoryEntry>", query: HistoryQuery,
                paging: Offset, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: [],
                source: "documents api-reference/cash/getbalancehistory.md",
                doc: "`GET /cash/v1/balance/history`: one page of the balance history.",
                methods: {
                    /// One page of the history, newest first.
                    fn history(query: &$crate::client_api::HistoryQuery)
                        -> ::std::vec::Vec<$crate::client_api::HistoryEntry> =
                        $crate::endpoint::History::new(query.clone());
                }
            }
            Payments {
                name: "payments", method: GET, path: "/cash/v1/payment", kind: custom,
                request: (), response: PaymentList, query: PaymentQuery,
                paging: Offset, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: [],
                source: "documents api-reference/cash/getpaymentlist.md",
                doc: "`GET /cash/v1/payment`: the registered payment methods.",
                methods: {
                    /// One page of the registered payment methods.
                    fn payments(page: &$crate::endpoint::Payments)
                        -> $crate::client_api::PaymentList = page.clone();
                }
            }
            Alert {
                name: "alert", method: GET, path: "/cash/v1/balance/alert", kind: plain,
                request: (), response: AlertInfo, query: (),
                paging: None, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: [],
                source: "documents api-reference/cash/getlowbalancealert.md",
                doc: "`GET /cash/v1/balance/alert`: the low-balance alert's settings.",
                methods: {
                    /// The low-balance alert's settings.
                    fn alert() -> $crate::client_api::AlertInfo = $crate::endpoint::Alert::new();
                }
            }
            SetAlert {
                name: "set-alert", method: PUT, path: "/cash/v1/balance/alert", kind: plain,
                request: AlertSettings, response: ServiceMessage, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: SameState, errors: [],
                source: "documents api-reference/cash/setlowbalancealert.md (its second-factor block is there with the factor left blank: 2FA, spec cash-api.md line 135)",
                doc: "`PUT /cash/v1/balance/alert`: the low-balance alert's thresholds and channels.",
                methods: {
                    /// Sets the low-balance alert's thresholds and channels (whole settings: a
                    /// repeat leaves the same state, so it is retried like a read). An account
                    /// with the second factor on answers `ErrorKind::MfaRequired`: repeat with
                    /// [`set_alert_with_mfa`](Self::set_alert_with_mfa).
                    fn set_alert(settings: &$crate::client_api::AlertSettings)
                        -> $crate::client_api::ServiceMessage =
                        $crate::endpoint::SetAlert::new(settings.clone());
                    /// Repeats [`set_alert`](Self::set_alert) with the second factor: the
                    /// challenge's transaction id and the emailed code.
                    fn set_alert_with_mfa(
                        settings: &$crate::client_api::AlertSettings,
                        mfa: &$crate::client_api::MfaData
                    ) -> $crate::client_api::ServiceMessage =
                        $crate::endpoint::SetAlert::new(settings.clone()).with_mfa(mfa.clone());
                }
            }
            SwitchAlert {
                name: "switch-alert", method: PUT, path: "/cash/v1/balance/alert/switch", kind: plain,
                request: AlertSwitch, response: AlertSwitched, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: SameState, errors: [],
                source: "documents api-reference/cash/setlowbalancealertswitch.md (its second-factor block is there with the factor left blank: 2FA, spec cash-api.md line 136)",
                doc: "`PUT /cash/v1/balance/alert/switch`: turns the low-balance alert on or off.",
                methods: {
                    /// Turns the low-balance alert on or off (`{enabled}`: a repeat leaves the
                    /// same state).
                    fn switch_alert(enabled: bool) -> $crate::client_api::AlertSwitched =
                        $crate::endpoint::SwitchAlert::new($crate::client_api::AlertSwitch::new(enabled));
                    /// Repeats [`switch_alert`](Self::switch_alert) with the second factor.
                    fn switch_alert_with_mfa(enabled: bool, mfa: &$crate::client_api::MfaData)
                        -> $crate::client_api::AlertSwitched =
                        $crate::endpoint::SwitchAlert::new($crate::client_api::AlertSwitch::new(enabled))
                            .with_mfa(mfa.clone());
                }
            }
            SetAutoRecharge {
                name: "set-auto-recharge", method: PUT, path: "/cash/v1/payment", kind: plain,
                request: AutoRechargeSettings, response: AutoRechargeInfo, query: (),
                paging: None, scope: Write, role: Write, second_factor: false,
                moves_money: false, repeat: SameState, errors: [],
                source: "documents api-reference/cash/setautorecharge.md at c203145 (no second-factor table; no errors documented); rules: solapi.com guide recharge-auto-payment",
                doc: "`PUT /cash/v1/payment`: auto-recharge's cards in priority order, trigger and target.",
                methods: {
                    /// Sets auto-recharge's cards (first tried first), the balance that
                    /// triggers it and the balance it recharges to (whole settings: a repeat
                    /// leaves the same state, so it is retried like a read). Does not switch
                    /// it on: see [`toggle_auto_recharge`](Self::toggle_auto_recharge).
                    fn set_auto_recharge(settings: &$crate::client_api::AutoRechargeSettings)
                        -> $crate::client_api::AutoRechargeInfo =
                        $crate::endpoint::SetAutoRecharge::new(settings.clone());
                }
            }
            ToggleAutoRecharge {
                name: "toggle-auto-recharge", method: PUT, path: "/cash/v1/recharge", kind: plain,
                request: (), response: AutoRechargeSwitched, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: Never, errors: [],
                source: "documents api-reference/cash/toggleautorecharge.md at c203145 (its second-factor block is there with the factor left blank: 2FA, spec cash-api.md line 138)",
                doc: "`PUT /cash/v1/recharge`: flips auto-recharge on or off; answers `{autoRecharge}`.",
                methods: {
                    /// Flips auto-recharge (on becomes off, off becomes on) and answers the new
                    /// state. A toggle: never sent twice once it may have reached the server;
                    /// when its outcome is unknown, read the state again
                    /// ([`balance`](Self::balance)'s `autoRecharge`) instead of toggling again.
                    fn toggle_auto_recharge() -> $crate::client_api::AutoRechargeSwitched =
                        $crate::endpoint::ToggleAutoRecharge::new();
                    /// Repeats [`toggle_auto_recharge`](Self::toggle_auto_recharge) with the
                    /// second factor (the challenge was not a toggle: nothing was flipped).
                    fn toggle_auto_recharge_with_mfa(mfa: &$crate::client_api::MfaData)
                        -> $crate::client_api::AutoRechargeSwitched =
                        $crate::endpoint::ToggleAutoRecharge::new().with_mfa(mfa.clone());
                }
            }
            AddPayment {
                name: "add-payment", method: POST, path: "/cash/v1/payment", kind: plain,
                request: NewCard, response: RegisteredCard, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: Never, errors: [],
                source: "documents api-reference/cash/createpayment.md at c203145 (its second-factor block is there with the factor left blank: 2FA, spec cash-api.md line 139; no errors documented); Visa/MasterCard only: solapi.com guide recharge-auto-payment",
                doc: "`POST /cash/v1/payment`: registers a card; answers its `paymentId`.",
                methods: {
                    /// Registers a card (Visa or MasterCard, checked when the `NewCard` was
                    /// made) and answers its `paymentId`, brand and expiry. A creation: never
                    /// sent twice once it may have reached the server; when its outcome is
                    /// unknown, list the cards ([`payments`](Self::payments)) before trying
                    /// again.
                    fn add_payment(card: &$crate::client_api::NewCard)
                        -> $crate::client_api::RegisteredCard =
                        $crate::endpoint::AddPayment::new(card.clone());
                    /// Repeats [`add_payment`](Self::add_payment) with the second factor.
                    fn add_payment_with_mfa(
                        card: &$crate::client_api::NewCard,
                        mfa: &$crate::client_api::MfaData
                    ) -> $crate::client_api::RegisteredCard =
                        $crate::endpoint::AddPayment::new(card.clone()).with_mfa(mfa.clone());
                }
            }
            RemovePayment {
                name: "remove-payment", method: DELETE, path: "/cash/v1/payment", kind: plain,
                request: PaymentRemoval, response: PaymentRemoved, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: Never, errors: [],
                source: "documents api-reference/cash/deletepayment.md at c203145 (its second-factor block is there with the factor left blank: 2FA, spec cash-api.md line 140; no errors documented)",
                doc: "`DELETE /cash/v1/payment`: removes a registered card.",
                methods: {
                    /// Removes the registered card `payment_id` (an empty or malformed id is
                    /// refused before sending). A removal: never sent twice once it may have
                    /// reached the server; when its outcome is unknown, list the cards.
                    fn remove_payment(payment_id: &str) -> $crate::client_api::PaymentRemoved =
                        $crate::endpoint::RemovePayment::new(
                            $crate::client_api::PaymentRemoval::new(payment_id)
                        );
                    /// Repeats [`remove_payment`](Self::remove_payment) with the second factor.
                    fn remove_payment_with_mfa(payment_id: &str, mfa: &$crate::client_api::MfaData)
                        -> $crate::client_api::PaymentRemoved =
                        $crate::endpoint::RemovePayment::new(
                            $crate::client_api::PaymentRemoval::new(payment_id)
                        ).with_mfa(mfa.clone());
                }
            }
            Receipt {
                name: "receipt", method: GET, path: "/cash/v1/receipt", kind: custom,
                request: (), response: ReceiptInfo, query: "historyId",
                paging: None, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: ["ResourceNotFound"],
                source: "documents api-reference/cash/getreceipt.md (sample `{}`; the error inferred)",
                doc: "`GET /cash/v1/receipt`: the receipt (statement) of one recharge, as sent.",
                methods: {
                    /// The receipt of the recharge `history_id` (a history entry's id), every
                    /// field the service sends kept (`extra`). An id that is empty or not
                    /// letters and digits is refused before sending.
                    fn receipt(history_id: &str) -> $crate::client_api::ReceiptInfo =
                        $crate::endpoint::Receipt::new(history_id);
                }
            }
            RechargeHistory {
                name: "recharge-history", method: GET, path: "/cash/v1/recharge-history", kind: query,
                request: (), response: RechargeHistoryPage, query: RechargeHistoryQuery,
                paging: StartKey, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: [],
                source: "developers.solapi.com references/cash/getRechargeHistoryNew (2025-08-25; query only, the answer not published); operators: documents api-reference/overview.md",
                doc: "`GET /cash/v1/recharge-history`: one page of the recharge history, paged by `startKey`.",
                methods: {
                    /// One page of the recharge history; the next page's key is its
                    /// `next_key` (`StartKeyPager` pages through all).
                    /// The answer's shape is not published: it is read liberally
                    /// (`RechargeHistoryPage`).
                    fn recharge_history(query: &$crate::client_api::RechargeHistoryQuery)
                        -> $crate::client_api::RechargeHistoryPage =
                        $crate::endpoint::RechargeHistory::new(query.clone());
                }
            }
            Withdrawals {
                name: "withdrawals", method: GET, path: "/cash/v1/withdraw", kind: query,
                request: (), response: WithdrawPage, query: WithdrawQuery,
                paging: StartKey, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: [],
                source: "documents api-reference/cash/getwithdraw.md (query withdrawId, status, startKey, limit, startDate, endDate; answer {data, nextKey}); spec cash-api.md line 143",
                doc: "`GET /cash/v1/withdraw`: one page of the account's withdrawals, paged by `startKey`.",
                methods: {
                    /// One page of the account's withdrawals; the next page's key is its
                    /// `next_key` (`StartKeyPager` pages through all). The bank account's
                    /// number comes masked and is kept as sent.
                    fn withdrawals(query: &$crate::client_api::WithdrawQuery)
                        -> $crate::client_api::WithdrawPage =
                        $crate::endpoint::Withdrawals::new(query.clone());
                }
            }
            BankAccount {
                name: "bank-account", method: GET, path: "/cash/v1/bank/accounts", kind: plain,
                request: (), response: BankAccountInfo, query: (),
                paging: None, scope: Read, role: Read, second_factor: false,
                moves_money: false, repeat: Safe, errors: [],
                source: "documents api-reference/cash/getbankaccount.md (sample `{}`); the fields from createbankaccount.md's answer (spec cash-api.md lines 144-145)",
                doc: "`GET /cash/v1/bank/accounts`: the bank account withdrawals go to.",
                methods: {
                    /// The registered bank account, every field kept (`{}` decodes: the
                    /// published sample). Show its number only through `masked_number`.
                    fn bank_account() -> $crate::client_api::BankAccountInfo =
                        $crate::endpoint::BankAccount::new();
                }
            }
            AddBankAccount {
                name: "add-bank-account", method: POST, path: "/cash/v1/bank/accounts", kind: plain,
                request: NewBankAccount, response: BankAccountRegistered, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: Never, errors: [],
                source: "documents api-reference/cash/createbankaccount.md (body accountNumber, authenticationCode, bankCode, holderName, transactionId; answer {accountNumber, bankCode, holderName, success}; the second factor's block blank there, email OTP marked in createBankAccount.md at 3b227a0: 2FA, spec cash-api.md line 144; no errors documented)",
                doc: "`POST /cash/v1/bank/accounts`: registers the bank account withdrawals go to.",
                methods: {
                    /// Registers the bank account withdrawals go to (checked when the
                    /// `NewBankAccount` was made; its number is personal data, shown masked).
                    /// A creation: never sent twice once it may have reached the server; when
                    /// its outcome is unknown, read it again ([`bank_account`](Self::bank_account)).
                    fn add_bank_account(account: &$crate::client_api::NewBankAccount)
                        -> $crate::client_api::BankAccountRegistered =
                        $crate::endpoint::AddBankAccount::new(account.clone());
                    /// Repeats [`add_bank_account`](Self::add_bank_account) with the second
                    /// factor: in `x-mfa-data`, and in the body's `transactionId` and
                    /// `authenticationCode` (the page's fields for it, *inferred*).
                    fn add_bank_account_with_mfa(
                        account: &$crate::client_api::NewBankAccount,
                        mfa: &$crate::client_api::MfaData
                    ) -> $crate::client_api::BankAccountRegistered =
                        $crate::endpoint::AddBankAccount::new(account.with_second_factor(mfa))
                            .with_mfa(mfa.clone());
                }
            }
            RemoveBankAccount {
                name: "remove-bank-account", method: DELETE, path: "/cash/v1/bank/accounts", kind: plain,
                request: (), response: BankAccountRemoved, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: false, repeat: Never, errors: [],
                source: "documents api-reference/cash/deletebankaccount.md (answer {\"n\": 1}; the second factor's block blank there: 2FA, spec cash-api.md line 146; no errors documented)",
                doc: "`DELETE /cash/v1/bank/accounts`: removes the registered bank account; answers `{n}`.",
                methods: {
                    /// Removes the registered bank account and answers how many were removed
                    /// (`n`). A removal: never sent twice once it may have reached the server;
                    /// when its outcome is unknown, read it again
                    /// ([`bank_account`](Self::bank_account)).
                    fn remove_bank_account() -> $crate::client_api::BankAccountRemoved =
                        $crate::endpoint::RemoveBankAccount::new();
                    /// Repeats [`remove_bank_account`](Self::remove_bank_account) with the
                    /// second factor.
                    fn remove_bank_account_with_mfa(mfa: &$crate::client_api::MfaData)
                        -> $crate::client_api::BankAccountRemoved =
                        $crate::endpoint::RemoveBankAccount::new().with_mfa(mfa.clone());
                }
            }
            Transfer {
                name: "transfer", method: POST, path: "/cash/v1/transfer", kind: money,
                request: TransferRequest, response: Transferred, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: true, repeat: Never, errors: [],
                source: "documents api-reference/cash/transfer.md (answer the bare string \"Success\"; its second-factor block is there with the factor left blank; no errors documented); spec cash-api.md",
                doc: "`POST /cash/v1/transfer`: moves balance to another account; answers `\"Success\"`.",
                methods: {
                    /// Moves `request.amount()` of the balance to the account
                    /// `request.target_account_id()`. Never retried once it may have reached the
                    /// server. An account with the second factor on answers
                    /// `ErrorKind::MfaRequired`: repeat with
                    /// [`transfer_with_mfa`](Self::transfer_with_mfa). When the outcome is
                    /// unknown (`Error::may_have_been_applied`), reconcile its attempt
                    /// (`Error::money_attempt`) with [`reconcile`](Self::reconcile): it looks
                    /// for the `TRANSFER` entry of −amount the transfer writes in this account's
                    /// history (*inferred*).
                    fn transfer(request: &$crate::client_api::TransferRequest)
                        -> $crate::client_api::Transferred =
                        $crate::endpoint::Transfer::new(request.clone());
                    /// Repeats a transfer with the second factor: the challenge's transaction
                    /// id and the emailed code.
                    fn transfer_with_mfa(
                        request: &$crate::client_api::TransferRequest,
                        mfa: &$crate::client_api::MfaData
                    ) -> $crate::client_api::Transferred =
                        $crate::endpoint::Transfer::new(request.clone()).with_mfa(mfa.clone());
                }
            }
            Withdraw {
                name: "withdraw", method: POST, path: "/cash/v1/withdraw", kind: money,
                request: WithdrawRequest, response: Withdrawal, query: (),
                paging: None, scope: Write, role: Write, second_factor: true,
                moves_money: true, repeat: Never, errors: ["ValidationError", "Forbidden"],
                source: "documents api-reference/cash/createwithdraw.md (answer: the withdrawal, status PENDING; sample 20,000 = 18,500 + fee 1,500); errors: api-reference/cash-api/undefined-5.md; spec cash-api.md line 142",
                doc: "`POST /cash/v1/withdraw`: asks for a withdrawal to the registered bank account; answers the withdrawal (`PENDING`).",
                methods: {
                    /// Asks for a withdrawal of `amount` (fee included) to the registered bank
                    /// account; answers the withdrawal (`PENDING`, its `fee` and what arrives,
                    /// `amount`). Never retried once it may have reached the server. An account
                    /// with the second factor on answers `ErrorKind::MfaRequired`: repeat with
                    /// [`withdraw_with_mfa`](Self::withdraw_with_mfa). When the outcome is
                    /// unknown, reconcile its attempt with [`reconcile`](Self::reconcile) (the
                    /// `WITHDRAW` entry of −amount, *inferred*) and list the withdrawals.
                    fn withdraw(amount: $crate::client_api::Won)
                        -> $crate::client_api::Withdrawal =
                        $crate::endpoint::Withdraw::new($crate::client_api::WithdrawRequest::new(amount));
                    /// Repeats a withdrawal with the second factor.
                    fn withdraw_with_mfa(
                        amount: $crate::client_api::Won,
                        mfa: &$crate::client_api::MfaData
                    ) -> $crate::client_api::Withdrawal =
                        $crate::endpoint::Withdraw::new($crate::client_api::WithdrawRequest::new(amount))
                            .with_mfa(mfa.clone());
                }
            }
        }
    };
}

/// Hands the rows of [`for_each_endpoint!`] to its callback in the shape asked for; the one
/// place that reads a row.
#[macro_export]
#[doc(hidden)]
macro_rules! __select_endpoints {
    ($what:ident [$($callback:tt)*] $(
        $variant:ident {
            name: $name:literal, method: $method:ident, path: $path:literal, kind: $kind:ident,
            request: $request:tt, response: $response:tt, query: $query:tt,
            paging: $paging:ident, scope: $scope:ident, role: $role:ident,
            second_factor: $mfa:literal, moves_money: $money:literal, repeat: $repeat:ident,
            errors: [$($error:literal),* $(,)?],
            source: $source:literal,
            doc: $doc:literal,
            methods: { $(
                $(#[$method_doc:meta])*
                fn $fn_name:ident($($arg:ident: $arg_ty:ty),* $(,)?) -> $output:ty = $build:expr;
            )* }
        }
    )*) => {
        $crate::__select_endpoints!(@ $what [$($callback)*]
            facts: [$(
                $variant {
                    name: $name, method: $method, path: $path,
                    request: $request, response: $response, query: $query,
                    paging: $paging, scope: $scope, role: $role,
                    second_factor: $mfa, moves_money: $money, repeat: $repeat,
                    errors: [$($error),*], source: $source, doc: $doc,
                }
            )*]
            methods: [$($(
                $(#[$method_doc])*
                fn $fn_name($($arg: $arg_ty),*) -> $output = $build;
            )*)*]
            plain: [$( $kind $variant { request: $request, response: $response, query: $query, doc: $doc } )*]
        );
    };
    (@ facts [$($callback:tt)*] facts: [$($rows:tt)*] methods: $m:tt plain: $p:tt) => {
        $($callback)*! { $($rows)* }
    };
    (@ methods [$($callback:tt)*] facts: $f:tt methods: [$($rows:tt)*] plain: $p:tt) => {
        $($callback)*! { $($rows)* }
    };
    (@ plain [$($callback:tt)*] facts: $f:tt methods: $m:tt plain: [$($rows:tt)*]) => {
        $($callback)*! { $($rows)* }
    };
}

/// Both clients' named methods, generated from the declaration: `client_methods!(async)` in
/// the async client's `impl`, `client_methods!(blocking)` in the blocking one's. Each is
/// `self.send(endpoint)`; the client defines `send`.
#[macro_export]
#[doc(hidden)]
macro_rules! client_methods {
    (async) => {
        $crate::for_each_endpoint!(methods => $crate::__async_methods);
    };
    (blocking) => {
        $crate::for_each_endpoint!(methods => $crate::__blocking_methods);
    };
}

#[macro_export]
#[doc(hidden)]
macro_rules! __async_methods {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $output:ty = $build:expr; )*) => {$(
        $(#[$doc])*
        pub async fn $name(&self, $($arg: $ty),*) -> ::std::result::Result<$output, $crate::Error> {
            self.send($build).await
        }
    )*};
}

#[macro_export]
#[doc(hidden)]
macro_rules! __blocking_methods {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $output:ty = $build:expr; )*) => {$(
        $(#[$doc])*
        pub fn $name(&self, $($arg: $ty),*) -> ::std::result::Result<$output, $crate::Error> {
            self.send($build)
        }
    )*};
}
