//! [`NewBankAccount`]: the body of `POST /cash/v1/bank/accounts` (createbankaccount.md:
//! `{accountNumber, authenticationCode, bankCode, holderName, transactionId}`), checked when
//! made, with the rules the emulator enforces too.
//!
//! The account number is personal data: [`BankAccountNumber`] shows only its last four digits
//! in `Debug` and `Display`, has no `Serialize` of its own (only the body writes it) and no
//! error message repeats it.
//!
//! What the page says and what is *inferred*:
//! - `accountNumber` is typed `number` but the sample sends the string `"0235235235235235"`
//!   (a leading zero a number would lose): it is sent as a string of digits. The rules (6 to
//!   20 digits once spaces and dashes are removed) are *inferred*: Korean account numbers are
//!   10 to 14 digits, the bounds leave room.
//! - `bankCode` is a string (`"01"` in the sample; the Korean banks' codes are three digits,
//!   `004`, `088`): two or three digits (*inferred*).
//! - `holderName` (예금주): the holder's name, 1 to 50 characters without control characters
//!   (*inferred* bound).
//! - `authenticationCode` (인증번호) and `transactionId` (트렌잭션 ID) are optional and absent
//!   from the sample. The older version of the page (`createBankAccount.md`, commit 3b227a0)
//!   marks the registration as needing the email OTP; the pair has the shape of that second
//!   factor (a transaction id and the code sent by email), as `x-mfa-data`'s
//!   `{transactionId, token}` carries it: *inferred*. So the body carries them only when the
//!   request answers a second-factor challenge ([`NewBankAccount::with_second_factor`]),
//!   besides the header every second-factor request carries.

use std::fmt;

use serde::{Serialize, Serializer};

use super::{MfaData, SettingsError, mask_account_number};

/// The fewest digits an account number may have (*inferred*).
pub const MIN_ACCOUNT_DIGITS: usize = 6;
/// The most digits an account number may have (*inferred*).
pub const MAX_ACCOUNT_DIGITS: usize = 20;
/// The longest holder's name accepted (*inferred*).
pub const MAX_HOLDER_NAME: usize = 50;

/// A bank account number, checked: digits only once spaces and dashes are removed,
/// [`MIN_ACCOUNT_DIGITS`] to [`MAX_ACCOUNT_DIGITS`] of them. Personal data: `Debug` and
/// `Display` show only the last four digits.
///
/// ```
/// use solapi_cash_types::models::BankAccountNumber;
///
/// let number = BankAccountNumber::parse("110-234-567890")?;
/// assert_eq!(number.to_string(), "********7890");
/// assert_eq!(format!("{number:?}"), "BankAccountNumber(********7890)");
/// assert!(BankAccountNumber::parse("12345").is_err());
/// let error = BankAccountNumber::parse("110-234-56789O").unwrap_err().to_string();
/// assert!(!error.contains("56789"), "{error}");
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BankAccountNumber {
    digits: String,
}

impl BankAccountNumber {
    /// Reads a number as a person types it; the error never repeats it.
    pub fn parse(text: &str) -> Result<BankAccountNumber, SettingsError> {
        let digits = super::card::typed_digits(text, "bank account number")?;
        if !(MIN_ACCOUNT_DIGITS..=MAX_ACCOUNT_DIGITS).contains(&digits.len()) {
            return Err(SettingsError::new(format!(
                "a bank account number has {MIN_ACCOUNT_DIGITS} to {MAX_ACCOUNT_DIGITS} digits, \
                 not {}",
                digits.len()
            )));
        }
        Ok(BankAccountNumber { digits })
    }

    /// The number fit to show: `*` for every digit but the last four.
    pub fn masked(&self) -> String {
        mask_account_number(&self.digits)
    }

    /// The digits, for the request body only.
    fn expose(&self) -> &str {
        &self.digits
    }
}

impl fmt::Debug for BankAccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BankAccountNumber({})", self.masked())
    }
}

impl fmt::Display for BankAccountNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.masked())
    }
}

/// The body of `POST /cash/v1/bank/accounts`: the bank account withdrawals go to, checked when
/// made. `Debug` shows the number masked and nothing of the code; its `Serialize` is the
/// request body (`{accountNumber, bankCode, holderName}`, and `transactionId` and
/// `authenticationCode` when it answers a challenge), the only place the number is written
/// whole.
///
/// ```
/// use solapi_cash_types::models::{BankAccountNumber, MfaData, NewBankAccount};
///
/// let account = NewBankAccount::new(BankAccountNumber::parse("0235235235235235")?, "01", "예금주")?;
/// assert_eq!(
///     serde_json::to_string(&account).unwrap(),
///     r#"{"accountNumber":"0235235235235235","bankCode":"01","holderName":"예금주"}"#
/// );
/// let answered = account.with_second_factor(&MfaData::email("tx1", "123456"));
/// assert!(serde_json::to_string(&answered).unwrap().ends_with(
///     r#""transactionId":"tx1","authenticationCode":"123456"}"#
/// ));
/// let shown = format!("{answered:?}");
/// assert!(!shown.contains("0235235235235235") && !shown.contains("123456"), "{shown}");
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct NewBankAccount {
    number: BankAccountNumber,
    bank_code: String,
    holder_name: String,
    second_factor: Option<MfaData>,
}

