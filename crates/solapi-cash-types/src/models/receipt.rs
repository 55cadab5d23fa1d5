//! [`ReceiptInfo`]: the answer to `GET /cash/v1/receipt?historyId=` (the statement of a recharge),
//! and [`check_history_id`], the rule for the id asked for.
//!
//! The documents publish only the sample `{}` (getreceipt.md), so every field is lenient: any
//! JSON object decodes, the fields named below are a typed view of what a receipt is expected
//! to hold (the recharge's history entry; the names are the history's, inferred, not
//! published), and everything else is kept as sent in `extra`.

use crate::wire::model::wire_model;
use crate::{HistoryType, Money, RechargeMethod, Timestamp};

/// The longest history id sent (the service's ids are 24 hex digits; longer is a mistake).
pub const MAX_HISTORY_ID_LEN: usize = 64;

/// The rule for the `historyId` of a receipt, before anything is sent (the emulator applies it
/// too): not empty, at most [`MAX_HISTORY_ID_LEN`] characters, letters and digits only (a
/// history id is 24 hex digits; anything else cannot name an entry).
pub fn check_history_id(history_id: &str) -> Result<(), String> {
    if history_id.is_empty() {
        return Err("the history id is empty".to_owned());
    }
    if history_id.len() > MAX_HISTORY_ID_LEN {
        return Err(format!(
            "the history id is longer than {MAX_HISTORY_ID_LEN} characters"
        ));
    }
    if !history_id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Err("the history id may hold only letters and digits".to_owned());
    }
    Ok(())
}

wire_model! {
    /// The answer to `GET /cash/v1/receipt`: whatever object the service sends. The published
    /// sample is `{}`; the fields below are the recharge's entry as the emulator sends it
    /// (inferred), each lenient; the rest is in `extra`, written back as sent.
    pub struct ReceiptInfo (nulls = false) {
        /// The history entry this is the statement of.
        history_id: Option<String> = "historyId", lenient;
        /// The account.
        account_id: Option<String> = "accountId", lenient;
        /// The entry's type (`RECHARGE`).
        kind: Option<HistoryType> = "type", lenient;
        /// How the recharge was paid.
        recharge_method: Option<RechargeMethod> = "rechargeMethod", lenient;
        /// The amount recharged.
        balance_amount: Option<Money> = "balanceAmount", lenient;
        /// When the recharge was made.
        date_created: Option<Timestamp> = "dateCreated", lenient;
    }
}

impl ReceiptInfo {
    /// An empty receipt (the documented sample `{}`); set the public fields to fill it.
    pub fn new() -> ReceiptInfo {
        ReceiptInfo {
            history_id: None,
            account_id: None,
            kind: None,
            recharge_method: None,
            balance_amount: None,
            date_created: None,
            extra: crate::wire::Extra::new(),
        }
    }
}

impl Default for ReceiptInfo {
    fn default() -> ReceiptInfo {
        ReceiptInfo::new()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_documented_sample_decodes_and_unknown_fields_are_kept() {
        let empty: ReceiptInfo = serde_json::from_str("{}").unwrap();
        assert_eq!(empty, ReceiptInfo::new());
        let text = r#"{"historyId":"5db728daaa83954519463af8","balanceAmount":"x","supplier":{"name":"N"}}"#;
        let receipt: ReceiptInfo = serde_json::from_str(text).unwrap();
        assert_eq!(
            receipt.history_id.as_deref(),
            Some("5db728daaa83954519463af8")
        );
        assert_eq!(receipt.balance_amount, None);
        let again = serde_json::to_value(&receipt).unwrap();
        assert_eq!(
            again,
            serde_json::from_str::<serde_json::Value>(text).unwrap()
        );
    }

    #[test]
    fn history_ids_are_checked() {
        assert!(check_history_id("5db728daaa83954519463af8").is_ok());
        assert!(check_history_id("").is_err());
        assert!(check_history_id("a&b").is_err());
        assert!(check_history_id(&"a".repeat(65)).is_err());
    }
}
