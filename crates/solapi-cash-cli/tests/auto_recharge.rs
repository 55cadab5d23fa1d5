//! `solapi-cash auto-recharge show | set | on | off` over real HTTP against the emulator
//! (issue 22, point 5): every format of `show`, a write only with a confirmation or --yes, the
//! published rules refused before any write, `on`/`off` toggling only when needed, and a
//! toggle whose answer is lost settled by reading the state again — never toggled twice.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, parse_csv};
use solapi_cash_emulator::{FaultAction, FaultSpec, Operation, Route};

/// How many writes (anything but GET) the emulator received.
fn writes(f: &Fixture) -> usize {
    f.sent().iter().filter(|r| !r.starts_with("GET ")).count()
}

/// How many toggles (`PUT /cash/v1/recharge`) the emulator received.
fn toggles(f: &Fixture) -> usize {
    f.sent()
        .iter()
        .filter(|r| *r == "PUT /cash/v1/recharge")
        .count()
}

fn state(f: &Fixture) -> serde_json::Value {
    let run = f.run(f.cmd().args(["auto-recharge", "show", "-o", "json"]));
    serde_json::from_str(&run.code(0).stdout).unwrap()
}

fn is_on(f: &Fixture) -> bool {
    let flag = &state(f)["autoRecharge"];
    flag.as_bool()
        .or(flag.as_i64().map(|n| n != 0))
        .unwrap_or_else(|| panic!("autoRecharge: {flag}"))
}

#[test]
fn auto_recharge_show_in_every_format() {
    let f = Fixture::new();
    let table = f.run(f.cmd().args(["auto-recharge", "show"]));
    assert!(
        table.code(0).stdout.starts_with("auto-recharge: "),
        "{}",
        table.stdout
    );
    let json = state(&f);
    for field in ["autoRecharge", "minimumCash", "rechargeTo", "paymentIds"] {
        assert!(json.get(field).is_some(), "{field} in {json}");
    }
    let csv = f.run(f.cmd().args(["auto-recharge", "show", "-o", "csv"]));
    let rows = parse_csv(&csv.code(0).stdout);
    assert_eq!(rows.len(), 2, "{}", csv.stdout);
    assert_eq!(
        rows[0],
        [
            "autoRecharge",
            "minimumCash",
            "rechargeTo",
            "rechargeTryCount",
            "paymentIds"
        ]
    );
    assert_eq!(writes(&f), 0);
}

#[test]
fn auto_recharge_set_sends_the_cards_in_order() {
    let f = Fixture::new();
    let cards = format!("{},{}", f.declined_payment_id, f.payment_id);
    let run = f.run(f.cmd().args([
        "auto-recharge",
        "set",
        "--below",
        "10000",
        "--to",
        "50000",
        "--cards",
        &cards,
        "--yes",
    ]));
    run.code(0).stderr_has("were set");
    assert!(
        run.stdout.contains("below 10,000 won") && run.stdout.contains("50,000 won"),
        "{}",
        run.stdout
    );
    assert_eq!(
        f.sent()
            .iter()
            .filter(|r| *r == "PUT /cash/v1/payment")
            .count(),
        1
    );
    let now = state(&f);
    assert_eq!(now["minimumCash"], 10_000);
    assert_eq!(now["rechargeTo"], 50_000);
    assert_eq!(
        now["paymentIds"],
        serde_json::json!([f.declined_payment_id, f.payment_id]),
        "first tried first"
    );
}

#[test]
fn the_published_rules_are_checked_before_anything_is_written() {
    let f = Fixture::new();
    let card = f.payment_id.clone();
    let set = |below: &str, to: &str, cards: &str| {
        [
            "auto-recharge",
            "set",
            "--yes",
            "--below",
            below,
            "--to",
            to,
            "--cards",
            cards,
        ]
        .map(str::to_owned)
        .to_vec()
    };
    for (args, said) in [
        (set("199", "50000", &card), "at least 200"),
        (set("-500", "50000", &card), "at least 200"),
        (set("1000.5", "50000", &card), "whole won"),
        (set("1000", "9999", &card), "at least 10000"),
        (set("1000", "50000", &format!("{card},{card}")), "twice"),
        (set("1000", "50000", ""), "empty"),
        (
            set("1000", "50000", "9999999999999999999999999999999"),
            "no registered card",
        ),
    ] {
        let run = f.run(f.cmd().args(&args));
        run.code(2).stderr_has(said);
    }
    assert_eq!(writes(&f), 0, "nothing written: {:?}", f.sent());
    assert_eq!(
        f.sent(),
        ["GET /cash/v1/payment?limit=100"],
        "only the unknown card needed the list"
    );
}

