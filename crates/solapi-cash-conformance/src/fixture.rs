//! [`Fixture`]: an emulator with one account, ready for a client.

use std::time::Duration;

use solapi_auth::Credentials;
use solapi_cash_core::{Jitter, Operation, RetryPolicy};
use solapi_cash_emulator::{AccountSpec, Admin, Emulator, EmulatorConfig, KeySpec};
use solapi_cash_types::Money;

use crate::adapters::{CashClient, Settings};

/// A running emulator with an account (no second factor unless asked), an API key with every
/// scope and a card.
pub struct Fixture {
    /// The emulator; stops when the fixture is dropped.
    pub emulator: Emulator,
    /// Its admin handle.
    pub admin: Admin,
    /// The account.
    pub account_id: String,
    /// Credentials of the account's key.
    pub credentials: Credentials,
    /// The account's card.
    pub payment_id: String,
}

impl Fixture {
    /// The ids of the account's ledger, newest first (the order of the history), as the
    /// emulator holds them.
    pub fn ledger_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = self
            .admin
            .history(&self.account_id)
            .expect("the admin API answers")
            .into_iter()
            .map(|e| e.history_id)
            .collect();
        ids.reverse();
        ids
    }

    /// An emulator with `config` and an account starting at `balance` won.
    pub fn with(config: EmulatorConfig, balance: i64, mfa: bool) -> Fixture {
        let emulator = Emulator::start(config).expect("the emulator starts");
        let admin = emulator.admin();
        let account = admin
            .create_account(
                AccountSpec::new()
                    .balance(Money::from_i64(balance))
                    .mfa(mfa),
            )
            .expect("account");
        let (key, secret) = admin
            .create_api_key(&account.account_id, KeySpec::default())
            .expect("key");
        let payment_id = admin
            .add_payment_method(&account.account_id, false)
            .expect("card");
        Fixture {
            credentials: Credentials::api_key(key, secret),
            account_id: account.account_id,
            admin,
            emulator,
            payment_id,
        }
    }

    /// An emulator with default settings and an account of 10,000 won without the second factor.
    pub fn new() -> Fixture {
        Fixture::with(EmulatorConfig::default().rate_limit(None), 10_000, false)
    }

    /// Settings for a client of this fixture: quick deterministic retries.
    pub fn settings(&self) -> Settings {
        Settings {
            base_url: self.emulator.base_url(),
            credentials: self.credentials.clone(),
            retry: RetryPolicy::default()
                .with_max_attempts(4)
                .with_base_delay(Duration::from_millis(5))
                .with_max_delay(Duration::from_millis(50))
                .with_max_retry_after(Duration::from_secs(5))
                .with_jitter(Jitter::None),
            timeout: Duration::from_secs(10),
            page_size: 1000,
            concurrency: None,
        }
    }

    /// A client of type `C` with [`Fixture::settings`].
    pub fn client<C: CashClient>(&self) -> C {
        C::connect(&self.settings()).expect("client")
    }

    /// The account's balance, read directly from the emulator.
    pub fn balance(&self) -> Money {
        self.admin
            .account_state(&self.account_id)
            .expect("account")
            .balance
    }

    /// How many requests of `operation` the emulator received.
    pub fn requests_to(&self, operation: Operation) -> usize {
        self.admin
            .request_log()
            .iter()
            .filter(|r| {
                let path = r.path.split('?').next().unwrap_or_default();
                Operation::matching(&r.method, path) == Some(operation)
            })
            .count()
    }
}

impl Default for Fixture {
    fn default() -> Fixture {
        Fixture::new()
    }
}
