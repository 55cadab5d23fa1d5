//! Everything the emulator knows, shared by the HTTP handlers and [`Admin`](crate::Admin):
//! accounts and their ledgers, keys and tokens, the signature verifier, second-factor
//! challenges, faults, the request log and the clock.
//!
//! Each account has its own lock, so recharges on one account are serialized (no lost
//! update) while other accounts and readers proceed.

pub(crate) mod accounts;
pub(crate) mod credentials;
pub(crate) mod payment_methods;
pub(crate) mod settings;
mod withdrawals;

use std::collections::HashMap;
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex, RwLock};

use solapi_auth::{Secret, Verifier};
use solapi_cash_types::HistoryEntry;

use crate::admin_error::AdminError;
use crate::clock::Clock;
use crate::config::EmulatorConfig;
use crate::faults::FaultQueue;
use crate::ledger::{Change, HistoryId, Ledger, LedgerError, generator};
use crate::mfa::MfaStore;
use crate::request_log::RequestLog;
use crate::rng::{UPPER_ALNUM, os_string};
use crate::sync::{lock, read, write};
use accounts::{Account, AccountData, AccountInfo, AccountSpec, AccountStatus};
use credentials::{KeyRecord, KeySpec, TOKEN_LIFETIME, TokenRecord};
use payment_methods::{PaymentMethodInfo, PaymentMethodSpec};

/// The shared state of one emulator.
pub(crate) struct Shared {
    pub(crate) config: EmulatorConfig,
    pub(crate) clock: Clock,
    default_mfa: AtomicBool,
    /// The added latency, in nanoseconds (at most `MAX_LATENCY`, which fits).
    latency_ns: AtomicU64,
    accounts: RwLock<HashMap<String, Arc<Account>>>,
    keys: RwLock<HashMap<String, KeyRecord>>,
    tokens: RwLock<HashMap<String, TokenRecord>>,
    verifier: RwLock<Arc<Verifier>>,
    pub(crate) mfa: Mutex<MfaStore>,
    pub(crate) log: Mutex<RequestLog>,
    pub(crate) faults: Mutex<FaultQueue>,
    /// The rate limit in force (`None`: off) and its windows.
    rate_limit: Mutex<Option<crate::RateLimit>>,
    pub(crate) limiter: Mutex<crate::rate_limit::Limiter>,
    auth_errors: Mutex<crate::AuthErrors>,
    history_seq: AtomicU64,
    account_seq: AtomicU64,
    payment_seq: AtomicU64,
}

impl std::fmt::Debug for Shared {
    // Keys, tokens and pending codes are secrets: show nothing of them.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Shared")
            .field("config", &self.config)
            .field("clock_offset", &self.clock.offset())
            .finish_non_exhaustive()
    }
}

impl Shared {
    /// A new, empty state with the configuration's settings (the data comes from
    /// `crate::seed`).
    pub(crate) fn new(config: EmulatorConfig) -> Shared {
        let state = Shared {
            clock: Clock::default(),
            default_mfa: AtomicBool::new(config.mfa),
            latency_ns: AtomicU64::new(0),
            accounts: RwLock::default(),
            keys: RwLock::default(),
            tokens: RwLock::default(),
            verifier: RwLock::new(Arc::new(Verifier::new())),
            mfa: Mutex::default(),
            log: Mutex::default(),
            faults: Mutex::default(),
            rate_limit: Mutex::new(None),
            limiter: Mutex::default(),
            auth_errors: Mutex::default(),
            history_seq: AtomicU64::new(0),
            account_seq: AtomicU64::new(0),
            payment_seq: AtomicU64::new(0),
            config,
        };
        state.clock.set_offset(state.config.clock_offset);
        state.set_latency(state.config.latency);
        state.restore_limits();
        state
    }

    /// The configured rate limit and authentication errors (a state file's settings first).
    fn restore_limits(&self) {
        let settings = self.config.state.as_ref().map(crate::StateFile::settings);
        *lock(&self.rate_limit) = settings
            .and_then(|s| s.rate_limit)
            .unwrap_or(self.config.rate_limit);
        *lock(&self.auth_errors) = settings
            .and_then(|s| s.auth_errors)
            .unwrap_or(self.config.auth_errors);
        lock(&self.limiter).end_windows();
    }

