//! Exports the whole history as NDJSON on standard output, in constant memory.
//!
//! `cargo run --release --example async_export > history.ndjson` with `SOLAPI_*` set.

use std::io::{BufWriter, Write};

use solapi_cash_async::{Client, HistoryQuery, StreamExt};

#[tokio::main]
async fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut count = 0u64;
    let mut entries = std::pin::pin!(client.history_all(HistoryQuery::default()));
    while let Some(entry) = entries.next().await {
        serde_json::to_writer(&mut out, &entry?)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    eprintln!("exported {count} entries");
    Ok(())
}
