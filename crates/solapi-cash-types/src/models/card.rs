//! Cards: registering one (`POST /cash/v1/payment`, [`NewCard`]) and removing one
//! (`DELETE /cash/v1/payment`, [`PaymentRemoval`]), with the rules the client checks before
//! sending and the emulator enforces.
//!
//! A card's number and CVC are secrets: [`CardNumber`] and [`Cvc`] show at most the last four
//! digits of the number and nothing of the CVC in `Debug` and `Display`, have no `Serialize`
//! of their own (only [`NewCard`]'s body writes them), and no error message ever holds them.
//!
//! The rules: the guide "recharge-auto-payment" accepts Visa and MasterCard only; a number
//! is 13, 16 or 19 digits starting with 4 (Visa) or 16 digits starting with 51–55 or
//! 2221–2720 (MasterCard), with a valid check digit (Luhn); spaces and dashes between the
//! digits are accepted and removed. The CVC is 3 digits. The expiry is a month not yet past.
//! The page `api-reference/cash/createpayment.md` types `expYear` and `expMonth` as numbers
//! (its sample sends `19` and `"01"`): the body sends two-digit numbers.

use std::fmt;

use serde::ser::{Error as _, SerializeMap};
use serde::{Deserialize, Serialize, Serializer};
use time::Date;

use crate::wire::model::wire_model;

use super::{SettingsError, check_payment_id};

/// The longest description accepted.
pub const MAX_CARD_DESCRIPTION: usize = 100;

/// The card networks the service takes (the guide: "Visa / MasterCard").
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum CardBrand {
    /// Visa: numbers starting with 4.
    Visa,
    /// MasterCard: numbers starting with 51–55 or 2221–2720.
    MasterCard,
}

impl CardBrand {
    /// The brand as the service writes it in a card's description (`[VISA] …`).
    pub fn as_str(self) -> &'static str {
        match self {
            CardBrand::Visa => "VISA",
            CardBrand::MasterCard => "MASTERCARD",
        }
    }

    /// The brand of a number's leading digits, if it is one the service takes.
    fn of(digits: &str) -> Option<CardBrand> {
        let prefix = |n: usize| digits.get(..n).and_then(|p| p.parse::<u32>().ok());
        if digits.starts_with('4') {
            Some(CardBrand::Visa)
        } else if prefix(2).is_some_and(|p| (51..=55).contains(&p))
            || prefix(4).is_some_and(|p| (2221..=2720).contains(&p))
        {
            Some(CardBrand::MasterCard)
        } else {
            None
        }
    }

    fn lengths(self) -> &'static [usize] {
        match self {
            CardBrand::Visa => &[13, 16, 19],
            CardBrand::MasterCard => &[16],
        }
    }
}

impl fmt::Display for CardBrand {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

/// A card number, checked: digits only once spaces and dashes are removed, a Visa or
/// MasterCard prefix and length, a valid check digit. A secret: `Debug` and `Display` show
/// the brand and the last four digits only.
///
/// ```
/// use solapi_cash_types::models::{CardBrand, CardNumber};
///
/// let number = CardNumber::parse("4111 1111-1111 1111")?;
/// assert_eq!(number.brand(), CardBrand::Visa);
/// assert_eq!(number.last4(), "1111");
/// assert_eq!(format!("{number:?}"), "CardNumber(VISA ****1111)");
/// assert!(CardNumber::parse("4111 1111 1111 111O").is_err()); // a letter O
/// assert!(CardNumber::parse("3782 822463 10005").is_err()); // American Express
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct CardNumber {
    digits: String,
    brand: CardBrand,
}

impl CardNumber {
    /// Reads a number as a person types it; the error never repeats it.
    pub fn parse(text: &str) -> Result<CardNumber, SettingsError> {
        let digits = typed_digits(text, "card number")?;
        if digits.is_empty() {
            return Err(SettingsError::new("the card number is empty"));
        }
        let brand = CardBrand::of(&digits).ok_or_else(|| {
            SettingsError::new(
                "only Visa (numbers starting with 4) and MasterCard (51-55, 2221-2720) cards \
                 can be registered",
            )
        })?;
        if !brand.lengths().contains(&digits.len()) {
            let lengths: Vec<String> = brand.lengths().iter().map(usize::to_string).collect();
            return Err(SettingsError::new(format!(
                "a {brand} card number has {} digits, not {}",
                lengths.join(" or "),
                digits.len()
            )));
        }
        if !luhn(&digits) {
            return Err(SettingsError::new(
                "the card number's check digit is wrong: is a digit mistyped?",
            ));
        }
        Ok(CardNumber { digits, brand })
    }

