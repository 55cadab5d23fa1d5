//! `auto-recharge show | set | on | off`. The state is read from the balance
//! (`autoRecharge`, `minimumCash`, `rechargeTo`) and the cards' priorities from the card list;
//! the settings go to `PUT /cash/v1/payment`, checked first by the models' own rules
//! (`check_auto_recharge`, which the emulator applies too) and against the registered cards.
//!
//! The switch is a toggle (`PUT /cash/v1/recharge` flips it), so `on` and `off` read the
//! state first and toggle only when it differs, and a toggle whose answer is lost is settled
//! by reading the state again — never by toggling a second time, which could undo the first.

use std::io::Write;

use serde::Serialize;
use solapi_cash_blocking::{BalanceResponse, Client, Flag, PaymentMethod, Payments};
use solapi_cash_types::Money;
use solapi_cash_types::models::{AutoRechargeSettings, check_auto_recharge};

use crate::api_error;
use crate::args::Format;
use crate::commands::balance_words;
use crate::commands::confirm::Confirmation;
use crate::commands::recharge::reason;
use crate::commands::second_factor::{self, Guarded};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::operator_args::{AutoRechargeCommand, AutoRechargeSetArgs, SwitchArgs};
use crate::output::{Cell, Record, grouped, visible, write_record};
use crate::settings::Settings;

pub(crate) fn run(ctx: &mut Context<'_>, command: &AutoRechargeCommand) -> Result<(), Failure> {
    match command {
        AutoRechargeCommand::Show => {
            let settings = ctx.settings()?;
            let client = ctx.client(&settings)?;
            let state = State::read(&client, &settings)?;
            show(ctx, &state)
        }
        AutoRechargeCommand::Set(args) => set(ctx, args),
        AutoRechargeCommand::On(args) => switch(ctx, args, true),
        AutoRechargeCommand::Off(args) => switch(ctx, args, false),
    }
}

/// How many cards are read at most (one page); a list shorter than this is the whole list.
const CARDS: u64 = 100;

/// Auto-recharge as the service holds it: the balance's fields and the registered cards.
struct State {
    balance: BalanceResponse,
    cards: Vec<PaymentMethod>,
}

impl State {
    fn read(client: &Client, settings: &Settings) -> Result<State, Failure> {
        let fail = |e| api_error::failure(&e, settings, Some(client));
        let balance = client.balance().map_err(fail)?;
        let cards = read_cards(client, settings)?;
        Ok(State { balance, cards })
    }

    /// Whether it is on; `None` when the service did not say (or said something else).
    fn on(&self) -> Option<bool> {
        self.balance.auto_recharge.as_ref().and_then(Flag::is_on)
    }

    /// The cards auto-recharge charges, first tried first (priority 1, 2, …; 0 is unused).
    fn order(&self) -> Vec<&PaymentMethod> {
        let priority =
            |c: &PaymentMethod| c.auto_recharge.as_ref().and_then(Flag::as_number).cloned();
        let mut used: Vec<&PaymentMethod> = self
            .cards
            .iter()
            .filter(|c| priority(c).is_some_and(|p| p.is_positive()))
            .collect();
        used.sort_by_key(|c| priority(c));
        used
    }

    fn words(&self) -> String {
        balance_words::auto_recharge(&self.balance, Some(&Ok(self.cards.clone())))
    }
}

/// The registered cards (one page of [`CARDS`]).
fn read_cards(client: &Client, settings: &Settings) -> Result<Vec<PaymentMethod>, Failure> {
    client
        .payments(&Payments::new().limit(CARDS))
        .map(|list| list.payments)
        .map_err(|e| api_error::failure(&e, settings, Some(client)))
}

