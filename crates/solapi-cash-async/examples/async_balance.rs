//! Prints the balance: `SOLAPI_API_KEY=… SOLAPI_API_SECRET=… cargo run --example async_balance`.

use solapi_cash_async::{Client, Money};

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), solapi_cash_async::Error> {
    let client = Client::from_env()?;
    let balance = client.balance().await?;
    // `None`: the service sent `null` (or, for the point, nothing).
    let shown = |m: &Option<Money>| m.as_ref().map_or("-".to_owned(), Money::to_string);
    println!(
        "balance {}  point {}",
        shown(&balance.balance),
        shown(&balance.point)
    );
    Ok(())
}