    /// Visa or MasterCard.
    pub fn brand(&self) -> CardBrand {
        self.brand
    }

    /// The last four digits (all a description or a saved file may keep).
    pub fn last4(&self) -> &str {
        &self.digits[self.digits.len() - 4..]
    }

    /// The digits, for the request body only.
    fn expose(&self) -> &str {
        &self.digits
    }
}

/// The digits of a number as a person types it (`what`: "card number"), spaces and dashes
/// between them dropped; anything else is refused without repeating the number.
pub(super) fn typed_digits(text: &str, what: &str) -> Result<String, SettingsError> {
    let mut digits = String::with_capacity(text.len());
    for c in text.trim().chars() {
        match c {
            '0'..='9' => digits.push(c),
            ' ' | '-' => {}
            _ => {
                return Err(SettingsError::new(format!(
                    "a {what} is digits only (spaces and dashes between them are allowed)"
                )));
            }
        }
    }
    Ok(digits)
}

/// The Luhn check digit (every card number carries one).
fn luhn(digits: &str) -> bool {
    let sum: u32 = digits
        .bytes()
        .rev()
        .enumerate()
        .map(|(i, b)| {
            let d = u32::from(b - b'0');
            if i % 2 == 1 {
                let twice = d * 2;
                if twice > 9 { twice - 9 } else { twice }
            } else {
                d
            }
        })
        .sum();
    sum.is_multiple_of(10)
}

impl fmt::Debug for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "CardNumber({} ****{})", self.brand, self.last4())
    }
}

impl fmt::Display for CardNumber {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} ****{}", self.brand, self.last4())
    }
}

/// A card's CVC: 3 digits. A secret: `Debug` and `Display` show `***`.
///
/// ```
/// use solapi_cash_types::models::Cvc;
///
/// let cvc = Cvc::parse("123")?;
/// assert_eq!(format!("{cvc:?} {cvc}"), "Cvc(***) ***");
/// assert!(Cvc::parse("12").is_err());
/// assert!(Cvc::parse("12a").is_err());
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct Cvc(String);

impl Cvc {
    /// Reads a CVC; the error never repeats it.
    pub fn parse(text: &str) -> Result<Cvc, SettingsError> {
        let text = text.trim();
        if text.len() == 3 && text.bytes().all(|b| b.is_ascii_digit()) {
            Ok(Cvc(text.to_owned()))
        } else {
            Err(SettingsError::new(
                "the CVC is the 3 digits on the back of the card",
            ))
        }
    }
}

impl fmt::Debug for Cvc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("Cvc(***)")
    }
}

impl fmt::Display for Cvc {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("***")
    }
}

/// A card's expiry: a month of a year (the card is valid to the end of it).
///
/// ```
/// use solapi_cash_types::models::CardExpiry;
/// use time::macros::date;
///
/// let expiry = CardExpiry::parse("01/29")?;
/// assert_eq!((expiry.month(), expiry.year()), (1, 2029));
/// assert_eq!(expiry.to_string(), "01/29");
/// assert!(expiry.check_not_past(date!(2029-01-31)).is_ok());
/// assert!(expiry.check_not_past(date!(2029-02-01)).is_err());
/// assert!(CardExpiry::parse("13/29").is_err());
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CardExpiry {
    // Field order: year first, so that the derived order is the calendar's.
    year: u16,
    month: u8,
}

impl CardExpiry {
    /// A month (1 to 12) of a year (two digits mean 20YY; else 2000 to 2099).
    pub fn new(month: u32, year: u32) -> Result<CardExpiry, SettingsError> {
        let year = if year < 100 { year + 2000 } else { year };
        if !(1..=12).contains(&month) {
            return Err(SettingsError::new(format!(
                "the expiry month must be 1 to 12, not {month}"
            )));
        }
        if !(2000..=2099).contains(&year) {
            return Err(SettingsError::new(format!(
                "the expiry year must be two digits (YY) or 2000 to 2099, not {year}"
            )));
        }
        Ok(CardExpiry {
            // Both checked above: 1 to 12 and 2000 to 2099.
            month: u8::try_from(month).unwrap_or(12),
            year: u16::try_from(year).unwrap_or(2099),
        })
    }

