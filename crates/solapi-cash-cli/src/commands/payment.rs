//! `payment` and `payment list`, and the choice of a card for a recharge on a terminal.

use std::io::Write;

use serde::Serialize;
use solapi_cash_blocking::{Client, Flag, PaymentMethod, Payments};

use crate::api_error;
use crate::args::{Format, PaymentListArgs};
use crate::commands::card_entry;
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::operator_args::{PaymentCommand, PaymentSubcommand};
use crate::output::{Cell, Col, Field, Kept, Row, RowWriter, kept, write_json_pretty};
use crate::prompt;
use crate::settings::Settings;

pub(crate) fn run(ctx: &mut Context<'_>, command: &PaymentCommand) -> Result<(), Failure> {
    match &command.action {
        None => list(ctx, &command.list),
        Some(PaymentSubcommand::List(args)) => list(ctx, args),
        Some(PaymentSubcommand::Add(args)) => card_entry::add(ctx, args),
        Some(PaymentSubcommand::Remove(args)) => card_entry::remove(ctx, args),
    }
}

fn list(ctx: &mut Context<'_>, args: &PaymentListArgs) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let client = ctx.client(&settings)?;
    let page = Payments::new().offset(args.offset).limit(args.limit);
    let list = client
        .payments(&page)
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    if ctx.out.format == Format::Json {
        // The answer as sent: the envelope's own fields are kept too.
        write_json_pretty(&mut ctx.out, &list)?;
        ctx.out.write_all(b"\n")?;
        return Ok(ctx.out.flush()?);
    }
    if !list.extra.is_empty() {
        let names: Vec<&str> = list.extra.iter().map(|(name, _)| name).collect();
        ctx.msg.warn(&format!(
            "the answer has fields beside the list ({}) that rows cannot hold: \
             --output json prints them",
            names.join(", ")
        ));
    }
    let mut rows = RowWriter::start(&mut ctx.out)?;
    for method in list.payments {
        rows.write(&mut ctx.out, &MethodRow(method))?;
    }
    if rows.finish(&mut ctx.out)? == 0 && ctx.out.format == Format::Table {
        ctx.msg.note("no payment methods are registered");
    }
    Ok(())
}

/// How many cards a recharge offers to choose from (one page).
const CHOICES: u64 = 100;

/// The card a recharge on a terminal charges when none was given: the registered ones are
/// listed on standard error and the person picks one by its number. Nothing is charged when
/// there is none, or nothing (or no valid number) is picked.
pub(crate) fn choose(
    ctx: &Context<'_>,
    client: &Client,
    settings: &Settings,
) -> Result<String, Failure> {
    let list = client
        .payments(&Payments::new().limit(CHOICES))
        .map_err(|e| api_error::failure(&e, settings, Some(client)))?;
    let cards = list.payments;
    if cards.is_empty() {
        return Err(Failure::usage(
            "no payment method is registered on the account: nothing was charged",
        )
        .hint("register a card in SOLAPI's console, then recharge again"));
    }
    ctx.msg
        .note("No --payment-id given. Registered payment methods:");
    for (n, card) in (1u64..).zip(&cards) {
        ctx.msg.note(&format!("  {n}) {}", describe(card)));
    }
    let answer = prompt::ask(
        &format!("Card to charge (1-{}, nothing to cancel): ", cards.len()),
        false,
    )?;
    let answer = answer.trim();
    if answer.is_empty() {
        return Err(Failure::new(Exit::Other, "cancelled: nothing was charged"));
    }
    let picked = answer
        .parse::<usize>()
        .ok()
        .and_then(|n| n.checked_sub(1))
        .and_then(|i| cards.get(i));
    match picked {
        Some(card) => Ok(card.id.clone()),
        None => Err(Failure::usage(format!(
            "no card numbered `{answer}`: nothing was charged"
        ))),
    }
}

/// One line about a card: description, id, expiry, auto-recharge.
fn describe(card: &PaymentMethod) -> String {
    let mut text = match &card.description {
        Some(d) => format!("{d}  {}", card.id),
        None => card.id.clone(),
    };
    if let Some(exp) = &card.exp_date {
        text.push_str(&format!("  expires {exp}"));
    }
    if let Some(auto) = card.auto_recharge.as_ref().map(auto_recharge) {
        text.push_str(&format!("  auto recharge {auto}"));
    }
    text
}

/// A card's auto-recharge setting for people: `off`, `priority 1`, `on` (a boolean of the
/// 2018 pages), or the value as sent when it is none of these.
fn auto_recharge(flag: &Flag) -> String {
    match (flag.is_on(), flag.as_number()) {
        (Some(false), _) => "off".to_owned(),
        (Some(true), Some(n)) => format!("priority {n}"),
        (Some(true), None) => "on".to_owned(),
        (None, _) => flag.to_string(),
    }
}

/// One payment method: the API's fields as sent.
#[derive(Serialize)]
#[serde(transparent)]
struct MethodRow(PaymentMethod);

impl Row for MethodRow {
    const TABLE: &'static [Col] = &[
        Col::left("payment id"),
        Col::left("description"),
        Col::left("expires"),
        Col::left("auto recharge"),
        Col::zoned("registered"),
    ];

    const FIELDS: &'static [Field] = &[
        Field::of("_id"),
        Field::of("description"),
        Field::of("autoRecharge"),
        Field::of("expDate"),
        Field::zoned("dateCreated"),
        Field::zoned("dateUpdated"),
    ];

    const SHEET: &'static str = "payment methods";
    const OPEN: bool = true;

    fn table_cells(&self) -> Vec<Cell> {
        let m = &self.0;
        vec![
            Cell::Id(m.id.clone()),
            Cell::opt(m.description.as_deref()),
            Cell::opt(m.exp_date.as_deref()),
            m.auto_recharge
                .as_ref()
                .map_or(Cell::Empty, |f| Cell::Text(auto_recharge(f))),
            m.date_created.clone().map_or(Cell::Empty, Cell::Date),
        ]
    }

    fn field_cells(&self) -> Vec<Cell> {
        let m = &self.0;
        vec![
            Cell::Id(m.id.clone()),
            Cell::opt(m.description.as_deref()),
            m.auto_recharge
                .as_ref()
                .map_or(Cell::Empty, |f| Cell::Text(f.to_string())),
            Cell::opt(m.exp_date.as_deref()),
            m.date_created.clone().map_or(Cell::Empty, Cell::Date),
            m.date_updated.clone().map_or(Cell::Empty, Cell::Date),
        ]
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}
