//! The READMEs' examples and the clients' recharge examples run unchanged against the
//! emulator's demo account: the payment id comes from `SOLAPI_PAYMENT_ID`, the emailed code
//! from standard input (typed here from the emulator's outbox), and the READMEs show exactly
//! the code of `examples/readme.rs` and `examples/async_readme.rs`.

#![allow(clippy::unwrap_used)]

use std::io::{Read, Write};
use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};

use solapi_cash_emulator::{Emulator, EmulatorConfig, demo};
use solapi_cash_types::{Money, Won};
use time::macros::{datetime, offset};

fn workspace() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../..")
}

/// Builds the examples of `package` (a no-op when they are current) and returns the folder
/// they are in.
fn build_examples(package: &str, examples: &[&str]) -> PathBuf {
    let mut cargo = Command::new(env!("CARGO"));
    cargo
        .current_dir(workspace())
        .args(["build", "--quiet", "-p", package]);
    for example in examples {
        cargo.args(["--example", example]);
    }
    assert!(cargo.status().unwrap().success(), "building {examples:?}");
    // target/<profile>/deps/<this test> → target/<profile>/examples
    let exe = std::env::current_exe().unwrap();
    exe.parent().unwrap().parent().unwrap().join("examples")
}

/// The code between the `// README: begin` and `// README: end` lines of an example.
fn readme_part(example: &Path) -> String {
    let text = std::fs::read_to_string(example).unwrap();
    let start = text.find("// README: begin\n").unwrap() + "// README: begin\n".len();
    let end = text.find("// README: end").unwrap();
    text[start..end].to_owned()
}

fn assert_shown_in(readme: &Path, code: &str) {
    let text = std::fs::read_to_string(readme).unwrap();
    assert!(
        text.contains(&format!("```rust,no_run\n{code}```")),
        "{} does not show the example as it is in examples/ (copy it over)",
        readme.display()
    );
}

#[test]
fn the_readmes_show_the_examples_that_run() {
    let root = workspace();
    let blocking = readme_part(&root.join("crates/solapi-cash-blocking/examples/readme.rs"));
    assert_shown_in(&root.join("README.md"), &blocking);
    assert_shown_in(
        &root.join("crates/solapi-cash-blocking/README.md"),
        &blocking,
    );
    let r#async = readme_part(&root.join("crates/solapi-cash-async/examples/async_readme.rs"));
    assert_shown_in(&root.join("crates/solapi-cash-async/README.md"), &r#async);
}

/// What a run printed.
struct Ran {
    stdout: String,
    stderr: String,
}

/// Runs an example against a fresh demo emulator with its `SOLAPI_*` lines in the
/// environment; when it asks for the emailed code, types the one in the outbox.
fn run_against_demo(binary: &Path, args: &[&str], emulator: &Emulator) -> Ran {
    let mut child = Command::new(binary)
        .args(args)
        .env_remove("SOLAPI_ACCESS_TOKEN")
        .env_remove("SOLAPI_PROFILE")
        .env("SOLAPI_BASE_URL", emulator.base_url())
        .env("SOLAPI_API_KEY", demo::DEMO_API_KEY)
        .env("SOLAPI_API_SECRET", demo::DEMO_API_SECRET)
        .env("SOLAPI_PAYMENT_ID", demo::DEMO_PAYMENT_ID)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let mut stderr = child.stderr.take().unwrap();
    let mut seen = Vec::new();
    let mut byte = [0u8; 1];
    let prompt = b"code sent by email: ";
    // The example writes the prompt, then waits on standard input: no timing involved.
    while !seen.ends_with(prompt) {
        match stderr.read(&mut byte).unwrap() {
            0 => panic!(
                "{} ended before asking for the code: {}",
                binary.display(),
                String::from_utf8_lossy(&seen)
            ),
            _ => seen.push(byte[0]),
        }
    }
    let code = emulator
        .admin()
        .last_mail(demo::DEMO_ACCOUNT_ID)
        .expect("a code was emailed")
        .code;
    let mut stdin = child.stdin.take().unwrap();
    writeln!(stdin, "{code}").unwrap();
    drop(stdin);
    stderr.read_to_end(&mut seen).unwrap();
    let output = child.wait_with_output().unwrap();
    let ran = Ran {
        stdout: String::from_utf8(output.stdout).unwrap(),
        stderr: String::from_utf8(seen).unwrap(),
    };
    assert!(
        output.status.success(),
        "{}: {}\n{}",
        binary.display(),
        ran.stdout,
        ran.stderr
    );
    ran
}

/// What June 2025 in Korean time took from the demo balance, computed here from the ledger
/// with the `time` crate's fixed +09:00 (independent of the library's `Days`).
fn june_kst_taken(emulator: &Emulator) -> Money {
    let from = datetime!(2025-06-01 00:00 +9).to_offset(offset!(UTC));
    let to = datetime!(2025-07-01 00:00 +9).to_offset(offset!(UTC));
    let mut taken = Money::ZERO;
    for entry in emulator.admin().history(demo::DEMO_ACCOUNT_ID).unwrap() {
        let at = entry.date_created.datetime();
        if at >= from && at < to && entry.balance_amount.is_negative() {
            taken = taken.checked_sub(&entry.balance_amount).unwrap();
        }
    }
    taken
}

#[test]
fn readme_examples_run_against_the_emulator_unchanged() {
    for (package, example) in [
        ("solapi-cash-blocking", "readme"),
        ("solapi-cash-async", "async_readme"),
    ] {
        let dir = build_examples(package, &[example]);
        let emulator =
            Emulator::start(EmulatorConfig::default().rate_limit(None).demo(true)).unwrap();
        let before = emulator
            .admin()
            .account_state(demo::DEMO_ACCOUNT_ID)
            .unwrap()
            .balance;
        let ran = run_against_demo(&dir.join(example), &[], &emulator);
        let after = emulator
            .admin()
            .account_state(demo::DEMO_ACCOUNT_ID)
            .unwrap()
            .balance;
        assert_eq!(
            after,
            before.checked_add(Won::new(10_000).unwrap()).unwrap()
        );
        assert!(
            ran.stdout
                .contains(&format!("recharged: new balance {after}")),
            "{example}: {}",
            ran.stdout
        );
        let taken = june_kst_taken(&emulator);
        assert!(taken.is_positive(), "the demo spends in June");
        assert!(
            ran.stdout
                .contains(&format!("June 2025: {taken} won taken from the balance")),
            "{example}: {}\n{}",
            ran.stdout,
            ran.stderr
        );
    }
}

#[test]
fn recharge_examples_take_the_card_from_the_environment_and_the_code_from_stdin() {
    for (package, example) in [
        ("solapi-cash-blocking", "blocking_recharge"),
        ("solapi-cash-async", "async_recharge"),
    ] {
        let dir = build_examples(package, &[example]);
        let emulator =
            Emulator::start(EmulatorConfig::default().rate_limit(None).demo(true)).unwrap();
        let ran = run_against_demo(&dir.join(example), &["20000"], &emulator);
        assert!(
            ran.stdout.starts_with("recharged: balance "),
            "{}",
            ran.stdout
        );
        // A fraction is refused before anything is sent.
        let refused = Command::new(dir.join(example))
            .arg("20000.5")
            .env("SOLAPI_PAYMENT_ID", demo::DEMO_PAYMENT_ID)
            .output()
            .unwrap();
        assert!(!refused.status.success());
        assert!(
            String::from_utf8_lossy(&refused.stderr).contains("Fraction"),
            "{}",
            String::from_utf8_lossy(&refused.stderr)
        );
    }
}
