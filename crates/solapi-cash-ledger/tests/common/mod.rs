//! The emulator and a client for the ledger's tests.
#![allow(dead_code)]

use std::time::Duration;

use solapi_cash_blocking::{Client, Credentials};
use solapi_cash_emulator::{AccountSpec, Admin, Emulator, EmulatorConfig, KeySpec};

/// Starts the emulator every test of the ledger uses: on 127.0.0.1, without the second
/// factor. The one place its settings are chosen (a rate limit, when the emulator has one,
/// is turned off here: these tests count requests, not waits).
pub fn start_emulator() -> Emulator {
    Emulator::start(EmulatorConfig::default().mfa(false).rate_limit(None)).expect("emulator")
}

/// An emulator, an account with `n` generated entries, and a client of that account.
pub struct Fixture {
    pub emulator: Emulator,
    pub admin: Admin,
    pub account: String,
    pub client: Client,
}

impl Fixture {
    pub fn new(n: u64) -> Fixture {
        let emulator = start_emulator();
        let admin = emulator.admin();
        let account = admin
            .create_account(AccountSpec::new())
            .expect("account")
            .account_id;
        let (key, secret) = admin
            .create_api_key(&account, KeySpec::default())
            .expect("key");
        if n > 0 {
            admin.generate_entries(&account, n, 7).expect("entries");
        }
        let client = Client::builder()
            .base_url(emulator.base_url())
            .credentials(Credentials::api_key(key, secret))
            .timeout(Duration::from_secs(20))
            .build()
            .expect("client");
        Fixture {
            emulator,
            admin,
            account,
            client,
        }
    }

    /// The server's ids, newest first.
    pub fn ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .admin
            .history(&self.account)
            .expect("history")
            .into_iter()
            .map(|e| e.history_id)
            .collect();
        ids.reverse();
        ids
    }
}
