//! The metrics, rendered as OpenMetrics text by the official client library
//! (`prometheus-client`), from a copy of each target's state taken at the scrape.
//!
//! Names follow the Prometheus naming guide: one prefix (`solapi_cash_`), the unit last.
//! Money is in won with the suffix `_krw`: a currency has no base unit in the guide's sense
//! (it lists seconds, bytes, …), so the currency's ISO 4217 code names it. Ages are in
//! seconds (the base unit of time), and so is the forecast.
//!
//! **Exactness.** A sample is a floating-point number by the format's definition. Whole
//! won are written as integers (exact text; a double holds every whole number below 2^53,
//! about 9·10^15 won, exactly, so Prometheus stores them without rounding). An amount with a
//! fraction (SOLAPI bills some messages in fractions of a won) is written as the double
//! nearest to it, in its shortest text that reads back as that double: the same digits for
//! up to 15 significant digits. The exact amounts stay in `solapi-cash balance`.

use std::fmt;
use std::time::Instant;

use prometheus_client::collector::Collector;
use prometheus_client::encoding::{
    CounterValueEncoder, DescriptorEncoder, EncodeCounterValue, EncodeGaugeValue, EncodeMetric,
    GaugeValueEncoder,
};
use prometheus_client::metrics::MetricType;
use prometheus_client::metrics::counter::ConstCounter;
use prometheus_client::metrics::gauge::ConstGauge;
use prometheus_client::registry::{Registry, Unit};
use solapi_cash_ledger::DaysLeft;
use solapi_cash_types::Money;

use crate::target::{State, Target};

/// The prefix of every metric.
pub const PREFIX: &str = "solapi_cash";

/// Every metric family the exporter writes, as named in the text (counters with `_total`),
/// with its type; `docs/monitoring.md` describes each.
pub const FAMILIES: &[(&str, &str)] = &[
    ("solapi_cash_up", "gauge"),
    ("solapi_cash_account_info", "info"),
    ("solapi_cash_balance_krw", "gauge"),
    ("solapi_cash_point_krw", "gauge"),
    ("solapi_cash_auto_recharge_enabled", "gauge"),
    ("solapi_cash_auto_recharge_threshold_krw", "gauge"),
    ("solapi_cash_auto_recharge_target_krw", "gauge"),
    ("solapi_cash_alert_enabled", "gauge"),
    ("solapi_cash_alert_threshold_krw", "gauge"),
    ("solapi_cash_last_read_age_seconds", "gauge"),
    ("solapi_cash_reads_total", "counter"),
    ("solapi_cash_read_errors_total", "counter"),
    ("solapi_cash_spent_krw_total", "counter"),
    ("solapi_cash_forecast_left_seconds", "gauge"),
    ("solapi_cash_forecast_state", "gauge"),
];

/// An amount as a sample: whole won as an integer, else the nearest double.
#[derive(Debug, Clone)]
struct Amount(Money);

impl Amount {
    fn as_f64(&self) -> f64 {
        // The decimal text parsed: the double nearest to the exact amount.
        self.0.normalized().to_string().parse().unwrap_or(f64::NAN)
    }
}

impl EncodeGaugeValue for Amount {
    fn encode(&self, encoder: &mut GaugeValueEncoder<'_>) -> Result<(), fmt::Error> {
        match self.0.to_i64() {
            Some(won) => EncodeGaugeValue::encode(&won, encoder),
            None => EncodeGaugeValue::encode(&self.as_f64(), encoder),
        }
    }
}

impl EncodeCounterValue for Amount {
    fn encode(&self, encoder: &mut CounterValueEncoder<'_>) -> Result<(), fmt::Error> {
        match self.0.to_i64().and_then(|won| u64::try_from(won).ok()) {
            Some(won) => EncodeCounterValue::encode(&won, encoder),
            None => EncodeCounterValue::encode(&self.as_f64(), encoder),
        }
    }
}

/// The states of the forecast, each a sample of `solapi_cash_forecast_state` (1 for the one
/// in force, 0 for the others).
const FORECAST_STATES: [&str; 4] = ["days", "autoRecharge", "replenished", "notSpending"];

/// The targets' states at one scrape.
#[derive(Debug)]
struct Scrape {
    now: Instant,
    targets: Vec<(String, State)>,
}

