//! Recharges, answering the second factor from standard input, and reconciles when the
//! outcome is unknown.
//!
//! `cargo run --example blocking_recharge -- <amount> <payment-id>` with `SOLAPI_*` set.

use std::io::BufRead;

use solapi_cash_blocking::{Client, Error, ErrorKind, MfaData, RechargeRequest};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let mut args = std::env::args().skip(1);
    let (Some(amount), Some(payment_id)) = (args.next(), args.next()) else {
        return Err("usage: recharge <amount> <payment-id>".into());
    };
    let client = Client::from_env()?;
    let request = RechargeRequest::new(amount.parse::<solapi_cash_blocking::Money>()?, payment_id);
    let result = match client.recharge(&request) {
        Err(e) if e.kind() == ErrorKind::MfaRequired => {
            let transaction = e.mfa_transaction_id().unwrap_or_default().to_owned();
            eprint!("code sent by email: ");
            let code = std::io::stdin()
                .lock()
                .lines()
                .next()
                .transpose()?
                .unwrap_or_default();
            client.recharge_with_mfa(&request, &MfaData::email(transaction, code.trim()))
        }
        other => other,
    };
    match result {
        Ok(receipt) => println!(
            "recharged: balance {} -> {}",
            receipt.old_balance, receipt.new_balance
        ),
        Err(e) => settle(&client, e)?,
    }
    Ok(())
}

/// After a failure, says plainly whether money moved.
fn settle(client: &Client, error: Error) -> Result<(), Box<dyn std::error::Error>> {
    let Some(attempt) = error.recharge_attempt() else {
        return Err(error.into());
    };
    eprintln!("{error}");
    // Not found at once is not "not applied": a slow recharge commits later. Look for up to
    // 30 seconds; an answer still "not found yet" then needs a person, not a retry.
    let answer = client.reconcile_waiting(attempt, std::time::Duration::from_secs(30))?;
    println!("{answer}");
    Ok(())
}
