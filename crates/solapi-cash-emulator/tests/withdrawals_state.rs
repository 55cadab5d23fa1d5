//! The demo's withdrawals and bank account through a saved state (issue 23): both are saved
//! and read back, and the bank account's number is only ever kept masked, even when a state
//! file holds it whole.

#![allow(clippy::unwrap_used)]

mod common;

use common::{auth_for, hex};
use serde_json::Value;
use solapi_auth::Credentials;
use solapi_cash_emulator::{Emulator, EmulatorConfig, StateFile, demo};

fn get(emulator: &Emulator, path: &str) -> Value {
    let credentials = Credentials::api_key(demo::DEMO_API_KEY, demo::DEMO_API_SECRET);
    let now = time::OffsetDateTime::now_utc();
    let response = reqwest::blocking::Client::new()
        .get(format!("{}{path}", emulator.base_url()))
        .header("Authorization", auth_for(&credentials, now))
        .send()
        .unwrap();
    assert!(response.status().is_success(), "{}", response.status());
    response.json().unwrap()
}

#[test]
fn withdrawals_and_the_bank_account_survive_a_saved_state_and_stay_masked() {
    let first = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .demo(true),
    )
    .unwrap();
    let dir = std::path::Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("wd-{}", hex(12)));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("state.json");
    first.admin().save_state(&path).unwrap();
    let saved = std::fs::read_to_string(&path).unwrap();
    assert!(
        saved.contains(demo::DEMO_WITHDRAW_IDS[0]),
        "the withdrawals are saved"
    );
    assert!(saved.contains("******7890"));

    // A file that holds the number whole: read back masked.
    let at = saved
        .find("\"bankAccount\"")
        .expect("the bank account is saved");
    let (head, tail) = saved.split_at(at);
    let whole = format!(
        "{head}{}",
        tail.replacen("\"******7890\"", "\"110234567890\"", 1)
    );
    assert_ne!(whole, saved);
    std::fs::write(&path, whole).unwrap();
    let second = Emulator::start(
        EmulatorConfig::default()
            .rate_limit(None)
            .mfa(false)
            .state(StateFile::load(&path).unwrap()),
    )
    .unwrap();
    let listed = get(&second, "/cash/v1/withdraw");
    assert_eq!(listed["data"].as_array().unwrap().len(), 2, "{listed}");
    assert_eq!(listed["data"][0]["withdrawId"], demo::DEMO_WITHDRAW_IDS[1]);
    let account = get(&second, "/cash/v1/bank/accounts");
    let number = account["accountNumber"].as_str().unwrap();
    assert!(
        number.ends_with("7890") && !number.contains("1102345"),
        "{account}"
    );
    second.admin().save_state(&path).unwrap();
    assert!(
        !std::fs::read_to_string(&path)
            .unwrap()
            .contains("110234567890")
    );
}
