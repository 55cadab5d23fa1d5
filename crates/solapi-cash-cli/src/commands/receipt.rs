//! `receipt HISTORY_ID`: the receipt of a recharge (`GET /cash/v1/receipt?historyId=`). The
//! service's answer is published only as `{}`, so nothing of it is dropped: json prints it with
//! every field as sent (but a bank account number, masked), the table shows the fields known from the history and then every other
//! one as sent (the records' usual rule for kept fields).

use std::io::Write;

use serde::Serialize;
use solapi_cash_types::models::{ReceiptInfo, check_history_id};

use crate::api_error;
use crate::args::{Format, ReceiptArgs};
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Kept, Record, kept, mask_kept_account_numbers, visible, write_record};

pub(crate) fn run(ctx: &mut Context<'_>, args: &ReceiptArgs) -> Result<(), Failure> {
    // The models' rule, before anything is sent (the emulator applies the same).
    check_history_id(&args.history_id)
        .map_err(|e| Failure::usage(format!("{e}: nothing was sent")))?;
    let settings = ctx.settings_with_dates()?;
    let client = ctx.client(&settings)?;
    let mut receipt = client
        .receipt(&args.history_id)
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    // Every field is printed as sent but a bank account's number (a recharge by bank transfer
    // may name one): personal data, masked in every output.
    mask_kept_account_numbers(&mut receipt.extra);
    let view = ReceiptView(&receipt);
    if ctx.out.format == Format::Table && view.fields_empty() {
        // The documented sample: an object with nothing in it. Say so rather than print
        // nothing.
        writeln!(
            ctx.out,
            "the service sent an empty receipt ({{}}) for {}",
            visible(&args.history_id)
        )?;
        ctx.out.flush()?;
        return Ok(());
    }
    Ok(write_record(&mut ctx.out, &view)?)
}

/// The answer to `GET /cash/v1/receipt`, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct ReceiptView<'a>(&'a ReceiptInfo);

impl ReceiptView<'_> {
    /// Whether the service sent no field at all.
    fn fields_empty(&self) -> bool {
        self.0.extra.iter().next().is_none()
            && self
                .fields()
                .iter()
                .all(|(_, _, c)| matches!(c, Cell::Empty))
    }
}

impl Record for ReceiptView<'_> {
    const SHEET: &'static str = "receipt";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let r = self.0;
        vec![
            ("history id", "historyId", Cell::id(r.history_id.as_deref())),
            ("account", "accountId", Cell::id(r.account_id.as_deref())),
            (
                "type",
                "type",
                r.kind
                    .as_ref()
                    .map_or(Cell::Empty, |k| Cell::Text(k.to_string())),
            ),
            (
                "method",
                "rechargeMethod",
                r.recharge_method
                    .as_ref()
                    .map_or(Cell::Empty, |m| Cell::Text(m.to_string())),
            ),
            (
                "recharged",
                "balanceAmount",
                r.balance_amount.clone().map_or(Cell::Empty, Cell::Money),
            ),
            (
                "date",
                "dateCreated",
                r.date_created.clone().map_or(Cell::Empty, Cell::Date),
            ),
        ]
    }
}
