//! The forecast in `balance`, when the account has a ledger: a line under the table, a
//! `forecast` member beside the answer's fields in json and ndjson (csv and xlsx keep the
//! API's fields alone).

use std::io::Write;

use serde::Serialize;
use solapi_cash_exporter::LedgerFigures;
use solapi_cash_ledger::FORECAST_WINDOW_DAYS;
use solapi_cash_types::Money;
use time::format_description::well_known::Rfc3339;

use crate::args::Format;
use crate::output::{Out, grouped, write_json, write_json_pretty};

/// The `forecast` member.
#[derive(Debug, Serialize)]
#[serde(rename_all = "camelCase")]
pub(crate) struct ForecastView {
    /// `days`, `autoRecharge`, `replenished` or `notSpending`.
    state: &'static str,
    /// Whole days left at the window's rate; `null` when `state` says there is no number.
    days_left: Option<u64>,
    /// The same in words.
    note: String,
    window_days: u32,
    from: String,
    to: String,
    /// Spent on sending in the window.
    spent: Money,
    /// Per day, rounded half up to two decimals.
    per_day: Money,
    /// Recharged in the window.
    recharged: Money,
    /// Spent on sending over the whole ledger.
    spent_total: Money,
}

impl ForecastView {
    pub(crate) fn new(figures: &LedgerFigures) -> ForecastView {
        let f = &figures.forecast;
        let date = |t: time::OffsetDateTime| t.format(&Rfc3339).unwrap_or_default();
        ForecastView {
            state: f.days_left.state(),
            days_left: f.days_left.days(),
            note: f.days_left.describe(),
            window_days: FORECAST_WINDOW_DAYS,
            from: date(f.from),
            to: date(f.to),
            spent: f.spent.clone(),
            per_day: f.per_day.clone(),
            recharged: f.recharged.clone(),
            spent_total: figures.spent_total.clone(),
        }
    }
}

/// The answer's fields and the forecast, as one object.
#[derive(Serialize)]
struct WithForecast<'a, T: Serialize> {
    #[serde(flatten)]
    answer: &'a T,
    forecast: ForecastView,
}

/// Writes `answer` with a `forecast` member (json and ndjson).
pub(crate) fn write_json_with<T: Serialize>(
    out: &mut Out,
    answer: &T,
    figures: &LedgerFigures,
) -> std::io::Result<()> {
    let both = WithForecast {
        answer,
        forecast: ForecastView::new(figures),
    };
    if out.format == Format::Ndjson {
        write_json(&mut *out, &both)?;
    } else {
        write_json_pretty(&mut *out, &both)?;
    }
    writeln!(out)
}

/// The table's lines: the days left (or why there is no number) and the rate behind them.
pub(crate) fn write_lines(out: &mut Out, figures: &LedgerFigures) -> std::io::Result<()> {
    let f = &figures.forecast;
    let style = out.style;
    writeln!(out)?;
    writeln!(
        out,
        "{}: {}",
        style.bold("days left"),
        f.days_left.describe()
    )?;
    writeln!(
        out,
        "{}: {} won in the last {FORECAST_WINDOW_DAYS} days, {} won a day (from the ledger, as of its last sync)",
        style.bold("spent on sending"),
        grouped(&f.spent),
        grouped(&f.per_day),
    )?;
    out.flush()
}
