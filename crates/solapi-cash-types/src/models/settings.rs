//! The operator's settings: the low-balance alert (`/cash/v1/balance/alert`), with the rules
//! the client checks before sending and the emulator enforces (`docs/sources.md`, "Operator
//! settings").

use std::fmt;

use serde::{Deserialize, Serialize};

use crate::money::Money;
use crate::timestamp::Timestamp;
use crate::wire::model::wire_model;
use crate::won::Won;

use super::LowBalanceAlert;

/// The lowest threshold of the low-balance alert (the guide "recharge-auto-payment" gives 200
/// won as the lowest trigger; the documents' sample sets 200).
pub const MIN_ALERT_BALANCE: u64 = 200;
/// At most this many alert thresholds.
pub const MAX_ALERT_BALANCES: usize = 3;

/// A setting the service would refuse, found before sending (the emulator answers 400
/// `ValidationError` with the same text).
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct SettingsError {
    message: String,
}

impl SettingsError {
    /// An error with its message (the models' rules make them; the message names the
    /// setting, never a secret).
    pub(crate) fn new(message: impl Into<String>) -> SettingsError {
        SettingsError {
            message: message.into(),
        }
    }
}

impl fmt::Display for SettingsError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl std::error::Error for SettingsError {}

/// The body of `PUT /cash/v1/balance/alert`: the thresholds (1 to 3, whole won, each at least
/// 200, no repeats) and the channels (at least one, each a name such as `SMS` or `EMAIL`,
/// no repeats).
///
/// ```
/// use solapi_cash_types::models::AlertSettings;
///
/// let alert = AlertSettings::new([5_000, 1_000], ["SMS"])?;
/// assert_eq!(serde_json::to_string(&alert).unwrap(), r#"{"balances":[5000,1000],"channels":["SMS"]}"#);
/// assert!(AlertSettings::new([100], ["SMS"]).is_err());
/// assert!(AlertSettings::new([1_000, 2_000, 3_000, 4_000], ["SMS"]).is_err());
/// # Ok::<(), solapi_cash_types::models::SettingsError>(())
/// ```
///
/// A server reads the same body with its `Deserialize`: the same keys and rules, no other key.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "AlertBody")]
pub struct AlertSettings {
    balances: Vec<Won>,
    channels: Vec<String>,
}

impl AlertSettings {
    /// Checked settings.
    pub fn new<C: Into<String>>(
        balances: impl IntoIterator<Item = u64>,
        channels: impl IntoIterator<Item = C>,
    ) -> Result<AlertSettings, SettingsError> {
        let balances: Vec<Money> = balances.into_iter().map(Money::from).collect();
        let channels: Vec<String> = channels.into_iter().map(Into::into).collect();
        let balances = check_alert(&balances, &channels)?;
        Ok(AlertSettings { balances, channels })
    }

    /// The thresholds.
    pub fn balances(&self) -> &[Won] {
        &self.balances
    }

    /// The channels.
    pub fn channels(&self) -> &[String] {
        &self.channels
    }
}

/// The body as sent, before the rules.
#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct AlertBody {
    balances: Vec<Money>,
    channels: Vec<String>,
}

impl TryFrom<AlertBody> for AlertSettings {
    type Error = SettingsError;

    fn try_from(body: AlertBody) -> Result<AlertSettings, SettingsError> {
        let balances = check_alert(&body.balances, &body.channels)?;
        Ok(AlertSettings {
            balances,
            channels: body.channels,
        })
    }
}

/// The rules of the alert's settings, for a client before sending and for a server reading
/// a body: the thresholds as whole won.
pub fn check_alert(balances: &[Money], channels: &[String]) -> Result<Vec<Won>, SettingsError> {
    if balances.is_empty() {
        return Err(SettingsError::new("give at least one alert threshold"));
    }
    if balances.len() > MAX_ALERT_BALANCES {
        return Err(SettingsError::new(format!(
            "at most {MAX_ALERT_BALANCES} alert thresholds, not {}",
            balances.len()
        )));
    }
    let mut whole = Vec::with_capacity(balances.len());
    for balance in balances {
        let won = Won::try_from(balance)
            .ok()
            .filter(|w| w.get() >= MIN_ALERT_BALANCE)
            .ok_or_else(|| {
                SettingsError::new(format!(
                    "an alert threshold must be whole won of at least {MIN_ALERT_BALANCE}, not {balance}"
                ))
            })?;
        if whole.contains(&won) {
            return Err(SettingsError::new(format!(
                "the alert threshold {won} is given twice"
            )));
        }
        whole.push(won);
    }
    check_names("channel", channels)?;
    Ok(whole)
}