    /// Reads `MM/YY` (or `MM/YYYY`), as printed on a card.
    pub fn parse(text: &str) -> Result<CardExpiry, SettingsError> {
        let bad = || SettingsError::new(format!("an expiry is MM/YY (like 01/29), not {text:?}"));
        let (month, year) = text.trim().split_once('/').ok_or_else(bad)?;
        let number = |part: &str, lengths: &[usize]| {
            let part = part.trim();
            if lengths.contains(&part.len()) && part.bytes().all(|b| b.is_ascii_digit()) {
                part.parse::<u32>().ok()
            } else {
                None
            }
        };
        let month = number(month, &[1, 2]).ok_or_else(bad)?;
        let year = number(year, &[2, 4]).ok_or_else(bad)?;
        CardExpiry::new(month, year)
    }

    /// The month, 1 to 12.
    pub fn month(&self) -> u8 {
        self.month
    }

    /// The year, four digits.
    pub fn year(&self) -> u16 {
        self.year
    }

    /// Refuses an expiry whose month ended before `today` (the caller's date: pure code reads
    /// no clock).
    pub fn check_not_past(&self, today: Date) -> Result<(), SettingsError> {
        let now = (today.year(), u8::from(today.month()));
        if (i32::from(self.year), self.month) < now {
            Err(SettingsError::new(format!(
                "the card expired at the end of {self}"
            )))
        } else {
            Ok(())
        }
    }
}

impl fmt::Display for CardExpiry {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:02}/{:02}", self.month, self.year % 100)
    }
}

/// The body of `POST /cash/v1/payment`: a card to register, checked when made. `Debug`
/// shows the brand, the last four digits and the expiry, nothing more; its `Serialize` is the
/// request body (`{cardNumber, cvc, expYear, expMonth, description?}`, the only place the
/// number and the CVC are written).
///
/// ```
/// use solapi_cash_types::models::{CardExpiry, CardNumber, Cvc, NewCard};
/// use time::macros::date;
///
/// let card = NewCard::new(
///     CardNumber::parse("5555-5555-5555-4444")?,
///     Cvc::parse("321")?,
///     CardExpiry::parse("06/27")?,
///     date!(2026-12-06),
/// )?
/// .with_description("office card")?;
/// assert_eq!(
///     serde_json::to_string(&card).unwrap(),
///     r#"{"cardNumber":"5555555555554444","cvc":"321","expYear":27,"expMonth":6,"description":"office card"}"#
/// );
/// let shown = format!("{card:?}");
/// assert!(!shown.contains("5555555555554444") && !shown.contains("321"), "{shown}");
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct NewCard {
    number: CardNumber,
    cvc: Cvc,
    expiry: CardExpiry,
    description: Option<String>,
}

impl NewCard {
    /// A card whose expiry is not past on `today`.
    pub fn new(
        number: CardNumber,
        cvc: Cvc,
        expiry: CardExpiry,
        today: Date,
    ) -> Result<NewCard, SettingsError> {
        expiry.check_not_past(today)?;
        Ok(NewCard {
            number,
            cvc,
            expiry,
            description: None,
        })
    }

    /// The rules for a body as the service reads it (`cardNumber`, `cvc`, `expYear`,
    /// `expMonth`, `description`): for a server.
    pub fn from_fields(
        card_number: &str,
        cvc: &str,
        exp_year: u32,
        exp_month: u32,
        description: Option<&str>,
        today: Date,
    ) -> Result<NewCard, SettingsError> {
        let card = NewCard::new(
            CardNumber::parse(card_number)?,
            Cvc::parse(cvc)?,
            CardExpiry::new(exp_month, exp_year)?,
            today,
        )?;
        match description {
            Some(text) => card.with_description(text),
            None => Ok(card),
        }
    }

    /// Adds a description (at most [`MAX_CARD_DESCRIPTION`] characters, no control
    /// characters, and not the card number).
    pub fn with_description(mut self, text: &str) -> Result<NewCard, SettingsError> {
        if text.chars().count() > MAX_CARD_DESCRIPTION || text.chars().any(char::is_control) {
            return Err(SettingsError::new(format!(
                "a card description is at most {MAX_CARD_DESCRIPTION} characters, without \
                 control characters"
            )));
        }
        let digits: String = text.chars().filter(char::is_ascii_digit).collect();
        if digits.contains(self.number.expose()) {
            return Err(SettingsError::new(
                "the description must not hold the card number",
            ));
        }
        self.description = Some(text.to_owned());
        Ok(self)
    }

    /// The card's number (shown as its brand and last four digits).
    pub fn number(&self) -> &CardNumber {
        &self.number
    }

    /// The expiry.
    pub fn expiry(&self) -> CardExpiry {
        self.expiry
    }

    /// The description, if any.
    pub fn description(&self) -> Option<&str> {
        self.description.as_deref()
    }
}