    /// The rate limit in force.
    pub(crate) fn rate_limit(&self) -> Option<crate::RateLimit> {
        *lock(&self.rate_limit)
    }

    /// Changes the rate limit (windows under way end).
    pub(crate) fn set_rate_limit(&self, limit: Option<crate::RateLimit>) {
        *lock(&self.rate_limit) = limit;
        lock(&self.limiter).end_windows();
    }

    /// Which authentication failures are answered.
    pub(crate) fn auth_errors(&self) -> crate::AuthErrors {
        *lock(&self.auth_errors)
    }

    /// Changes which authentication failures are answered.
    pub(crate) fn set_auth_errors(&self, errors: crate::AuthErrors) {
        *lock(&self.auth_errors) = errors;
    }

    /// Forgets everything and restores the configured settings (the caller seeds again).
    pub(crate) fn clear(&self) {
        write(&self.accounts).clear();
        write(&self.keys).clear();
        write(&self.tokens).clear();
        *write(&self.verifier) = Arc::new(Verifier::new());
        *lock(&self.mfa) = MfaStore::default();
        lock(&self.log).clear();
        lock(&self.faults).clear();
        self.history_seq.store(0, Ordering::SeqCst);
        self.account_seq.store(0, Ordering::SeqCst);
        self.payment_seq.store(0, Ordering::SeqCst);
        self.default_mfa.store(self.config.mfa, Ordering::SeqCst);
        self.clock.set_offset(self.config.clock_offset);
        self.set_latency(self.config.latency);
        self.restore_limits();
    }

    /// The delay added to every API request.
    pub(crate) fn latency(&self) -> std::time::Duration {
        std::time::Duration::from_nanos(self.latency_ns.load(Ordering::Relaxed))
    }

    /// Sets the added delay, capped at `MAX_LATENCY`.
    pub(crate) fn set_latency(&self, latency: std::time::Duration) {
        let capped = latency.min(crate::config::MAX_LATENCY);
        let ns = u64::try_from(capped.as_nanos()).unwrap_or(u64::MAX);
        self.latency_ns.store(ns, Ordering::Relaxed);
    }

    pub(crate) fn default_mfa(&self) -> bool {
        self.default_mfa.load(Ordering::Relaxed)
    }

    pub(crate) fn verifier(&self) -> Arc<Verifier> {
        Arc::clone(&read(&self.verifier))
    }

    pub(crate) fn next_history_id(&self, date_ms: i64) -> HistoryId {
        HistoryId::new(date_ms, self.history_seq.fetch_add(1, Ordering::Relaxed))
    }

    /// Moves the id sequence past `n` ids taken from elsewhere (a state file), so that new
    /// ids do not repeat the ones a saved emulator generated.
    pub(crate) fn skip_history_ids(&self, n: usize) {
        self.history_seq
            .fetch_add(u64::try_from(n).unwrap_or(u64::MAX), Ordering::Relaxed);
    }

    /// Adds an account built elsewhere (a state file's).
    ///
    /// # Errors
    /// [`AdminError::AccountExists`].
    pub(crate) fn insert_account(&self, account: Account) -> Result<(), AdminError> {
        let mut accounts = write(&self.accounts);
        if accounts.contains_key(&account.id) {
            return Err(AdminError::AccountExists {
                account_id: account.id,
            });
        }
        accounts.insert(account.id.clone(), Arc::new(account));
        Ok(())
    }

    pub(crate) fn account(&self, account_id: &str) -> Result<Arc<Account>, AdminError> {
        read(&self.accounts)
            .get(account_id)
            .cloned()
            .ok_or_else(|| AdminError::UnknownAccount {
                account_id: account_id.to_owned(),
            })
    }

