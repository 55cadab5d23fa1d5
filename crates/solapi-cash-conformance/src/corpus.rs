//! The corpus: the Cash API's answers as SOLAPI documented them and as its official SDKs'
//! tests record them, plus variations their schemas allow (`corpus/` beside this crate; each
//! folder's `SOURCES.md` says where every file comes from, with the commit).
//!
//! [`bodies`] lists every file with what a client must do with it ([`Expect`]).
//! `tests/corpus_decode.rs` holds the library to it and the CLI's `tests/corpus.rs` the
//! `solapi-cash` binary. The expectations about numbers are computed from the raw JSON text
//! here ([`leaves`], [`money_values`]), independently of the library's decoder: serde_json's
//! `RawValue` hands over each value's text exactly as written in the file.

use std::collections::BTreeMap;
use std::path::PathBuf;

use serde_json::value::RawValue;
use solapi_cash_core::{ErrorKind, Outcome};

/// The endpoint a body answers.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Endpoint {
    /// `GET /cash/v1/balance`.
    Balance,
    /// `GET /cash/v1/balance/history`.
    History,
    /// `POST /cash/v1/balance`.
    Recharge,
    /// `GET /cash/v1/payment`, the registered payment methods.
    PaymentList,
    /// `PUT /cash/v1/recharge`, the auto-recharge toggle.
    AutoRechargeToggle,
    /// `GET /cash/v1/balance/alert`, the low-balance alert.
    Alert,
    /// `PUT /cash/v1/balance/alert`, its thresholds and channels.
    SetAlert,
    /// `PUT /cash/v1/balance/alert/switch`, on or off.
    SwitchAlert,
    /// `PUT /cash/v1/payment`, auto-recharge's settings.
    SetAutoRecharge,
    /// `POST /cash/v1/payment`, a card registered.
    AddPayment,
    /// `DELETE /cash/v1/payment`, a card removed.
    RemovePayment,
    /// `GET /cash/v1/receipt`, the receipt of a recharge.
    Receipt,
    /// `GET /cash/v1/recharge-history`, a page of recharges (shape not published).
    RechargeHistory,
    /// `GET /cash/v1/withdraw`, a page of withdrawals.
    Withdrawals,
    /// `GET /cash/v1/bank/accounts`, the registered bank account.
    BankAccount,
    /// `POST /cash/v1/bank/accounts`, a bank account registered.
    AddBankAccount,
    /// `DELETE /cash/v1/bank/accounts`, the bank account removed.
    RemoveBankAccount,
    /// `POST /cash/v1/transfer`, balance moved to another account.
    Transfer,
    /// `POST /cash/v1/withdraw`, a withdrawal asked for.
    Withdraw,
}

impl Endpoint {
    /// The method and path.
    pub fn route(self) -> (&'static str, &'static str) {
        match self {
            Endpoint::Balance => ("GET", "/cash/v1/balance"),
            Endpoint::History => ("GET", "/cash/v1/balance/history"),
            Endpoint::Recharge => ("POST", "/cash/v1/balance"),
            Endpoint::PaymentList => ("GET", "/cash/v1/payment"),
            Endpoint::AutoRechargeToggle => ("PUT", "/cash/v1/recharge"),
            Endpoint::Alert => ("GET", "/cash/v1/balance/alert"),
            Endpoint::SetAlert => ("PUT", "/cash/v1/balance/alert"),
            Endpoint::SwitchAlert => ("PUT", "/cash/v1/balance/alert/switch"),
            Endpoint::SetAutoRecharge => ("PUT", "/cash/v1/payment"),
            Endpoint::AddPayment => ("POST", "/cash/v1/payment"),
            Endpoint::RemovePayment => ("DELETE", "/cash/v1/payment"),
            Endpoint::Receipt => ("GET", "/cash/v1/receipt"),
            Endpoint::RechargeHistory => ("GET", "/cash/v1/recharge-history"),
            Endpoint::Withdrawals => ("GET", "/cash/v1/withdraw"),
            Endpoint::BankAccount => ("GET", "/cash/v1/bank/accounts"),
            Endpoint::AddBankAccount => ("POST", "/cash/v1/bank/accounts"),
            Endpoint::RemoveBankAccount => ("DELETE", "/cash/v1/bank/accounts"),
            Endpoint::Transfer => ("POST", "/cash/v1/transfer"),
            Endpoint::Withdraw => ("POST", "/cash/v1/withdraw"),
        }
    }