impl fmt::Debug for NewCard {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("NewCard")
            .field("number", &self.number)
            .field("cvc", &self.cvc)
            .field("expiry", &format_args!("{}", self.expiry))
            .field("description", &self.description)
            .finish()
    }
}

impl Serialize for NewCard {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        let mut map = s.serialize_map(None)?;
        map.serialize_entry("cardNumber", self.number.expose())?;
        map.serialize_entry("cvc", &self.cvc.0)?;
        map.serialize_entry("expYear", &(self.expiry.year % 100))?;
        map.serialize_entry("expMonth", &self.expiry.month)?;
        if let Some(description) = &self.description {
            map.serialize_entry("description", description)?;
        }
        map.end()
    }
}

/// The body of `DELETE /cash/v1/payment`: `{paymentId}`. The id is checked
/// ([`check_payment_id`]) when the body is written, so that a bad one is refused before
/// anything is sent.
///
/// ```
/// use solapi_cash_types::models::PaymentRemoval;
///
/// let body = PaymentRemoval::new("8149494273709448001572284632138");
/// assert_eq!(serde_json::to_string(&body).unwrap(), r#"{"paymentId":"8149494273709448001572284632138"}"#);
/// assert!(serde_json::to_string(&PaymentRemoval::new("")).is_err());
/// assert!(PaymentRemoval::checked("").is_err());
/// assert!(serde_json::from_str::<PaymentRemoval>(r#"{"paymentId":"1 2"}"#).is_err());
/// ```
///
/// A server reads the same body with its `Deserialize`: `{paymentId}`, checked, no other key.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
#[serde(
    rename_all = "camelCase",
    deny_unknown_fields,
    try_from = "RemovalBody"
)]
pub struct PaymentRemoval {
    payment_id: String,
}

/// The body as sent, before the id is checked.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
struct RemovalBody {
    payment_id: String,
}

impl TryFrom<RemovalBody> for PaymentRemoval {
    type Error = SettingsError;

    fn try_from(body: RemovalBody) -> Result<PaymentRemoval, SettingsError> {
        PaymentRemoval::checked(body.payment_id)
    }
}

impl PaymentRemoval {
    /// The removal of the card `payment_id` (checked when sent).
    pub fn new(payment_id: impl Into<String>) -> PaymentRemoval {
        PaymentRemoval {
            payment_id: payment_id.into(),
        }
    }

    /// The removal of the card `payment_id`, checked now.
    pub fn checked(payment_id: impl Into<String>) -> Result<PaymentRemoval, SettingsError> {
        let removal = PaymentRemoval::new(payment_id);
        check_payment_id(&removal.payment_id)?;
        Ok(removal)
    }

    /// The card.
    pub fn payment_id(&self) -> &str {
        &self.payment_id
    }
}

impl Serialize for PaymentRemoval {
    fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        check_payment_id(&self.payment_id).map_err(S::Error::custom)?;
        let mut map = s.serialize_map(Some(1))?;
        map.serialize_entry("paymentId", &self.payment_id)?;
        map.end()
    }
}

wire_model! {
    /// The answer to `POST /cash/v1/payment`: the new card's id (strict), its description
    /// (`[VISA] 1111 01/29`: brand, last four digits, expiry) and expiry (`YYYY/MM`).
    pub struct RegisteredCard (nulls = false) {
        /// The card's description.
        description: Option<String> = "description", lenient;
        /// The expiry, `YYYY/MM`.
        exp_date: Option<String> = "expDate", lenient;
        /// The new card's id: the `paymentId` of recharges and of auto-recharge.
        payment_id: String = "paymentId", required;
    }
}

impl RegisteredCard {
    /// The answer for a card registered as `payment_id`.
    pub fn new(
        payment_id: impl Into<String>,
        description: impl Into<String>,
        exp_date: impl Into<String>,
    ) -> RegisteredCard {
        RegisteredCard {
            description: Some(description.into()),
            exp_date: Some(exp_date.into()),
            payment_id: payment_id.into(),
            extra: crate::wire::Extra::new(),
        }
    }
}

wire_model! {
    /// The answer to `DELETE /cash/v1/payment`:
    /// `{"paymentId": "…", "message": "성공적으로 삭제되었습니다."}`.
    pub struct PaymentRemoved (nulls = false, one_known = true) {
        /// The removed card.
        payment_id: Option<String> = "paymentId", optional;
        /// The service's message, in Korean.
        message: Option<String> = "message", lenient;
    }
}

