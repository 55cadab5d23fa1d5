//! No secret of a card appears anywhere (issue 22, "Done when"): `payment add` is run with
//! `-vvv` (every trace of the client) against an emulator whose own traces are captured, its
//! state is saved as `--save-state` writes it, and standard output, standard error, both
//! logs, the request log and the saved state are searched for the card's number (as typed and
//! as digits) and its CVC. Alone in its file: the traces of this process are captured.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Captured, Fixture};

const TYPED: &str = "5555-5555-5555-4444";
const DIGITS: &str = "5555555555554444";
const CVC: &str = "864";

/// Whether `text` holds `token` with no letter or digit right before or after it (a CVC's
/// three digits may well be part of a longer number, an id or a salt).
fn holds_token(text: &str, token: &str) -> bool {
    text.match_indices(token).any(|(at, _)| {
        let before = text[..at].chars().next_back();
        let after = text[at + token.len()..].chars().next();
        !before.is_some_and(|c| c.is_ascii_alphanumeric())
            && !after.is_some_and(|c| c.is_ascii_alphanumeric())
    })
}

#[test]
fn no_secret_of_a_card_appears_in_any_output_log_or_saved_state() {
    let captured = Captured::traces();

    let mut f = Fixture::new();
    f.extra_secrets.push(DIGITS.into());
    f.extra_secrets.push(TYPED.into());
    let mut texts: Vec<(String, String)> = Vec::new();

    // Registered, with every trace; then refused by the emulator (an injected error), and
    // refused before sending (a letter in the number).
    let run = f.run(
        f.cmd()
            .args(["payment", "add", "--exp", "11/38", "--yes", "-vvv"])
            .write_stdin(format!("{TYPED}\n{CVC}\n")),
    );
    run.code(0);
    texts.push(("stdout".into(), run.stdout.clone()));
    texts.push(("stderr".into(), run.stderr.clone()));
    f.admin().inject_fault(solapi_cash_emulator::FaultSpec::new(
        solapi_cash_emulator::Route::Any,
        solapi_cash_emulator::FaultAction::error(500),
    ));
    let run = f.run(
        f.cmd()
            .args([
                "payment", "add", "--exp", "11/38", "--yes", "-vvv", "-o", "json",
            ])
            .write_stdin(format!("{TYPED}\n{CVC}\n")),
    );
    assert_ne!(run.code, 0);
    texts.push(("stderr of a refused add".into(), run.stderr.clone()));
    f.admin().clear_faults();
    let run = f.run(
        f.cmd()
            .args(["payment", "add", "--exp", "11/38", "--yes", "-vvv"])
            .write_stdin(format!("5555-5555-5555-444x\n{CVC}\n")),
    );
    run.code(2);
    texts.push(("stderr of a bad number".into(), run.stderr.clone()));
    assert!(!run.stderr.contains("5555-5555-5555-444"), "{}", run.stderr);

    texts.extend(f.kept_texts(&captured, "4444"));

    for (what, text) in &texts {
        for secret in [TYPED, DIGITS] {
            assert!(
                !text.contains(secret),
                "the card number is in the {what}:\n{text}"
            );
        }
        assert!(!holds_token(text, CVC), "the CVC is in the {what}:\n{text}");
        assert!(
            !text.contains("\"cvc\""),
            "a CVC field is in the {what}:\n{text}"
        );
    }
}