type Labels = Vec<(&'static str, String)>;

/// Writes one family: `sample` gives each target's samples (label sets beyond `profile`
/// and values); a family without any sample is left out.
fn family<M: EncodeMetric>(
    encoder: &mut DescriptorEncoder<'_>,
    scrape: &Scrape,
    name: &str,
    help: &str,
    unit: Option<Unit>,
    kind: MetricType,
    sample: impl Fn(&State) -> Vec<(Labels, M)>,
) -> Result<(), fmt::Error> {
    let samples: Vec<(Labels, M)> = scrape
        .targets
        .iter()
        .flat_map(|(profile, state)| {
            sample(state).into_iter().map(move |(mut labels, metric)| {
                labels.insert(0, ("profile", profile.clone()));
                (labels, metric)
            })
        })
        .collect();
    if samples.is_empty() {
        return Ok(());
    }
    let mut metric = encoder.encode_descriptor(name, help, unit.as_ref(), kind)?;
    for (labels, value) in &samples {
        value.encode(metric.encode_family(labels)?)?;
    }
    Ok(())
}

fn krw() -> Option<Unit> {
    Some(Unit::Other("krw".to_owned()))
}

fn gauge(v: impl Into<i64>) -> ConstGauge<i64> {
    ConstGauge::new(v.into())
}

/// One sample without labels beyond `profile`, when `value` is known.
fn one<M>(value: Option<M>) -> Vec<(Labels, M)> {
    value.map(|v| (Vec::new(), v)).into_iter().collect()
}

fn amount(m: &Option<Money>) -> Option<ConstGauge<Amount>> {
    m.clone().map(|m| ConstGauge::new(Amount(m)))
}

impl Collector for Scrape {
    fn encode(&self, mut e: DescriptorEncoder<'_>) -> Result<(), fmt::Error> {
        let e = &mut e;
        let last = |s: &State| s.last.clone();
        family(
            e,
            self,
            "up",
            "Whether the last read of the balance succeeded (1) or failed (0); the other values are then those of the last successful read.",
            None,
            MetricType::Gauge,
            |s| one(Some(gauge(i64::from(s.up)))),
        )?;
        family(
            e,
            self,
            "account",
            "The account of the profile.",
            None,
            MetricType::Info,
            |s| {
                let account = last(s).and_then(|r| r.account);
                one(account
                    .map(|a| prometheus_client::metrics::info::Info::new(vec![("account", a)])))
            },
        )?;
        family(
            e,
            self,
            "balance",
            "The cash balance, in won.",
            krw(),
            MetricType::Gauge,
            |s| one(last(s).and_then(|r| amount(&r.balance))),
        )?;
        family(
            e,
            self,
            "point",
            "The point balance (spent before the cash), in won.",
            krw(),
            MetricType::Gauge,
            |s| one(last(s).and_then(|r| amount(&r.point))),
        )?;
        family(
            e,
            self,
            "auto_recharge_enabled",
            "Whether auto-recharge is on (1) or off (0).",
            None,
            MetricType::Gauge,
            |s| {
                one(last(s)
                    .and_then(|r| r.auto_recharge)
                    .map(|on| gauge(i64::from(on))))
            },
        )?;
        family(
            e,
            self,
            "auto_recharge_threshold",
            "The balance at which auto-recharge recharges (minimumCash), in won.",
            krw(),
            MetricType::Gauge,
            |s| one(last(s).and_then(|r| amount(&r.auto_recharge_threshold))),
        )?;
        family(
            e,
            self,
            "auto_recharge_target",
            "The balance auto-recharge recharges to (rechargeTo), in won.",
            krw(),
            MetricType::Gauge,
            |s| one(last(s).and_then(|r| amount(&r.auto_recharge_target))),
        )?;
        family(
            e,
            self,
            "alert_enabled",
            "Whether the service's low-balance alert is on (1) or off (0).",
            None,
            MetricType::Gauge,
            |s| {
                one(last(s)
                    .and_then(|r| r.alert_enabled)
                    .map(|on| gauge(i64::from(on))))
            },
        )?;
        family(
            e,
            self,
            "alert_threshold",
            "The service's low-balance alert thresholds, in won (label n: 1, 2, 3 in the service's order).",
            krw(),
            MetricType::Gauge,
            |s| {
                last(s)
                    .map(|r| r.alert_thresholds)
                    .unwrap_or_default()
                    .into_iter()
                    .enumerate()
                    .map(|(i, m)| (vec![("n", (i + 1).to_string())], ConstGauge::new(Amount(m))))
                    .collect()
            },
        )?;
        family(
            e,
            self,
            "last_read_age",
            "Seconds since the last successful read (monotonic clock).",
            Some(Unit::Seconds),
            MetricType::Gauge,
            |s| {
                one(s
                    .last_ok
                    .map(|at| ConstGauge::new(crate::schedule::age(at, self.now).as_secs_f64())))
            },
        )?;
        family(
            e,
            self,
            "reads",
            "Reads of the service attempted (at most one per --refresh, whatever the number of scrapes).",
            None,
            MetricType::Counter,
            |s| one(Some(ConstCounter::new(s.reads))),
        )?;
        family(
            e,
            self,
            "read_errors",
            "Failed reads by kind (connect, timeout, network, rate_limited, authentication, permission_denied, server, decode, ledger, other).",
            None,
            MetricType::Counter,
            |s| {
                s.errors
                    .iter()
                    .map(|(kind, n)| (vec![("kind", (*kind).to_owned())], ConstCounter::new(*n)))
                    .collect()
            },
        )?;
        family(
            e,
            self,
            "spent",
            "What sending has cost over the whole local ledger, in won (rate() gives the burn rate; as recent as the ledger's last sync).",
            krw(),
            MetricType::Counter,
            |s| {
                one(last(s)
                    .and_then(|r| r.ledger)
                    .map(|l| ConstCounter::new(Amount(l.spent_total))))
            },
        )?;
        family(
            e,
            self,
            "forecast_left",
            "Seconds until balance + point run out at the last week's burn rate (from the ledger); absent when solapi_cash_forecast_state says there is no number.",
            Some(Unit::Seconds),
            MetricType::Gauge,
            |s| {
                one(last(s)
                    .and_then(|r| r.ledger)
                    .and_then(|l| l.forecast.seconds_left)
                    .map(|secs| ConstGauge::new(i64::try_from(secs).unwrap_or(i64::MAX))))
            },
        )?;
        family(
            e,
            self,
            "forecast_state",
            "Why the forecast is or is not a number: days, autoRecharge, replenished (recharged at least what was spent in the window), notSpending; 1 for the state in force.",
            None,
            MetricType::Gauge,
            |s| {
                let Some(state) = last(s)
                    .and_then(|r| r.ledger)
                    .map(|l| state_name(&l.forecast.days_left))
                else {
                    return Vec::new();
                };
                FORECAST_STATES
                    .iter()
                    .map(|name| {
                        (
                            vec![("state", (*name).to_owned())],
                            gauge(i64::from(*name == state)),
                        )
                    })
                    .collect()
            },
        )?;
        Ok(())
    }
}

fn state_name(days_left: &DaysLeft) -> &'static str {
    days_left.state()
}