/// The state in words and the cards in order (table), or one record (every other format).
fn show(ctx: &mut Context<'_>, state: &State) -> Result<(), Failure> {
    if ctx.out.format != Format::Table {
        return Ok(write_record(&mut ctx.out, &View::of(state))?);
    }
    let style = ctx.out.style;
    writeln!(
        ctx.out,
        "{}: {}",
        style.bold("auto-recharge"),
        visible(&state.words())
    )?;
    let order = state.order();
    if !order.is_empty() {
        writeln!(ctx.out, "{}:", style.bold("cards, first tried first"))?;
        for (n, card) in (1..).zip(order) {
            let text = match &card.description {
                Some(d) => format!("  {n}. {d} ({})", card.id),
                None => format!("  {n}. {}", card.id),
            };
            writeln!(ctx.out, "{}", visible(&text))?;
        }
    }
    ctx.out.flush()?;
    Ok(())
}

fn set(ctx: &mut Context<'_>, args: &AutoRechargeSetArgs) -> Result<(), Failure> {
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the change of auto-recharge",
        "change auto-recharge",
        "nothing was changed",
    )?;
    // The models' rules first: nothing is read or sent when they refuse.
    let (below, to) = check_auto_recharge(&args.cards, &args.below, &args.to)
        .map_err(|e| Failure::usage(format!("{e}: nothing was sent")))?;
    let request = AutoRechargeSettings::new(args.cards.clone(), below.get(), to.get())
        .map_err(|e| Failure::usage(format!("{e}: nothing was sent")))?;
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    // The card list is read to refuse an id it does not hold, when it is the whole list.
    let cards = read_cards(&client, &settings)?;
    if (cards.len() as u64) < CARDS
        && let Some(unknown) = args
            .cards
            .iter()
            .find(|id| !cards.iter().any(|c| &&c.id == id))
    {
        return Err(Failure::usage(format!(
            "no registered card has the id {unknown}: nothing was sent"
        ))
        .hint("`solapi-cash payment` lists the registered cards"));
    }
    if !confirmation.assumed() {
        let now = State::read(&client, &settings)?;
        confirmation.ask(&format!(
            "Set auto-recharge: when the balance falls below {} won, recharge it to {} won from \
             {} (first tried first)? Now it is {}",
            grouped(&below.to_money()),
            grouped(&to.to_money()),
            args.cards.join(", "),
            now.words()
        ))?;
    }
    client
        .set_auto_recharge(&request)
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    ctx.msg.note("auto-recharge's settings were set");
    let state = State::read(&client, &settings)?;
    if state.on() == Some(false) {
        ctx.msg
            .note("auto-recharge is off: `solapi-cash auto-recharge on` turns it on");
    }
    show(ctx, &state)
}

fn switch(ctx: &mut Context<'_>, args: &SwitchArgs, on: bool) -> Result<(), Failure> {
    let word = if on { "on" } else { "off" };
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the switch",
        &format!("turn auto-recharge {word}"),
        "nothing was changed",
    )?;
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let before = State::read(&client, &settings)?;
    match before.on() {
        Some(now) if now == on => {
            ctx.msg.note(&format!(
                "auto-recharge is already {word}: nothing was sent"
            ));
            return show(ctx, &before);
        }
        Some(_) => {}
        None => {
            return Err(Failure::new(
                Exit::Api,
                "the service did not say whether auto-recharge is on: the toggle was not sent",
            )
            .hint("the service's toggle flips the state, so it is sent only when the state is known; see `solapi-cash auto-recharge show -o json`"));
        }
    }
    confirmation.ask(&format!(
        "Turn auto-recharge {word} (now {})?",
        before.words()
    ))?;
    let write = Guarded {
        what: "the switch",
        nothing: "nothing was changed",
        repeat: "repeat the same command",
    };
    // A challenge flips nothing, so the toggle answering it is still the only one sent.
    let toggled = second_factor::send(ctx, &write, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.toggle_auto_recharge_with_mfa(mfa),
        None => client.toggle_auto_recharge(),
    })?;
    match toggled {
        Ok(answer) if answer.is_on() == Some(on) => {
            ctx.msg.note(&format!("auto-recharge was turned {word}"));
            let after = State::read(&client, &settings)?;
            show(ctx, &after)
        }
        Ok(answer) => match answer.is_on() {
            Some(other) => Err(Failure::new(
                Exit::Api,
                format!(
                    "the toggle answered that auto-recharge is now {}, not {word}: another \
                     change may have crossed this one; nothing more was sent",
                    if other { "on" } else { "off" }
                ),
            )
            .hint("check with `solapi-cash auto-recharge show` before switching again")),
            None => {
                ctx.msg.warn(
                    "the toggle's answer does not say whether auto-recharge is on; reading it again",
                );
                settle(ctx, &client, &settings, on)
            }
        },
        Err(e) if e.may_have_been_applied() => {
            ctx.msg.warn(&format!(
                "the toggle's answer was lost ({}); reading the state again instead of \
                 toggling a second time",
                reason(&e)
            ));
            settle(ctx, &client, &settings, on)
                .map_err(|failure| api_error::with_details(failure, &e, &settings))
        }
        Err(e) => Err(api_error::failure(&e, &settings, Some(&client))),
    }
}