    pub(crate) fn create_account(&self, spec: AccountSpec) -> Result<AccountInfo, AdminError> {
        let mut accounts = write(&self.accounts);
        let account_id = match spec.account_id {
            Some(id) => id,
            None => loop {
                let n = self.account_seq.fetch_add(1, Ordering::Relaxed) + 1;
                let id = format!("2401{n:010}");
                if !accounts.contains_key(&id) {
                    break id;
                }
            },
        };
        if accounts.contains_key(&account_id) {
            return Err(AdminError::AccountExists { account_id });
        }
        let mut ledger = Ledger::default();
        if !spec.balance.is_zero() || !spec.point.is_zero() {
            let change = ledger
                .set_to(spec.balance, spec.point)?
                .with_memo(Some("initial balance".to_owned()));
            ledger.apply(change, self.clock.now_ms(), |ms| self.next_history_id(ms))?;
        }
        let data = AccountData {
            status: spec.status,
            mfa: spec.mfa,
            payment_methods: Vec::new(),
            settings: settings::OperatorSettings::default(),
            withdrawals: Vec::new(),
            bank_account: None,
            ledger,
        };
        let info = data.info(&account_id, self.default_mfa());
        accounts.insert(
            account_id.clone(),
            Arc::new(Account {
                id: account_id,
                data: RwLock::new(data),
            }),
        );
        Ok(info)
    }

    pub(crate) fn account_info(&self, account_id: &str) -> Result<AccountInfo, AdminError> {
        let account = self.account(account_id)?;
        let data = read(&account.data);
        Ok(data.info(&account.id, self.default_mfa()))
    }

    pub(crate) fn account_ids(&self) -> Vec<String> {
        let mut ids: Vec<String> = read(&self.accounts).keys().cloned().collect();
        ids.sort();
        ids
    }

    /// Registers a key with a chosen value (demo data) or a random one.
    pub(crate) fn insert_api_key(
        &self,
        account_id: &str,
        key: Option<(String, Secret)>,
        spec: KeySpec,
    ) -> Result<(String, Secret), AdminError> {
        self.account(account_id)?;
        let (api_key, secret) = match key {
            Some(pair) => pair,
            None => (
                format!("NC{}", os_string(UPPER_ALNUM, 14)?),
                Secret::new(os_string(UPPER_ALNUM, 32)?),
            ),
        };
        write(&self.keys).insert(
            api_key.clone(),
            KeyRecord {
                account_id: account_id.to_owned(),
                secret: secret.clone(),
                spec,
            },
        );
        Ok((api_key, secret))
    }

    pub(crate) fn insert_token(
        &self,
        account_id: &str,
        token: Option<Secret>,
        spec: KeySpec,
    ) -> Result<Secret, AdminError> {
        self.account(account_id)?;
        let token = match token {
            Some(t) => t,
            None => Secret::new(os_string(
                b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789",
                48,
            )?),
        };
        self.insert_token_until(account_id, token.clone(), spec, None)?;
        Ok(token)
    }

    /// Registers a token expiring at `expires_at` (`None`: [`TOKEN_LIFETIME`] from now).
    pub(crate) fn insert_token_until(
        &self,
        account_id: &str,
        token: Secret,
        spec: KeySpec,
        expires_at: Option<time::OffsetDateTime>,
    ) -> Result<(), AdminError> {
        self.account(account_id)?;
        let now = self.clock.now();
        write(&self.tokens).insert(
            token.expose_secret().to_owned(),
            TokenRecord {
                account_id: account_id.to_owned(),
                spec,
                expires_at: expires_at
                    .unwrap_or_else(|| now.checked_add(TOKEN_LIFETIME).unwrap_or(now)),
            },
        );
        Ok(())
    }

    /// Every account, in id order.
    pub(crate) fn all_accounts(&self) -> Vec<Arc<Account>> {
        let mut accounts: Vec<Arc<Account>> = read(&self.accounts).values().cloned().collect();
        accounts.sort_by(|a, b| a.id.cmp(&b.id));
        accounts
    }

    /// Every API key with its record, in key order.
    pub(crate) fn all_api_keys(&self) -> Vec<(String, KeyRecord)> {
        sorted(&self.keys)
    }

    /// Every access token with its record, in token order.
    pub(crate) fn all_tokens(&self) -> Vec<(String, TokenRecord)> {
        sorted(&self.tokens)
    }

    pub(crate) fn api_key(&self, api_key: &str) -> Option<KeyRecord> {
        read(&self.keys).get(api_key).cloned()
    }

    pub(crate) fn token(&self, token: &str) -> Option<TokenRecord> {
        read(&self.tokens).get(token).cloned()
    }

