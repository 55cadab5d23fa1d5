//! `payment add` and `payment remove`: registering and removing a card.
//!
//! The card's number and CVC never come from the command line (other users can read command
//! lines): they are read from a prompt without echo, or from standard input one per line, and
//! go straight into the models' `NewCard`, whose rules (digits only once spaces and dashes are
//! dropped, Visa or MasterCard, an expiry not in the past) refuse bad input before anything is
//! sent. Neither is ever printed, logged or put in an error: the card is named by its brand
//! and last four digits.

use serde::Serialize;
use solapi_cash_blocking::{Client, Flag, PaymentMethod};
use solapi_cash_types::models::{
    CardExpiry, CardNumber, Cvc, NewCard, PaymentRemoval, PaymentRemoved, RegisteredCard,
    SettingsError,
};
use time::OffsetDateTime;

use crate::api_error;
use crate::commands::confirm::Confirmation;
use crate::commands::recharge::reason;
use crate::commands::second_factor::{self, Guarded};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::operator_args::{PaymentAddArgs, PaymentRemoveArgs};
use crate::output::{Cell, Kept, Record, kept, write_record};
use crate::prompt;
use crate::settings::Settings;
use crate::zone;

pub(crate) fn add(ctx: &mut Context<'_>, args: &PaymentAddArgs) -> Result<(), Failure> {
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the card's registration",
        "register it",
        "nothing was sent",
    )?;
    let refused = |e: SettingsError| Failure::usage(format!("{e}: nothing was sent"));
    let expiry = CardExpiry::parse(&args.exp).map_err(refused)?;
    // The settings first: `--api-secret-stdin` takes the first line of standard input. Their
    // time zone (Asia/Seoul by default) says which day it is for the expiry.
    let settings = ctx.settings_with_dates()?;
    let today = zone::time_date(ctx.out.zone.date_of(OffsetDateTime::now_utc()))
        .ok_or_else(|| Failure::new(Exit::Other, "today's date is out of range"))?;
    expiry.check_not_past(today).map_err(refused)?;
    let client = ctx.client(&settings)?;
    let number = CardNumber::parse(&prompt::read_secret("card number")?).map_err(refused)?;
    let cvc = Cvc::parse(&prompt::read_secret("CVC")?).map_err(refused)?;
    let mut card = NewCard::new(number, cvc, expiry, today).map_err(refused)?;
    if let Some(text) = &args.description {
        card = card.with_description(text).map_err(refused)?;
    }
    let described = card
        .description()
        .map(|d| format!(", described {d:?}"))
        .unwrap_or_default();
    confirmation.ask(&format!(
        "Register the card {} expiring {}{described} on the account (profile {}, {})?",
        card.number(),
        card.expiry(),
        settings.profile.value,
        settings.base_url.value
    ))?;
    let write = Guarded {
        what: "the card's registration",
        nothing: "nothing was registered",
        repeat: "repeat the same command (the card is asked for again)",
    };
    let added = second_factor::send(ctx, &write, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.add_payment_with_mfa(&card, mfa),
        None => client.add_payment(&card),
    })?;
    match added {
        Ok(answer) => {
            ctx.msg.note(&format!(
                "the card {} was registered as {}",
                card.number(),
                answer.payment_id
            ));
            Ok(write_record(&mut ctx.out, &Added(answer))?)
        }
        Err(e) => {
            let mut failure = api_error::failure(&e, &settings, Some(&client));
            if e.may_have_been_applied() {
                failure = failure.hint(format!(
                    "the answer was lost ({}): the card may have been registered; check \
                     `solapi-cash payment` before adding it again",
                    reason(&e)
                ));
            }
            Err(failure)
        }
    }
}