    /// The money fields of the answer, as [`leaves`] paths with `[]` for any array index.
    /// Everything else numeric (counters, flags) is not money.
    pub fn money_paths(self) -> &'static [&'static str] {
        match self {
            Endpoint::Balance => &[
                "balance",
                "point",
                "minimumCash",
                "rechargeTo",
                "deposit",
                "lowBalanceAlert.balances[]",
            ],
            Endpoint::History => &[
                "[].balanceAmount",
                "[].pointAmount",
                "[].oldBalance",
                "[].newBalance",
                "[].oldPoint",
                "[].newPoint",
            ],
            Endpoint::Recharge => &[
                "balanceAmount",
                "pointAmount",
                "oldBalance",
                "newBalance",
                "oldPoint",
                "newPoint",
            ],
            Endpoint::Alert => &["lowBalanceAlert.balances[]"],
            Endpoint::SetAutoRecharge => &["minimumCash", "rechargeTo"],
            Endpoint::Receipt => &["balanceAmount"],
            Endpoint::Withdrawals => &["data[].amount", "data[].fee", "data[].totalAmount"],
            Endpoint::Withdraw => &["amount", "fee", "totalAmount"],
            Endpoint::PaymentList
            | Endpoint::AutoRechargeToggle
            | Endpoint::SetAlert
            | Endpoint::SwitchAlert
            | Endpoint::AddPayment
            | Endpoint::RemovePayment
            | Endpoint::RechargeHistory
            | Endpoint::BankAccount
            | Endpoint::AddBankAccount
            | Endpoint::RemoveBankAccount
            | Endpoint::Transfer => &[],
        }
    }
}

/// Whether a file is what the source published or a variation of it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Origin {
    /// As published (normalised only where the page's own formatting forced it; the
    /// folder's `SOURCES.md` says where).
    Published,
    /// Made from the named published file (or, where no body was published, the page that
    /// documents the value); `SOURCES.md` says what changed.
    Derived {
        /// The published file (or page) it varies.
        from: &'static str,
    },
}

/// What a client must make of a body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Expect {
    /// A 2xx answer that decodes; every money value prints back exactly as sent; nothing the
    /// service sent is lost when the decoded value is written out again.
    Decodes,
    /// A 2xx answer in a shape the service replaced (2018 history pages with
    /// `beforeBalance`/`afterBalance`/`amount` and no point; a 2018 page that listed payments
    /// made, `{"result": [...]}`, under the path that lists payment methods since): no client
    /// can make the endpoint's model of it. It must end in a clear decode error, never a panic.
    Superseded,
    /// The 2018 recharge page's success answer, `{}`: a 2xx without a receipt. Evidence that
    /// the recharge was made, not proof (a gateway in front of the service answers 2xx too):
    /// a client must report it of unknown outcome — never "not applied" — and reconcile it.
    SuccessWithoutReceipt,
    /// An answer of an endpoint the library has no reader for; kept for the emulator and the
    /// official SDKs' suites.
    NoReader,
    /// A documented error answer.
    Error(ErrorExpect),
}

/// A documented error: its status, code, the library's error kind, whether it proves that
/// the request was not applied, and the CLI's exit code.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ErrorExpect {
    /// The HTTP status it comes with.
    pub status: u16,
    /// The `errorCode`, or `None` for a published text that is not valid JSON.
    pub code: Option<&'static str>,
    /// The kind the library must classify it as.
    pub kind: ErrorKind,
    /// What it proves about the request: a refusal with the API's error body (or a status
    /// that is answered instead of processing) proves it was not applied; a recharge
    /// answered otherwise is of unknown outcome (docs/errors.md).
    pub outcome: Outcome,
    /// The CLI's exit code for it (docs/cli.md, "Exit codes").
    pub exit: i32,
}

/// One file of the corpus.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Body {
    /// Path below `corpus/`.
    pub file: String,
    /// The endpoints it is an answer of (an error may apply to several).
    pub endpoints: &'static [Endpoint],
    /// What a client must make of it.
    pub expect: Expect,
    /// Published or derived.
    pub origin: Origin,
}

