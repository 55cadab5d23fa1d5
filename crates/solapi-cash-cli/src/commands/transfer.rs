//! `transfer --to ACCOUNT --amount WON`: moves balance to another account, with the guarantees
//! of a recharge (`money_call`): confirmation showing from, to and amount, the second factor,
//! never sent twice, a lost answer settled from this account's history.

use serde::Serialize;
use solapi_cash_blocking::{EntryMatch, TransferRequest, Won};

use crate::args::TransferArgs;
use crate::commands::confirm::Confirmation;
use crate::commands::money_call;
use crate::commands::second_factor::Guarded;
use crate::commands::verdict::TRANSFER;
use crate::context::Context;
use crate::failure::Failure;
use crate::output::{Cell, Record, grouped, write_record};
use crate::settings::{ReadFile, Settings};

pub(crate) fn run(ctx: &mut Context<'_>, args: &TransferArgs) -> Result<(), Failure> {
    let confirmation =
        Confirmation::begin(args.yes, "the transfer", "transfer", "nothing was moved")?;
    let request = TransferRequest::new(args.to.clone(), args.amount)
        .map_err(|e| Failure::usage(format!("invalid --to: {e}: nothing was moved")))?;
    let settings: Settings = ctx.settings_with(ReadFile::IfNeeded, Default::default())?;
    let client = ctx.client(&settings)?;
    // The sender, for the question (and a first reading of the server's clock).
    let from = client
        .balance()
        .ok()
        .and_then(|b| b.account_id)
        .unwrap_or_else(|| format!("the account of profile {}", settings.profile.value));
    confirmation.ask(&format!(
        "Move {} won from {from} to account {} (profile {}, {})?",
        grouped(&args.amount.into()),
        request.target_account_id(),
        settings.profile.value,
        settings.base_url.value
    ))?;
    let write = Guarded {
        what: "the transfer",
        nothing: "nothing was moved",
        repeat: "repeat the same transfer",
    };
    let entry = EntryMatch::transfer(&args.amount.into());
    let sent = money_call::send(
        ctx,
        &client,
        &settings,
        (TRANSFER, &write),
        &args.mfa,
        || client.engine().begin_attempt_for(entry.clone()),
        |mfa| match mfa {
            Some(mfa) => client.transfer_with_mfa(&request, mfa),
            None => client.transfer(&request),
        },
    )?;
    if let Some(answer) = sent {
        let done = Transferred {
            result: answer.message,
            target_account_id: request.target_account_id().to_owned(),
            amount: args.amount,
        };
        // The money moved: an output that cannot be written must say so, not read as a
        // failed transfer that a script would repeat.
        write_record(&mut ctx.out, &done).map_err(|e| TRANSFER.output_failed(&e, None))?;
    }
    Ok(())
}

/// What a transfer printed: the service's answer (`Success`), and what it moved where.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct Transferred {
    result: String,
    target_account_id: String,
    amount: Won,
}

impl Record for Transferred {
    const SHEET: &'static str = "transfer";

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        vec![
            ("result", "result", Cell::Text(self.result.clone())),
            (
                "to",
                "targetAccountId",
                Cell::Id(self.target_account_id.clone()),
            ),
            ("amount", "amount", Cell::Money(self.amount.into())),
        ]
    }
}
