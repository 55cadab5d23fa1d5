//! Accounts: the public description of one ([`AccountSpec`], [`AccountInfo`]) and the
//! stored form ([`Account`]).

use std::sync::RwLock;

use serde::{Deserialize, Serialize};
use solapi_cash_types::Money;

use crate::ledger::Ledger;
use crate::state::payment_methods::PaymentMethodInfo;

/// Whether an account may use the API. An `Inactive` account gets 403 `Forbidden` on
/// every endpoint.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
#[serde(rename_all = "UPPERCASE")]
pub enum AccountStatus {
    /// `ACTIVE`: normal use.
    #[default]
    Active,
    /// `INACTIVE`: suspended; every request is refused.
    Inactive,
}

/// What to create with [`Admin::create_account`](crate::Admin::create_account).
///
/// ```
/// use solapi_cash_emulator::AccountSpec;
/// use solapi_cash_types::Money;
///
/// let spec = AccountSpec::new().balance(Money::from_i64(10_000)).mfa(false);
/// assert_eq!(spec.balance, Money::from_i64(10_000));
/// ```
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct AccountSpec {
    /// The account id; `None` picks the next free 14-digit id.
    pub account_id: Option<String>,
    /// Starting balance (a `SET` entry records it when not zero).
    pub balance: Money,
    /// Starting point.
    pub point: Money,
    /// Starting status.
    pub status: AccountStatus,
    /// Whether recharges need the second factor; `None` follows the emulator's setting.
    pub mfa: Option<bool>,
}

impl Default for AccountSpec {
    fn default() -> Self {
        Self {
            account_id: None,
            balance: Money::ZERO,
            point: Money::ZERO,
            status: AccountStatus::Active,
            mfa: None,
        }
    }
}

impl AccountSpec {
    /// An active account with nothing on it.
    pub fn new() -> Self {
        Self::default()
    }

    /// Sets the account id.
    #[must_use]
    pub fn account_id(mut self, id: impl Into<String>) -> Self {
        self.account_id = Some(id.into());
        self
    }

    /// Sets the starting balance.
    #[must_use]
    pub fn balance(mut self, balance: Money) -> Self {
        self.balance = balance;
        self
    }

    /// Sets the starting point.
    #[must_use]
    pub fn point(mut self, point: Money) -> Self {
        self.point = point;
        self
    }

    /// Sets the status.
    #[must_use]
    pub fn status(mut self, status: AccountStatus) -> Self {
        self.status = status;
        self
    }

    /// Turns the second factor on or off for this account.
    #[must_use]
    pub fn mfa(mut self, on: bool) -> Self {
        self.mfa = Some(on);
        self
    }
}

/// A snapshot of one account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AccountInfo {
    /// The account id.
    pub account_id: String,
    /// Current balance.
    pub balance: Money,
    /// Current point.
    pub point: Money,
    /// Current status.
    pub status: AccountStatus,
    /// Whether recharges and the other second-factor writes currently need the code.
    pub mfa: bool,
    /// Number of history entries.
    pub history_len: usize,
    /// Registered payment methods.
    pub payment_methods: Vec<PaymentMethodInfo>,
}

/// An account as stored: its id and everything that changes, behind one lock so that a
/// recharge reads and writes the ledger atomically.
#[derive(Debug)]
pub(crate) struct Account {
    pub(crate) id: String,
    pub(crate) data: RwLock<AccountData>,
}

#[derive(Debug)]
pub(crate) struct AccountData {
    pub(crate) status: AccountStatus,
    /// `None`: follow the emulator-wide setting.
    pub(crate) mfa: Option<bool>,
    pub(crate) payment_methods: Vec<PaymentMethodInfo>,
    /// The low-balance alert and auto-recharge.
    pub(crate) settings: crate::state::settings::OperatorSettings,
    /// The account's withdrawals, oldest first, as `GET /cash/v1/withdraw` answers them (the
    /// bank account's number masked: it is never kept whole).
    pub(crate) withdrawals: Vec<solapi_cash_types::models::Withdrawal>,
    /// The registered bank account, its number kept only masked (`******7890`).
    pub(crate) bank_account: Option<solapi_cash_types::models::BankAccountInfo>,
    pub(crate) ledger: Ledger,
}

impl AccountData {
    pub(crate) fn info(&self, account_id: &str, default_mfa: bool) -> AccountInfo {
        AccountInfo {
            account_id: account_id.to_owned(),
            balance: self.ledger.balance(),
            point: self.ledger.point(),
            status: self.status,
            mfa: self.mfa.unwrap_or(default_mfa),
            history_len: self.ledger.len(),
            payment_methods: self.payment_methods.clone(),
        }
    }
}
