//! The JSON form of a state file, read and written by serde. The shape is documented in
//! docs/emulator.md ("State files"); unknown fields are refused so that a typo is an error,
//! not a silently ignored setting.

use serde::{Deserialize, Serialize};
use solapi_cash_types::{HistoryType, Money, RechargeMethod, ServiceMethod};

use crate::state::accounts::AccountStatus;
use crate::state::credentials::{Role, SCOPE_CASH_READ, SCOPE_CASH_WRITE};
use crate::state::settings::OperatorSettings;

/// The version this emulator writes and reads.
pub(crate) const VERSION: u32 = 1;

/// The whole file. `E` is the entries' container: a `Vec` when reading, a lazy sequence
/// when writing (so that a large ledger is never copied to be saved).
#[derive(Debug, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    bound(deserialize = "E: Deserialize<'de> + Default")
)]
pub(crate) struct FileDoc<E> {
    #[serde(default = "version")]
    pub(crate) version: u32,
    /// The rate limit: `"off"` or `{"reads", "writes", "seconds"}`; absent: the emulator's
    /// setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) rate_limit: Option<RateLimitDoc>,
    /// `"observed"` or `"documented"`; absent: the emulator's setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) auth_errors: Option<crate::AuthErrors>,
    #[serde(default = "Vec::new")]
    pub(crate) accounts: Vec<AccountDoc<E>>,
}

/// `rateLimit` in a state file.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub(crate) enum RateLimitDoc {
    /// `"off"`.
    Off(Off),
    /// The limit.
    On(crate::RateLimit),
}

/// The one word `"off"`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub(crate) enum Off {
    Off,
}

impl RateLimitDoc {
    pub(crate) fn limit(self) -> Option<crate::RateLimit> {
        match self {
            RateLimitDoc::Off(_) => None,
            RateLimitDoc::On(limit) => Some(limit),
        }
    }

    pub(crate) fn of(limit: Option<crate::RateLimit>) -> RateLimitDoc {
        limit.map_or(RateLimitDoc::Off(Off::Off), RateLimitDoc::On)
    }
}

fn version() -> u32 {
    VERSION
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    bound(deserialize = "E: Deserialize<'de> + Default")
)]
pub(crate) struct AccountDoc<E> {
    pub(crate) account_id: String,
    #[serde(default)]
    pub(crate) status: AccountStatus,
    /// `None`: follow the emulator's setting.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) mfa: Option<bool>,
    /// Without entries: the starting balance (written as a `SET` entry). With entries: must
    /// equal the balance after the last one (saved files carry it for the reader).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) balance: Option<Money>,
    /// Like `balance`, for the point.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) point: Option<Money>,
    #[serde(default)]
    pub(crate) api_keys: Vec<KeyDoc>,
    #[serde(default)]
    pub(crate) tokens: Vec<TokenDoc>,
    #[serde(default)]
    pub(crate) payment_methods: Vec<CardDoc>,
    /// The low-balance alert and auto-recharge; left out when they are the defaults.
    #[serde(default, skip_serializing_if = "OperatorSettings::is_default")]
    pub(crate) settings: OperatorSettings,
    /// The withdrawals as the API answers them, oldest first (the bank account's number only
    /// masked); left out when there are none.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub(crate) withdrawals: Vec<solapi_cash_types::models::Withdrawal>,
    /// The registered bank account, its number only masked; left out when there is none.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) bank_account: Option<solapi_cash_types::models::BankAccountInfo>,
    /// Oldest first, as stored (the reverse of the API's pages).
    #[serde(default = "Default::default")]
    pub(crate) entries: E,
}

fn cash_scopes() -> Vec<String> {
    vec![SCOPE_CASH_READ.to_owned(), SCOPE_CASH_WRITE.to_owned()]
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct KeyDoc {
    pub(crate) api_key: String,
    pub(crate) api_secret: String,
    #[serde(default = "cash_scopes")]
    pub(crate) scopes: Vec<String>,
    #[serde(default)]
    pub(crate) role: Role,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct TokenDoc {
    pub(crate) access_token: String,
    #[serde(default = "cash_scopes")]
    pub(crate) scopes: Vec<String>,
    #[serde(default)]
    pub(crate) role: Role,
    /// RFC 3339; `None`: 24 hours after the emulator starts.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) expires_at: Option<String>,
}

#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct CardDoc {
    pub(crate) payment_id: String,
    #[serde(default)]
    pub(crate) decline: bool,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) description: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) exp_date: Option<String>,
    #[serde(default)]
    pub(crate) auto_recharge: u32,
    /// RFC 3339; `None`: when the emulator starts (and `dateUpdated` likewise).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date_created: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) date_updated: Option<String>,
}

/// A history entry in the API's own form (a page of `GET /cash/v1/balance/history` pasted
/// in, oldest first, loads), with only `type` and `dateCreated` required.
#[derive(Debug, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub(crate) struct EntryDoc {
    #[serde(rename = "type")]
    pub(crate) kind: HistoryType,
    #[serde(default = "zero")]
    pub(crate) balance_amount: Money,
    #[serde(default = "zero")]
    pub(crate) point_amount: Money,
    /// RFC 3339, millisecond precision at most; never before the previous entry's.
    pub(crate) date_created: String,
    /// 24 lowercase hex digits, unique in the file; `None`: a new one.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) history_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) group_id: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) memo: Option<String>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) recharge_method: Option<RechargeMethod>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) service_method: Option<ServiceMethod>,
    /// The values before and after; when given, they must be what the previous entries and
    /// the amounts make them.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) old_balance: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) new_balance: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) old_point: Option<Money>,
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub(crate) new_point: Option<Money>,
    /// Accepted so that an API page loads; must be the account's own id when given.
    #[serde(default, skip_serializing)]
    pub(crate) account_id: Option<String>,
    /// Accepted (the API sends them) and must be null: the emulator keeps them null.
    #[serde(default, skip_serializing)]
    pub(crate) charged_method: Option<serde_json::Value>,
    #[serde(default, skip_serializing)]
    pub(crate) payment_method: Option<serde_json::Value>,
}

fn zero() -> Money {
    Money::ZERO
}

#[cfg(test)]
mod tests {
    use solapi_cash_types::HistoryEntry;

    use super::*;

    /// A state file's entry is the API's entry: it reads every key of the model (and refuses
    /// others), and writes none the model lacks — the keys are the model's, not a copy.
    #[test]
    fn entries_use_the_models_keys() {
        let entry = HistoryEntry::builder(
            "5d491966384bbe6e51a2ceb6",
            "A1",
            HistoryType::Recharge,
            time::macros::datetime!(2019-08-06 06:16:06 UTC),
        )
        .build();
        let text = serde_json::to_string(&entry).unwrap();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        assert_eq!(
            value
                .as_object()
                .unwrap()
                .keys()
                .collect::<std::collections::BTreeSet<_>>(),
            HistoryEntry::KEYS
                .iter()
                .map(|k| (*k).to_owned())
                .collect::<Vec<_>>()
                .iter()
                .collect()
        );
        let doc: EntryDoc = serde_json::from_str(&text).unwrap();
        let written = serde_json::to_value(&doc).unwrap();
        for key in written.as_object().unwrap().keys() {
            assert!(HistoryEntry::KEYS.contains(&key.as_str()), "{key}");
        }
        assert!(
            serde_json::from_str::<EntryDoc>(
                r#"{"type":"SET","dateCreated":"2019-08-06T06:16:06Z","extra":1}"#
            )
            .is_err()
        );
    }
}