pub(crate) fn remove(ctx: &mut Context<'_>, args: &PaymentRemoveArgs) -> Result<(), Failure> {
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the card's removal",
        "remove it",
        "nothing was sent",
    )?;
    PaymentRemoval::checked(args.id.as_str())
        .map_err(|e| Failure::usage(format!("{e}: nothing was sent")))?;
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let (cards, whole) = cards(&client, &settings)?;
    let card = cards.iter().find(|c| c.id == args.id);
    if card.is_none() && whole {
        return Err(Failure::usage(format!(
            "no registered card has the id {}: nothing was sent",
            args.id
        ))
        .hint("`solapi-cash payment` lists the registered cards"));
    }
    let described = card
        .and_then(|c| c.description.as_deref())
        .map(|d| format!(" ({d})"))
        .unwrap_or_default();
    // Removing the card auto-recharge charges is worth a word in the question.
    let used = card
        .and_then(|c| c.auto_recharge.as_ref())
        .and_then(Flag::as_number)
        .filter(|n| n.is_positive())
        .map(|n| format!("; auto-recharge charges it (priority {n})"))
        .unwrap_or_default();
    confirmation.ask(&format!(
        "Remove the card {}{described} from the account (profile {}){used}?",
        args.id, settings.profile.value
    ))?;
    let write = Guarded {
        what: "the card's removal",
        nothing: "nothing was removed",
        repeat: "repeat the same command",
    };
    let removed = second_factor::send(ctx, &write, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.remove_payment_with_mfa(&args.id, mfa),
        None => client.remove_payment(&args.id),
    })?;
    match removed {
        Ok(answer) => {
            ctx.msg.note(&format!("the card {} was removed", args.id));
            Ok(write_record(&mut ctx.out, &Removed(answer))?)
        }
        Err(e) if e.may_have_been_applied() => {
            ctx.msg.warn(&format!(
                "the removal's answer was lost ({}); reading the card list again instead of \
                 removing a second time",
                reason(&e)
            ));
            settle_removal(ctx, &client, &settings, &args.id)
                .map_err(|failure| api_error::with_details(failure, &e, &settings))
        }
        Err(e) => Err(api_error::failure(&e, &settings, Some(&client))),
    }
}

/// How many cards are read at most to find one (one page).
const CARDS: u64 = 100;

/// The registered cards, and whether that is all of them.
fn cards(client: &Client, settings: &Settings) -> Result<(Vec<PaymentMethod>, bool), Failure> {
    let list = client
        .payments(&solapi_cash_blocking::Payments::new().limit(CARDS))
        .map_err(|e| api_error::failure(&e, settings, Some(client)))?;
    let whole = (list.payments.len() as u64) < CARDS;
    Ok((list.payments, whole))
}

/// After a removal whose answer was lost: gone from the list is done (exit 0); still listed,
/// or a list that cannot be read, is unknown (exit 6) — nothing is sent again.
fn settle_removal(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    id: &str,
) -> Result<(), Failure> {
    let unknown = |message: String| {
        Failure::new(Exit::RechargeUnknown, message)
            .hint("check with `solapi-cash payment` before removing it again")
    };
    match cards(client, settings) {
        Ok((cards, whole)) if whole && !cards.iter().any(|c| c.id == id) => {
            ctx.msg.note(&format!(
                "the card {id} is no longer registered: the removal was applied"
            ));
            Ok(())
        }
        Ok(_) => Err(unknown(format!(
            "the card {id} is still registered as of a read after the removal: it was not \
             applied, or not yet; nothing more was sent"
        ))),
        Err(failure) => Err(unknown(format!(
            "the removal may have been applied, and the card list could not be read again \
             ({}); nothing more was sent",
            failure.message
        ))),
    }
}

/// The answer to a registration, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct Added(RegisteredCard);

impl Record for Added {
    const SHEET: &'static str = "card";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let a = &self.0;
        vec![
            ("payment id", "paymentId", Cell::Id(a.payment_id.clone())),
            (
                "description",
                "description",
                Cell::opt(a.description.as_deref()),
            ),
            ("expires", "expDate", Cell::opt(a.exp_date.as_deref())),
        ]
    }
}

/// The answer to a removal, field for field.
#[derive(Serialize)]
#[serde(transparent)]
struct Removed(PaymentRemoved);

impl Record for Removed {
    const SHEET: &'static str = "removed card";
    const OPEN: bool = true;

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let r = &self.0;
        vec![
            ("payment id", "paymentId", Cell::id(r.payment_id.as_deref())),
            ("message", "message", Cell::opt(r.message.as_deref())),
        ]
    }
}
