//! Prints the balance: `SOLAPI_API_KEY=… SOLAPI_API_SECRET=… cargo run --example blocking_balance`.

use solapi_cash_blocking::Client;

fn main() -> Result<(), solapi_cash_blocking::Error> {
    let client = Client::from_env()?;
    let balance = client.balance()?;
    println!("balance {}  point {}", balance.balance, balance.point);
    Ok(())
}