impl Body {
    /// The file's text.
    ///
    /// # Panics
    /// If the file cannot be read (the corpus is part of the repository).
    pub fn text(&self) -> String {
        let path = corpus_dir().join(&self.file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }

    /// The HTTP status the body is served with.
    pub fn status(&self) -> u16 {
        match self.expect {
            Expect::Error(e) => e.status,
            _ => 200,
        }
    }
}

/// The `corpus/` folder.
pub fn corpus_dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("corpus")
}

/// CLI exit codes (docs/cli.md).
const EXIT_API: i32 = 3;
const EXIT_AUTH: i32 = 4;
/// A recharge whose outcome is unknown: the CLI could not settle it (the test's server
/// answers the history lookup with the same text).
const EXIT_RECHARGE_UNKNOWN: i32 = 6;

const BALANCE: &[Endpoint] = &[Endpoint::Balance];
const HISTORY: &[Endpoint] = &[Endpoint::History];
const RECHARGE: &[Endpoint] = &[Endpoint::Recharge];
const READS: &[Endpoint] = &[Endpoint::Balance, Endpoint::History];
const ALL: &[Endpoint] = &[Endpoint::Balance, Endpoint::History, Endpoint::Recharge];
const PAYMENT: &[Endpoint] = &[Endpoint::PaymentList];
const WITHDRAW: &[Endpoint] = &[Endpoint::Withdraw];

fn published(file: &str, endpoints: &'static [Endpoint], expect: Expect) -> Body {
    Body {
        file: file.to_owned(),
        endpoints,
        expect,
        origin: Origin::Published,
    }
}

fn derived(file: &str, from: &'static str, endpoints: &'static [Endpoint], expect: Expect) -> Body {
    Body {
        file: file.to_owned(),
        endpoints,
        expect,
        origin: Origin::Derived { from },
    }
}

/// A documented error; unknown outcome where the CLI's exit code says so, else not applied.
const fn error(status: u16, code: Option<&'static str>, kind: ErrorKind, exit: i32) -> Expect {
    Expect::Error(ErrorExpect {
        status,
        code,
        kind,
        outcome: if exit == EXIT_RECHARGE_UNKNOWN {
            Outcome::Unknown
        } else {
            Outcome::NotApplied
        },
        exit,
    })
}

const NODE_FIXTURE: &str = "balance/node-sdk-90cd341-decodeServerResponse.json";
const LATEST_HISTORY: &str = "history/documents-ec153b3-getBalanceHistory.json";
const LATEST_RECHARGE: &str = "recharge/documents-ec153b3-chargeBalance.json";
/// Not a corpus file: the page that documents the four signing errors (code, status and a
/// Korean description, but no body).
const SIGNING_PAGE: &str = "solapi/documents authentication/api-key.md";

