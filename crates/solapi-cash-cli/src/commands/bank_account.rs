//! `bank-account show`: the registered bank account (`GET /cash/v1/bank/accounts`). The account
//! number is personal data: it is masked in every output, json included (as the service masks
//! it, or only its last four digits when it is sent whole), and never logged.

use std::io::Write;

use serde::Serialize;
use solapi_cash_types::models::BankAccountInfo;

use crate::api_error;
use crate::args::Format;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Kept, Record, kept, mask_kept_account_numbers, write_record};

pub(crate) fn show(ctx: &mut Context<'_>) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let client = ctx.client(&settings)?;
    let mut account = client
        .bank_account()
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    // The only form of the number that leaves this function.
    account.account_number = account.masked_number();
    // And any other form of it (a JSON number lands among the kept fields, as sent).
    mask_kept_account_numbers(&mut account.extra);
    let view = BankAccountView(account);
    if ctx.out.format == Format::Table && view.is_empty() {
        writeln!(
            ctx.out,
            "the service sent no bank account ({{}}): none is registered, or it shows none"
        )?;
        ctx.out.flush()?;
        return Ok(());
    }
    Ok(write_record(&mut ctx.out, &view)?)
}

/// The answer, its number masked.
#[derive(Serialize)]
#[serde(transparent)]
struct BankAccountView(BankAccountInfo);

impl BankAccountView {
    fn is_empty(&self) -> bool {
        self.0 == BankAccountInfo::new()
    }
}

impl Record for BankAccountView {
    const SHEET: &'static str = "bank account";
    const OPEN: bool = true;

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let b = &self.0;
        account_fields(&b.bank_code, &b.account_number, &b.holder_name)
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}

/// A bank account's fields as a record shows them (the number as given: masked by the
/// caller).
pub(crate) fn account_fields(
    bank_code: &Option<String>,
    account_number: &Option<String>,
    holder_name: &Option<String>,
) -> Vec<(&'static str, &'static str, Cell)> {
    let text = |t: &Option<String>| t.clone().map_or(Cell::Empty, Cell::Text);
    vec![
        ("bank", "bankCode", text(bank_code)),
        ("account number", "accountNumber", text(account_number)),
        ("holder", "holderName", text(holder_name)),
    ]
}
