//! Recharges, answering the second factor from standard input, and reconciles when the
//! outcome is unknown.
//!
//! `cargo run --example blocking_recharge -- <won>` with `SOLAPI_*` set, the card in
//! `SOLAPI_PAYMENT_ID` (`solapi-cash-emulator --demo` prints them all).

use std::io::BufRead;

use solapi_cash_blocking::{Client, RechargeRequest, Recharged, Won};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let Some(amount) = std::env::args().nth(1) else {
        return Err("usage: blocking_recharge <won>, with the card in SOLAPI_PAYMENT_ID".into());
    };
    // Whole won: `10000.5` or `1e4` is refused here, before anything is sent.
    let amount: Won = amount.parse()?;
    let payment_id = std::env::var("SOLAPI_PAYMENT_ID")?;
    let client = Client::from_env()?;
    let request = RechargeRequest::new(amount, payment_id);
    let mut outcome = client.try_recharge(&request)?;
    if let Recharged::NeedsCode(challenge) = &outcome {
        eprint!("code sent by email: ");
        let code = std::io::stdin()
            .lock()
            .lines()
            .next()
            .transpose()?
            .unwrap_or_default();
        outcome = client.recharge_with_code(challenge, &code)?;
    }
    match outcome {
        Recharged::Done(receipt) => println!(
            "recharged: balance {} -> {}",
            receipt.old_balance, receipt.new_balance
        ),
        Recharged::Unknown(unknown) => {
            // Say plainly whether money moved. Not found at once is not "not applied": a slow
            // recharge commits later. Look for up to 30 seconds; an answer still "not found
            // yet" then needs a person, not a retry.
            eprintln!("{unknown}");
            let answer =
                client.reconcile_waiting(unknown.attempt(), std::time::Duration::from_secs(30))?;
            println!("{answer}");
        }
        other => return Err(format!("not recharged: {other:?}").into()),
    }
    Ok(())
}
