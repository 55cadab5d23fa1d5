//! Exports the whole history as NDJSON on standard output, in constant memory.
//!
//! `cargo run --release --example blocking_export > history.ndjson` with `SOLAPI_*` set.

use std::io::{BufWriter, Write};

use solapi_cash_blocking::{Client, HistoryQuery};

fn main() -> Result<(), Box<dyn std::error::Error>> {
    let client = Client::from_env()?;
    let mut out = BufWriter::with_capacity(1 << 16, std::io::stdout().lock());
    let mut count = 0u64;
    for entry in client.history_all(HistoryQuery::default()) {
        serde_json::to_writer(&mut out, &entry?)?;
        out.write_all(b"\n")?;
        count += 1;
    }
    out.flush()?;
    eprintln!("exported {count} entries");
    Ok(())
}
