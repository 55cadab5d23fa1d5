//! [`BankAccountInfo`]: the answer of `GET /cash/v1/bank/accounts`, the bank account the
//! account's earnings are withdrawn to. Its page (documents `api-reference/cash/
//! getbankaccount.md`) publishes only `{}`; the registration's answer (createbankaccount.md)
//! names `accountNumber`, `bankCode` and `holderName`, read here, every one lenient, anything
//! else kept. The account number is personal data: [`BankAccountInfo::masked_number`] is the
//! only form a program should show, and `Debug` shows only that.
//!
//! Registering one (`POST /cash/v1/bank/accounts`, [`NewBankAccount`], answered by
//! [`BankAccountRegistered`]) and removing it (`DELETE /cash/v1/bank/accounts`, answered by
//! [`BankAccountRemoved`]): see [`NewBankAccount`](super::NewBankAccount) for the rules and what the
//! documented `authenticationCode` and `transactionId` are taken to be.

use std::fmt;

use crate::wire::model::wire_model;

wire_model! {
    /// The registered bank account, as sent (`{}`: none, or nothing published). `Debug` shows
    /// the number masked.
    pub struct BankAccountInfo (nulls = false, debug = manual) {
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

impl fmt::Debug for BankAccountInfo {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankAccountInfo")
            .field("account_number", &self.masked_number())
            .field("bank_code", &self.bank_code)
            .field("holder_name", &self.holder_name)
            .field("extra", &self.extra)
            .finish()
    }
}

wire_model! {
    /// The answer of `POST /cash/v1/bank/accounts` (createbankaccount.md:
    /// `{accountNumber, bankCode, holderName, success: true}`; the sample echoes the number
    /// whole). `Debug` shows the number masked; show it only through `masked_number`.
    pub struct BankAccountRegistered (nulls = false, debug = manual) {
        /// The account number as sent: personal data (the sample echoes it unmasked).
        account_number: Option<String> = "accountNumber", lenient;
        /// The bank's code.
        bank_code: Option<String> = "bankCode", lenient;
        /// The account holder's name.
        holder_name: Option<String> = "holderName", lenient;
        /// `true` on success (the sample).
        success: Option<bool> = "success", lenient;
    }
}

impl BankAccountRegistered {
    /// An answer for `account` (a server's: the number masked, `success: true`).
    pub fn new(account: &BankAccountInfo) -> BankAccountRegistered {
        BankAccountRegistered {
            account_number: account.masked_number(),
            bank_code: account.bank_code.clone(),
            holder_name: account.holder_name.clone(),
            success: Some(true),
            extra: crate::wire::Extra::new(),
        }
    }

    /// The account number fit to show ([`mask_account_number`]).
    pub fn masked_number(&self) -> Option<String> {
        self.account_number.as_deref().map(mask_account_number)
    }
}

impl fmt::Debug for BankAccountRegistered {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("BankAccountRegistered")
            .field("account_number", &self.masked_number())
            .field("bank_code", &self.bank_code)
            .field("holder_name", &self.holder_name)
            .field("success", &self.success)
            .field("extra", &self.extra)
            .finish()
    }
}

wire_model! {
    /// The answer of `DELETE /cash/v1/bank/accounts` (deletebankaccount.md: `{"n": 1}`, how
    /// many were removed; `0` when none was registered is *inferred*).
    pub struct BankAccountRemoved (nulls = false) {
        /// How many bank accounts were removed.
        n: Option<u64> = "n", lenient;
    }
}

impl BankAccountRemoved {
    /// The answer `{"n": n}`.
    pub fn new(n: u64) -> BankAccountRemoved {
        BankAccountRemoved {
            n: Some(n),
            extra: crate::wire::Extra::new(),
        }
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
    fn debug_shows_the_number_masked() {
        let b: BankAccountInfo =
            serde_json::from_str(r#"{"accountNumber":"0235235235235235","bankCode":"01"}"#)
                .unwrap();
        let shown = format!("{b:?}");
        assert!(!shown.contains("0235235235235235"), "{shown}");
        assert!(shown.contains("5235"), "{shown}");
        let r: BankAccountRegistered = serde_json::from_str(
            r#"{"accountNumber":"0235235235235235","bankCode":"01","holderName":"예금주","success":true}"#,
        )
        .unwrap();
        let shown = format!("{r:?}");
        assert!(!shown.contains("0235235235235235"), "{shown}");
        assert_eq!(r.success, Some(true));
        let n: BankAccountRemoved = serde_json::from_str(r#"{"n": 1}"#).unwrap();
        assert_eq!(n, BankAccountRemoved::new(1));
    }

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
