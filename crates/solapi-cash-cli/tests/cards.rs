//! `solapi-cash payment add` and `payment remove` over real HTTP against the emulator (issue
//! 22, point 5): the card's number and CVC from standard input or a prompt without echo, the
//! published rules refused before anything is sent, confirmations and --yes, and a removal
//! whose answer is lost settled by reading the list again.

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;
use solapi_cash_emulator::{FaultAction, FaultSpec, Operation, Route};
use solapi_cash_types::PaymentList;

/// A Visa test number, as a person types it.
const VISA: &str = "4242 4242 4242 4242";
const CVC: &str = "737";

fn count(f: &Fixture, request: &str) -> usize {
    f.sent().iter().filter(|r| *r == request).count()
}

fn cards(f: &Fixture) -> PaymentList {
    let run = f.run(f.cmd().args(["payment", "-o", "json"]));
    serde_json::from_str(&run.code(0).stdout).unwrap()
}

fn secret_fixture() -> Fixture {
    let mut f = Fixture::new();
    f.extra_secrets.push("4242424242424242".into());
    f.extra_secrets.push(VISA.into());
    f
}

#[test]
fn payment_alone_lists_as_payment_list_does() {
    let f = Fixture::new();
    let alone = f.run(f.cmd().args(["payment", "-o", "json"]));
    let list = f.run(f.cmd().args(["payment", "list", "-o", "json"]));
    assert_eq!(alone.code(0).stdout, list.code(0).stdout);
}

#[test]
fn payment_add_reads_number_and_cvc_from_standard_input() {
    let f = secret_fixture();
    let before = cards(&f).payments.len();
    let run = f.run(
        f.cmd()
            .args([
                "payment",
                "add",
                "--exp",
                "12/39",
                "--description",
                "법인카드",
                "--yes",
                "-o",
                "json",
            ])
            .write_stdin(format!("{VISA}\n{CVC}\n")),
    );
    let added: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    let id = added["paymentId"].as_str().unwrap().to_owned();
    assert_eq!(count(&f, "POST /cash/v1/payment"), 1);
    let list = cards(&f);
    assert_eq!(list.payments.len(), before + 1);
    let card = list.payments.iter().find(|c| c.id == id).unwrap();
    assert_eq!(card.exp_date.as_deref(), Some("2039/12"));

    // Dashes are dropped as spaces are.
    f.run(
        f.cmd()
            .args(["payment", "add", "--exp", "01/2040", "--yes"])
            .write_stdin(format!("4242-4242-4242-4242\n{CVC}\n")),
    )
    .code(0);
    assert_eq!(count(&f, "POST /cash/v1/payment"), 2);
}

#[test]
fn bad_cards_are_refused_before_anything_is_sent() {
    let f = secret_fixture();
    let add = |exp: &str, stdin: String| {
        f.run(
            f.cmd()
                .args(["payment", "add", "--exp", exp, "--yes"])
                .write_stdin(stdin),
        )
    };
    for (exp, stdin, said) in [
        ("12/39", format!("4242 4242 abcd 4242\n{CVC}\n"), "digits"),
        ("12/39", format!("378282246310005\n{CVC}\n"), "Visa"),
        ("01/20", format!("{VISA}\n{CVC}\n"), "expired"),
        ("13/39", format!("{VISA}\n{CVC}\n"), "month"),
        ("1239", format!("{VISA}\n{CVC}\n"), "MM/YY"),
        ("12/39", format!("{VISA}\n"), "no CVC"),
        ("12/39", String::new(), "no card number"),
        ("12/39", format!("{VISA}\n12a\n"), "CVC"),
    ] {
        let run = add(exp, stdin);
        run.code(2).stderr_has(said);
    }
    f.assert_nothing_sent();

    // Without a terminal and without --yes: refused before standard input is read.
    let run = f.run(
        f.cmd()
            .args(["payment", "add", "--exp", "12/39"])
            .write_stdin(format!("{VISA}\n{CVC}\n")),
    );
    run.code(2)
        .stderr_has("no terminal to confirm")
        .stderr_has("--yes");
    f.assert_nothing_sent();
}

#[test]
fn payment_remove_removes_a_registered_card_once() {
    let f = Fixture::new();
    let run = f.run(f.cmd().args(["payment", "remove", &f.declined_payment_id]));
    run.code(2).stderr_has("no terminal to confirm");

    let run = f.run(f.cmd().args([
        "payment",
        "remove",
        "9999999999999999999999999999999",
        "--yes",
    ]));
    run.code(2).stderr_has("no registered card has the id");
    assert_eq!(count(&f, "DELETE /cash/v1/payment"), 0);

    let run = f.run(
        f.cmd()
            .args(["payment", "remove", &f.declined_payment_id, "--yes"]),
    );
    run.code(0).stderr_has("was removed");
    assert_eq!(count(&f, "DELETE /cash/v1/payment"), 1);
    assert!(
        !cards(&f)
            .payments
            .iter()
            .any(|c| c.id == f.declined_payment_id),
        "gone from the list"
    );
}

