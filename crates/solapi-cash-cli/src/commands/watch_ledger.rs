//! The ledger's figures for `balance`, `check` and `exporter`: what sending cost and the
//! days-left forecast (`solapi_cash_ledger::forecast`), when the account has a ledger.

use std::path::PathBuf;

use solapi_cash_blocking::{BalanceResponse, Flag};
use solapi_cash_exporter::LedgerFigures;
use solapi_cash_ledger::FORECAST_WINDOW_DAYS;
use time::OffsetDateTime;

use crate::failure::Failure;
use crate::ledger_args::DbArg;
use crate::settings::Settings;

/// The ledger file of these settings, when it exists (nothing is created; without a home
/// directory there is no default ledger).
pub(crate) fn existing(db: &DbArg, settings: &Settings) -> Result<Option<PathBuf>, Failure> {
    let path = match crate::ledger_path::path(db, settings) {
        Ok(path) => path,
        Err(_) if db.db.is_none() => return Ok(None),
        Err(e) => return Err(e),
    };
    Ok(path.exists().then_some(path))
}

/// The figures for `balance` as just read: `None` without a ledger or without a balance.
pub(crate) fn figures(
    db: &DbArg,
    settings: &Settings,
    balance: &BalanceResponse,
) -> Result<Option<LedgerFigures>, Failure> {
    let (Some(path), Some(left)) = (existing(db, settings)?, balance.spendable()) else {
        return Ok(None);
    };
    let auto = balance.auto_recharge.as_ref().and_then(Flag::is_on) == Some(true);
    let figures = solapi_cash_exporter::ledger_figures(
        &path,
        balance.account_id.as_deref(),
        OffsetDateTime::now_utc(),
        FORECAST_WINDOW_DAYS,
        &left,
        auto,
    )?;
    Ok(Some(figures))
}