#[test]
fn on_and_off_read_first_and_toggle_only_when_needed() {
    let f = Fixture::new();
    let start = is_on(&f);
    let (first, second) = if start { ("off", "on") } else { ("on", "off") };

    let run = f.run(f.cmd().args(["auto-recharge", first, "--yes"]));
    run.code(0)
        .stderr_has(&format!("auto-recharge was turned {first}"));
    assert_eq!(toggles(&f), 1);
    assert_eq!(is_on(&f), !start);

    let run = f.run(f.cmd().args(["auto-recharge", first, "--yes"]));
    run.code(0)
        .stderr_has("already")
        .stderr_has("nothing was sent");
    assert_eq!(toggles(&f), 1, "not toggled back");

    f.run(f.cmd().args(["auto-recharge", second, "--yes"]))
        .code(0);
    assert_eq!(toggles(&f), 2);
    assert_eq!(is_on(&f), start);

    for args in [["auto-recharge", "on"], ["auto-recharge", "off"]] {
        f.run(f.cmd().args(args))
            .code(2)
            .stderr_has("no terminal to confirm");
    }
    assert_eq!(toggles(&f), 2);
}

/// A toggle whose answer is lost: the state read again decides. Applied (the emulator
/// committed it, then dropped the connection): exit 0. Not applied (dropped before handling):
/// exit 6, the recharge's "unknown" — and in both cases exactly one toggle was sent.
#[test]
fn a_lost_toggle_is_settled_by_reading_again_never_by_toggling_twice() {
    let f = Fixture::new();
    let start = is_on(&f);
    let (want, back) = if start { ("off", "on") } else { ("on", "off") };
    let toggle = Route::Only(Operation::ToggleAutoRecharge);

    f.admin()
        .inject_fault(FaultSpec::new(toggle, FaultAction::DropAfterCommit));
    let run = f.run(f.cmd().args(["auto-recharge", want, "--yes"]));
    run.code(0)
        .stderr_has("answer was lost")
        .stderr_has("the toggle was applied");
    assert_eq!(toggles(&f), 1, "sent once");
    assert_eq!(is_on(&f), !start);

    f.admin()
        .inject_fault(FaultSpec::new(toggle, FaultAction::DropBeforeHandling));
    let run = f.run(f.cmd().args(["auto-recharge", back, "--yes"]));
    run.code(6)
        .stderr_has("answer was lost")
        .stderr_has(&format!("still not {back}"))
        .stderr_has("nothing more was sent")
        .stderr_has("auto-recharge show");
    assert_eq!(toggles(&f), 2, "one more, never a second blind toggle");
    assert_eq!(is_on(&f), !start, "unchanged");

    // The same command again reads first and toggles once.
    f.run(f.cmd().args(["auto-recharge", back, "--yes"]))
        .code(0);
    assert_eq!(toggles(&f), 3);
    assert_eq!(is_on(&f), start);
}

#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_the_switch_asks_first() {
    use common::pty::Pty;
    let f = Fixture::new();
    let want = if is_on(&f) { "off" } else { "on" };
    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &["auto-recharge", want]);
    pty.wait_for_text("[y/N]");
    assert!(
        pty.screen()
            .contains(&format!("Turn auto-recharge {want} (now ")),
        "{}",
        pty.screen()
    );
    pty.type_keys(b"n\r");
    assert_eq!(pty.wait(&mut child).code(), Some(1), "{}", pty.screen());
    assert_eq!(toggles(&f), 0);

    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &["auto-recharge", want]);
    pty.wait_for_text("[y/N]");
    pty.type_keys(b"y\r");
    assert_eq!(pty.wait(&mut child).code(), Some(0), "{}", pty.screen());
    assert_eq!(toggles(&f), 1);
}
