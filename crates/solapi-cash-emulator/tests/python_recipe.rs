//! The emulator for every language: a plain Python script (standard library only) drives
//! the binary as the recipe in docs/emulator.md says — a state file in, the `SOLAPI_*`
//! lines read, the API called, SIGTERM, the state saved with mode 0600, a second run
//! from the saved file. The script reports what it saw; this test judges.

#![allow(clippy::unwrap_used)]
#![cfg(unix)]

use std::path::Path;
use std::process::Command;

use serde_json::{Value, json};

#[test]
fn a_python_test_suite_drives_the_binary() {
    let python = std::env::var("SOLAPI_ORACLE_PYTHON").unwrap_or_else(|_| "python3".to_owned());
    let script =
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/python_recipe/drive_emulator.py");
    let output = Command::new(&python)
        .arg(&script)
        .env(
            "SOLAPI_EMULATOR_BIN",
            env!("CARGO_BIN_EXE_solapi-cash-emulator"),
        )
        .output()
        .unwrap_or_else(|e| panic!("cannot run {python} (python3 is needed): {e}"));
    let stdout = String::from_utf8_lossy(&output.stdout);
    assert!(
        output.status.success(),
        "{} failed ({}):\n{stdout}\n{}",
        script.display(),
        output.status,
        String::from_utf8_lossy(&output.stderr)
    );
    let report: Value = serde_json::from_str(stdout.trim()).unwrap();

    // Without --demo, the binary prints only the address: the file's author knows its keys.
    assert_eq!(report["variables"], json!(["SOLAPI_BASE_URL"]), "{report}");
    assert_eq!(report["balance"][0], 200, "{report}");
    assert_eq!(report["balance"][1]["balance"], 5000, "{report}");
    assert_eq!(report["recharge"][0], 200, "{report}");
    assert_eq!(report["recharge"][1]["newBalance"], 6000, "{report}");
    // The binary's default: the live service's answer as measured by a third party.
    assert_eq!(report["unsigned"][0], 401, "{report}");
    assert_eq!(
        report["unsigned"][1]["errorCode"], "Unauthorized",
        "{report}"
    );
    assert_eq!(
        report["admin_accounts"][1][0]["accountId"],
        "24010000000042"
    );

    // SIGTERM: a clean exit, the state saved, private, complete; colourless stderr.
    assert_eq!(report["exit_code"], 0, "{report}");
    assert_eq!(report["stderr_saved"], true, "{report}");
    assert_eq!(report["stderr_has_escape_codes"], false, "{report}");
    assert_eq!(report["saved_mode"], "0o600", "{report}");
    assert_eq!(report["saved_balance"], 6000, "{report}");
    assert_eq!(
        report["saved_entry_types"],
        json!(["SET", "RECHARGE"]),
        "{report}"
    );
    assert_eq!(report["saved_has_secret"], true);

    // The second run serves what the first left.
    assert_eq!(report["restarted_balance"][1]["balance"], 6000, "{report}");
    let history = report["restarted_history"][1].as_array().unwrap();
    assert_eq!(history.len(), 2);
    assert_eq!(
        history[0]["historyId"], report["recharge"][1]["historyId"],
        "{report}"
    );
    assert_eq!(report["restarted_exit_code"], 0, "{report}");
}
