//! `bank-account add` and `bank-account remove`: registering and removing the bank account
//! withdrawals go to.
//!
//! The account number is personal data. It never comes from the command line (other users
//! can read command lines): it is read from a prompt without echo, or from standard input,
//! and goes straight into the models' `NewBankAccount`, whose rules refuse bad input before
//! anything is sent. Everything this prints, json included, shows it masked (the last four
//! digits); the models' `Debug` masks it too, so that no trace holds it.

use serde::Serialize;
use solapi_cash_blocking::{Client, Error};
use solapi_cash_types::models::{
    BankAccountInfo, BankAccountNumber, BankAccountRegistered, BankAccountRemoved, NewBankAccount,
    SettingsError,
};

use crate::api_error;
use crate::commands::bank_account::account_fields;
use crate::commands::confirm::Confirmation;
use crate::commands::recharge::reason;
use crate::commands::second_factor::{self, Guarded};
use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::operator_args::{BankAccountAddArgs, SwitchArgs};
use crate::output::{Cell, Kept, Record, kept, write_record};
use crate::prompt;
use crate::settings::Settings;

pub(crate) fn add(ctx: &mut Context<'_>, args: &BankAccountAddArgs) -> Result<(), Failure> {
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the bank account's registration",
        "register it",
        "nothing was sent",
    )?;
    let refused = |e: SettingsError| Failure::usage(format!("{e}: nothing was sent"));
    // The bank code and holder are checked before the number is asked for.
    NewBankAccount::check_details(&args.bank, &args.holder).map_err(refused)?;
    // The settings first: `--api-secret-stdin` takes the first line of standard input.
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let number =
        BankAccountNumber::parse(&prompt::read_secret("bank account number")?).map_err(refused)?;
    let account = NewBankAccount::new(number, &args.bank, &args.holder).map_err(refused)?;
    confirmation.ask(&format!(
        "Register the bank account {} at bank {} held by {} for withdrawals (profile {}, {})?",
        account.number(),
        account.bank_code(),
        account.holder_name(),
        settings.profile.value,
        settings.base_url.value
    ))?;
    let write = Guarded {
        what: "the bank account's registration",
        nothing: "nothing was registered",
        repeat: "repeat the same command (the number is asked for again)",
    };
    let added = second_factor::send(ctx, &write, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.add_bank_account_with_mfa(&account, mfa),
        None => client.add_bank_account(&account),
    })?;
    match added {
        Ok(mut answer) => {
            // The only form of the number that leaves this function.
            answer.account_number = answer.masked_number();
            ctx.msg.note(&format!(
                "the bank account {} at bank {} was registered",
                account.number(),
                account.bank_code()
            ));
            Ok(write_record(&mut ctx.out, &Registered(answer))?)
        }
        Err(e) if e.may_have_been_applied() => {
            ctx.msg.warn(&format!(
                "the registration's answer was lost ({}); reading the bank account back \
                 instead of registering it a second time",
                reason(&e)
            ));
            settle(ctx, &client, &settings, &e, |shown| {
                shown.masked_number().as_deref() == Some(account.number().masked().as_str())
                    && shown.bank_code.as_deref() == Some(account.bank_code())
            })
        }
        Err(e) => Err(api_error::failure(&e, &settings, Some(&client))),
    }
}

pub(crate) fn remove(ctx: &mut Context<'_>, args: &SwitchArgs) -> Result<(), Failure> {
    let confirmation = Confirmation::begin(
        args.write.yes,
        "the bank account's removal",
        "remove it",
        "nothing was sent",
    )?;
    let settings = ctx.settings()?;
    let client = ctx.client(&settings)?;
    let shown = client
        .bank_account()
        .map_err(|e| api_error::failure(&e, &settings, Some(&client)))?;
    confirmation.ask(&format!(
        "Remove the registered bank account ({}) from the account (profile {})?",
        describe(&shown),
        settings.profile.value
    ))?;
    let write = Guarded {
        what: "the bank account's removal",
        nothing: "nothing was removed",
        repeat: "repeat the same command",
    };
    let removed = second_factor::send(ctx, &write, args.mfa.given(), |mfa| match mfa {
        Some(mfa) => client.remove_bank_account_with_mfa(mfa),
        None => client.remove_bank_account(),
    })?;
    match removed {
        Ok(answer) => {
            match answer.n {
                Some(0) => ctx
                    .msg
                    .note("the service removed nothing (n = 0): no bank account was registered"),
                _ => ctx.msg.note("the bank account was removed"),
            }
            Ok(write_record(&mut ctx.out, &Removed(answer))?)
        }
        Err(e) if e.may_have_been_applied() => {
            ctx.msg.warn(&format!(
                "the removal's answer was lost ({}); reading the bank account back instead of \
                 removing it a second time",
                reason(&e)
            ));
            settle(ctx, &client, &settings, &e, |shown| {
                *shown == BankAccountInfo::new()
            })
        }
        Err(e) => Err(api_error::failure(&e, &settings, Some(&client))),
    }
}

/// The account as the question names it: bank, masked number, holder.
fn describe(shown: &BankAccountInfo) -> String {
    if *shown == BankAccountInfo::new() {
        return "the service shows none".to_owned();
    }
    let or = |v: Option<String>| v.unwrap_or_else(|| "?".to_owned());
    format!(
        "bank {}, {}, held by {}",
        or(shown.bank_code.clone()),
        or(shown.masked_number()),
        or(shown.holder_name.clone())
    )
}

/// After a write whose answer was lost: the bank account read back shows it `applied` (exit
/// 0), or not, or cannot be read: unknown (exit 6). Nothing is sent again.
fn settle(
    ctx: &mut Context<'_>,
    client: &Client,
    settings: &Settings,
    lost: &Error,
    applied: impl Fn(&BankAccountInfo) -> bool,
) -> Result<(), Failure> {
    let unknown = |message: String| {
        api_error::with_details(
            Failure::new(Exit::RechargeUnknown, message)
                .hint("check with `solapi-cash bank-account show` before repeating it"),
            lost,
            settings,
        )
    };
    match client.bank_account() {
        Ok(shown) if applied(&shown) => {
            ctx.msg
                .note("the bank account read back shows the change: it was applied");
            Ok(())
        }
        Ok(shown) => Err(unknown(format!(
            "the bank account read back ({}) does not show the change: it was not applied, or \
             not yet; nothing more was sent",
            describe(&shown)
        ))),
        Err(e) => Err(unknown(format!(
            "the change may have been applied, and the bank account could not be read again \
             ({}); nothing more was sent",
            reason(&e)
        ))),
    }
}

/// The answer to a registration, its number masked.
#[derive(Serialize)]
#[serde(transparent)]
struct Registered(BankAccountRegistered);

impl Record for Registered {
    const SHEET: &'static str = "bank account";
    const OPEN: bool = true;

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        let b = &self.0;
        let mut fields = account_fields(&b.bank_code, &b.account_number, &b.holder_name);
        let success = b.success.map_or(Cell::Empty, |s| Cell::Text(s.to_string()));
        fields.push(("success", "success", success));
        fields
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}

/// The answer to a removal.
#[derive(Serialize)]
#[serde(transparent)]
struct Removed(BankAccountRemoved);

impl Record for Removed {
    const SHEET: &'static str = "bank account removed";
    const OPEN: bool = true;

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        vec![("removed", "n", self.0.n.map_or(Cell::Empty, Cell::Count))]
    }

    fn kept(&self) -> Vec<Kept<'_>> {
        kept(&self.0.extra)
    }
}
