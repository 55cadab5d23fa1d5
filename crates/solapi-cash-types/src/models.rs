//! The request and response bodies of the Cash API, field for field as on the wire.
//!
//! Responses ignore fields they do not know and accept `null` or absence for every optional
//! field, so that the service can grow without breaking clients.

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::open_enums::{HistoryType, RechargeMethod, ServiceMethod};
use crate::timestamp::Timestamp;

/// One change of balance and/or point (`GET /cash/v1/balance/history` returns an array of
/// them, newest first).
///
/// In every entry `new = old + amount` holds for balance and for point.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct HistoryEntry {
    /// Signed change of the balance.
    pub balance_amount: Money,
    /// Signed change of the point.
    pub point_amount: Money,
    /// The message group that caused a deduction.
    #[serde(default)]
    pub group_id: Option<String>,
    /// A note, for manual changes.
    #[serde(default)]
    pub memo: Option<String>,
    /// How a recharge was paid.
    #[serde(default)]
    pub recharge_method: Option<RechargeMethod>,
    /// Which service used the money.
    #[serde(default)]
    pub service_method: Option<ServiceMethod>,
    /// Only ever seen as `null`.
    #[serde(default)]
    pub charged_method: Option<String>,
    /// Only ever seen as `null`.
    #[serde(default)]
    pub payment_method: Option<String>,
    /// The account the entry belongs to.
    pub account_id: String,
    /// Balance before the change.
    pub old_balance: Money,
    /// Balance after the change.
    pub new_balance: Money,
    /// Point before the change.
    pub old_point: Money,
    /// Point after the change.
    pub new_point: Money,
    /// The kind of change (`type` on the wire).
    #[serde(rename = "type")]
    pub kind: HistoryType,
    /// When the change happened.
    pub date_created: Timestamp,
    /// The entry's id: 24 hexadecimal characters.
    pub history_id: String,
}

/// The body of a recharge (`POST /cash/v1/balance`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RechargeRequest {
    /// The amount to charge to the card and add to the balance.
    pub amount: Money,
    /// The registered payment method (card) to charge. Not an idempotency key: the same id is
    /// used for every recharge from that card.
    pub payment_id: String,
}

impl RechargeRequest {
    /// A recharge of `amount` from the payment method `payment_id`.
    pub fn new(amount: impl Into<Money>, payment_id: impl Into<String>) -> RechargeRequest {
        RechargeRequest {
            amount: amount.into(),
            payment_id: payment_id.into(),
        }
    }
}

/// The answer to a successful recharge.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RechargeResponse {
    /// The account recharged.
    pub account_id: String,
    /// Balance before.
    pub old_balance: Money,
    /// Balance after.
    pub new_balance: Money,
    /// Point before.
    pub old_point: Money,
    /// Point after.
    pub new_point: Money,
    /// Change of the balance.
    pub balance_amount: Money,
    /// Change of the point.
    pub point_amount: Money,
    /// Always `RECHARGE` in practice.
    #[serde(rename = "type")]
    pub kind: HistoryType,
    /// The history entry this recharge wrote.
    pub history_id: String,
}

/// A recharge's history entry is its answer: the service answers with the entry it wrote.
impl From<HistoryEntry> for RechargeResponse {
    fn from(entry: HistoryEntry) -> RechargeResponse {
        RechargeResponse {
            account_id: entry.account_id,
            old_balance: entry.old_balance,
            new_balance: entry.new_balance,
            old_point: entry.old_point,
            new_point: entry.new_point,
            balance_amount: entry.balance_amount,
            point_amount: entry.point_amount,
            kind: entry.kind,
            history_id: entry.history_id,
        }
    }
}

/// The current balance (`GET /cash/v1/balance`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BalanceResponse {
    /// Cash balance.
    pub balance: Money,
    /// Point balance (spent before the cash balance).
    pub point: Money,
    /// The account.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub account_id: Option<String>,
    /// Auto-recharge threshold.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub minimum_cash: Option<Money>,
    /// Auto-recharge target.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recharge_to: Option<Money>,
    /// Auto-recharge attempts so far.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub recharge_try_count: Option<u32>,
    /// Whether auto-recharge is on.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub auto_recharge: Option<bool>,
    /// Deposit held.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub deposit: Option<Money>,
    /// Whether only the cash balance (not points) may be used.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub balance_only: Option<bool>,
    /// Low-balance notification settings.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub low_balance_alert: Option<LowBalanceAlert>,
}

