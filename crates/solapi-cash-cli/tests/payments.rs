//! `solapi-cash payment list` over real HTTP against the emulator (issue 12, item 8), an
//! emulator set up from a state file serving the CLI (issue 15, item 4), and a recharge on a
//! terminal without a payment id offering the registered cards (issue 14, item 6).

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, csv_records, parse_csv};
use solapi_cash_emulator::{Emulator, EmulatorConfig, StateFile};
use solapi_cash_types::{HistoryEntry, Money, PaymentList};

#[test]
fn payment_list_in_every_format() {
    let f = Fixture::new();
    let cards = [f.payment_id.as_str(), f.declined_payment_id.as_str()];

    let table = f.run(f.cmd().args(["payment", "list"]));
    let lines: Vec<&str> = table.code(0).stdout.lines().collect();
    assert_eq!(lines.len(), 3, "{}", table.stdout);
    assert!(lines[0].starts_with("payment id"), "{}", lines[0]);
    assert!(lines[0].contains("registered (Asia/Seoul)"), "{}", lines[0]);
    for (line, card) in lines[1..].iter().zip(cards) {
        assert!(line.starts_with(card), "{line}");
        assert!(line.contains("[VISA]") && line.contains("off"), "{line}");
    }

    // json: the API's answer as sent, the envelope included.
    let json = f.run(f.cmd().args(["payment", "list", "-o", "json"]));
    let list: PaymentList = serde_json::from_str(&json.code(0).stdout).unwrap();
    let ids: Vec<&str> = list.payments.iter().map(|m| m.id.as_str()).collect();
    assert_eq!(ids, cards);
    let value: serde_json::Value = serde_json::from_str(&json.stdout).unwrap();
    assert_eq!(value["payments"][0]["autoRecharge"], 0, "a number, as sent");

    let ndjson = f.run(f.cmd().args(["payment", "list", "-o", "ndjson"]));
    let lines: Vec<serde_json::Value> = ndjson
        .code(0)
        .stdout
        .lines()
        .map(|l| serde_json::from_str(l).unwrap())
        .collect();
    assert_eq!(lines.len(), 2);
    assert_eq!(lines[1]["_id"], cards[1]);

    let csv = f.run(f.cmd().args(["payment", "list", "-o", "csv"]));
    let rows = parse_csv(&csv.code(0).stdout);
    assert_eq!(
        rows[0],
        [
            "_id",
            "description",
            "autoRecharge",
            "expDate",
            "dateCreated (Asia/Seoul)",
            "dateUpdated (Asia/Seoul)",
            "extra"
        ]
    );
    let records = csv_records(&csv.stdout);
    assert_eq!(records[0]["_id"], cards[0]);
    assert_eq!(records[0]["autoRecharge"], "0");
    assert_eq!(
        records[0]["extra"], "",
        "the emulator sends nothing unknown"
    );

    // One page: --offset and --limit are sent.
    let page = f.run(f.cmd().args([
        "payment", "list", "--offset", "1", "--limit", "1", "-o", "json",
    ]));
    let list: PaymentList = serde_json::from_str(&page.code(0).stdout).unwrap();
    assert_eq!(list.payments.len(), 1);
    assert_eq!(list.payments[0].id, cards[1]);
    let log = f.admin().request_log();
    let last = log.last().unwrap();
    assert!(
        last.path.contains("offset=1") && last.path.contains("limit=1"),
        "{}",
        last.path
    );

    let before = f.requests();
    f.run(f.cmd().args(["payment", "list", "--limit", "0"]))
        .code(2);
    assert_eq!(f.requests(), before, "refused before sending");
}

/// An account written as a state file, as a test suite in another language would write it:
/// a key, two cards (one used for auto-recharge, with a Korean description) and a ledger with
/// fractional amounts. Amounts and ids are chosen here, so the CLI's output is checked against
/// the file, not against the emulator.
const STATE: &str = r#"{
  "version": 1,
  "accounts": [{
    "accountId": "24010000000001",
    "mfa": false,
    "apiKeys": [{"apiKey": "NCSTATEFILEKEY01", "apiSecret": "state-file-secret-9d1e"}],
    "paymentMethods": [
      {"paymentId": "1500000000000000000000000000001", "description": "[VISA] 0001 12/31",
       "expDate": "2031/12", "autoRecharge": 1},
      {"paymentId": "1500000000000000000000000000002", "description": "법인카드 [MASTER] 0002",
       "expDate": "2030/06", "autoRecharge": 0}
    ],
    "entries": [
      {"type": "RECHARGE", "balanceAmount": 10130.5, "rechargeMethod": "STRIPE",
       "historyId": "aaaaaaaaaaaaaaaaaaaaaaa1", "dateCreated": "2025-06-30T22:40:00.000Z"},
      {"type": "DEDUCT", "balanceAmount": -20.25, "pointAmount": 0, "memo": "문자 발송",
       "historyId": "aaaaaaaaaaaaaaaaaaaaaaa2", "dateCreated": "2025-07-01T01:00:00.000Z"}
    ]
  }]
}"#;

