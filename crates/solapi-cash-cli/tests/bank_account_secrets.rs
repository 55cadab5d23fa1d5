//! The bank account's number appears nowhere but the user's own prompt (issue 23, point 3):
//! `bank-account add` is run with `-vvv` (every trace of the client) against an emulator
//! whose own traces are captured — registered, refused by an injected 500, and refused before
//! sending (a letter in the number) — its state is saved as `--save-state` writes it, and
//! standard output, standard error, the emulator's traces, the request log and the saved
//! state are searched for the number (as typed and as digits). Alone in its file: the traces
//! of this process are captured.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Captured, Fixture};

const TYPED: &str = "3333-0912-345678";
const DIGITS: &str = "33330912345678";

#[test]
fn the_bank_account_number_is_in_no_output_log_or_saved_state() {
    let captured = Captured::traces();

    let mut f = Fixture::new();
    // `run` checks every output for these too.
    f.extra_secrets.push(DIGITS.into());
    f.extra_secrets.push(TYPED.into());
    f.extra_secrets.push("0912345".into());
    let add = [
        "bank-account",
        "add",
        "--bank",
        "090",
        "--holder",
        "Kim",
        "--yes",
        "-vvv",
    ];
    let mut texts: Vec<(String, String)> = Vec::new();

    let run = f.run(f.cmd().args(add).write_stdin(format!("{TYPED}\n")));
    run.code(0);
    texts.push(("stdout".into(), run.stdout.clone()));
    texts.push(("stderr".into(), run.stderr.clone()));
    assert!(run.stdout.contains("5678"), "shown by its last four digits");

    f.admin().inject_fault(solapi_cash_emulator::FaultSpec::new(
        solapi_cash_emulator::Route::Any,
        solapi_cash_emulator::FaultAction::error(500),
    ));
    // Another bank, so that reading back cannot find it registered: exit 6.
    let mut other = add;
    other[3] = "091";
    let run = f.run(
        f.cmd()
            .args(other)
            .args(["-o", "json"])
            .write_stdin(format!("{TYPED}\n")),
    );
    assert_eq!(run.code, 6, "{}", run.stderr);
    texts.push(("stdout of a refused add".into(), run.stdout.clone()));
    texts.push(("stderr of a refused add".into(), run.stderr.clone()));
    f.admin().clear_faults();

    let run = f.run(f.cmd().args(add).write_stdin("3333-0912-34567x\n"));
    run.code(2);
    texts.push(("stderr of a bad number".into(), run.stderr.clone()));
    assert!(!run.stderr.contains("0912-3456"), "{}", run.stderr);

    texts.extend(f.kept_texts(&captured, "5678"));

    for (what, text) in &texts {
        for secret in [TYPED, DIGITS, "0912345"] {
            assert!(
                !text.contains(secret),
                "the account number is in the {what}:\n{text}"
            );
        }
    }
}
