//! [`Admin`]: synchronous control of a running emulator, for tests and tools. The HTTP
//! admin API under `/_emulator/` exposes the same operations.

use std::sync::Arc;

use solapi_auth::Secret;
use solapi_cash_types::{HistoryEntry, HistoryType, Money};
use time::OffsetDateTime;

use crate::admin_error::AdminError;
use crate::clock::to_unix_ms;
use crate::faults::FaultSpec;
use crate::ledger::Change;
use crate::mfa::MfaMail;
use crate::request_log::LoggedRequest;
use crate::state::Shared;
use crate::state::accounts::{AccountInfo, AccountSpec, AccountStatus};
use crate::state::credentials::{KeySpec, Role};
use crate::state::payment_methods::{PaymentMethodInfo, PaymentMethodSpec};
use crate::sync::{lock, read, write as lock_write};

/// How far back [`Admin::generate_entries`] spreads its entries.
const GENERATE_SPAN: time::Duration = time::Duration::days(180);

/// Controls a running emulator: accounts, keys, ledger, second factor, faults, clock.
///
/// Cheap to clone, `Send + Sync`, and synchronous (no runtime needed): call it from any
/// test thread while clients talk to the emulator.
///
/// ```
/// use solapi_cash_emulator::{AccountSpec, Emulator, EmulatorConfig, KeySpec};
/// use solapi_cash_types::Money;
///
/// let emulator = Emulator::start(EmulatorConfig::default())?;
/// let admin = emulator.admin();
/// let account = admin.create_account(AccountSpec::new().balance(Money::from_i64(500)))?;
/// let (api_key, _secret) = admin.create_api_key(&account.account_id, KeySpec::default())?;
/// // A message of 8.4 won, as the service prices them: money stays exact.
/// admin.charge_message(&account.account_id, "8.4".parse()?, None)?;
/// assert_eq!(admin.account_state(&account.account_id)?.balance, "491.6".parse::<Money>()?);
/// assert!(api_key.starts_with("NC"));
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Clone)]
pub struct Admin {
    state: Arc<Shared>,
}

impl std::fmt::Debug for Admin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Admin").finish_non_exhaustive()
    }
}

impl Admin {
    pub(crate) fn new(state: Arc<Shared>) -> Self {
        Self { state }
    }

    /// Forgets every account, key, token, challenge, mail, fault and logged request, sets
    /// the clock back to the configured offset and the latency to the configured one, then creates the demo data again if the
    /// emulator was started with it.
    ///
    /// # Errors
    /// Only if re-creating the demo data fails (it does not in practice).
    pub fn reset(&self) -> Result<(), AdminError> {
        self.state.clear();
        crate::seed::seed(&self.state)
    }

    /// The rate limit in force (`None`: off).
    pub fn rate_limit(&self) -> Option<crate::RateLimit> {
        self.state.rate_limit()
    }

    /// Changes the rate limit (`None`: off); windows under way end. A reset returns to the
    /// configured one.
    pub fn set_rate_limit(&self, limit: Option<crate::RateLimit>) {
        self.state.set_rate_limit(limit);
    }

    /// Ends every rate-limit window now, as if its time had passed: tests move the limiter's
    /// clock with this instead of waiting.
    pub fn end_rate_limit_windows(&self) {
        crate::sync::lock(&self.state.limiter).end_windows();
    }

    /// Answers authentication failures as measured or as documented.
    pub fn set_auth_errors(&self, errors: crate::AuthErrors) {
        self.state.set_auth_errors(errors);
    }

    /// Creates an account.
    ///
    /// # Errors
    /// [`AdminError::AccountExists`] if the chosen id is taken.
    pub fn create_account(&self, spec: AccountSpec) -> Result<AccountInfo, AdminError> {
        self.state.create_account(spec)
    }

    /// All account ids, sorted.
    pub fn account_ids(&self) -> Vec<String> {
        self.state.account_ids()
    }

