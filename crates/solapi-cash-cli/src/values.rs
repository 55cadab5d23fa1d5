//! Value parsers for flags: everything a user types is checked here, before any request.

use std::str::FromStr;

use clap::builder::{PossibleValuesParser, TypedValueParser};
use solapi_cash_types::{HistoryType, Money, RechargeMethod, ServiceMethod};

/// `--amount`: an exact, positive amount of won.
pub(crate) fn amount(text: &str) -> Result<Money, String> {
    let value = money(text)?;
    if value.is_positive() {
        Ok(value)
    } else {
        Err("must be greater than zero".to_owned())
    }
}

/// An exact amount of won, of either sign (`--balance-amount`).
pub(crate) fn money(text: &str) -> Result<Money, String> {
    Money::from_str(text.trim()).map_err(|e| format!("not an amount of won ({e})"))
}

/// An id or a code, without the spaces a paste brings around it (`--payment-id`,
/// `--group-id`, `--mfa-transaction`, `--mfa-code`): the service's never have any, and a
/// code sent with them is refused and burns one of its tries.
pub(crate) fn trimmed(text: &str) -> Result<String, String> {
    match text.trim() {
        "" => Err("must not be empty".to_owned()),
        value => Ok(value.to_owned()),
    }
}

/// A whole number of at least 1 (`--limit`, `--page-size`, `--timeout`).
pub(crate) fn at_least_one(text: &str) -> Result<u64, String> {
    match text.trim().parse::<u64>() {
        Ok(0) => Err("must be at least 1".to_owned()),
        Ok(n) => Ok(n),
        Err(_) => Err("must be a whole number".to_owned()),
    }
}

/// A profile name: letters, digits, `-` and `_`, so that it reads the same in the file,
/// in `SOLAPI_PROFILE` and on the command line.
pub(crate) fn profile_name(text: &str) -> Result<String, String> {
    let ok = !text.is_empty()
        && text.len() <= 64
        && text
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_');
    if ok {
        Ok(text.to_owned())
    } else {
        Err("a profile name has 1 to 64 letters, digits, `-` or `_`".to_owned())
    }
}

/// `--type`: one of the known history types, in any case. The API's set is open, but a
/// value this version does not know is far more likely a typo than a new type, and the
/// service would answer it with an empty page rather than an error.
pub(crate) fn history_type() -> impl TypedValueParser<Value = HistoryType> {
    PossibleValuesParser::new(HistoryType::known().iter().copied())
        .map(|s| HistoryType::from(s.to_ascii_uppercase()))
}

/// `--recharge-method`: `STRIPE` or `ACCOUNT-TRANSFER`, in any case.
pub(crate) fn recharge_method() -> impl TypedValueParser<Value = RechargeMethod> {
    PossibleValuesParser::new(RechargeMethod::known().iter().copied())
        .map(|s| RechargeMethod::from(s.to_ascii_uppercase()))
}

/// `--service-method`: `MT`, in any case.
pub(crate) fn service_method() -> impl TypedValueParser<Value = ServiceMethod> {
    PossibleValuesParser::new(ServiceMethod::known().iter().copied())
        .map(|s| ServiceMethod::from(s.to_ascii_uppercase()))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_must_be_positive_and_exact() {
        assert_eq!(amount("10000").unwrap(), Money::from_i64(10000));
        assert_eq!(amount("10130.5").unwrap().to_string(), "10130.5");
        for bad in ["0", "-5", "0.00", "ten", "", "1e400", "1,000"] {
            assert!(amount(bad).is_err(), "{bad}");
        }
        assert_eq!(money("-120").unwrap(), Money::from_i64(-120));
    }

    #[test]
    fn counts_and_names() {
        assert_eq!(at_least_one("20"), Ok(20));
        assert!(at_least_one("0").is_err());
        assert!(at_least_one("-1").is_err());
        assert!(profile_name("work_2-eu").is_ok());
        for bad in ["", "a b", "x.y", "ü", &"a".repeat(65)] {
            assert!(profile_name(bad).is_err(), "{bad}");
        }
        assert!(trimmed("  ").is_err());
        assert_eq!(trimmed(" 123456\t\n").unwrap(), "123456");
    }
}
