//! Value parsers for flags: everything a user types is checked here, before any request.

use std::str::FromStr;

use clap::builder::{PossibleValue, TypedValueParser};
use solapi_cash_blocking::Concurrency;
use solapi_cash_types::{HistoryType, Money, RechargeMethod, ServiceMethod, WithdrawStatus, Won};

/// `--amount` of `recharge`, `transfer` and `withdraw`: whole won ([`Won`]: digits only; a fraction,
/// an exponent, a sign or a separator is refused, saying which, before anything is sent).
pub(crate) fn won(text: &str) -> Result<Won, String> {
    text.parse::<Won>()
        .map_err(|e| format!("{e}; nothing was sent"))
}

/// `recharge status --amount`: an exact, positive amount of won.
pub(crate) fn amount(text: &str) -> Result<Money, String> {
    let value = money(text)?;
    if value.is_positive() {
        Ok(value)
    } else {
        Err("must be greater than zero".to_owned())
    }
}

/// An exact amount of won, of either sign (`--balance-amount`): below 10^19, at most 18
/// fractional digits (the range amounts had before `Money` became unbounded; no real amount
/// comes near it).
pub(crate) fn money(text: &str) -> Result<Money, String> {
    let value = Money::from_str(text.trim()).map_err(|e| format!("not an amount of won ({e})"))?;
    if value.fits(19, 18) {
        Ok(value)
    } else {
        Err("not an amount of won (10^19 or more, or more than 18 fractional digits)".to_owned())
    }
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

/// `--concurrency`: `auto` (adaptive) or a whole number from 1 to
/// [`Tuning::max_concurrency`](solapi_cash_blocking::Tuning::max_concurrency).
pub(crate) fn concurrency(text: &str) -> Result<Concurrency, String> {
    let text = text.trim();
    if text.eq_ignore_ascii_case("auto") {
        return Ok(Concurrency::adaptive());
    }
    let max = solapi_cash_blocking::Tuning::DEFAULT.max_concurrency();
    match text.parse::<u32>() {
        Ok(n) if (1..=max).contains(&n) => Ok(Concurrency::fixed(n)),
        _ => Err(format!("must be auto or a whole number from 1 to {max}")),
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

/// An open filter (`--type`, `--recharge-method`, `--service-method`): a documented value in
/// any case, sent in the API's spelling, or any other non-blank text, sent as given. The
/// service's sets are open (like the models' enums): a value this version does not know may
/// be one the service added since, so it is passed through, and the command notes it on
/// standard error ([`undocumented`]). Help and completions list the documented values.
#[derive(Clone)]
pub(crate) struct OpenValue<T> {
    known: fn() -> &'static [&'static str],
    make: fn(String) -> T,
}

impl<T> OpenValue<T> {
    /// The value, in the API's spelling when it is a documented one.
    fn read(&self, text: &str) -> Result<T, String> {
        let text = text.trim();
        if text.is_empty() {
            return Err("must not be empty".to_owned());
        }
        let known = (self.known)().iter().find(|k| k.eq_ignore_ascii_case(text));
        Ok((self.make)(known.map_or(text, |k| *k).to_owned()))
    }
}

impl<T: Clone + Send + Sync + 'static> TypedValueParser for OpenValue<T> {
    type Value = T;

    fn parse_ref(
        &self,
        cmd: &clap::Command,
        arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<T, clap::Error> {
        // Through clap's parser for functions, for the same error text as every other flag.
        let this = self.clone();
        (move |text: &str| this.read(text)).parse_ref(cmd, arg, value)
    }

    fn possible_values(&self) -> Option<Box<dyn Iterator<Item = PossibleValue> + '_>> {
        Some(Box::new((self.known)().iter().map(PossibleValue::new)))
    }
}

/// `--type`: a history type.
pub(crate) fn history_type() -> OpenValue<HistoryType> {
    OpenValue {
        known: HistoryType::known,
        make: HistoryType::from,
    }
}

/// `withdraw list --status`: `PENDING` (documented), `COMPLETED`, `REJECTED` (*inferred*), or
/// another, sent as given with a note (the service may name states no page shows).
pub(crate) fn withdraw_status() -> OpenValue<WithdrawStatus> {
    OpenValue {
        known: WithdrawStatus::known,
        make: WithdrawStatus::from,
    }
}

/// `--recharge-method`: `STRIPE`, `ACCOUNT-TRANSFER` or another.
pub(crate) fn recharge_method() -> OpenValue<RechargeMethod> {
    OpenValue {
        known: RechargeMethod::known,
        make: RechargeMethod::from,
    }
}

/// `--service-method`: `MT` or another.
pub(crate) fn service_method() -> OpenValue<ServiceMethod> {
    OpenValue {
        known: ServiceMethod::known,
        make: ServiceMethod::from,
    }
}

/// The note for a filter value that is not among the documented ones, if it is not.
pub(crate) fn undocumented(flag: &str, value: &str, known: &[&str]) -> Option<String> {
    (!known.contains(&value)).then(|| {
        format!(
            "note: {flag} {value} is not one of the documented values ({}); it is sent as given",
            known.join(", ")
        )
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn amounts_must_be_positive_and_exact() {
        assert_eq!(amount("10000").unwrap(), Money::from_i64(10000));
        assert_eq!(amount("10130.5").unwrap().to_string(), "10130.5");
        for bad in [
            "0",
            "-5",
            "0.00",
            "ten",
            "",
            "1e400",
            "1e999999999",
            "1,000",
        ] {
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
        let types = history_type();
        assert_eq!(types.read(" recharge ").unwrap(), HistoryType::Recharge);
        assert_eq!(
            types.read("Refund").unwrap(),
            HistoryType::Other("Refund".into())
        );
        assert!(types.read(" ").is_err());
        assert_eq!(
            recharge_method().read("account-transfer").unwrap(),
            RechargeMethod::AccountTransfer
        );
        assert!(undocumented("--type", "RECHARGE", HistoryType::known()).is_none());
        assert!(
            undocumented("--type", "Refund", HistoryType::known())
                .unwrap()
                .contains("RECHARGE, MANUAL")
        );
        assert_eq!(trimmed(" 123456\t\n").unwrap(), "123456");
    }
}
