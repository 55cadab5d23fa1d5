//! `cargo xtask demo`: the CLI end to end against a local emulator with demo data.
//!
//! Builds both binaries, starts `solapi-cash-emulator --demo` on a free port, runs
//! `solapi-cash` through balance (with a monitoring threshold), history (table, in Korean
//! time, and the monthly summary of the demo's half year in Korean months), a recharge with
//! the second factor — the code "sent by email" is read from the emulator's outbox — and the
//! history again, then stops the emulator and says what to try next.
//!
//! The build shows cargo's progress: a first build compiles some 190 crates, which takes
//! minutes (2.5 to 4 on two cores, measured for issue 21), and said nothing before.

use std::collections::HashMap;
use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};

use crate::process::{cargo, root, run as run_step};

/// Recharged in the demo, in won.
const AMOUNT: &str = "50000";

pub fn run() -> Result<(), String> {
    eprintln!(
        "\n==> build solapi-cash and solapi-cash-emulator\n\
         A first build compiles some 190 crates and takes a few minutes (2.5 to 4 on two \
         cores); later runs take seconds. Cargo shows its progress below."
    );
    run_step(
        "cargo build -p solapi-cash-cli -p solapi-cash-emulator",
        &mut cargo(&[
            "build",
            "-p",
            "solapi-cash-cli",
            "-p",
            "solapi-cash-emulator",
        ]),
    )?;
    let bin = target_dir().join("debug");
    let emulator = Emulator::start(&bin.join("solapi-cash-emulator"))?;
    let result = walkthrough(&bin.join("solapi-cash"), &emulator);
    drop(emulator);
    result?;
    eprintln!(
        "\ndemo finished; the emulator is stopped.\n\n{}",
        what_next(&bin)
    );
    Ok(())
}

/// What to try after the demo: the binaries just built, the emulator's variables loaded into
/// a shell with one line, the library's example, the docs.
fn what_next(bin: &Path) -> String {
    let path = format!("     export PATH=\"{}:$PATH\"", bin.display());
    [
        "What next:",
        "",
        "  1. Use the binaries just built (or install them: README.md, Install):",
        &path,
        "  2. Start the emulator and load its SOLAPI_* variables into this shell (bash):",
        "     exec 3< <(solapi-cash-emulator --demo); while read -r line <&3 && [ -n \"$line\" ]; do export \"$line\"; done",
        "  3. Try it:",
        "     solapi-cash balance",
        "     solapi-cash history --month 2025-06 --layout statement",
        "     solapi-cash history summary --by month --since 2025-01-01 -o xlsx --output-file 2025.xlsx",
        "     solapi-cash recharge --amount 10000   # the emulator prints the emailed code",
        "  4. The same from Rust: cargo run -p solapi-cash-blocking --example readme",
        "  5. Stop the emulator: kill $!",
        "",
        "Every command and flag: docs/cli.md, or solapi-cash COMMAND --help; the emulator:",
        "docs/emulator.md.",
    ]
    .join("\n")
}

fn target_dir() -> PathBuf {
    std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| root().join("target"))
}

/// The emulator process, stopped on drop.
struct Emulator {
    child: Child,
    /// `SOLAPI_*` settings it printed.
    env: HashMap<String, String>,
}

