//! Finding 7 of issue 11: text from outside — memos, group ids, the API's error messages —
//! reached the terminal raw, so a hostile server could clear the screen, set the window
//! title, or forge lines of the CLI's own messages (`\r\nerror: …`). Tables and messages
//! now show every control character visibly (`\u{1b}`, `\n`); JSON, NDJSON and CSV stay
//! data and carry the text exactly.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, csv_records};
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
use solapi_cash_types::Money;

/// ESC sequences (clear screen, window title), BEL, a carriage return and a line feed that
/// try to forge a line, other C0 and C1 controls, DEL, and a bidi override.
const HOSTILE: &str =
    "memo\u{1b}[2J\u{1b}]0;owned\u{7}\r\nerror: forged\u{0}\u{8}\u{7f}\u{9b}31m\u{202e}txt";

/// The same, as the CLI shows it.
const SHOWN: &str =
    r"memo\u{1b}[2J\u{1b}]0;owned\u{7}\r\nerror: forged\u{0}\u{8}\u{7f}\u{9b}31m\u{202e}txt";

/// Characters that must never reach a terminal from outside. Line feeds are the CLI's own
/// line ends and are counted separately.
fn raw_controls(text: &str) -> Vec<char> {
    text.chars()
        .filter(|&c| {
            (c.is_control() && c != '\n')
                || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
        })
        .collect()
}

/// An account with two entries carrying `text`: an adjustment with it as its memo, then a
/// message charge with it as its group id.
fn two_entries_with(text: &str) -> Fixture {
    let f = Fixture::new();
    let admin = f.admin();
    admin
        .adjust(&f.account_id, Money::from_i64(500), Money::ZERO, Some(text))
        .unwrap();
    admin
        .charge_message(&f.account_id, Money::from_i64(20), Some(text))
        .unwrap();
    f
}

#[test]
fn memos_and_group_ids_are_shown_visibly_in_tables_and_kept_exactly_in_data() {
    let f = two_entries_with(HOSTILE);
    let mut runs = 0;

    for args in [&["history"][..], &["history", "--all"]] {
        let run = f.run(f.cmd().args(args));
        runs += 1;
        let out = &run.code(0).stdout;
        assert_eq!(
            raw_controls(out),
            Vec::<char>::new(),
            "{args:?}: raw controls in\n{out}"
        );
        assert_eq!(
            out.lines().count(),
            3,
            "{args:?}: a header and two rows:\n{out}"
        );
        assert_eq!(out.matches(SHOWN).count(), 2, "{args:?}:\n{out}");
        assert!(!out.lines().any(|l| l.starts_with("error:")));
    }

    let json = f.run(f.cmd().args(["history", "-o", "json"]));
    let entries: Vec<serde_json::Value> = serde_json::from_str(&json.code(0).stdout).unwrap();
    assert_eq!(
        raw_controls(&json.stdout),
        Vec::<char>::new(),
        "JSON escapes them itself"
    );
    assert_eq!(entries[0]["groupId"], HOSTILE);
    assert_eq!(entries[1]["memo"], HOSTILE);

    // One page (each entry encoded), and an export (each entry's text copied as the
    // emulator sent it: DEL, the C1 control and the override raw in its strings).
    for args in [
        &["history", "-o", "ndjson"][..],
        &["history", "--all", "-o", "ndjson"],
    ] {
        let ndjson = f.run(f.cmd().args(args));
        assert_eq!(ndjson.code(0).stdout.lines().count(), 2, "{args:?}");
        assert_eq!(
            raw_controls(&ndjson.stdout),
            Vec::<char>::new(),
            "{args:?}: raw controls in\n{}",
            ndjson.stdout
        );
        let lines: Vec<serde_json::Value> = ndjson
            .stdout
            .lines()
            .map(|l| serde_json::from_str(l).unwrap())
            .collect();
        assert_eq!(lines[0]["groupId"], HOSTILE, "{args:?}");
        assert_eq!(lines[1]["memo"], HOSTILE, "{args:?}");
    }
    let json = f.run(f.cmd().args(["history", "--all", "-o", "json"]));
    assert_eq!(raw_controls(&json.code(0).stdout), Vec::<char>::new());
    let entries: Vec<serde_json::Value> = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(entries[1]["memo"], HOSTILE);

    // CSV is data: the exact text, quoted because of the line break.
    let csv = f.run(f.cmd().args(["history", "-o", "csv"]));
    let rows = csv_records(&csv.code(0).stdout);
    assert_eq!(rows[0]["groupId"], HOSTILE);
    assert_eq!(rows[1]["memo"], HOSTILE);
    eprintln!(
        "FIGURES cli.terminal_text.tables [solapi-cash]: table_runs={runs} raw_controls=0 exact_in=json,ndjson,csv"
    );
}

/// What JSON may carry raw inside a string and a terminal may still act on: DEL, a C1
/// control (U+009B, a one-character CSI) and a bidirectional override. No escape sequence in
/// the page, so an export copies each entry's text as sent instead of encoding it.
const RAW_IN_JSON: &str = "memo\u{7f}\u{9b}31m\u{202e}txt";

#[test]
fn exports_that_copy_the_sent_text_escape_what_json_leaves_raw() {
    let f = two_entries_with(RAW_IN_JSON);
    for format in ["ndjson", "json"] {
        let run = f.run(f.cmd().args(["history", "--all", "-o", format]));
        let out = &run.code(0).stdout;
        assert_eq!(
            raw_controls(out),
            Vec::<char>::new(),
            "{format}: raw controls in\n{out}"
        );
        let entries: Vec<serde_json::Value> = if format == "json" {
            serde_json::from_str(out).unwrap()
        } else {
            out.lines()
                .map(|l| serde_json::from_str(l).unwrap())
                .collect()
        };
        assert_eq!(entries.len(), 2, "{format}");
        assert_eq!(entries[0]["groupId"], RAW_IN_JSON, "{format}");
        assert_eq!(entries[1]["memo"], RAW_IN_JSON, "{format}");
    }
}

#[test]
fn a_hostile_error_message_cannot_forge_the_clis_own_lines() {
    let f = Fixture::new();
    let body =
        serde_json::json!({ "errorCode": "ValidationError", "errorMessage": HOSTILE }).to_string();
    let mut runs = 0;
    for verbosity in [&[][..], &["-v"], &["-vv"]] {
        f.admin().inject_fault(FaultSpec::new(
            Route::Balance,
            FaultAction::Error {
                status: 400,
                body: Some(body.clone()),
                retry_after: None,
            },
        ));
        let run = f.run(f.cmd().arg("balance").args(verbosity));
        runs += 1;
        run.code(3);
        assert_eq!(
            raw_controls(&run.stderr),
            Vec::<char>::new(),
            "{verbosity:?}: raw controls in\n{}",
            run.stderr
        );
        let line = run.error_line();
        assert!(line.contains(SHOWN), "{verbosity:?}: {line}");
        assert!(
            !run.stderr.lines().any(|l| l.starts_with("error: forged")),
            "{verbosity:?}: a forged line\n{}",
            run.stderr
        );
        if verbosity == ["-v"] {
            assert!(
                run.stderr.contains(&format!("api message: {SHOWN}")),
                "{}",
                run.stderr
            );
        }
    }
    eprintln!(
        "FIGURES cli.terminal_text.messages [solapi-cash]: runs={runs} raw_controls=0 forged_lines=0"
    );
}