    /// Registers a card at `now` (the clock's time, or a fixed one for the demo data); a
    /// card with the same id is replaced.
    pub(crate) fn add_payment_method(
        &self,
        account_id: &str,
        spec: PaymentMethodSpec,
        now: time::OffsetDateTime,
    ) -> Result<PaymentMethodInfo, AdminError> {
        let account = self.account(account_id)?;
        let mut data = write(&account.data);
        let payment_id = match spec.payment_id.clone() {
            Some(id) => id,
            // A new id, never one the account has (a state file may hold any).
            None => loop {
                let n = self.payment_seq.fetch_add(1, Ordering::Relaxed) + 1;
                let id = format!("1500000000000000000{n:012}");
                if !data.payment_methods.iter().any(|p| p.payment_id == id) {
                    break id;
                }
            },
        };
        let info = spec.into_info(payment_id, now)?;
        data.payment_methods
            .retain(|p| p.payment_id != info.payment_id);
        data.payment_methods.push(info.clone());
        Ok(info)
    }

    /// Replaces the stored card with the same id (a state file's `dateUpdated`).
    pub(crate) fn replace_payment_method(
        &self,
        account_id: &str,
        info: PaymentMethodInfo,
    ) -> Result<(), AdminError> {
        let account = self.account(account_id)?;
        let mut data = write(&account.data);
        if let Some(card) = data
            .payment_methods
            .iter_mut()
            .find(|p| p.payment_id == info.payment_id)
        {
            *card = info;
        }
        Ok(())
    }

    /// Applies the change `make` computes from the current ledger, atomically, and returns
    /// the entry written.
    pub(crate) fn change(
        &self,
        account_id: &str,
        make: impl FnOnce(&Ledger) -> Result<Change, LedgerError>,
    ) -> Result<HistoryEntry, AdminError> {
        let account = self.account(account_id)?;
        let mut data = write(&account.data);
        self.apply_locked(&account.id, &mut data, make)
    }

    /// Like [`Shared::change`], for a caller already holding the account's lock.
    pub(crate) fn apply_locked(
        &self,
        account_id: &str,
        data: &mut AccountData,
        make: impl FnOnce(&Ledger) -> Result<Change, LedgerError>,
    ) -> Result<HistoryEntry, AdminError> {
        let change = make(&data.ledger)?;
        let now_ms = self.clock.now_ms();
        let entry = data
            .ledger
            .apply(change, now_ms, |ms| self.next_history_id(ms))?;
        Ok(entry.to_wire(account_id))
    }

    /// Inserts a late entry (see [`Ledger::insert_late`]) and returns it.
    pub(crate) fn insert_late(
        &self,
        account_id: &str,
        date_ms: i64,
        memo: Option<String>,
    ) -> Result<HistoryEntry, AdminError> {
        let account = self.account(account_id)?;
        let mut data = write(&account.data);
        let entry = data
            .ledger
            .insert_late(date_ms, memo, |ms| self.next_history_id(ms));
        Ok(entry.to_wire(&account.id))
    }

    /// Appends `n` generated entries dated from `start_ms` to `end_ms` (see
    /// [`generator::generate`]).
    pub(crate) fn generate(
        &self,
        account_id: &str,
        n: u64,
        seed: u64,
        window_ms: (i64, i64),
    ) -> Result<(), AdminError> {
        let account = self.account(account_id)?;
        let mut data = write(&account.data);
        generator::generate(&mut data.ledger, n, seed, window_ms.0, window_ms.1, |ms| {
            self.next_history_id(ms)
        })?;
        Ok(())
    }

    pub(crate) fn set_mfa(&self, account_id: &str, on: bool) -> Result<(), AdminError> {
        let account = self.account(account_id)?;
        write(&account.data).mfa = Some(on);
        Ok(())
    }

    pub(crate) fn set_status(
        &self,
        account_id: &str,
        status: AccountStatus,
    ) -> Result<(), AdminError> {
        let account = self.account(account_id)?;
        write(&account.data).status = status;
        Ok(())
    }
}

/// The entries of a map, in key order.
fn sorted<V: Clone>(map: &RwLock<HashMap<String, V>>) -> Vec<(String, V)> {
    let mut entries: Vec<(String, V)> = read(map)
        .iter()
        .map(|(k, v)| (k.clone(), v.clone()))
        .collect();
    entries.sort_by(|a, b| a.0.cmp(&b.0));
    entries
}
