//! The example of this crate's README, as a program that runs unchanged against the
//! emulator: `cargo run -p solapi-cash-async --example async_readme` with the `SOLAPI_*` lines
//! of `solapi-cash-emulator --demo` exported (tests/examples.rs runs it).

// README: begin
use std::io::BufRead;
use std::time::Duration;

use solapi_cash_async::{
    Client, Days, HistoryQuery, Money, RechargeRequest, Recharged, StreamExt, Won,
};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    // SOLAPI_API_KEY + SOLAPI_API_SECRET (or SOLAPI_ACCESS_TOKEN), and SOLAPI_BASE_URL if set.
    let client = Client::from_env()?;
    let balance = client.balance().await?;
    println!("balance {:?}, point {:?}", balance.balance, balance.point); // exact, or absent
    if balance.spendable().is_some_and(|left| left < 50_000) {
        println!("less than 50,000 won left to spend");
    }

    // The card to charge: `solapi-cash payment list` shows the ids.
    let card = std::env::var("SOLAPI_PAYMENT_ID")?;
    let request = RechargeRequest::new(Won::new(10_000)?, card);
    let mut outcome = client.try_recharge(&request).await?;
    if let Recharged::NeedsCode(challenge) = &outcome {
        // The service emailed a code (nothing is charged yet): read it from standard input.
        eprint!("code sent by email: ");
        let code = std::io::stdin().lock().lines().next().transpose()?;
        outcome = client
            .recharge_with_code(challenge, &code.unwrap_or_default())
            .await?;
    }
    match outcome {
        Recharged::Done(receipt) => println!("recharged: new balance {}", receipt.new_balance),
        Recharged::Unknown(unknown) => {
            // The answer was lost. Never retry blindly: find out, looking again for a minute.
            let answer = client.reconcile_waiting(unknown.attempt(), Duration::from_secs(60));
            println!("{}", answer.await?);
        }
        other => println!("not recharged: {other:?}"),
    }

    // June 2025 in Korean time (the days of SOLAPI's console), each entry exactly once.
    let june = HistoryQuery::builder()
        .days(Days::month(2025, 6)?)
        .build()?;
    let mut entries = std::pin::pin!(client.history_all(june));
    let mut spent = Money::ZERO;
    while let Some(entry) = entries.next().await {
        let entry = entry?;
        if entry.balance_amount < 0 {
            spent = spent
                .checked_sub(&entry.balance_amount)
                .ok_or("out of range")?;
        }
    }
    println!("June 2025: {spent} won taken from the balance");
    Ok(())
}
// README: end
