//! `alert show | set | on | off`: the low-balance alert (`GET`/`PUT /cash/v1/balance/alert`,
//! `PUT /cash/v1/balance/alert/switch`). The thresholds and channels are checked by the
//! models' own rules (`check_alert`, which the emulator applies too) before anything is sent;
//! `on` and `off` read the alert first and send nothing when it is so already. After a write
//! the alert is read back and shown, so that what is printed is what the service holds.

use std::io::Write;

use serde::Serialize;
use solapi_cash_blocking::Client;
use solapi_cash_types::models::{AlertInfo, AlertSettings, check_alert};

use crate::api_error;
use crate::args::Format;
use crate::commands::balance::{self, kept_with_alert};
use crate::commands::balance_words;
use crate::commands::confirm::Confirmation;
use crate::commands::second_factor::{self, Guarded};
use crate::context::Context;
use crate::failure::Failure;
use crate::operator_args::{AlertCommand, AlertSetArgs, SwitchArgs};
use crate::output::{Cell, Kept, Record, visible, write_record};
use crate::settings::Settings;

/// The alert's writes, for the second factor's messages.
const CHANGE: Guarded<'static> = Guarded {
    what: "the change of the alert",
    nothing: "nothing was changed",
    repeat: "repeat the same command",
};

pub(crate) fn run(ctx: &mut Context<'_>, command: &AlertCommand) -> Result<(), Failure> {
    match command {
        AlertCommand::Show => {
            let settings = ctx.settings_with_dates()?;
            let client = ctx.client(&settings)?;
            let alert = read(&client, &settings)?;
            show(ctx, &alert)
        }
        AlertCommand::Set(args) => set(ctx, args),
        AlertCommand::On(args) => switch(ctx, args, true),
        AlertCommand::Off(args) => switch(ctx, args, false),
    }
}

/// `GET /cash/v1/balance/alert`.
fn read(client: &Client, settings: &Settings) -> Result<AlertInfo, Failure> {
    client
        .alert()
        .map_err(|e| api_error::failure(&e, settings, Some(client)))
}

/// The alert in words (table), or as sent (every other format).
fn show(ctx: &mut Context<'_>, alert: &AlertInfo) -> Result<(), Failure> {
    if ctx.out.format == Format::Table {
        let style = ctx.out.style;
        let words = balance_words::alert(alert.low_balance_alert.as_ref());
        writeln!(
            ctx.out,
            "{}: {}",
            style.bold("low-balance alert"),
            visible(&words)
        )?;
        ctx.out.flush()?;
        return Ok(());
    }
    Ok(write_record(&mut ctx.out, &AlertView(alert))?)
}

/// The alert's state in a few words, for questions and notes.
fn words(alert: &AlertInfo) -> String {
    balance_words::alert(alert.low_balance_alert.as_ref())
}

fn set(ctx: &mut Context<'_>, args: &AlertSetArgs) -> Result<(), Failure> {
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the change of the alert",
        "change the alert",
        "nothing was changed",
    )?;
    // The rules of the models crate, before anything is sent (the emulator applies the same).
    let balances = check_alert(&args.at, &args.channels)
        .map_err(|e| Failure::usage(format!("{e}: nothing was sent")))?;
    let request = AlertSettings::new(balances.iter().map(|w| w.get()), args.channels.clone())
        .map_err(|e| Failure::usage(format!("{e}: nothing was sent")))?;
    let settings = ctx.settings_with_dates()?;
    let client = ctx.client(&settings)?;
    if !confirmation.assumed() {
        let now = read(&client, &settings)?;
        let at: Vec<String> = balances
            .iter()
            .map(|w| crate::output::grouped(&w.to_money()))
            .collect();
        confirmation.ask(&format!(
            "Set the low-balance alert to {} won, by {} (now {})?",
            at.join(", "),
            args.channels.join(", "),
            words(&now)
        ))?;
    }
    second_factor::send(ctx, &CHANGE, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.set_alert_with_mfa(&request, mfa),
        None => client.set_alert(&request),
    })?
    .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    ctx.msg
        .note("the low-balance alert's thresholds and channels were set");
    let alert = read(&client, &settings)?;
    show(ctx, &alert)
}

fn switch(ctx: &mut Context<'_>, args: &SwitchArgs, on: bool) -> Result<(), Failure> {
    let word = if on { "on" } else { "off" };
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the switch",
        &format!("turn the alert {word}"),
        "nothing was changed",
    )?;
    let settings = ctx.settings_with_dates()?;
    let client = ctx.client(&settings)?;
    let before = read(&client, &settings)?;
    let enabled = before.low_balance_alert.as_ref().and_then(|a| a.enabled);
    if enabled == Some(on) {
        ctx.msg.note(&format!(
            "the low-balance alert is already {word}: nothing was sent"
        ));
        return show(ctx, &before);
    }
    confirmation.ask(&format!(
        "Turn the low-balance alert {word} (now {})?",
        words(&before)
    ))?;
    let answer = second_factor::send(ctx, &CHANGE, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.switch_alert_with_mfa(on, mfa),
        None => client.switch_alert(on),
    })?
    .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    match answer.enabled {
        Some(now) if now == on => ctx
            .msg
            .note(&format!("the low-balance alert was turned {word}")),
        _ => ctx.msg.warn(&format!(
            "the service's answer does not say that the alert is {word}; reading it back"
        )),
    }
    let after = read(&client, &settings)?;
    show(ctx, &after)
}

/// The answer to `GET /cash/v1/balance/alert`, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct AlertView<'a>(&'a AlertInfo);

impl Record for AlertView<'_> {
    const SHEET: &'static str = "alert";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept_with_alert(&self.0.extra, self.0.low_balance_alert.as_ref())
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let info = self.0;
        let mut fields = balance::alert_fields(info.low_balance_alert.as_ref());
        fields.extend([
            ("account", "_id", Cell::id(info.id.as_deref())),
            (
                "created",
                "dateCreated",
                info.date_created.clone().map_or(Cell::Empty, Cell::Date),
            ),
            (
                "updated",
                "dateUpdated",
                info.date_updated.clone().map_or(Cell::Empty, Cell::Date),
            ),
        ]);
        fields
    }
}