impl Emulator {
    fn start(binary: &Path) -> Result<Emulator, String> {
        eprintln!("\n==> start the emulator with demo data");
        let mut child = Command::new(binary)
            .args(["--demo", "--port", "0"])
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| format!("cannot start {}: {e}", binary.display()))?;
        let stdout = child.stdout.take().ok_or("no emulator stdout")?;
        let mut env = HashMap::new();
        for line in BufReader::new(stdout).lines() {
            let line = line.map_err(|e| e.to_string())?;
            println!("{line}");
            if let Some((key, value)) = line.split_once('=') {
                env.insert(key.to_owned(), value.to_owned());
            }
            if env.contains_key("SOLAPI_PAYMENT_ID") && env.contains_key("SOLAPI_API_SECRET") {
                break;
            }
        }
        let emulator = Emulator { child, env };
        for key in [
            "SOLAPI_BASE_URL",
            "SOLAPI_API_KEY",
            "SOLAPI_API_SECRET",
            "SOLAPI_PAYMENT_ID",
        ] {
            if !emulator.env.contains_key(key) {
                return Err(format!("the emulator did not print {key}"));
            }
        }
        Ok(emulator)
    }

    fn get(&self, key: &str) -> &str {
        self.env.get(key).map(String::as_str).unwrap_or_default()
    }

    /// The code the emulator "emailed" for a second-factor transaction.
    fn emailed_code(&self, transaction: &str) -> Result<String, String> {
        let url = format!("{}/_emulator/outbox", self.get("SOLAPI_BASE_URL"));
        let mails: serde_json::Value = ureq::get(&url)
            .call()
            .and_then(|mut r| r.body_mut().read_json())
            .map_err(|e| format!("reading the outbox: {e}"))?;
        mails
            .as_array()
            .into_iter()
            .flatten()
            .find(|m| m["transactionId"] == transaction)
            .and_then(|m| m["code"].as_str())
            .map(str::to_owned)
            .ok_or_else(|| format!("no code in the outbox for transaction {transaction}"))
    }
}

impl Drop for Emulator {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn walkthrough(cli: &Path, emulator: &Emulator) -> Result<(), String> {
    let config_home = std::env::temp_dir().join(format!("solapi-cash-demo-{}", std::process::id()));
    let solapi = |args: &[&str]| {
        let mut command = Command::new(cli);
        command
            .args(args)
            .env("XDG_CONFIG_HOME", &config_home)
            .env_remove("SOLAPI_CONFIG")
            .env_remove("SOLAPI_PROFILE")
            .env_remove("SOLAPI_ACCESS_TOKEN")
            .env_remove("SOLAPI_TZ")
            .env_remove("SOLAPI_PAYMENT_ID");
        for key in ["SOLAPI_BASE_URL", "SOLAPI_API_KEY", "SOLAPI_API_SECRET"] {
            command.env(key, emulator.get(key));
        }
        eprintln!("\n$ solapi-cash {}", args.join(" "));
        command
    };
    let check = |args: &[&str]| -> Result<(), String> {
        let status = solapi(args).status().map_err(|e| e.to_string())?;
        if status.success() {
            Ok(())
        } else {
            Err(format!(
                "`solapi-cash {}` failed ({status})",
                args.join(" ")
            ))
        }
    };
    let payment_id = emulator.get("SOLAPI_PAYMENT_ID").to_owned();

    check(&["balance", "--below", "10000"])?;
    check(&["history", "--limit", "10"])?;
    // The demo's entries run from January to June 2025 (UTC); in Korean time the last hours of
    // June 30th are July 1st, and the summary counts them there.
    check(&[
        "history",
        "summary",
        "--by",
        "month",
        "--tz",
        "Asia/Seoul",
        "--since",
        "2025-01-01",
        "--until",
        "2025-07-01",
    ])?;

    // Without a terminal the CLI cannot ask for the code: it prints the transaction and
    // exits 7, the way a script sees it.
    let first = solapi(&[
        "recharge",
        "--amount",
        AMOUNT,
        "--payment-id",
        &payment_id,
        "--yes",
        "--output",
        "json",
    ])
    .stderr(Stdio::inherit())
    .output()
    .map_err(|e| e.to_string())?;
    let printed = String::from_utf8_lossy(&first.stdout);
    print!("{printed}");
    if first.status.code() != Some(7) {
        return Err(format!(
            "expected exit code 7 (second factor required), got {}",
            first.status
        ));
    }
    let transaction = serde_json::from_str::<serde_json::Value>(printed.trim())
        .ok()
        .and_then(|v| v["mfaTransactionId"].as_str().map(str::to_owned))
        .ok_or("the CLI did not print the transaction id")?;
    let code = emulator.emailed_code(&transaction)?;
    eprintln!("(the emulator's outbox holds code {code} for transaction {transaction})");

    check(&[
        "recharge",
        "--amount",
        AMOUNT,
        "--payment-id",
        &payment_id,
        "--yes",
        "--mfa-transaction",
        &transaction,
        "--mfa-code",
        &code,
    ])?;
    check(&["history", "--limit", "3"])?;
    check(&["balance"])?;
    let _ = std::fs::remove_dir_all(&config_home);
    Ok(())
}