impl PaymentRemoved {
    /// The answer for the removed card `payment_id`.
    pub fn new(payment_id: impl Into<String>, message: impl Into<String>) -> PaymentRemoved {
        PaymentRemoved {
            payment_id: Some(payment_id.into()),
            message: Some(message.into()),
            extra: crate::wire::Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use time::macros::date;

    use super::*;

    const TODAY: Date = date!(2026 - 12 - 06);

    #[test]
    fn card_numbers_are_normalised_or_refused_without_repeating_them() {
        for (text, brand, last4) in [
            ("4111111111111111", CardBrand::Visa, "1111"),
            (" 4111-1111-1111-1111 ", CardBrand::Visa, "1111"),
            ("4222222222222", CardBrand::Visa, "2222"),
            ("5555 5555 5555 4444", CardBrand::MasterCard, "4444"),
            ("2221000000000009", CardBrand::MasterCard, "0009"),
            ("2720990000000007", CardBrand::MasterCard, "0007"),
        ] {
            let n = CardNumber::parse(text).unwrap();
            assert_eq!((n.brand(), n.last4()), (brand, last4), "{text}");
            assert_eq!(n.to_string(), format!("{brand} ****{last4}"));
        }
        for (text, word) in [
            ("", "empty"),
            ("4111 1111 1111 111l", "digits only"),
            ("4111.1111.1111.1111", "digits only"),
            ("378282246310005", "only Visa"),
            ("6011111111111117", "only Visa"),
            ("2220990000000008", "only Visa"),
            ("2721000000000004", "only Visa"),
            ("411111111111111", "16 or 19 digits, not 15"),
            ("55555555555544440", "16 digits, not 17"),
            ("4111111111111112", "check digit"),
        ] {
            let e = CardNumber::parse(text).unwrap_err().to_string();
            assert!(e.contains(word), "{text:?}: {e}");
            let digits: String = text.chars().filter(char::is_ascii_digit).collect();
            if digits.len() >= 4 {
                assert!(!e.contains(&digits[digits.len() - 4..]), "{e}");
            }
        }
    }

    #[test]
    fn cvc_and_expiry_rules() {
        for bad in ["", "12", "1234", "1 2", "abc"] {
            let e = Cvc::parse(bad).unwrap_err().to_string();
            assert!(e.contains("3 digits"), "{bad}: {e}");
        }
        for bad in [
            "", "1229", "00/29", "13/29", "1/2", "01/123", "aa/bb", "01-29",
        ] {
            assert!(CardExpiry::parse(bad).is_err(), "{bad}");
        }
        assert_eq!(CardExpiry::parse("1/2029").unwrap().to_string(), "01/29");
        assert!(
            CardExpiry::parse("12/26")
                .unwrap()
                .check_not_past(TODAY)
                .is_ok()
        );
        let e = CardExpiry::parse("11/26").unwrap().check_not_past(TODAY);
        assert!(e.unwrap_err().to_string().contains("expired"));
    }

    #[test]
    fn a_new_card_shows_no_secret_and_writes_them_in_its_body_only() {
        let card = NewCard::from_fields("4111111111111111", "987", 29, 1, None, TODAY).unwrap();
        let shown = format!("{card:?}");
        assert!(!shown.contains("4111111111111111") && !shown.contains("987"));
        assert!(
            shown.contains("****1111") && shown.contains("01/29"),
            "{shown}"
        );
        let body = serde_json::to_string(&card).unwrap();
        assert_eq!(
            body,
            r#"{"cardNumber":"4111111111111111","cvc":"987","expYear":29,"expMonth":1}"#
        );
        let e = card
            .clone()
            .with_description("card 4111 1111 1111 1111")
            .unwrap_err();
        assert!(!e.to_string().contains("4111"), "{e}");
        assert!(card.clone().with_description("a\nb").is_err());
        assert!(NewCard::from_fields("4111111111111111", "987", 2026, 11, None, TODAY).is_err());
    }

    #[test]
    fn answers_decode_liberally_with_strict_ids() {
        let card: RegisteredCard = serde_json::from_str(
            r#"{"description":"[VISA] est1 01/19","expDate":"2019/01","paymentId":"4731372607893844001572284631920","new":true}"#,
        )
        .unwrap();
        assert_eq!(card.payment_id, "4731372607893844001572284631920");
        assert!(card.extra.get("new").is_some());
        assert!(serde_json::from_str::<RegisteredCard>(r#"{"description":"x"}"#).is_err());
        assert!(serde_json::from_str::<RegisteredCard>(r#"{"paymentId":7}"#).is_err());
        let removed: PaymentRemoved =
            serde_json::from_str(r#"{"paymentId":"1","message":"성공적으로 삭제되었습니다."}"#)
                .unwrap();
        assert_eq!(removed.payment_id.as_deref(), Some("1"));
    }
}