/// Low-balance notification settings of an account.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LowBalanceAlert {
    /// The threshold, as a string (sic).
    #[serde(default)]
    pub notification_balance: Option<String>,
    /// The balance when last checked, as a string (sic).
    #[serde(default)]
    pub current_balance: Option<String>,
    /// Thresholds that trigger a notification.
    #[serde(default, deserialize_with = "null_as_default")]
    pub balances: Vec<Money>,
    /// Notification channels.
    #[serde(default, deserialize_with = "null_as_default")]
    pub channels: Vec<String>,
    /// Whether notifications are on.
    #[serde(default)]
    pub enabled: Option<bool>,
}

fn null_as_default<'de, D, T>(d: D) -> Result<T, D::Error>
where
    D: serde::Deserializer<'de>,
    T: Default + Deserialize<'de>,
{
    Ok(Option::<T>::deserialize(d)?.unwrap_or_default())
}

/// The body of every non-2xx answer: `{"errorCode": "...", "errorMessage": "..."}`, plus
/// whatever else the service adds (kept in [`ApiErrorBody::extra`]).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ApiErrorBody {
    /// A stable code such as `ValidationError` or `SignatureDoesNotMatch`.
    pub error_code: String,
    /// A human message, often in Korean.
    #[serde(default, deserialize_with = "null_as_default")]
    pub error_message: String,
    /// Present when the request needs a second factor.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub mfa: Option<MfaChallenge>,
    /// Any other keys, kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

impl ApiErrorBody {
    /// An error body with a code and a message.
    pub fn new(error_code: impl Into<String>, error_message: impl Into<String>) -> ApiErrorBody {
        ApiErrorBody {
            error_code: error_code.into(),
            error_message: error_message.into(),
            mfa: None,
            extra: serde_json::Map::new(),
        }
    }
}

/// The second-factor challenge carried by an error body: the code was sent by email and the
/// request must be repeated with [`MfaData`].
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaChallenge {
    /// Identifies the challenge in the second step.
    pub transaction_id: String,
}

/// The `x-mfa-data` header of the second step of a second-factor request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct MfaData {
    /// `EMAIL` for recharges.
    pub auth_type: String,
    /// From [`MfaChallenge::transaction_id`].
    pub transaction_id: String,
    /// The code the user received.
    pub token: String,
}

impl MfaData {
    /// The name of the header that carries it.
    pub const HEADER: &'static str = "x-mfa-data";

    /// The answer to an email challenge.
    pub fn email(transaction_id: impl Into<String>, code: impl Into<String>) -> MfaData {
        MfaData {
            auth_type: "EMAIL".to_owned(),
            transaction_id: transaction_id.into(),
            token: code.into(),
        }
    }