/// Every file of the corpus, with what a client must make of it.
pub fn bodies() -> Vec<Body> {
    use Expect::{Decodes, SuccessWithoutReceipt, Superseded};
    let mut list = vec![
        // GET /cash/v1/balance
        published(
            "balance/documents-0b29aa9-get-balance.json",
            BALANCE,
            Decodes,
        ),
        published(
            "balance/documents-de687cc-get-balance.json",
            BALANCE,
            Decodes,
        ),
        published(
            "balance/documents-4e5a362-getBalance.json",
            BALANCE,
            Decodes,
        ),
        published(
            "balance/documents-e678631-getBalance.json",
            BALANCE,
            Decodes,
        ),
        published(NODE_FIXTURE, BALANCE, Decodes),
        derived(
            "balance/derived-null-balance-point.json",
            NODE_FIXTURE,
            BALANCE,
            Decodes,
        ),
        derived(
            "balance/derived-missing-balance-point.json",
            NODE_FIXTURE,
            BALANCE,
            Decodes,
        ),
        derived(
            "balance/derived-unknown-fields.json",
            NODE_FIXTURE,
            BALANCE,
            Decodes,
        ),
        derived(
            "balance/derived-residues.json",
            NODE_FIXTURE,
            BALANCE,
            Decodes,
        ),
        derived(
            "balance/derived-autorecharge-boolean.json",
            NODE_FIXTURE,
            BALANCE,
            Decodes,
        ),
        derived(
            "balance/derived-descriptive-types.json",
            NODE_FIXTURE,
            BALANCE,
            Decodes,
        ),
        // GET /cash/v1/balance/history
        published(
            "history/documents-8fbb6c2-undefined.json",
            HISTORY,
            Superseded,
        ),
        published(
            "history/documents-b395da7-undefined.json",
            HISTORY,
            Superseded,
        ),
        derived(
            "history/derived-unknown-type.json",
            LATEST_HISTORY,
            HISTORY,
            Decodes,
        ),
        derived(
            "history/derived-residues.json",
            LATEST_HISTORY,
            HISTORY,
            Decodes,
        ),
        derived(
            "history/derived-missing-optionals.json",
            LATEST_HISTORY,
            HISTORY,
            Decodes,
        ),
        // POST /cash/v1/balance
        published(
            "recharge/documents-9281456-charge-balance.json",
            RECHARGE,
            SuccessWithoutReceipt,
        ),
        derived(
            "recharge/derived-residues.json",
            LATEST_RECHARGE,
            RECHARGE,
            Decodes,
        ),
        derived(
            "recharge/derived-unknown-fields.json",
            LATEST_RECHARGE,
            RECHARGE,
            Decodes,
        ),
        // GET /cash/v1/payment, PUT /cash/v1/recharge
        published(
            "payment/documents-76ecce0-get-payment-histories.json",
            PAYMENT,
            Superseded,
        ),
        published(
            "payment/documents-92d7fd5-get-payment-list.json",
            PAYMENT,
            Decodes,
        ),
        published(
            "payment/solapi-com-developers-payment-method-getPayment.json",
            PAYMENT,
            Decodes,
        ),
        published(
            "toggle/documents-8362539-toggleAutoRecharge.json",
            &[Endpoint::AutoRechargeToggle],
            Decodes,
        ),
        // The operator's settings (issue 22)
        published(
            "settings/documents-c203145-getlowbalancealert.json",
            &[Endpoint::Alert],
            Decodes,
        ),
        published(
            "settings/documents-c203145-setlowbalancealert.json",
            &[Endpoint::SetAlert],
            Decodes,
        ),
        published(
            "settings/documents-c203145-setlowbalancealertswitch.json",
            &[Endpoint::SwitchAlert],
            Decodes,
        ),
        published(
            "settings/documents-c203145-setautorecharge.json",
            &[Endpoint::SetAutoRecharge],
            Decodes,
        ),
        published(
            "settings/documents-c203145-createpayment.json",
            &[Endpoint::AddPayment],
            Decodes,
        ),
        published(
            "settings/documents-c203145-deletepayment.json",
            &[Endpoint::RemovePayment],
            Decodes,
        ),
        // The receipt (issue 23): the published `{}`, and the emulator's fields with two
        // unknown ones.
        published(
            "receipt/documents-4e5a362-getReceipt.json",
            &[Endpoint::Receipt],
            Decodes,
        ),
        derived(
            "receipt/derived-emulator-receipt.json",
            "receipt/documents-4e5a362-getReceipt.json",
            &[Endpoint::Receipt],
            Decodes,
        ),
        // The recharge history (issue 23): no answer is published; the shapes the liberal
        // reader must take.
        derived(
            "recharge-history/derived-data-nextkey.json",
            "solapi/documents api-reference/cash/getwithdraw.md",
            &[Endpoint::RechargeHistory],
            Decodes,
        ),
        derived(
            "recharge-history/derived-bare-array.json",
            "solapi/documents api-reference/cash/getwithdraw.md",
            &[Endpoint::RechargeHistory],
            Decodes,
        ),
        derived(
            "recharge-history/derived-other-keys.json",
            "solapi/documents api-reference/cash/getwithdraw.md",
            &[Endpoint::RechargeHistory],
            Decodes,
        ),
        // The withdrawals (issue 23): the published sample.
        published(
            "withdrawals/documents-c203145-getWithdraw.json",
            &[Endpoint::Withdrawals],
            Decodes,
        ),
        published(
            "bank-account/documents-c203145-getBankAccount.json",
            &[Endpoint::BankAccount],
            Decodes,
        ),
        published(
            "bank-account/documents-12c4310-createbankaccount.json",
            &[Endpoint::AddBankAccount],
            Decodes,
        ),
        published(
            "bank-account/documents-12c4310-deletebankaccount.json",
            &[Endpoint::RemoveBankAccount],
            Decodes,
        ),
        // The transfer and the withdrawal's creation (issue 23): the published samples.
        published(
            "transfer/documents-12c4310-transfer.json",
            &[Endpoint::Transfer],
            Decodes,
        ),
        published(
            "withdraw/documents-12c4310-createWithdraw.json",
            WITHDRAW,
            Decodes,
        ),
        published(
            "withdraw/documents-12c4310-createWithdraw-10000.json",
            WITHDRAW,
            Decodes,
        ),
    ];
    for (file, endpoints, status, code, kind, exit) in PUBLISHED_ERRORS {
        list.push(published(file, endpoints, error(status, code, kind, exit)));
    }
    for code in [
        "InvalidAPIKey",
        "SignatureDoesNotMatch",
        "RequestTimeTooSkewed",
        "DuplicatedSignature",
    ] {
        list.push(derived(
            signing_file(code),
            SIGNING_PAGE,
            ALL,
            error(403, Some(code), ErrorKind::Authentication, EXIT_AUTH),
        ));
    }
    list.push(derived(
        "errors/derived-Unauthorized.json",
        "errors/documents-b503c81-Forbidden.json",
        ALL,
        error(
            403,
            Some("Unauthorized"),
            ErrorKind::PermissionDenied,
            EXIT_AUTH,
        ),
    ));
    for (folder, stem, endpoints, expect) in [
        ("history", "getBalanceHistory", HISTORY, Decodes),
        ("recharge", "chargeBalance", RECHARGE, Decodes),
        ("payment", "getPaymentList", PAYMENT, Decodes),
    ] {
        for commit in REVISIONS_2019 {
            list.push(published(
                &format!("{folder}/documents-{commit}-{stem}.json"),
                endpoints,
                expect,
            ));
        }
    }
    list
}

