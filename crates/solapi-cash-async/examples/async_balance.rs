//! Prints the balance: `SOLAPI_API_KEY=… SOLAPI_API_SECRET=… cargo run --example async_balance`.

use solapi_cash_async::Client;

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), solapi_cash_async::Error> {
    let client = Client::from_env()?;
    let balance = client.balance().await?;
    println!("balance {}  point {}", balance.balance, balance.point);
    Ok(())
}