impl NewBankAccount {
    /// The account `number` at the bank `bank_code` (two or three digits) held by
    /// `holder_name`.
    pub fn new(
        number: BankAccountNumber,
        bank_code: &str,
        holder_name: &str,
    ) -> Result<NewBankAccount, SettingsError> {
        let (bank_code, holder_name) = NewBankAccount::check_details(bank_code, holder_name)?;
        let digits: String = holder_name.chars().filter(char::is_ascii_digit).collect();
        if digits.contains(number.expose()) {
            return Err(SettingsError::new(
                "the holder's name must not hold the account number",
            ));
        }
        Ok(NewBankAccount {
            number,
            bank_code: bank_code.to_owned(),
            holder_name: holder_name.to_owned(),
            second_factor: None,
        })
    }

    /// Checks the bank code (two or three digits) and the holder's name (1 to
    /// [`MAX_HOLDER_NAME`] characters, no control characters) alone, before the number is
    /// asked for; answers both trimmed.
    pub fn check_details<'a>(
        bank_code: &'a str,
        holder_name: &'a str,
    ) -> Result<(&'a str, &'a str), SettingsError> {
        let bank_code = bank_code.trim();
        if !(2..=3).contains(&bank_code.len()) || !bank_code.bytes().all(|b| b.is_ascii_digit()) {
            return Err(SettingsError::new(
                "a bank code is two or three digits (004, 088, ...)",
            ));
        }
        let holder_name = holder_name.trim();
        if holder_name.is_empty()
            || holder_name.chars().count() > MAX_HOLDER_NAME
            || holder_name.chars().any(char::is_control)
        {
            return Err(SettingsError::new(format!(
                "the holder's name is 1 to {MAX_HOLDER_NAME} characters, without control \
                 characters"
            )));
        }
        Ok((bank_code, holder_name))
    }

    /// The rules for a body as the service reads it (`accountNumber`, `bankCode`,
    /// `holderName`): for a server.
    pub fn from_fields(
        account_number: &str,
        bank_code: &str,
        holder_name: &str,
    ) -> Result<NewBankAccount, SettingsError> {
        NewBankAccount::new(
            BankAccountNumber::parse(account_number)?,
            bank_code,
            holder_name,
        )
    }

    /// The same registration answering a second-factor challenge: the body carries the
    /// challenge's `transactionId` and the code as `authenticationCode` (*inferred*: see the
    /// module's documentation).
    pub fn with_second_factor(&self, mfa: &MfaData) -> NewBankAccount {
        NewBankAccount {
            second_factor: Some(mfa.clone()),
            ..self.clone()
        }
    }

    /// The account number (shown masked).
    pub fn number(&self) -> &BankAccountNumber {
        &self.number
    }

    /// The bank's code.
    pub fn bank_code(&self) -> &str {
        &self.bank_code
    }

    /// The holder's name.
    pub fn holder_name(&self) -> &str {
        &self.holder_name
    }

    /// The account as the service shows it once registered: the number masked.
    pub fn to_info(&self) -> super::BankAccountInfo {
        let mut info = super::BankAccountInfo::new();
        info.account_number = Some(self.number.masked());
        info.bank_code = Some(self.bank_code.clone());
        info.holder_name = Some(self.holder_name.clone());
        info
    }
}

impl fmt::Debug for NewBankAccount {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewBankAccount")
            .field("number", &self.number)
            .field("bank_code", &self.bank_code)
            .field("holder_name", &self.holder_name)
            .field("second_factor", &self.second_factor)
            .finish()
    }
}

/// The body as written: the one place the number is written whole.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Body<'a> {
    account_number: &'a str,
    bank_code: &'a str,
    holder_name: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    transaction_id: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    authentication_code: Option<&'a str>,
}

impl Serialize for NewBankAccount {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mfa = self.second_factor.as_ref();
        Body {
            account_number: self.number.expose(),
            bank_code: &self.bank_code,
            holder_name: &self.holder_name,
            transaction_id: mfa.map(|m| m.transaction_id.as_str()),
            authentication_code: mfa.map(|m| m.token.as_str()),
        }
        .serialize(serializer)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bad_input_is_refused_without_repeating_the_number() {
        for text in [
            "",
            "12345",
            "123456789012345678901",
            "1234a67890",
            "１２３４５６７８",
        ] {
            let error = BankAccountNumber::parse(text).unwrap_err().to_string();
            assert!(text.is_empty() || !error.contains(text), "{error}");
        }
        let number = BankAccountNumber::parse("1234567890").unwrap();
        for (bank, holder) in [
            ("1", "a"),
            ("0044", "a"),
            ("0a4", "a"),
            ("004", ""),
            ("004", "a\u{7}"),
        ] {
            assert!(
                NewBankAccount::new(number.clone(), bank, holder).is_err(),
                "{bank} {holder:?}"
            );
        }
        let error = NewBankAccount::new(number.clone(), "004", "kim 1234567890")
            .unwrap_err()
            .to_string();
        assert!(!error.contains("1234567890"), "{error}");
        assert!(NewBankAccount::new(number, "004", &"x".repeat(51)).is_err());
    }

    #[test]
    fn the_info_is_masked() {
        let account = NewBankAccount::from_fields("110-234-567890", " 088 ", " 홍길동 ").unwrap();
        let info = account.to_info();
        assert_eq!(info.account_number.as_deref(), Some("********7890"));
        assert_eq!(info.bank_code.as_deref(), Some("088"));
        assert_eq!(info.holder_name.as_deref(), Some("홍길동"));
    }
}