/// The published error bodies: file, endpoints tried, status, `errorCode` (`None` for a
/// verbatim text that is not JSON), kind and exit code.
#[allow(clippy::type_complexity)]
const PUBLISHED_ERRORS: [(&str, &[Endpoint], u16, Option<&str>, ErrorKind, i32); 12] = {
    use ErrorKind::{NotFound, Payment, PermissionDenied, Validation};
    [
        (
            "errors/documents-0b29aa9-InvalidAccountId.json",
            READS,
            400,
            Some("InvalidAccountId"),
            Validation,
            EXIT_API,
        ),
        (
            "errors/documents-352221b-InvalidAccountId.json",
            READS,
            400,
            Some("InvalidAccountId"),
            Validation,
            EXIT_API,
        ),
        (
            "errors/documents-a12471c-InvalidPaymentId.json",
            RECHARGE,
            400,
            Some("InvalidPaymentId"),
            Validation,
            EXIT_API,
        ),
        (
            "errors/documents-a12471c-InvalidPaymentId.published.txt",
            RECHARGE,
            400,
            None,
            Validation,
            EXIT_API,
        ),
        (
            "errors/documents-a12471c-BalanceInsufficient.json",
            RECHARGE,
            402,
            Some("BalanceInsufficient"),
            Payment,
            EXIT_API,
        ),
        // Not the API's JSON: nothing proves that the service refused the recharge rather than
        // something before it answering 402 (docs/errors.md, `Payment`), so its outcome is
        // unknown; the 400 text above is a refusal by its status alone.
        (
            "errors/documents-a12471c-BalanceInsufficient.published.txt",
            RECHARGE,
            402,
            None,
            Payment,
            EXIT_RECHARGE_UNKNOWN,
        ),
        (
            "errors/documents-d07a45f-ValidationError.json",
            RECHARGE,
            400,
            Some("ValidationError"),
            Validation,
            EXIT_API,
        ),
        (
            "errors/documents-0fea8d9-ValidationError.json",
            RECHARGE,
            400,
            Some("ValidationError"),
            Validation,
            EXIT_API,
        ),
        (
            "errors/documents-0fea8d9-ResourceNotFound.json",
            RECHARGE,
            404,
            Some("ResourceNotFound"),
            NotFound,
            EXIT_API,
        ),
        (
            "errors/documents-288c8f6-withdraw-ValidationError.json",
            WITHDRAW,
            400,
            Some("ValidationError"),
            Validation,
            EXIT_API,
        ),
        // A 403 `Forbidden`, but about the balance: the library's kind is `Payment`.
        (
            "errors/documents-288c8f6-withdraw-Forbidden.json",
            WITHDRAW,
            403,
            Some("Forbidden"),
            Payment,
            EXIT_API,
        ),
        (
            "errors/documents-b503c81-Forbidden.json",
            ALL,
            403,
            Some("Forbidden"),
            PermissionDenied,
            EXIT_AUTH,
        ),
    ]
};