/// At least one name, each of ASCII capitals, digits and `_` (`SMS`, `EMAIL`, `ATA`), none
/// twice.
pub(crate) fn check_names(what: &str, names: &[String]) -> Result<(), SettingsError> {
    if names.is_empty() {
        return Err(SettingsError::new(format!("give at least one {what}")));
    }
    for (i, name) in names.iter().enumerate() {
        let ok = !name.is_empty()
            && name.len() <= 64
            && name
                .bytes()
                .all(|b| b.is_ascii_uppercase() || b.is_ascii_digit() || b == b'_');
        if !ok {
            return Err(SettingsError::new(format!(
                "a {what} is a name such as SMS or EMAIL, not {name:?}"
            )));
        }
        if names[..i].contains(name) {
            return Err(SettingsError::new(format!(
                "the {what} {name} is given twice"
            )));
        }
    }
    Ok(())
}

/// The body of `PUT /cash/v1/balance/alert/switch`: `{enabled}`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AlertSwitch {
    enabled: bool,
}

impl AlertSwitch {
    /// On or off.
    pub fn new(enabled: bool) -> AlertSwitch {
        AlertSwitch { enabled }
    }

    /// Whether it turns the alert on.
    pub fn enabled(&self) -> bool {
        self.enabled
    }
}

wire_model! {
    /// The answer to `GET /cash/v1/balance/alert`: the alert and the account's id.
    pub struct AlertInfo (nulls = false, one_known = true) {
        /// The alert's settings.
        low_balance_alert: Option<LowBalanceAlert> = "lowBalanceAlert", lenient;
        /// The account (`_id`).
        id: Option<String> = "_id", optional;
        /// When the settings were made.
        date_created: Option<Timestamp> = "dateCreated", lenient;
        /// When they last changed.
        date_updated: Option<Timestamp> = "dateUpdated", lenient;
    }
}

wire_model! {
    /// An answer that only says it worked: `{"message": "성공적으로 등록되었습니다."}`
    /// (`PUT /cash/v1/balance/alert`), with anything else kept in `extra`.
    pub struct ServiceMessage (nulls = false) {
        /// The service's message, in Korean.
        message: Option<String> = "message", lenient;
    }
}

wire_model! {
    /// The answer to `PUT /cash/v1/balance/alert/switch`: `{accountId, enabled}`.
    pub struct AlertSwitched (nulls = false, one_known = true) {
        /// The account.
        account_id: Option<String> = "accountId", optional;
        /// Whether the alert is now on.
        enabled: Option<bool> = "enabled", lenient;
    }
}

impl AlertInfo {
    /// The alert of an account; the dates absent (set the public fields to fill them).
    pub fn new(alert: LowBalanceAlert, account_id: impl Into<String>) -> AlertInfo {
        AlertInfo {
            low_balance_alert: Some(alert),
            id: Some(account_id.into()),
            date_created: None,
            date_updated: None,
            extra: crate::wire::Extra::new(),
        }
    }
}

impl ServiceMessage {
    /// A message.
    pub fn new(message: impl Into<String>) -> ServiceMessage {
        ServiceMessage {
            message: Some(message.into()),
            extra: crate::wire::Extra::new(),
        }
    }
}

impl AlertSwitched {
    /// The switch's answer.
    pub fn new(account_id: impl Into<String>, enabled: bool) -> AlertSwitched {
        AlertSwitched {
            account_id: Some(account_id.into()),
            enabled: Some(enabled),
            extra: crate::wire::Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn money(text: &str) -> Money {
        text.parse().unwrap()
    }

    #[test]
    fn alert_rules_refuse_each_bad_input_with_a_clear_message() {
        let sms = ["SMS".to_owned()];
        for (balances, channels, word) in [
            (vec![], &sms[..], "at least one"),
            (vec!["-500"], &sms[..], "at least 200"),
            (vec!["1000.5"], &sms[..], "whole won"),
            (vec!["199"], &sms[..], "at least 200"),
            (vec!["1000", "2000", "3000", "4000"], &sms[..], "at most 3"),
            (vec!["1000", "1000"], &sms[..], "twice"),
            (vec!["1000"], &[][..], "at least one channel"),
            (vec!["1000"], &["sms".to_owned()][..], "a name such as"),
            (
                vec!["1000"],
                &["SMS".to_owned(), "SMS".to_owned()][..],
                "twice",
            ),
        ] {
            let balances: Vec<Money> = balances.into_iter().map(money).collect();
            let e = check_alert(&balances, channels).unwrap_err();
            assert!(e.to_string().contains(word), "{balances:?}: {e}");
        }
        let ok = check_alert(&[money("200"), money("1e4")], &sms).unwrap();
        assert_eq!(
            ok.iter().map(|w| w.get()).collect::<Vec<_>>(),
            [200, 10_000]
        );
    }
}