/// A removal whose answer is lost: the list read again decides, and nothing is sent twice.
#[test]
fn a_lost_removal_is_settled_by_reading_the_list_again() {
    let f = Fixture::new();
    let route = Route::Only(Operation::RemovePayment);
    f.admin()
        .inject_fault(FaultSpec::new(route, FaultAction::DropBeforeHandling));
    let run = f.run(
        f.cmd()
            .args(["payment", "remove", &f.declined_payment_id, "--yes"]),
    );
    run.code(6)
        .stderr_has("answer was lost")
        .stderr_has("still registered")
        .stderr_has("nothing more was sent");
    assert_eq!(count(&f, "DELETE /cash/v1/payment"), 1);

    f.admin()
        .inject_fault(FaultSpec::new(route, FaultAction::DropAfterCommit));
    let run = f.run(
        f.cmd()
            .args(["payment", "remove", &f.declined_payment_id, "--yes"]),
    );
    run.code(0).stderr_has("the removal was applied");
    assert_eq!(count(&f, "DELETE /cash/v1/payment"), 2);
}

/// On a terminal the number and the CVC are asked for without echo, and the registration
/// is confirmed naming the card by its last four digits only.
#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_number_and_cvc_are_asked_for_without_echo() {
    use common::pty::{Pty, wait_until};
    use rustix::termios::LocalModes;
    let f = secret_fixture();
    let pty = Pty::open();
    let hidden = || {
        wait_until("the echo to go off", || {
            !pty.modes().contains(LocalModes::ECHO)
        })
    };
    let mut child = pty.spawn_like(&f.cmd_std(), &["payment", "add", "--exp", "12/39"]);
    pty.wait_for_text("card number: ");
    hidden();
    pty.type_keys(format!("{VISA}\r").as_bytes());
    pty.wait_for_text("CVC: ");
    hidden();
    pty.type_keys(format!("{CVC}\r").as_bytes());
    pty.wait_for_text("[y/N]");
    let screen = pty.screen();
    assert!(screen.contains("4242"), "the last four digits: {screen}");
    assert!(
        !screen.contains(VISA) && !screen.contains("4242424242424242"),
        "the number was echoed: {screen}"
    );
    pty.type_keys(b"y\r");
    assert_eq!(pty.wait(&mut child).code(), Some(0), "{}", pty.screen());
    assert_eq!(count(&f, "POST /cash/v1/payment"), 1);
}

/// On a terminal a removal asks first, naming the card and that auto-recharge charges it;
/// anything but yes removes nothing.
#[cfg(target_os = "linux")]
#[test]
fn on_a_terminal_a_removal_asks_first() {
    use common::pty::Pty;
    let f = Fixture::new();
    f.run(f.cmd().args([
        "auto-recharge",
        "set",
        "--below",
        "1000",
        "--to",
        "20000",
        "--cards",
        &f.payment_id,
        "--yes",
    ]))
    .code(0);
    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &["payment", "remove", &f.payment_id]);
    pty.wait_for_text("[y/N]");
    let screen = pty.screen();
    assert!(
        screen.contains(&format!("Remove the card {} (", f.payment_id))
            && screen.contains("auto-recharge charges it (priority 1)"),
        "{screen}"
    );
    pty.type_keys(b"n\r");
    assert_eq!(pty.wait(&mut child).code(), Some(1), "{}", pty.screen());
    assert_eq!(count(&f, "DELETE /cash/v1/payment"), 0);
}

/// With `--api-secret-stdin` the secret's line comes first, then the number and the CVC.
#[test]
fn the_api_secret_line_comes_before_the_card() {
    let f = secret_fixture();
    let run = f.run(
        f.bare()
            .env("SOLAPI_BASE_URL", f.emulator.base_url())
            .env("SOLAPI_API_KEY", &f.api_key)
            .args([
                "payment",
                "add",
                "--exp",
                "12/39",
                "--yes",
                "--api-secret-stdin",
            ])
            .write_stdin(format!("{}\n{VISA}\n{CVC}\n", f.api_secret)),
    );
    run.code(0).stderr_has("was registered");
    assert_eq!(count(&f, "POST /cash/v1/payment"), 1);
}