/// The commits of `solapi/documents` that regenerated the 2019 cash pages (each gave new
/// ids, so each is a distinct body).
const REVISIONS_2019: [&str; 11] = [
    "4e5a362", "bbe1912", "8362539", "3df8acc", "3b227a0", "97b3593", "3e052e0", "61f0405",
    "cfcdf8c", "e678631", "ec153b3",
];

fn signing_file(code: &str) -> &'static str {
    match code {
        "InvalidAPIKey" => "errors/derived-InvalidAPIKey.json",
        "SignatureDoesNotMatch" => "errors/derived-SignatureDoesNotMatch.json",
        "RequestTimeTooSkewed" => "errors/derived-RequestTimeTooSkewed.json",
        _ => "errors/derived-DuplicatedSignature.json",
    }
}

/// What the library's rules make of a documented request body.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RequestExpect {
    /// The library's model accepts it and writes it back the same, leaf for leaf.
    Accepted,
    /// The library refuses it before sending, with a message holding this text.
    Refused(&'static str),
    /// `{}`: the library sends no body for it (the page's code samples send none either).
    Empty,
}

/// A documented request body ("Sample Request" of its page; `SOURCES.md` cites it).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct RequestSample {
    /// Path below `corpus/`.
    pub file: &'static str,
    /// The endpoint it is sent to.
    pub endpoint: Endpoint,
    /// What the library makes of it.
    pub expect: RequestExpect,
}

impl RequestSample {
    /// The file's text.
    ///
    /// # Panics
    /// If the file cannot be read (the corpus is part of the repository).
    pub fn text(&self) -> String {
        let path = corpus_dir().join(self.file);
        std::fs::read_to_string(&path)
            .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()))
    }
}

/// Every documented request body of the corpus (the operator's settings, issue 22).
pub fn requests() -> Vec<RequestSample> {
    use RequestExpect::{Accepted, Empty, Refused};
    vec![
        RequestSample {
            file: "settings/documents-c203145-setautorecharge.request.json",
            endpoint: Endpoint::SetAutoRecharge,
            expect: Accepted,
        },
        // The service's own test fixture: `"cardNumber": "test1"`.
        RequestSample {
            file: "settings/documents-c203145-createpayment.request.json",
            endpoint: Endpoint::AddPayment,
            expect: Refused("digits only"),
        },
        RequestSample {
            file: "settings/documents-c203145-deletepayment.request.json",
            endpoint: Endpoint::RemovePayment,
            expect: Accepted,
        },
        RequestSample {
            file: "toggle/documents-c203145-toggleautorecharge.request.json",
            endpoint: Endpoint::AutoRechargeToggle,
            expect: Empty,
        },
        RequestSample {
            file: "bank-account/documents-12c4310-createbankaccount.request.json",
            endpoint: Endpoint::AddBankAccount,
            expect: Accepted,
        },
        RequestSample {
            file: "bank-account/documents-12c4310-deletebankaccount.request.json",
            endpoint: Endpoint::RemoveBankAccount,
            expect: Empty,
        },
        RequestSample {
            file: "transfer/documents-12c4310-transfer.request.json",
            endpoint: Endpoint::Transfer,
            expect: Accepted,
        },
        RequestSample {
            file: "withdraw/documents-12c4310-createWithdraw.request.json",
            endpoint: Endpoint::Withdraw,
            expect: Accepted,
        },
    ]
}

/// The bodies whose expectation passes `keep`.
pub fn bodies_where(keep: impl Fn(&Expect) -> bool) -> Vec<Body> {
    bodies().into_iter().filter(|b| keep(&b.expect)).collect()
}

/// A documented error body, read: its file, what it must map to, its text and its
/// `errorMessage` as sent (`None` for a verbatim text that is not JSON).
#[derive(Debug, Clone)]
pub struct DocumentedError {
    /// The file.
    pub body: Body,
    /// What it must map to.
    pub expect: ErrorExpect,
    /// The text served.
    pub text: String,
    /// The message as sent, read from the raw text.
    pub message: Option<String>,
}