/// After a toggle whose answer did not say what happened: the state read again is the
/// verdict. As wanted: done (exit 0). Unchanged, or unreadable: the toggle may not have been
/// applied yet, or may never be — exit 6, as for a recharge whose outcome is unknown, and
/// nothing is sent again.
fn settle(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    on: bool,
) -> Result<(), Failure> {
    let word = if on { "on" } else { "off" };
    let unknown = |message: String| {
        Failure::new(Exit::RechargeUnknown, message).hint(format!(
            "check with `solapi-cash auto-recharge show`; `solapi-cash auto-recharge {word}` \
             reads the state first, so it toggles only if it is still not {word}"
        ))
    };
    let state = match State::read(client, settings) {
        Ok(state) => state,
        Err(failure) => {
            return Err(unknown(format!(
                "the toggle may have been applied, and the state could not be read again \
                 ({}): whether auto-recharge is {word} is unknown; nothing more was sent",
                failure.message
            )));
        }
    };
    if state.on() == Some(on) {
        ctx.msg.note(&format!(
            "auto-recharge is {word} now: the toggle was applied"
        ));
        return show(ctx, &state);
    }
    Err(unknown(format!(
        "auto-recharge is still not {word} as of a read after the toggle: it was not applied, \
         or not yet; nothing more was sent"
    )))
}

/// Auto-recharge for programs: the balance's fields as sent and the cards in order.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct View {
    auto_recharge: Option<Flag>,
    minimum_cash: Option<Money>,
    recharge_to: Option<Money>,
    recharge_try_count: Option<u32>,
    payment_ids: Vec<String>,
}

impl View {
    fn of(state: &State) -> View {
        let b = &state.balance;
        View {
            auto_recharge: b.auto_recharge.clone(),
            minimum_cash: b.minimum_cash.clone(),
            recharge_to: b.recharge_to.clone(),
            recharge_try_count: b.recharge_try_count,
            payment_ids: state.order().iter().map(|c| c.id.clone()).collect(),
        }
    }
}

impl Record for View {
    const SHEET: &'static str = "auto-recharge";

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let money = |m: &Option<Money>| m.clone().map_or(Cell::Empty, Cell::Money);
        vec![
            (
                "auto recharge",
                "autoRecharge",
                self.auto_recharge
                    .as_ref()
                    .map_or(Cell::Empty, |f| Cell::Text(f.to_string())),
            ),
            ("minimum cash", "minimumCash", money(&self.minimum_cash)),
            ("recharge to", "rechargeTo", money(&self.recharge_to)),
            (
                "recharge tries",
                "rechargeTryCount",
                self.recharge_try_count
                    .map_or(Cell::Empty, |n| Cell::Text(n.to_string())),
            ),
            (
                "cards",
                "paymentIds",
                Cell::Text(self.payment_ids.join(";")),
            ),
        ]
    }
}
