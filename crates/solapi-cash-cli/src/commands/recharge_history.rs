//! `recharge history`: the recharges (`GET /cash/v1/recharge-history`), one page or every page
//! through the core's `StartKeyPager` (`key_pages`). The answer's shape is not published, so the page is
//! read liberally by the models and printed as sent in json.

use serde::Serialize;
use solapi_cash_blocking::{RechargeEntry, RechargeHistoryPage, RechargeHistoryQuery};
use solapi_cash_types::query::DateOp;

use crate::api_error;
use crate::args::RechargeHistoryArgs;
use crate::commands::key_pages::{self, KeyPage};
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Col, Field, Kept, Row, kept, mask_kept_account_numbers};

pub(crate) fn run(ctx: &mut Context<'_>, args: &RechargeHistoryArgs) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let zone = &settings.tz.value;
    let (since, until) = key_pages::span(args.since.as_ref(), args.until.as_ref(), zone)?;
    let mut query = RechargeHistoryQuery::new()
        .limit(args.pages.limit)
        .with_start_key(args.pages.start_key.as_deref());
    if let Some(at) = since {
        query = query.date_created(DateOp::Gte, at);
    }
    if let Some(at) = until {
        query = query.date_created(DateOp::Lt, at);
    }
    let query = key_pages::checked(query.build())?;
    let client = ctx.client(&settings)?;
    key_pages::print(
        ctx,
        &args.pages,
        query,
        "recharges",
        // A recharge by bank transfer may name the account it came from: masked before
        // anything prints it (json prints the page as sent but for this).
        |q| client.recharge_history(q).map(masked_page),
        |e| api_error::failure(e, &settings, Some(&client)),
    )
}

/// `page` with every field named like a bank account number masked
/// ([`mask_kept_account_numbers`]), in its entries and in the page itself.
fn masked_page(mut page: RechargeHistoryPage) -> RechargeHistoryPage {
    for entry in &mut page.entries {
        mask_kept_account_numbers(&mut entry.extra);
    }
    mask_kept_account_numbers(&mut page.extra);
    page
}

impl KeyPage for RechargeHistoryPage {
    type Row = EntryRow;

    fn into_rows(self) -> (Vec<EntryRow>, Option<String>) {
        (
            self.entries.into_iter().map(EntryRow).collect(),
            self.next_key,
        )
    }
}

/// One recharge, as sent.
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct EntryRow(RechargeEntry);

impl Row for EntryRow {
    const TABLE: &'static [Col] = &[
        Col::zoned("date"),
        Col::right("recharged"),
        Col::left("method"),
        Col::left("type"),
        Col::left("history id"),
    ];

    const FIELDS: &'static [Field] = &[
        Field::of("historyId"),
        Field::of("accountId"),
        Field::of("type"),
        Field::of("rechargeMethod"),
        Field::of("balanceAmount"),
        Field::of("pointAmount"),
        Field::of("newBalance"),
        Field::of("masterAccountId"),
        Field::of("targetAccountId"),
        Field::zoned("dateCreated"),
    ];

    const SHEET: &'static str = "recharges";
    const OPEN: bool = true;

    fn table_cells(&self) -> Vec<Cell> {
        let e = &self.0;
        vec![
            e.date_created.clone().map_or(Cell::Empty, Cell::Date),
            e.balance_amount.clone().map_or(Cell::Empty, Cell::Change),
            text(e.recharge_method.as_ref()),
            text(e.kind.as_ref()),
            Cell::id(e.history_id.as_deref()),
        ]
    }

    fn field_cells(&self) -> Vec<Cell> {
        let e = &self.0;
        vec![
            Cell::id(e.history_id.as_deref()),
            Cell::id(e.account_id.as_deref()),
            text(e.kind.as_ref()),
            text(e.recharge_method.as_ref()),
            e.balance_amount.clone().map_or(Cell::Empty, Cell::Money),
            e.point_amount.clone().map_or(Cell::Empty, Cell::Money),
            e.new_balance.clone().map_or(Cell::Empty, Cell::Money),
            Cell::id(e.master_account_id.as_deref()),
            Cell::id(e.target_account_id.as_deref()),
            e.date_created.clone().map_or(Cell::Empty, Cell::Date),
        ]
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}

fn text(value: Option<&impl ToString>) -> Cell {
    value.map_or(Cell::Empty, |v| Cell::Text(v.to_string()))
}