/// Every documented error of the corpus.
pub fn documented_errors() -> Vec<DocumentedError> {
    bodies()
        .into_iter()
        .filter_map(|body| {
            let Expect::Error(expect) = body.expect else {
                return None;
            };
            let text = body.text();
            let message = expect.code.and_then(|_| error_message(&text));
            Some(DocumentedError {
                body,
                expect,
                text,
                message,
            })
        })
        .collect()
}

/// The `errorMessage` of an error body, read from its raw text (`None` if the text is not
/// JSON or has no string message).
pub fn error_message(text: &str) -> Option<String> {
    leaves(text)
        .ok()?
        .into_iter()
        .find_map(|l| match (l.path.as_str(), l.value) {
            ("errorMessage", LeafValue::String(s)) => Some(s),
            _ => None,
        })
}

/// Fails with every failure listed, after `checked` checks of `what` (and fails if nothing was
/// checked: a corpus test that checks nothing proves nothing).
///
/// # Panics
/// When `failures` is not empty or `checked` is 0.
#[track_caller]
pub fn assert_no_failures(what: &str, checked: usize, failures: &[String]) {
    assert!(checked > 0, "no corpus file for: {what}");
    assert!(
        failures.is_empty(),
        "{what}: {} of {checked} checks failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// One scalar (or empty container) of a JSON document, at its path.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Leaf {
    /// `a.b[0].c`; `""` for the document itself.
    pub path: String,
    /// What is there.
    pub value: LeafValue,
}

/// The value of a [`Leaf`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum LeafValue {
    /// A number, as the exact text written.
    Number(String),
    /// A string, unescaped.
    String(String),
    /// `true` or `false`.
    Bool(bool),
    /// `null`.
    Null,
    /// `[]`.
    EmptyArray,
    /// `{}`.
    EmptyObject,
}

impl LeafValue {
    /// `null`, `[]` or `{}`: nothing a reader could lose.
    pub fn is_empty(&self) -> bool {
        matches!(
            self,
            LeafValue::Null | LeafValue::EmptyArray | LeafValue::EmptyObject
        )
    }
}

/// Every leaf of `json`, with numbers as their exact text (serde_json's `RawValue`, not its
/// float-based `Value`).
pub fn leaves(json: &str) -> Result<Vec<Leaf>, serde_json::Error> {
    let root: &RawValue = serde_json::from_str(json)?;
    let mut out = Vec::new();
    walk(root, String::new(), &mut out)?;
    Ok(out)
}

fn walk(raw: &RawValue, path: String, out: &mut Vec<Leaf>) -> Result<(), serde_json::Error> {
    let text = raw.get();
    let value = match text.as_bytes().first() {
        Some(b'{') => {
            let map: BTreeMap<String, &RawValue> = serde_json::from_str(text)?;
            if map.is_empty() {
                LeafValue::EmptyObject
            } else {
                for (key, value) in map {
                    let child = if path.is_empty() {
                        key
                    } else {
                        format!("{path}.{key}")
                    };
                    walk(value, child, out)?;
                }
                return Ok(());
            }
        }
        Some(b'[') => {
            let items: Vec<&RawValue> = serde_json::from_str(text)?;
            if items.is_empty() {
                LeafValue::EmptyArray
            } else {
                for (i, value) in items.into_iter().enumerate() {
                    walk(value, format!("{path}[{i}]"), out)?;
                }
                return Ok(());
            }
        }
        Some(b'"') => LeafValue::String(serde_json::from_str(text)?),
        Some(b't') => LeafValue::Bool(true),
        Some(b'f') => LeafValue::Bool(false),
        Some(b'n') => LeafValue::Null,
        _ => LeafValue::Number(text.to_owned()),
    };
    out.push(Leaf { path, value });
    Ok(())
}

/// `a[3].b[0]` → `a[].b[]`.
pub fn generic_path(path: &str) -> String {
    let mut out = String::with_capacity(path.len());
    let mut in_index = false;
    for c in path.chars() {
        match c {
            '[' => {
                in_index = true;
                out.push('[');
            }
            ']' => {
                in_index = false;
                out.push(']');
            }
            _ if in_index => {}
            c => out.push(c),
        }
    }
    out
}

