//! The example of this crate's README, as a program that runs unchanged against the
//! emulator: `cargo run -p solapi-cash-async --example async_readme` with the `SOLAPI_*` lines
//! of `solapi-cash-emulator --demo` exported (tests/examples.rs runs it).

// README: begin
use std::io::BufRead;
use std::time::Duration;

use solapi_cash_async::{
    Client, Days, ErrorKind, HistoryQuery, MfaData, Money, RechargeRequest, StreamExt, Won,
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
    let result = match client.recharge(&request).await {
        Err(e) if e.kind() == ErrorKind::MfaRequired => {
            // The service emailed a code: read it from standard input.
            eprint!("code sent by email: ");
            let code = std::io::stdin().lock().lines().next().transpose()?;
            let transaction = e.mfa_transaction_id().unwrap_or_default();
            let mfa = MfaData::email(transaction, code.unwrap_or_default().trim());
            client.recharge_with_mfa(&request, &mfa).await
        }
        other => other,
    };
    match result {
        Ok(receipt) => println!("recharged: new balance {}", receipt.new_balance),
        Err(e) if e.may_have_been_applied() => {
            // Never retry blindly: find out, looking again for up to a minute.
            let attempt = e
                .recharge_attempt()
                .expect("a recharge error carries its attempt");
            let answer = client
                .reconcile_waiting(attempt, Duration::from_secs(60))
                .await?;
            println!("{answer}");
        }
        Err(e) => return Err(e.into()),
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
