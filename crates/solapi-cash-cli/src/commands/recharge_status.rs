//! `recharge status`: what became of a recharge whose answer was lost, from the history,
//! looking again for a bounded time while it is not found, by the rule the recharge's own
//! lookup used (its `--since` is the attempt's start that lookup printed).

use std::time::Duration;

use solapi_cash_blocking::MoneyAttempt;
use time::OffsetDateTime;

use crate::args::RechargeStatusArgs;
use crate::commands::verdict::{self, Before, Lookup};
use crate::context::Context;
use crate::failure::Failure;

pub(crate) fn run(ctx: &mut Context<'_>, args: &RechargeStatusArgs) -> Result<(), Failure> {
    let settings = ctx.settings_with_dates()?;
    let since = args
        .since
        .start(&settings.tz.value, OffsetDateTime::now_utc())
        .map_err(|e| Failure::usage(format!("invalid --since: {e}")))?;
    let client = ctx.client(&settings)?;
    // The time given is the attempt's start on the server's clock, as the recharge's message
    // printed it: only an entry at or after it can prove the recharge; one in the margin the
    // library puts before it is a candidate (ambiguous), never a proof.
    let attempt = MoneyAttempt::for_amount(args.amount.clone(), since);
    if args.wait > 0 {
        ctx.msg.note(&format!(
            "looking for the recharge in the history, for up to {} s",
            args.wait
        ));
    }
    let answer = client.reconcile_waiting(&attempt, Duration::from_secs(args.wait));
    let lookup = Lookup {
        moved: verdict::RECHARGE,
        before: Before::Asked,
        amount: &args.amount,
        since,
        settings: &settings,
    };
    verdict::report(ctx, &lookup, answer)
}
