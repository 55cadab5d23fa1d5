//! Issue 21, point 12: what hostile trials of a first hour found, each reproduced against the
//! real binary: set-but-empty variables count as unset (as the help says), and a negative
//! offset is a value of `--tz` in either form. (SIGKILL and SIGTERM during exports are in
//! `output_files.rs`, money with an exponent in `exports.rs`, the emulator's `--save-state`
//! in its own `binary.rs`.)

#![allow(clippy::unwrap_used)]

mod common;

use common::Fixture;

#[test]
fn empty_variables_count_as_unset() {
    let f = Fixture::new();
    f.entries(3);
    // SOLAPI_TZ= : the default zone.
    let run = f.run(
        f.cmd()
            .env("SOLAPI_TZ", "")
            .args(["history", "--limit", "1"]),
    );
    assert!(
        run.code(0).stdout.starts_with("date (Asia/Seoul)"),
        "{}",
        run.stdout
    );
    f.run(
        f.cmd()
            .env("SOLAPI_TZ", "")
            .args(["balance", "--below", "1"]),
    )
    .code(0);
    // SOLAPI_PAYMENT_ID= : no payment method (nothing charged), not an invalid value.
    let run = f.run(
        f.cmd()
            .env("SOLAPI_PAYMENT_ID", "")
            .args(["recharge", "--yes", "--amount", "100"]),
    );
    run.code(2)
        .stderr_has("no payment method: nothing was charged");
    assert!(!run.stderr.contains("invalid value"), "{}", run.stderr);
    f.run(
        f.cmd()
            .env("SOLAPI_PAYMENT_ID", "")
            .args(["balance", "--below", "1"]),
    )
    .code(0);
    // The empty value given as a flag is still a mistake.
    f.run(f.cmd().args(["--tz=", "balance"]))
        .code(2)
        .stderr_has("no time zone given");
    assert_eq!(f.recharges_sent(), 0);
}

#[test]
fn a_negative_offset_is_a_value_of_tz_in_either_form() {
    let f = Fixture::new();
    f.entries(2);
    for args in [
        &["--tz", "-12:00", "history", "--limit", "1"][..],
        &["history", "--limit", "1", "--tz", "-12:00"],
        &["--tz=-12:00", "history", "--limit", "1"],
    ] {
        let run = f.run(f.cmd().args(args));
        assert!(
            run.code(0).stdout.starts_with("date (-12:00)"),
            "{args:?}: {}",
            run.stdout
        );
    }
}