#[test]
fn an_emulator_set_up_from_a_state_file_serves_it_to_the_cli() {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("state.json");
    std::fs::write(&path, STATE).unwrap();
    // What `solapi-cash-emulator --state FILE` does with the file.
    let emulator = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .state(StateFile::load(&path).unwrap()),
    )
    .unwrap();
    let mut f = Fixture::new();
    f.extra_secrets.push("state-file-secret-9d1e".to_owned());
    let cmd = |args: &[&str]| {
        let mut cmd = f.bare();
        cmd.env("SOLAPI_BASE_URL", emulator.base_url())
            .env("SOLAPI_API_KEY", "NCSTATEFILEKEY01")
            .env("SOLAPI_API_SECRET", "state-file-secret-9d1e")
            .args(args);
        cmd
    };

    let balance = f.run(&mut cmd(&["balance", "-o", "json"]));
    let value: serde_json::Value = serde_json::from_str(&balance.code(0).stdout).unwrap();
    let raw = common::raw_object(&balance.stdout);
    assert_eq!(raw["balance"].get(), "10110.25", "10130.5 - 20.25, exactly");
    assert_eq!(value["accountId"], "24010000000001");

    let history = f.run(&mut cmd(&["history", "-o", "json"]));
    let entries: Vec<HistoryEntry> = serde_json::from_str(&history.code(0).stdout).unwrap();
    let ids: Vec<&str> = entries.iter().map(|e| e.history_id.as_str()).collect();
    assert_eq!(
        ids,
        ["aaaaaaaaaaaaaaaaaaaaaaa2", "aaaaaaaaaaaaaaaaaaaaaaa1"],
        "newest first"
    );
    assert_eq!(
        entries[0].balance_amount,
        "-20.25".parse::<Money>().unwrap()
    );
    assert_eq!(entries[0].memo.as_deref(), Some("문자 발송"));
    assert_eq!(entries[1].date_created.as_str(), "2025-06-30T22:40:00.000Z");
    let table = f.run(&mut cmd(&["history"]));
    assert!(
        table
            .code(0)
            .stdout
            .contains("2025-07-01 07:40:00  RECHARGE"),
        "22:40Z is 07:40 the next day in Korea:\n{}",
        table.stdout
    );

    let cards = f.run(&mut cmd(&["payment", "list", "-o", "csv"]));
    let records = csv_records(&cards.code(0).stdout);
    assert_eq!(records.len(), 2);
    assert_eq!(records[0]["_id"], "1500000000000000000000000000001");
    assert_eq!(records[0]["autoRecharge"], "1");
    assert_eq!(records[1]["description"], "법인카드 [MASTER] 0002");
    assert_eq!(records[1]["expDate"], "2030/06");
    let table = f.run(&mut cmd(&["payment", "list"]));
    assert!(
        table.code(0).stdout.contains("priority 1"),
        "{}",
        table.stdout
    );
}

/// On a terminal, a recharge without --payment-id (nor SOLAPI_PAYMENT_ID, nor a stored
/// payment-id) lists the registered cards and charges the one picked; nothing picked,
/// nothing charged.
#[cfg(target_os = "linux")]
#[test]
fn a_recharge_on_a_terminal_offers_the_registered_cards() {
    use common::pty::Pty;

    let f = Fixture::new();
    let recharge = ["recharge", "--amount", "5000"];

    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &recharge);
    pty.wait_for_text("Card to charge (1-2");
    let screen = pty.screen();
    assert!(
        screen.contains("1) [VISA]") && screen.contains(&f.payment_id),
        "{screen}"
    );
    assert!(screen.contains(&f.declined_payment_id), "{screen}");
    pty.type_keys(b"1\r");
    pty.wait_for_text(&format!("to payment method {}", f.payment_id));
    pty.type_keys(b"y\r");
    let status = pty.wait(&mut child);
    assert_eq!(status.code(), Some(0), "{}", pty.screen());
    assert_eq!(
        f.balance(),
        Money::from_i64(5000),
        "the card picked was charged"
    );

    // Nothing picked: nothing sent.
    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &recharge);
    pty.wait_for_text("Card to charge");
    pty.type_keys(b"\r");
    let status = pty.wait(&mut child);
    assert_eq!(status.code(), Some(1), "{}", pty.screen());
    pty.wait_for_text("cancelled: nothing was charged");
    // A number that is no card: nothing sent either.
    let pty = Pty::open();
    let mut child = pty.spawn_like(&f.cmd_std(), &recharge);
    pty.wait_for_text("Card to charge");
    pty.type_keys(b"3\r");
    assert_eq!(pty.wait(&mut child).code(), Some(2), "{}", pty.screen());
    let posts = f.recharges_sent();
    assert_eq!(posts, 1, "only the recharge confirmed was sent");
    assert_eq!(f.balance(), Money::from_i64(5000));

    // Without a terminal there is nobody to pick: the command says how to give one.
    let run = f.run(f.cmd().args(["recharge", "--yes", "--amount", "5000"]));
    run.code(2).stderr_has("solapi-cash payment list");
}
