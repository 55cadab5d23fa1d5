//! What one read of an account gives: the balance's figures (one `GET /cash/v1/balance`),
//! and, when the account has a local ledger, what was spent and the forecast.

use std::path::Path;

use solapi_cash_blocking::{BalanceResponse, ErrorKind, Flag, HistoryQuery};
use solapi_cash_ledger::{Forecast, Ledger, LedgerError, Order};
use solapi_cash_types::Money;
use time::OffsetDateTime;

/// The figures of one successful read.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct Reading {
    /// The account, when the service named it.
    pub account: Option<String>,
    /// The cash balance (`None`: the service did not say; never shown as zero).
    pub balance: Option<Money>,
    /// The point balance.
    pub point: Option<Money>,
    /// Whether auto-recharge is on (`None`: not said, or not a flag).
    pub auto_recharge: Option<bool>,
    /// The balance at which auto-recharge recharges (`minimumCash`).
    pub auto_recharge_threshold: Option<Money>,
    /// What auto-recharge recharges to (`rechargeTo`).
    pub auto_recharge_target: Option<Money>,
    /// Whether the low-balance alert is on.
    pub alert_enabled: Option<bool>,
    /// The low-balance alert's thresholds (up to three on SOLAPI), in the service's order.
    pub alert_thresholds: Vec<Money>,
    /// What the ledger says, when the account has one.
    pub ledger: Option<LedgerFigures>,
}

impl Reading {
    /// The figures of a balance answer (without a ledger).
    pub fn from_balance(b: &BalanceResponse) -> Reading {
        let alert = b.low_balance_alert.as_ref();
        // The list of thresholds when sent; else the single `notificationBalance` (a string).
        let thresholds = match alert.and_then(|a| a.balances.clone()) {
            Some(list) => list,
            None => alert
                .and_then(|a| a.notification_balance.as_deref())
                .and_then(|text| text.trim().parse::<Money>().ok())
                .into_iter()
                .collect(),
        };
        Reading {
            account: b.account_id.clone(),
            balance: b.balance.clone(),
            point: b.point.clone(),
            auto_recharge: b.auto_recharge.as_ref().and_then(Flag::is_on),
            auto_recharge_threshold: b.minimum_cash.clone(),
            auto_recharge_target: b.recharge_to.clone(),
            alert_enabled: alert.and_then(|a| a.enabled),
            alert_thresholds: thresholds,
            ledger: None,
        }
    }

    /// What is left to spend: balance + point (a missing point counts as zero); `None`
    /// without a balance.
    pub fn left(&self) -> Option<Money> {
        let balance = self.balance.as_ref()?;
        match &self.point {
            Some(point) => balance.checked_add(point),
            None => Some(balance.clone()),
        }
    }
}

/// What the ledger says about spending.
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct LedgerFigures {
    /// Everything sending has cost, over the whole ledger (a counter: its `rate()` is the
    /// burn rate).
    pub spent_total: Money,
    /// The forecast at the time of the read.
    pub forecast: Forecast,
}

/// Reads the ledger at `path` (which must exist: nothing is created) and computes what was
/// spent and the forecast at `now` for `left` (of `account`, when known), over the last
/// `window_days` days. One pass over the entries, oldest first; only the window's entries are
/// kept in memory.
///
/// # Errors
/// The ledger's: not a ledger, unreadable, corrupt; [`LedgerError::OtherAccount`] when it
/// holds another account's entries.
pub fn ledger_figures(
    path: &Path,
    account: Option<&str>,
    now: OffsetDateTime,
    window_days: u32,
    left: &Money,
    auto_recharge: bool,
) -> Result<LedgerFigures, LedgerError> {
    let ledger = Ledger::open_existing(path)?;
    if let (Some(stored), Some(sent)) = (ledger.account_id()?, account)
        && stored != sent
    {
        return Err(LedgerError::OtherAccount {
            stored,
            sent: sent.to_owned(),
        });
    }
    let since = now - time::Duration::days(i64::from(window_days.max(1)));
    let mut spent_total = Money::ZERO;
    let mut oldest = None;
    let mut recent = Vec::new();
    ledger.for_each_sent(&HistoryQuery::default(), Order::OldestFirst, |sent| {
        let entry = solapi_cash_ledger::decode(sent)?;
        let at = entry.date_created.datetime();
        oldest.get_or_insert(at);
        if let Some(cost) = solapi_cash_ledger::forecast::spent(&entry) {
            spent_total = spent_total
                .checked_add(&cost)
                .unwrap_or(spent_total.clone());
        }
        if at >= since {
            recent.push(entry);
        }
        Ok::<_, LedgerError>(true)
    })?;
    let forecast =
        solapi_cash_ledger::forecast(&recent, now, window_days, oldest, left, auto_recharge)
            .ok_or_else(|| LedgerError::Corrupt {
                id: "?".to_owned(),
                reason: "amounts beyond exact arithmetic".to_owned(),
            })?;
    Ok(LedgerFigures {
        spent_total: spent_total.normalized(),
        forecast,
    })
}

