//! [`BankAccountInfo`]: the answer of `GET /cash/v1/bank/accounts`, the bank account the
//! account's earnings are withdrawn to. Its page (documents `api-reference/cash/
//! getbankaccount.md`) publishes only `{}`; the registration's answer (createbankaccount.md)
//! names `accountNumber`, `bankCode` and `holderName`, read here, every one lenient, anything
//! else kept. The account number is personal data: [`BankAccountInfo::masked_number`] is the
//! only form a program should show.

use crate::wire::model::wire_model;

wire_model! {
    /// The registered bank account, as sent (`{}`: none, or nothing published).
    pub struct BankAccountInfo (nulls = false) {
        /// The account number: personal data, masked by the service (`******7890`) or not.
        account_number: Option<String> = "accountNumber", lenient;
        /// The bank's code (`012`).
        bank_code: Option<String> = "bankCode", lenient;
        /// The account holder's name.
        holder_name: Option<String> = "holderName", lenient;
    }
}

impl BankAccountInfo {
    /// An empty answer (`{}`); set the public fields to fill it.
    pub fn new() -> BankAccountInfo {
        BankAccountInfo {
            account_number: None,
            bank_code: None,
            holder_name: None,
            extra: crate::wire::Extra::new(),
        }
    }

    /// The account number fit to show: as sent when the service masked it (it holds a `*`),
    /// else every character but the last four digits replaced by `*`.
    pub fn masked_number(&self) -> Option<String> {
        self.account_number.as_deref().map(mask_account_number)
    }
}

impl Default for BankAccountInfo {
    fn default() -> BankAccountInfo {
        BankAccountInfo::new()
    }
}

/// `number` fit to show: as it is when already masked (it holds a `*`), else only its last
/// four digits after as many `*` as the rest had characters (at least four). Nothing of the
/// number but those four digits is kept.
pub fn mask_account_number(number: &str) -> String {
    if number.contains('*') {
        return number.to_owned();
    }
    let digits: Vec<char> = number.chars().filter(char::is_ascii_digit).collect();
    let shown: String = digits[digits.len().saturating_sub(4)..].iter().collect();
    let hidden = number.chars().count().saturating_sub(shown.len()).max(4);
    format!("{}{shown}", "*".repeat(hidden))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_empty_answer_and_unknown_fields_decode() {
        let b: BankAccountInfo = serde_json::from_str("{}").unwrap();
        assert_eq!(b, BankAccountInfo::new());
        let b: BankAccountInfo =
            serde_json::from_str(r#"{"accountNumber":"******7890","bankCode":"012","x":1}"#)
                .unwrap();
        assert_eq!(b.masked_number().as_deref(), Some("******7890"));
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            r#"{"accountNumber":"******7890","bankCode":"012","x":1}"#
        );
    }

    #[test]
    fn an_unmasked_number_shows_only_its_last_four_digits() {
        assert_eq!(mask_account_number("1234567890"), "******7890");
        assert_eq!(mask_account_number("123-456-7890"), "********7890");
        assert_eq!(mask_account_number("12"), "****12");
        assert_eq!(mask_account_number(""), "****");
        assert_eq!(mask_account_number("**34"), "**34");
    }
}