/// The OpenMetrics text of `targets` at `now` (monotonic: the ages).
pub fn render(targets: &[std::sync::Arc<Target>], now: Instant) -> String {
    let scrape = Scrape {
        now,
        targets: targets
            .iter()
            .map(|t| (t.profile().to_owned(), t.state()))
            .collect(),
    };
    let mut registry = Registry::with_prefix(PREFIX);
    registry.register_collector(Box::new(scrape));
    let mut text = String::new();
    // Writing into a String cannot fail.
    let _ = prometheus_client::encoding::text::encode(&mut text, &registry);
    text
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;
    use std::time::{Duration, Instant};

    use solapi_cash_blocking::{BalanceResponse, Flag, LowBalanceAlert};
    use time::macros::datetime;

    use super::*;
    use crate::reading::{LedgerFigures, ReadError, Reading, Source};
    use crate::schedule::Schedule;

    /// A full reading (every figure, a ledger with a forecast in days), then a failure.
    struct Full(std::sync::atomic::AtomicBool);

    impl Source for Full {
        fn read(&self) -> Result<(Reading, Option<ReadError>), ReadError> {
            if self.0.swap(true, std::sync::atomic::Ordering::SeqCst) {
                return Err(ReadError {
                    kind: "rate_limited",
                    message: "429".into(),
                });
            }
            let mut b =
                BalanceResponse::new(Money::from_i64(93_000), "0.5".parse::<Money>().unwrap());
            b.account_id = Some("ACC".into());
            b.auto_recharge = Some(Flag::from(false));
            b.minimum_cash = Some(Money::from_i64(10_000));
            b.recharge_to = Some(Money::from_i64(50_000));
            let mut alert = LowBalanceAlert::new();
            alert.enabled = Some(true);
            alert.balances = Some(vec![Money::from_i64(1000), Money::from_i64(5000)]);
            b.low_balance_alert = Some(alert);
            let mut reading = Reading::from_balance(&b);
            let entry = solapi_cash_types::HistoryEntry::builder(
                "000000000000000000000001",
                "ACC",
                solapi_cash_types::HistoryType::Deduct,
                datetime!(2026-06-05 00:00 UTC),
            )
            .balance_amount(-7000)
            .build();
            let forecast = solapi_cash_ledger::forecast(
                [&entry],
                datetime!(2026-06-08 00:00 UTC),
                7,
                None,
                &reading.left().unwrap(),
                false,
            )
            .unwrap();
            reading.ledger = Some(LedgerFigures {
                spent_total: "12345.5".parse().unwrap(),
                forecast,
            });
            Ok((reading, None))
        }
    }

    fn full_output() -> String {
        let target = Arc::new(Target::new(
            "shop",
            Box::new(Full(false.into())),
            Schedule::new(Duration::ZERO),
        ));
        let t0 = Instant::now();
        assert!(target.refresh(t0, || t0));
        let t1 = t0 + Duration::from_secs(90);
        assert!(target.refresh(t1, || t1));
        render(&[target], t1 + Duration::from_millis(500))
    }

    /// The names of the samples of an OpenMetrics text.
    fn sample_names(text: &str) -> Vec<String> {
        text.lines()
            .filter(|l| !l.starts_with('#') && !l.is_empty())
            .map(|l| l.split(['{', ' ']).next().unwrap_or_default().to_owned())
            .collect()
    }

    /// Every `solapi_cash_…` word of a text.
    fn names_in(text: &str) -> Vec<String> {
        let mut out = Vec::new();
        let mut rest = text;
        while let Some(at) = rest.find("solapi_cash_") {
            let word: String = rest[at..]
                .chars()
                .take_while(|c| c.is_ascii_alphanumeric() || *c == '_')
                .collect();
            rest = &rest[at + word.len()..];
            // The prefix alone, as the docs write it, names no metric.
            if !word.ends_with('_') {
                out.push(word);
            }
        }
        out
    }

    #[test]
    fn the_last_values_with_up_0_and_exact_integers() {
        let text = full_output();
        let line = |series: &str| {
            text.lines()
                .find_map(|l| l.strip_prefix(series)?.strip_prefix(' '))
                .unwrap_or_else(|| panic!("{series}\n{text}"))
        };
        for (series, value) in [
            (r#"solapi_cash_up{profile="shop"}"#, "0"),
            (r#"solapi_cash_balance_krw{profile="shop"}"#, "93000"),
            (r#"solapi_cash_point_krw{profile="shop"}"#, "0.5"),
            (
                r#"solapi_cash_alert_threshold_krw{profile="shop",n="2"}"#,
                "5000",
            ),
            (r#"solapi_cash_spent_krw_total{profile="shop"}"#, "12345.5"),
            (
                r#"solapi_cash_read_errors_total{profile="shop",kind="rate_limited"}"#,
                "1",
            ),
            (
                r#"solapi_cash_last_read_age_seconds{profile="shop"}"#,
                "90.5",
            ),
            (
                r#"solapi_cash_forecast_state{profile="shop",state="days"}"#,
                "1",
            ),
            // 93000.5 at 7000 a week (7 × 86400 s): 8,035,243.2 s, rounded down.
            (
                r#"solapi_cash_forecast_left_seconds{profile="shop"}"#,
                "8035243",
            ),
        ] {
            assert_eq!(line(series), value, "{series}");
        }
    }

    #[test]
    fn the_docs_name_only_metrics_it_writes() {
        let text = full_output();
        let written = sample_names(&text);
        for (family, _) in FAMILIES {
            let sample = (*family).to_owned();
            assert!(
                written.contains(&sample),
                "{sample} is listed but not written\n{text}"
            );
        }
        let docs = [
            include_str!("../../../docs/monitoring/alerts.yml"),
            include_str!("../../../docs/monitoring.md"),
        ];
        for doc in docs {
            for name in names_in(doc) {
                assert!(
                    written.contains(&name),
                    "the docs name {name}, which is not written\n{text}"
                );
            }
        }
    }
}
