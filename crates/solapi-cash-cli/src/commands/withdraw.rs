//! `withdraw list` and `withdraw show ID`: the account's withdrawals (`GET /cash/v1/withdraw`),
//! one page or every page through the core's `StartKeyPager` (`key_pages`), or one by its id. The bank
//! account's number is personal data: shown as the service masks it (`******7890`), and when
//! it is sent whole (or as a number), only its last four digits ([`WithdrawalView::new`]).

use serde::Serialize;
use solapi_cash_blocking::{WithdrawPage, WithdrawQuery, Withdrawal};
use solapi_cash_types::{DateBound, WithdrawStatus};

use crate::api_error;
use crate::args::{WithdrawListArgs, WithdrawShowArgs};
use crate::commands::key_pages::{self, KeyPage};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{
    Cell, Col, Field, Kept, Record, Row, kept, mask_kept_account_numbers, shown_account_number,
    visible, write_record,
};
use crate::values::undocumented;

pub(crate) fn list(ctx: &mut Context<'_>, args: &WithdrawListArgs) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let zone = &settings.tz.value;
    let (since, until) = key_pages::span(args.since.as_ref(), args.until.as_ref(), zone)?;
    let mut query = WithdrawQuery::new()
        .limit(args.pages.limit)
        .with_start_key(args.pages.start_key.as_deref());
    if let Some(status) = &args.status {
        // A state no page names finds nothing on an account that has none: say so, not only
        // "no withdrawals".
        if let Some(note) = undocumented("--status", status.as_str(), WithdrawStatus::known()) {
            ctx.msg.note(&note);
        }
        query = query.status(status.clone());
    }
    if let Some(at) = since {
        query = query.start_date(DateBound::from(at));
    }
    if let Some(at) = until {
        query = query.end_date(DateBound::from(at));
    }
    let query = key_pages::checked(query.build())?;
    let client = ctx.client(&settings)?;
    key_pages::print(
        ctx,
        &args.pages,
        query,
        "withdrawals",
        // Masked before anything prints it: json prints the page as sent but for this.
        |q| client.withdrawals(q).map(masked_page),
        |e| api_error::failure(e, &settings, Some(&client)),
    )
}

/// The longest withdrawal id sent (the documented ones have 31 digits).
const MAX_WITHDRAW_ID_LEN: usize = 64;

/// A malformed id (a space, a control character, `&`, too long) is refused before anything is
/// sent: the service would only answer with an empty page, taken for "no such withdrawal".
/// Letters, digits, `-` and `_` pass (the documented ids are digits; the rest is leeway).
fn check_withdraw_id(id: &str) -> Result<(), Failure> {
    let fault = if id.len() > MAX_WITHDRAW_ID_LEN {
        format!("the withdrawal id is longer than {MAX_WITHDRAW_ID_LEN} characters")
    } else if !id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'-' || b == b'_')
    {
        format!(
            "the withdrawal id {} may hold only letters, digits, - and _",
            visible(id)
        )
    } else {
        return Ok(());
    };
    Err(Failure::usage(format!("{fault}: nothing was sent")))
}

/// `page` with every withdrawal's bank account number masked ([`WithdrawalView::new`]), and
/// any field of the page itself named like one.
fn masked_page(mut page: WithdrawPage) -> WithdrawPage {
    page.data = page
        .data
        .into_iter()
        .map(|w| WithdrawalView::new(w).0)
        .collect();
    mask_kept_account_numbers(&mut page.extra);
    page
}

impl KeyPage for WithdrawPage {
    type Row = WithdrawalView;

    fn into_rows(self) -> (Vec<WithdrawalView>, Option<String>) {
        (
            self.data.into_iter().map(WithdrawalView::new).collect(),
            self.next_key,
        )
    }
}

pub(crate) fn show(ctx: &mut Context<'_>, args: &WithdrawShowArgs) -> Result<(), Failure> {
    check_withdraw_id(&args.withdraw_id)?;
    let query = key_pages::checked(
        WithdrawQuery::new()
            .withdraw_id(args.withdraw_id.clone())
            .build(),
    )?;
    let settings = ctx.settings_with_dates()?;
    let client = ctx.client(&settings)?;
    let page = client
        .withdrawals(&query)
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    // The service filters by id; the id is checked again in case it did not.
    let Some(found) = page
        .data
        .into_iter()
        .find(|w| w.withdraw_id == args.withdraw_id)
    else {
        return Err(Failure::new(
            Exit::Api,
            format!(
                "no withdrawal {} in this account",
                visible(&args.withdraw_id)
            ),
        ));
    };
    Ok(write_record(&mut ctx.out, &WithdrawalView::new(found))?)
}