    /// Creates an API key and secret for the account.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::Random`] if the system random
    /// generator fails.
    pub fn create_api_key(
        &self,
        account_id: &str,
        spec: KeySpec,
    ) -> Result<(String, Secret), AdminError> {
        self.state.insert_api_key(account_id, None, spec)
    }

    /// Registers a chosen API key and secret (for fixed test credentials).
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn insert_api_key(
        &self,
        account_id: &str,
        api_key: &str,
        secret: Secret,
        spec: KeySpec,
    ) -> Result<(), AdminError> {
        self.state
            .insert_api_key(account_id, Some((api_key.to_owned(), secret)), spec)
            .map(|_| ())
    }

    /// Issues an OAuth2 access token valid for 24 hours of emulator time.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::Random`].
    pub fn create_token(
        &self,
        account_id: &str,
        scopes: &[&str],
        role: Role,
    ) -> Result<Secret, AdminError> {
        let spec = KeySpec {
            scopes: scopes.iter().map(|s| (*s).to_owned()).collect(),
            role,
        };
        self.state.insert_token(account_id, None, spec)
    }

    /// Registers a card; with `decline`, every recharge from it gets 402
    /// `BalanceInsufficient` (the service's documented answer to a refused card payment).
    /// Returns its `paymentId`. [`Admin::register_payment_method`] sets the other fields.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn add_payment_method(
        &self,
        account_id: &str,
        decline: bool,
    ) -> Result<String, AdminError> {
        self.register_payment_method(account_id, PaymentMethodSpec::new().decline(decline))
            .map(|card| card.payment_id)
    }

    /// Registers a card as `spec` says (id, description, expiry, auto-recharge priority,
    /// decline), dated now; a card with the same id is replaced.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::InvalidValue`] for an expiry that is
    /// not `YYYY/MM` or an empty id.
    pub fn register_payment_method(
        &self,
        account_id: &str,
        spec: PaymentMethodSpec,
    ) -> Result<PaymentMethodInfo, AdminError> {
        self.state
            .add_payment_method(account_id, spec, self.state.clock.now())
    }

    /// Simulates sending messages that cost `amount`: points are spent first, then
    /// balance; writes a `DEDUCT` entry with `serviceMethod` MT and the group id (a new one
    /// when `None`).
    ///
    /// # Errors
    /// [`AdminError::BalanceInsufficient`] when balance + point is below `amount`;
    /// [`AdminError::InvalidAmount`] for a non-positive amount.
    pub fn charge_message(
        &self,
        account_id: &str,
        amount: Money,
        group_id: Option<&str>,
    ) -> Result<HistoryEntry, AdminError> {
        if !amount.is_positive() {
            return Err(AdminError::InvalidAmount(
                "a message charge must be positive".to_owned(),
            ));
        }
        let group_id = match group_id {
            Some(g) => g.to_owned(),
            None => new_group_id(self.state.clock.now())?,
        };
        self.state
            .change(account_id, |ledger| ledger.message_charge(amount, group_id))
    }

    /// A manual change (`MANUAL` entry) of balance and point by signed amounts.
    ///
    /// # Errors
    /// [`AdminError::InvalidAmount`] when balance or point would become negative.
    pub fn adjust(
        &self,
        account_id: &str,
        balance_delta: Money,
        point_delta: Money,
        memo: Option<&str>,
    ) -> Result<HistoryEntry, AdminError> {
        self.state.change(account_id, |_| {
            Ok(Change::new(HistoryType::Manual, balance_delta, point_delta)
                .with_memo(memo.map(str::to_owned)))
        })
    }

    /// Sets balance and point (`SET` entry, the "reset" of the ledger).
    ///
    /// # Errors
    /// [`AdminError::InvalidAmount`] for negative values.
    pub fn set_balance(
        &self,
        account_id: &str,
        balance: Money,
        point: Money,
        memo: Option<&str>,
    ) -> Result<HistoryEntry, AdminError> {
        self.state.change(account_id, |ledger| {
            Ok(ledger
                .set_to(balance, point)?
                .with_memo(memo.map(str::to_owned)))
        })
    }

    /// Appends `n` varied entries (recharges, message charges, manual changes, resets)
    /// spread over the last 180 days (after the newest entry), reproducible for a given
    /// `seed`. A million takes about a second.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::InvalidAmount`] above 20,000,000
    /// entries at once.
    pub fn generate_entries(&self, account_id: &str, n: u64, seed: u64) -> Result<(), AdminError> {
        let now = self.state.clock.now();
        let end = to_unix_ms(now);
        let start = to_unix_ms(now.checked_sub(GENERATE_SPAN).unwrap_or(now));
        self.state.generate(account_id, n, seed, (start, end))
    }

    /// Inserts an entry committed late: a `MANUAL` change of nothing (0 balance, 0 point, so
    /// that every entry still chains) dated `date` (to the millisecond), placed as the newest
    /// of that millisecond's entries wherever that is in the history. Offsets past it shift
    /// by one for an export already under way, as when the service commits an entry inside a
    /// range that is being read: one created in the same millisecond as an export's pinned
    /// end, or one committed late with an earlier date.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn insert_late_entry(
        &self,
        account_id: &str,
        date: OffsetDateTime,
        memo: Option<&str>,
    ) -> Result<HistoryEntry, AdminError> {
        self.state
            .insert_late(account_id, to_unix_ms(date), memo.map(str::to_owned))
    }

    /// Removes the entry `history_id` from the account's history, leaving a gap in its
    /// balance chain (balance and point stay as they are), as if the service lost it.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::InvalidValue`] for an unknown entry.
    pub fn remove_entry(
        &self,
        account_id: &str,
        history_id: &str,
    ) -> Result<HistoryEntry, AdminError> {
        let account = self.state.account(account_id)?;
        let id = entry_id(history_id)?;
        let removed = lock_write(&account.data).ledger.remove(id);
        removed
            .map(|e| e.to_wire(&account.id))
            .ok_or_else(|| unknown_entry(history_id))
    }

    /// Gives the entry `history_id` another memo: the same id and amounts, another text, as
    /// a service that corrects an entry after the fact sends it.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::InvalidValue`] for an unknown entry.
    pub fn revise_entry(
        &self,
        account_id: &str,
        history_id: &str,
        memo: Option<&str>,
    ) -> Result<HistoryEntry, AdminError> {
        let account = self.state.account(account_id)?;
        let id = entry_id(history_id)?;
        let mut data = lock_write(&account.data);
        let revised = data.ledger.revise_memo(id, memo.map(str::to_owned));
        revised
            .map(|e| e.to_wire(&account.id))
            .ok_or_else(|| unknown_entry(history_id))
    }

    /// Moves the account's `PENDING` withdrawal on to `status`: `COMPLETED` (paid out) or
    /// `REJECTED` (refused, the money back on the balance). Both *inferred*.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`]; [`AdminError::InvalidValue`] for an unknown withdrawal,
    /// one not `PENDING`, or another status.
    pub fn settle_withdrawal(
        &self,
        account_id: &str,
        withdraw_id: &str,
        status: solapi_cash_types::WithdrawStatus,
    ) -> Result<solapi_cash_types::models::Withdrawal, AdminError> {
        self.state
            .settle_withdrawal(account_id, withdraw_id, status)
    }

    /// Number of history entries of the account.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn history_len(&self, account_id: &str) -> Result<usize, AdminError> {
        Ok(self.state.account_info(account_id)?.history_len)
    }

    /// The whole history of the account, oldest first (storage order).
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn history(&self, account_id: &str) -> Result<Vec<HistoryEntry>, AdminError> {
        let account = self.state.account(account_id)?;
        let data = read(&account.data);
        Ok(data
            .ledger
            .entries()
            .iter()
            .map(|e| e.to_wire(&account.id))
            .collect())
    }

    /// Balance, point, status, second-factor setting, history length and cards.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn account_state(&self, account_id: &str) -> Result<AccountInfo, AdminError> {
        self.state.account_info(account_id)
    }

    /// Every code "sent by email", oldest first.
    pub fn outbox(&self) -> Vec<MfaMail> {
        lock(&self.state.mfa).outbox()
    }

    /// The newest code sent for the account.
    pub fn last_mail(&self, account_id: &str) -> Option<MfaMail> {
        self.outbox()
            .into_iter()
            .rev()
            .find(|m| m.account_id == account_id)
    }

    /// The API requests received (not the admin API's), oldest first, secrets masked.
    pub fn request_log(&self) -> Vec<LoggedRequest> {
        lock(&self.state.log).entries()
    }

    /// Empties the request log.
    pub fn clear_request_log(&self) {
        lock(&self.state.log).clear();
    }

    /// Adds a fault; faults are tried in the order they were added.
    pub fn inject_fault(&self, spec: FaultSpec) {
        lock(&self.state.faults).push(spec);
    }

    /// The faults still pending, with the hits they have left.
    pub fn pending_faults(&self) -> Vec<FaultSpec> {
        lock(&self.state.faults).pending()
    }

    /// Removes every pending fault.
    pub fn clear_faults(&self) {
        lock(&self.state.faults).clear();
    }

    /// Sets the emulator's clock to system time + `offset` (for the signature window,
    /// token and code expiry, entry dates and the `Date` header).
    pub fn set_clock_offset(&self, offset: time::Duration) {
        self.state.clock.set_offset(offset);
    }

    /// The current clock offset.
    pub fn clock_offset(&self) -> time::Duration {
        self.state.clock.offset()
    }

    /// Writes accounts, keys, tokens, cards and every ledger entry to `path` as a state
    /// file ([`StateFile`](crate::StateFile) reads it back), with mode 0600 on Unix since it
    /// holds secrets; a file there is replaced atomically. Challenges, faults, the request
    /// log and the settings (clock, latency) are not saved.
    ///
    /// # Errors
    /// The file cannot be written.
    pub fn save_state(&self, path: impl AsRef<std::path::Path>) -> std::io::Result<()> {
        crate::state_file::write(&self.state, path.as_ref())
    }

    /// Delays every API request from now on by `latency` before it is handled (capped at
    /// [`MAX_LATENCY`](crate::config::MAX_LATENCY)); requests in flight wait side by side.
    /// The admin API is never delayed.
    pub fn set_latency(&self, latency: std::time::Duration) {
        self.state.set_latency(latency);
    }

    /// The delay currently added to every API request.
    pub fn latency(&self) -> std::time::Duration {
        self.state.latency()
    }

    /// The emulator's current time.
    pub fn now(&self) -> OffsetDateTime {
        self.state.clock.now()
    }

    /// Turns the second factor on or off for one account.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn set_mfa(&self, account_id: &str, on: bool) -> Result<(), AdminError> {
        self.state.set_mfa(account_id, on)
    }

    /// Sets the account's status; an `Inactive` account gets 403 on everything.
    ///
    /// # Errors
    /// [`AdminError::UnknownAccount`].
    pub fn set_account_status(
        &self,
        account_id: &str,
        status: AccountStatus,
    ) -> Result<(), AdminError> {
        self.state.set_status(account_id, status)
    }
}

/// An entry's id, or the refusal of one that cannot be.
fn entry_id(history_id: &str) -> Result<crate::ledger::HistoryId, AdminError> {
    crate::ledger::HistoryId::from_hex(history_id).ok_or_else(|| unknown_entry(history_id))
}

fn unknown_entry(history_id: &str) -> AdminError {
    AdminError::InvalidValue(format!("no entry `{history_id}` in this account's history"))
}

/// A new message group id dated `now`, in the documented 32-character form.
fn new_group_id(now: OffsetDateTime) -> Result<String, AdminError> {
    let suffix = crate::rng::os_string(
        crate::rng::UPPER_ALNUM,
        crate::ledger::generator::GROUP_ID_SUFFIX,
    )?;
    Ok(crate::ledger::generator::group_id_at(now, &suffix))
}
