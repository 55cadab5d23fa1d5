//! `withdraw --amount WON`: asks for a withdrawal to the registered bank account, with the
//! guarantees of a recharge (`money_call`). Before the confirmation it shows the fee and what
//! arrives, by the *inferred* fee rule of the models crate (`withdraw_fee`: fitted to
//! createwithdraw.md's two samples), and the bank account as the service shows it (masked).

use solapi_cash_blocking::{EntryMatch, Won, withdraw_arrives, withdraw_fee};

use crate::args::WithdrawArgs;
use crate::commands::confirm::Confirmation;
use crate::commands::money_call;
use crate::commands::second_factor::Guarded;
use crate::commands::verdict::WITHDRAWAL;
use crate::commands::withdraw::WithdrawalView;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{grouped, write_record};
use crate::settings::ReadFile;

pub(crate) fn run(ctx: &mut Context<'_>, args: &WithdrawArgs) -> Result<(), Failure> {
    let confirmation =
        Confirmation::begin(args.yes, "the withdrawal", "withdraw", "nothing was moved")?;
    let amount: Won = args
        .amount
        .ok_or_else(|| Failure::usage("--amount is required"))?;
    let Some(arrives) = withdraw_arrives(amount) else {
        return Err(Failure::usage(format!(
            "--amount {amount}: the fee ({} won, by the inferred rule 500 won + 5 %) would take \
             it all; nothing was sent",
            grouped(&withdraw_fee(amount))
        )));
    };
    let settings = ctx.settings_with(ReadFile::IfNeeded, Default::default())?;
    let client = ctx.client(&settings)?;
    // Where the money goes, for the question (and a first reading of the server's clock).
    // `{}` is the documented sample of this read, so an empty answer refuses nothing: the
    // service says whether a bank account is registered.
    let bank = client.bank_account().ok();
    let to = match bank.as_ref().and_then(|b| b.masked_number()) {
        Some(number) => format!(
            "bank account {number} (bank {}, {})",
            bank.as_ref()
                .and_then(|b| b.bank_code.as_deref())
                .unwrap_or("?"),
            bank.as_ref()
                .and_then(|b| b.holder_name.as_deref())
                .unwrap_or("?")
        ),
        None => "the registered bank account (the service showed none)".to_owned(),
    };
    confirmation.ask(&format!(
        "Withdraw {} won from the balance to {to}: about {} won arrives after a fee of about {} \
         won (estimated: 500 won + 5 %, inferred from the documented samples; the answer has \
         the service's figures) (profile {}, {})?",
        grouped(&amount.into()),
        grouped(&arrives),
        grouped(&withdraw_fee(amount)),
        settings.profile.value,
        settings.base_url.value
    ))?;
    let write = Guarded {
        what: "the withdrawal",
        nothing: "nothing was moved",
        repeat: "repeat the same withdrawal",
    };
    let entry = EntryMatch::withdrawal(&amount.into());
    let sent = money_call::send(
        ctx,
        &client,
        &settings,
        (WITHDRAWAL, &write),
        &args.mfa,
        || client.engine().begin_attempt_for(entry.clone()),
        |mfa| match mfa {
            Some(mfa) => client.withdraw_with_mfa(amount, mfa),
            None => client.withdraw(amount),
        },
    )?;
    if let Some(withdrawal) = sent {
        // Masked as `withdraw show` masks it (a number the service sends whole shows by its
        // last four digits); the money moved, so a failed write says so.
        write_record(&mut ctx.out, &WithdrawalView::new(withdrawal))
            .map_err(|e| WITHDRAWAL.output_failed(&e, None))?;
    }
    Ok(())
}