    /// The header value: compact JSON.
    pub fn to_header_value(&self) -> String {
        // Serializing three strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a header value (server side).
    pub fn from_header_value(value: &str) -> Result<MfaData, serde_json::Error> {
        serde_json::from_str(value)
    }
}

impl std::fmt::Debug for MfaData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The code is a short-lived secret.
        f.debug_struct("MfaData")
            .field("auth_type", &self.auth_type)
            .field("transaction_id", &self.transaction_id)
            .field("token", &"** redacted **")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SEED_ENTRY: &str = r#"{
        "balanceAmount": 100, "pointAmount": -100, "groupId": null, "memo": null,
        "rechargeMethod": null, "serviceMethod": null, "chargedMethod": null, "paymentMethod": null,
        "accountId": "19041920726336", "oldBalance": 0, "newBalance": 100, "oldPoint": 300,
        "newPoint": 200, "type": "MANUAL", "dateCreated": "2018-04-01T09:00:00.000Z",
        "historyId": "5db728d9aa83954519463aec"
    }"#;

    #[test]
    fn seed_history_entry_decodes_and_round_trips() {
        let e: HistoryEntry = serde_json::from_str(SEED_ENTRY).unwrap();
        assert_eq!(e.kind, HistoryType::Manual);
        assert_eq!(e.balance_amount, Money::from_i64(100));
        assert_eq!(e.point_amount, Money::from_i64(-100));
        assert_eq!(e.date_created.as_str(), "2018-04-01T09:00:00.000Z");
        let again: HistoryEntry =
            serde_json::from_str(&serde_json::to_string(&e).unwrap()).unwrap();
        assert_eq!(again, e);
        let a: serde_json::Value = serde_json::from_str(SEED_ENTRY).unwrap();
        let b = serde_json::to_value(&e).unwrap();
        assert_eq!(a, b, "every field is written back under its wire name");
    }

    #[test]
    fn optional_fields_may_be_missing_and_unknown_fields_are_ignored() {
        let body = r#"{"balanceAmount": 10130.5, "pointAmount": 0, "accountId": "a",
            "oldBalance": 0, "newBalance": 10130.5, "oldPoint": 0, "newPoint": 0,
            "type": "REFUND", "dateCreated": "2024-01-01T00:00:00Z", "historyId": "x",
            "somethingNew": {"nested": [1, 2]}}"#;
        let e: HistoryEntry = serde_json::from_str(body).unwrap();
        assert_eq!(e.kind, HistoryType::Other("REFUND".into()));
        assert_eq!(e.new_balance.to_string(), "10130.5");
        assert_eq!(e.group_id, None);
    }

    #[test]
    fn seed_recharge_response_decodes() {
        let body = r#"{"accountId": "19041920726336", "oldBalance": 10130, "newBalance": 20130,
            "oldPoint": 0, "newPoint": 0, "balanceAmount": 10000, "pointAmount": 0,
            "type": "RECHARGE", "historyId": "5d491966384bbe6e51a2ceb6"}"#;
        let r: RechargeResponse = serde_json::from_str(body).unwrap();
        assert_eq!(r.new_balance, Money::from_i64(20130));
        assert_eq!(r.kind, HistoryType::Recharge);
        let req = RechargeRequest::new(10000, "1407974467827303801565071718686");
        assert_eq!(
            serde_json::to_string(&req).unwrap(),
            r#"{"amount":10000,"paymentId":"1407974467827303801565071718686"}"#
        );
    }

    #[test]
    fn balance_accepts_nulls_and_partial_alerts() {
        let body = r#"{"balance": 1000.5, "point": 0, "accountId": null, "minimumCash": null,
            "lowBalanceAlert": {"notificationBalance": "1000", "currentBalance": null,
            "balances": null, "channels": ["EMAIL"], "enabled": true}}"#;
        let b: BalanceResponse = serde_json::from_str(body).unwrap();
        assert_eq!(b.balance.to_string(), "1000.5");
        let alert = b.low_balance_alert.unwrap();
        assert_eq!(alert.current_balance, None);
        assert!(alert.balances.is_empty());
        assert_eq!(alert.channels, vec!["EMAIL"]);
    }

    #[test]
    fn error_body_keeps_unknown_keys_and_the_mfa_challenge() {
        let body = r#"{"errorCode": "MFARequired", "errorMessage": "2차 인증이 필요합니다.",
            "mfa": {"transactionId": "abc"}, "requestId": "r-1"}"#;
        let e: ApiErrorBody = serde_json::from_str(body).unwrap();
        assert_eq!(e.mfa.unwrap().transaction_id, "abc");
        assert_eq!(e.extra["requestId"], "r-1");
        let e: ApiErrorBody =
            serde_json::from_str(r#"{"errorCode": "X", "errorMessage": null}"#).unwrap();
        assert_eq!(e.error_message, "");
    }

    #[test]
    fn mfa_header_round_trips_and_hides_the_code() {
        let d = MfaData::email("tx1", "123456");
        assert_eq!(
            d.to_header_value(),
            r#"{"authType":"EMAIL","transactionId":"tx1","token":"123456"}"#
        );
        assert_eq!(MfaData::from_header_value(&d.to_header_value()).unwrap(), d);
        assert!(!format!("{d:?}").contains("123456"));
    }
}