/// One withdrawal, as sent but for the bank account's number (see [`WithdrawalView::new`]).
#[derive(Serialize)]
#[serde(transparent)]
pub(crate) struct WithdrawalView(pub(crate) Withdrawal);

impl WithdrawalView {
    /// The view of `withdrawal` with its bank account's number masked: as sent when the
    /// service masked it, else only its last four digits (in the field, and in any kept field
    /// named like it).
    pub(crate) fn new(mut withdrawal: Withdrawal) -> WithdrawalView {
        withdrawal.account_number = withdrawal
            .account_number
            .as_deref()
            .map(shown_account_number);
        mask_kept_account_numbers(&mut withdrawal.extra);
        WithdrawalView(withdrawal)
    }

    /// `(label, field, value)` of every known field, in the documented order.
    fn cells(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let w = &self.0;
        let money =
            |m: &Option<solapi_cash_types::Money>| m.clone().map_or(Cell::Empty, Cell::Money);
        let date =
            |t: &Option<solapi_cash_types::Timestamp>| t.clone().map_or(Cell::Empty, Cell::Date);
        let text = |t: Option<String>| t.map_or(Cell::Empty, Cell::Text);
        vec![
            (
                "withdraw id",
                "withdrawId",
                Cell::id(Some(w.withdraw_id.as_str())),
            ),
            ("account", "accountId", Cell::id(w.account_id.as_deref())),
            (
                "status",
                "status",
                text(w.status.as_ref().map(ToString::to_string)),
            ),
            ("amount", "amount", money(&w.amount)),
            ("fee", "fee", money(&w.fee)),
            ("total", "totalAmount", money(&w.total_amount)),
            ("bank", "bankCode", text(w.bank_code.clone())),
            // Masked: as the service masks it, or by `new` (and here again, for a view made
            // without it).
            (
                "bank account",
                "accountNumber",
                text(w.account_number.as_deref().map(shown_account_number)),
            ),
            ("holder", "holderName", text(w.holder_name.clone())),
            (
                "processing",
                "isProcessing",
                text(w.is_processing.map(|b| b.to_string())),
            ),
            (
                "confirmations",
                "confirmedCount",
                w.confirmed_count.map_or(Cell::Empty, Cell::Count),
            ),
            ("memo", "memo", text(w.memo.clone())),
            (
                "transaction",
                "transactionId",
                Cell::id(w.transaction_id.as_deref()),
            ),
            ("paid out", "transactionDate", date(&w.transaction_date)),
            ("confirmed", "dateConfirmed", date(&w.date_confirmed)),
            ("created", "dateCreated", date(&w.date_created)),
            ("updated", "dateUpdated", date(&w.date_updated)),
        ]
    }
}

impl Record for WithdrawalView {
    const SHEET: &'static str = "withdrawal";
    const OPEN: bool = true;

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        self.cells()
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}

impl Row for WithdrawalView {
    const TABLE: &'static [Col] = &[
        Col::zoned("created"),
        Col::right("total"),
        Col::right("fee"),
        Col::left("status"),
        Col::left("bank account"),
        Col::left("withdraw id"),
    ];

    const FIELDS: &'static [Field] = &[
        Field::of("withdrawId"),
        Field::of("accountId"),
        Field::of("status"),
        Field::of("amount"),
        Field::of("fee"),
        Field::of("totalAmount"),
        Field::of("bankCode"),
        Field::of("accountNumber"),
        Field::of("holderName"),
        Field::of("isProcessing"),
        Field::of("confirmedCount"),
        Field::of("memo"),
        Field::of("transactionId"),
        Field::zoned("transactionDate"),
        Field::zoned("dateConfirmed"),
        Field::zoned("dateCreated"),
        Field::zoned("dateUpdated"),
    ];

    const SHEET: &'static str = "withdrawals";
    const OPEN: bool = true;

    fn table_cells(&self) -> Vec<Cell> {
        let w = &self.0;
        vec![
            w.date_created.clone().map_or(Cell::Empty, Cell::Date),
            w.total_amount.clone().map_or(Cell::Empty, Cell::Money),
            w.fee.clone().map_or(Cell::Empty, Cell::Money),
            w.status
                .as_ref()
                .map_or(Cell::Empty, |s| Cell::Text(s.to_string())),
            w.account_number
                .as_deref()
                .map_or(Cell::Empty, |n| Cell::Text(shown_account_number(n))),
            Cell::id(Some(w.withdraw_id.as_str())),
        ]
    }

    fn field_cells(&self) -> Vec<Cell> {
        self.cells().into_iter().map(|(_, _, c)| c).collect()
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}
