//! Issue 14, items 5 and 6: `balance --below` for cron and monitoring checks, the summary's
//! average daily spend and days left, and a payment method kept in a profile or the
//! environment.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Fixture, csv_records, raw_object};
use solapi_cash_emulator::{AccountSpec, EmulatorConfig};
use solapi_cash_types::Money;
use time::macros::datetime;

fn money(text: &str) -> Money {
    text.parse().unwrap()
}

#[test]
fn below_exits_8_under_the_threshold_of_balance_and_point() {
    let f = Fixture::with(
        EmulatorConfig::default().rate_limit(None),
        AccountSpec::new()
            .mfa(false)
            .balance(money("9000.5"))
            .point(Money::from_i64(1000)),
    );
    // 9000.5 + 1000 = 10000.5: not below 10000.5, below 10000.6.
    for (threshold, cash_only, code) in [
        ("10000.5", false, 0),
        ("10000.6", false, 8),
        ("9000.5", true, 0),
        ("9000.6", true, 8),
        ("-1", false, 0),
    ] {
        let mut cmd = f.cmd();
        cmd.args(["balance", "--below", threshold, "-o", "csv"]);
        if cash_only {
            cmd.arg("--cash-only");
        }
        let run = f.run(&mut cmd);
        run.code(code);
        assert_eq!(
            csv_records(&run.stdout)[0]["balance"],
            "9000.5",
            "printed either way"
        );
        if code == 8 {
            let what = if cash_only {
                "the balance is 9,000.5"
            } else {
                "balance + point is 10,000.5"
            };
            run.stderr_has(what).stderr_has(&format!(
                "below: {what} won, below {}",
                threshold
                    .replace("10000", "10,000")
                    .replace("9000", "9,000")
            ));
        } else {
            // A verdict either way, on one line.
            assert_eq!(run.stderr.lines().count(), 1, "{}", run.stderr);
            assert!(run.stderr.starts_with("ok: ") && run.stderr.contains(" won, not below "));
        }
    }
    let before = f.requests();
    f.run(f.cmd().args(["balance", "--cash-only"])).code(2);
    f.run(f.cmd().args(["balance", "--below", "ten"])).code(2);
    assert_eq!(f.requests(), before);
}

/// The outlook over an exact range: entries placed in June 2025 (Korean days), spent
/// computed here from the entries, the average and days left from the documented rounding.
#[test]
fn summary_estimates_the_average_daily_spend_and_the_days_left() {
    let f = Fixture::new();
    let place = |at, balance, point| f.entry_at(at, balance, point);
    place(datetime!(2025-06-01 01:00 UTC), 100_000, 500);
    // Sending: 30,500 (500 of it from the point), then 29,500.
    f.charge_at(datetime!(2025-06-10 01:00 UTC), 30_500);
    f.charge_at(datetime!(2025-06-20 01:00 UTC), 29_500);
    place(datetime!(2025-06-29 01:00 UTC), 1_000, 0);
    // A manual correction takes 1,000 but is not spending.
    place(datetime!(2025-06-29 02:00 UTC), -1_000, 0);
    // Left now: 100000 + 500 - 30500 - 29500 + 1000 - 1000 = 40500; spent in June: 60000.
    let june = [
        "history",
        "summary",
        "--since",
        "2025-06-01",
        "--until",
        "2025-06-30",
        "-o",
        "json",
    ];
    let run = f.run(f.cmd().args(june));
    let report: serde_json::Value = serde_json::from_str(&run.code(0).stdout).unwrap();
    let outlook = raw_object(raw_object(&run.stdout)["outlook"].get());
    let amount = |name: &str| outlook[name].get().parse::<Money>().unwrap();
    assert_eq!(report["outlook"]["from"], "2025-05-31T15:00:00.000Z");
    assert_eq!(report["outlook"]["to"], "2025-06-30T15:00:00.000Z");
    assert_eq!(amount("days"), Money::from_i64(30));
    assert_eq!(amount("spent"), Money::from_i64(60_000));
    assert_eq!(amount("averageDailySpend"), Money::from_i64(2_000));
    assert_eq!(amount("left"), Money::from_i64(40_500));
    // 40500 / 2000 = 20.25 days: 20 whole days.
    assert_eq!(report["outlook"]["daysLeft"], 20);

    let table = f.run(f.cmd().args(&june[..6]));
    let text = &table.code(0).stdout;
    for line in [
        "average daily spend",
        "2,000",
        "days left at that rate",
        "20",
    ] {
        assert!(text.contains(line), "{line}: {text}");
    }
}

#[test]
fn a_stored_payment_method_is_used_when_none_is_given() {
    let f = Fixture::new();
    let recharge = |cmd: &mut assert_cmd::Command| {
        f.run(cmd.args(["-o", "json", "recharge", "--yes", "--amount", "10000"]))
    };
    let before = f.requests();
    recharge(&mut f.cmd())
        .code(2)
        .stderr_has("no payment method")
        .stderr_has("config set payment-id");
    assert_eq!(f.requests(), before, "nothing was sent");

    recharge(f.cmd().env("SOLAPI_PAYMENT_ID", &f.payment_id)).code(0);
    assert_eq!(f.balance(), Money::from_i64(10_000));

    f.run(
        f.bare()
            .args(["config", "set", "payment-id", &f.payment_id]),
    )
    .code(0);
    recharge(&mut f.cmd()).code(0);
    assert_eq!(f.balance(), Money::from_i64(20_000));
    // The flag and the environment beat the profile: the declined card is tried.
    recharge(f.cmd().env("SOLAPI_PAYMENT_ID", &f.declined_payment_id)).code(3);
    let mut cmd = f.cmd();
    cmd.args([
        "recharge",
        "--yes",
        "--amount",
        "10000",
        "--payment-id",
        &f.declined_payment_id,
    ]);
    f.run(&mut cmd).code(3);
    assert_eq!(f.balance(), Money::from_i64(20_000));
    let recharges = f.recharges_sent();
    assert_eq!(recharges, 4);
}