/// A failed read: its kind (a metric label) and what happened (for the log).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReadError {
    /// `connect`, `timeout`, `network`, `rate_limited`, `authentication`,
    /// `permission_denied`, `server`, `decode`, `ledger` or `other`.
    pub kind: &'static str,
    /// The error's message (never a secret: the client's errors carry none).
    pub message: String,
}

impl ReadError {
    /// The read error of a client error.
    pub fn from_client(e: &solapi_cash_blocking::Error) -> ReadError {
        ReadError {
            kind: kind_label(e.kind()),
            message: e.to_string(),
        }
    }
}

/// The label of a client error's kind.
pub fn kind_label(kind: ErrorKind) -> &'static str {
    match kind {
        ErrorKind::Connect => "connect",
        ErrorKind::Timeout => "timeout",
        ErrorKind::Network => "network",
        ErrorKind::RateLimited => "rate_limited",
        ErrorKind::Authentication => "authentication",
        ErrorKind::PermissionDenied => "permission_denied",
        ErrorKind::Server => "server",
        ErrorKind::Decode => "decode",
        _ => "other",
    }
}

/// Where an account's figures come from: the service (and its ledger), or a test's script.
pub trait Source: Send + Sync {
    /// One read. A ledger that cannot be read does not fail the read: the figures come
    /// without it and the error is returned beside them.
    fn read(&self) -> Result<(Reading, Option<ReadError>), ReadError>;
}

/// The service through the blocking client, and the account's ledger when its file exists.
#[derive(Debug)]
pub struct ServiceSource {
    client: solapi_cash_blocking::Client,
    ledger: Option<std::path::PathBuf>,
}

impl ServiceSource {
    /// Reads through `client`; with `ledger`, also that file when it exists.
    pub fn new(
        client: solapi_cash_blocking::Client,
        ledger: Option<std::path::PathBuf>,
    ) -> ServiceSource {
        ServiceSource { client, ledger }
    }
}

impl Source for ServiceSource {
    fn read(&self) -> Result<(Reading, Option<ReadError>), ReadError> {
        let balance = self
            .client
            .balance()
            .map_err(|e| ReadError::from_client(&e))?;
        let mut reading = Reading::from_balance(&balance);
        let (Some(path), Some(left)) = (self.ledger.as_deref(), reading.left()) else {
            return Ok((reading, None));
        };
        if !path.exists() {
            return Ok((reading, None));
        }
        let auto = reading.auto_recharge == Some(true);
        let now = OffsetDateTime::now_utc();
        match ledger_figures(
            path,
            reading.account.as_deref(),
            now,
            solapi_cash_ledger::FORECAST_WINDOW_DAYS,
            &left,
            auto,
        ) {
            Ok(figures) => {
                reading.ledger = Some(figures);
                Ok((reading, None))
            }
            Err(e) => Ok((
                reading,
                Some(ReadError {
                    kind: "ledger",
                    message: format!("the ledger {}: {e}", path.display()),
                }),
            )),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_blocking::LowBalanceAlert;

    #[test]
    fn figures_of_a_balance_answer() {
        let mut b = BalanceResponse::new(Money::from_i64(9000), "500.5".parse::<Money>().unwrap());
        b.minimum_cash = Some(Money::from_i64(1000));
        let mut alert = LowBalanceAlert::new();
        alert.notification_balance = Some("3000".into());
        alert.enabled = Some(true);
        b.low_balance_alert = Some(alert);
        let r = Reading::from_balance(&b);
        assert_eq!(r.left(), Some("9500.5".parse().unwrap()));
        assert_eq!(r.alert_thresholds, vec![Money::from_i64(3000)]);
        assert_eq!((r.alert_enabled, r.auto_recharge), (Some(true), None));
        b.balance = None;
        assert_eq!(
            Reading::from_balance(&b).left(),
            None,
            "no balance is not zero"
        );
    }
}