/// The money values of an answer of `endpoint`: path and exact text of each money number.
pub fn money_values(
    endpoint: Endpoint,
    json: &str,
) -> Result<Vec<(String, String)>, serde_json::Error> {
    let money = endpoint.money_paths();
    Ok(leaves(json)?
        .into_iter()
        .filter_map(|leaf| match leaf.value {
            LeafValue::Number(text) if money.contains(&generic_path(&leaf.path).as_str()) => {
                Some((leaf.path, text))
            }
            _ => None,
        })
        .collect())
}

/// What `written` lost or changed of `sent`: every leaf of `sent` must be in `written` at the
/// same path with the same value (numbers with the same text), except that a `null`, `[]` or
/// `{}` may be left out; `written` may add only such empty values. One line per difference.
pub fn losses(sent: &str, written: &str) -> Result<Vec<String>, serde_json::Error> {
    let sent = leaves(sent)?;
    let written: BTreeMap<String, LeafValue> = leaves(written)?
        .into_iter()
        .map(|l| (l.path, l.value))
        .collect();
    let mut out = Vec::new();
    let mut seen = std::collections::BTreeSet::new();
    for leaf in &sent {
        seen.insert(leaf.path.as_str());
        match written.get(&leaf.path) {
            Some(value) if *value == leaf.value => {}
            Some(value) if leaf.value.is_empty() && value.is_empty() => {}
            None if leaf.value.is_empty() => {}
            Some(value) => out.push(format!(
                "`{}`: sent {:?}, written {:?}",
                leaf.path, leaf.value, value
            )),
            None => out.push(format!("`{}`: sent {:?}, lost", leaf.path, leaf.value)),
        }
    }
    for (path, value) in &written {
        // A container the sender wrote as a scalar (or the reverse) shows up here too.
        if !seen.contains(path.as_str()) && !value.is_empty() {
            out.push(format!("`{path}`: not sent, written {value:?}"));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn leaves_keep_number_text_and_paths() {
        let json =
            r#"{"a": 1.50, "b": [ -0, 1e-14, {"c": "x\u00e9"} ], "d": null, "e": [], "f": {}}"#;
        let got = leaves(json).unwrap();
        let num = |s: &str| LeafValue::Number(s.to_owned());
        assert_eq!(
            got,
            vec![
                Leaf {
                    path: "a".into(),
                    value: num("1.50")
                },
                Leaf {
                    path: "b[0]".into(),
                    value: num("-0")
                },
                Leaf {
                    path: "b[1]".into(),
                    value: num("1e-14")
                },
                Leaf {
                    path: "b[2].c".into(),
                    value: LeafValue::String("xé".into())
                },
                Leaf {
                    path: "d".into(),
                    value: LeafValue::Null
                },
                Leaf {
                    path: "e".into(),
                    value: LeafValue::EmptyArray
                },
                Leaf {
                    path: "f".into(),
                    value: LeafValue::EmptyObject
                },
            ]
        );
        assert_eq!(generic_path("x[12].y[0]"), "x[].y[]");
    }

    #[test]
    fn losses_see_changed_lost_and_invented_values() {
        let sent = r#"{"a": 1.50, "b": null, "c": {"d": true}}"#;
        assert!(
            losses(sent, r#"{"c": {"d": true}, "a": 1.50}"#)
                .unwrap()
                .is_empty()
        );
        let diff = losses(sent, r#"{"a": 1.5, "x": 0}"#).unwrap();
        assert_eq!(diff.len(), 3, "{diff:?}");
        assert!(diff[0].contains("`a`") && diff[1].contains("`c.d`") && diff[2].contains("`x`"));
    }

    #[test]
    fn money_values_pick_money_fields_only() {
        let json = r#"[{"oldBalance": 1e3, "memo": "5", "newPoint": 2}, {"balanceAmount": -0}]"#;
        assert_eq!(
            money_values(Endpoint::History, json).unwrap(),
            vec![
                ("[0].newPoint".to_owned(), "2".to_owned()),
                ("[0].oldBalance".to_owned(), "1e3".to_owned()),
                ("[1].balanceAmount".to_owned(), "-0".to_owned()),
            ]
        );
    }
}
