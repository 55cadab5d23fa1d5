//! Reading a state file: serde for the shape (errors carry the JSON path), then the checks
//! serde cannot make (a ledger that adds up, dates in order, ids unique and well formed),
//! then seeding an emulator's state with the result.

use std::collections::HashSet;
use std::sync::RwLock;

use solapi_cash_types::HistoryEntry;
use solapi_cash_types::Money;
use time::OffsetDateTime;
use time::format_description::well_known::Rfc3339;

use super::StateFileError;
use super::schema::{AccountDoc, EntryDoc, FileDoc, RateLimitDoc, VERSION};
use crate::admin_error::AdminError;
use crate::clock::to_unix_ms;
use crate::ledger::{Change, HistoryId, Ledger};
use crate::state::Shared;
use crate::state::accounts::{Account, AccountData, AccountSpec, AccountStatus};
use crate::state::credentials::KeySpec;
use crate::state::payment_methods::PaymentMethodSpec;

/// One account of a checked file.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct LoadedAccount {
    pub(crate) id: String,
    status: AccountStatus,
    mfa: Option<bool>,
    /// The starting balance and point of an account given without entries.
    start: (Money, Money),
    /// The entries in order; each is known to apply (the checks replayed them).
    entries: Vec<LoadedEntry>,
    keys: Vec<(String, String, KeySpec)>,
    tokens: Vec<(String, KeySpec, Option<OffsetDateTime>)>,
    cards: Vec<LoadedCard>,
    settings: crate::state::settings::OperatorSettings,
    /// The withdrawals, each as its JSON text (checked to decode when the file was read).
    withdrawals: Vec<String>,
    /// The bank account as its JSON text, the number masked.
    bank_account: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct LoadedEntry {
    change: Change,
    date_ms: i64,
    /// `None`: the emulator gives it an id when seeding.
    id: Option<HistoryId>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
struct LoadedCard {
    spec: PaymentMethodSpec,
    created: Option<OffsetDateTime>,
    updated: Option<OffsetDateTime>,
}

impl LoadedAccount {
    /// How many history entries the account has in the file.
    pub(crate) fn entry_count(&self) -> usize {
        self.entries.len()
    }
}

/// Parses and checks the whole file.
pub(crate) fn parse(text: &str) -> Result<(Settings, Vec<LoadedAccount>), StateFileError> {
    let mut deserializer = serde_json::Deserializer::from_str(text);
    let doc: FileDoc<Vec<EntryDoc>> =
        serde_path_to_error::deserialize(&mut deserializer).map_err(|e| {
            // The root is `.`; the documented form of the whole file is the empty path.
            let path = e.path().to_string();
            let path = if path == "." { String::new() } else { path };
            StateFileError::at(path, e.inner().to_string())
        })?;
    deserializer
        .end()
        .map_err(|e| StateFileError::at("", format!("text after the JSON value: {e}")))?;
    if doc.version != VERSION {
        return Err(StateFileError::at(
            "version",
            format!("this emulator reads version {VERSION}, not {}", doc.version),
        ));
    }
    if let Some(limit) = doc.rate_limit.and_then(RateLimitDoc::limit)
        && (limit.reads == 0 || limit.writes == 0 || limit.seconds == 0)
    {
        return Err(StateFileError::at(
            "rateLimit",
            "reads, writes and seconds must be at least 1 (or \"off\")",
        ));
    }
    let settings = Settings {
        rate_limit: doc.rate_limit.map(RateLimitDoc::limit),
        auth_errors: doc.auth_errors,
    };
    let mut seen = Seen::default();
    let accounts = doc
        .accounts
        .into_iter()
        .enumerate()
        .map(|(i, account)| check_account(&format!("accounts[{i}]"), account, &mut seen))
        .collect::<Result<_, _>>()?;
    Ok((settings, accounts))
}

/// The emulator's settings a state file may carry (absent: the emulator's own).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub struct Settings {
    /// The rate limit (`Some(None)`: off).
    pub rate_limit: Option<Option<crate::RateLimit>>,
    /// Which authentication failures are answered.
    pub auth_errors: Option<crate::AuthErrors>,
}

/// Ids that must be unique across the file.
#[derive(Default)]
struct Seen {
    accounts: HashSet<String>,
    keys: HashSet<String>,
    tokens: HashSet<String>,
    history_ids: HashSet<HistoryId>,
}

fn unique(
    set: &mut HashSet<String>,
    value: &str,
    at: &str,
    what: &str,
) -> Result<(), StateFileError> {
    if value.trim().is_empty() {
        return Err(StateFileError::at(
            at,
            format!("the {what} must not be empty"),
        ));
    }
    if !set.insert(value.to_owned()) {
        return Err(StateFileError::at(
            at,
            format!("{what} {value:?} appears twice"),
        ));
    }
    Ok(())
}

fn check_account(
    at: &str,
    doc: AccountDoc<Vec<EntryDoc>>,
    seen: &mut Seen,
) -> Result<LoadedAccount, StateFileError> {
    unique(
        &mut seen.accounts,
        &doc.account_id,
        &format!("{at}.accountId"),
        "account id",
    )?;
    let mut keys = Vec::new();
    for (i, key) in doc.api_keys.into_iter().enumerate() {
        let at = format!("{at}.apiKeys[{i}]");
        unique(
            &mut seen.keys,
            &key.api_key,
            &format!("{at}.apiKey"),
            "API key",
        )?;
        if key.api_secret.is_empty() {
            return Err(StateFileError::at(
                format!("{at}.apiSecret"),
                "the API secret must not be empty",
            ));
        }
        let spec = KeySpec {
            scopes: key.scopes,
            role: key.role,
        };
        keys.push((key.api_key, key.api_secret, spec));
    }
    let mut tokens = Vec::new();
    for (i, token) in doc.tokens.into_iter().enumerate() {
        let at = format!("{at}.tokens[{i}]");
        unique(
            &mut seen.tokens,
            &token.access_token,
            &format!("{at}.accessToken"),
            "access token",
        )?;
        let expires = token
            .expires_at
            .map(|t| date(&t, &format!("{at}.expiresAt")))
            .transpose()?;
        let spec = KeySpec {
            scopes: token.scopes,
            role: token.role,
        };
        tokens.push((token.access_token, spec, expires));
    }
    let mut card_ids = HashSet::new();
    let mut cards = Vec::new();
    for (i, card) in doc.payment_methods.into_iter().enumerate() {
        let at = format!("{at}.paymentMethods[{i}]");
        unique(
            &mut card_ids,
            &card.payment_id,
            &format!("{at}.paymentId"),
            "payment id",
        )?;
        let mut spec = PaymentMethodSpec::new()
            .payment_id(card.payment_id.clone())
            .decline(card.decline)
            .auto_recharge(card.auto_recharge);
        spec.description = card.description;
        spec.exp_date = card.exp_date;
        // The same checks as registering it later will make.
        spec.clone()
            .into_info(card.payment_id, OffsetDateTime::UNIX_EPOCH)
            .map_err(|e| StateFileError::at(&at, e.to_string()))?;
        let created = card
            .date_created
            .map(|t| date(&t, &format!("{at}.dateCreated")))
            .transpose()?;
        let updated = card
            .date_updated
            .map(|t| date(&t, &format!("{at}.dateUpdated")))
            .transpose()?;
        cards.push(LoadedCard {
            spec,
            created,
            updated,
        });
    }

    let (entries, ledger) = check_entries(at, &doc.account_id, doc.entries, seen)?;
    let start = if entries.is_empty() {
        let start = (
            doc.balance.unwrap_or(Money::ZERO),
            doc.point.unwrap_or(Money::ZERO),
        );
        for (name, value) in [("balance", &start.0), ("point", &start.1)] {
            if value.is_negative() {
                return Err(StateFileError::at(
                    format!("{at}.{name}"),
                    format!("must not be negative ({value})"),
                ));
            }
        }
        start
    } else {
        for (name, given, actual) in [
            ("balance", doc.balance, ledger.balance()),
            ("point", doc.point, ledger.point()),
        ] {
            if let Some(given) = given
                && given != actual
            {
                return Err(StateFileError::at(
                    format!("{at}.{name}"),
                    format!(
                        "is {given}, but the entries make it {actual} (leave it out, or make it agree)"
                    ),
                ));
            }
        }
        (Money::ZERO, Money::ZERO)
    };
    Ok(LoadedAccount {
        id: doc.account_id,
        status: doc.status,
        mfa: doc.mfa,
        start,
        entries,
        keys,
        tokens,
        cards,
        settings: doc.settings,
        withdrawals: doc
            .withdrawals
            .iter()
            .map(|w| serde_json::to_string(w).unwrap_or_default())
            .collect(),
        bank_account: doc.bank_account.map(|mut b| {
            // Only ever kept masked, whatever the file held.
            b.account_number = b.masked_number();
            serde_json::to_string(&b).unwrap_or_default()
        }),
    })
}

/// Replays the entries on a scratch ledger: each must apply, and the values the file gives
/// must be the ones the replay computes.
fn check_entries(
    at: &str,
    account_id: &str,
    docs: Vec<EntryDoc>,
    seen: &mut Seen,
) -> Result<(Vec<LoadedEntry>, Ledger), StateFileError> {
    let mut ledger = Ledger::default();
    let mut entries = Vec::with_capacity(docs.len());
    for (i, doc) in docs.into_iter().enumerate() {
        let at = format!("{at}.entries[{i}]");
        let when = date(&doc.date_created, &format!("{at}.dateCreated"))?;
        let date_ms = to_unix_ms(when);
        if let Some(last) = ledger.last_ms()
            && date_ms < last
        {
            return Err(StateFileError::at(
                format!("{at}.dateCreated"),
                format!(
                    "{} is before the previous entry's date: entries go oldest first",
                    doc.date_created
                ),
            ));
        }
        let id = match &doc.history_id {
            None => None,
            Some(text) => {
                let id = HistoryId::from_hex(text).ok_or_else(|| {
                    StateFileError::at(
                        format!("{at}.historyId"),
                        format!("{text:?} is not 24 lowercase hex digits"),
                    )
                })?;
                if !seen.history_ids.insert(id) {
                    return Err(StateFileError::at(
                        format!("{at}.historyId"),
                        format!("{text:?} appears twice"),
                    ));
                }
                Some(id)
            }
        };
        if doc.account_id.as_deref().is_some_and(|a| a != account_id) {
            return Err(StateFileError::at(
                format!("{at}.accountId"),
                format!("is not the account's own id {account_id:?}"),
            ));
        }
        // `chargedMethod` and `paymentMethod`, named by the model's list of keys.
        let [.., charged_method, payment_method, _, _, _, _, _, _, _, _] = HistoryEntry::KEYS;
        for (name, value) in [
            (charged_method, &doc.charged_method),
            (payment_method, &doc.payment_method),
        ] {
            if value.is_some() {
                return Err(StateFileError::at(
                    format!("{at}.{name}"),
                    "must be null (the emulator keeps it null)",
                ));
            }
        }
        let change = Change {
            recharge_method: doc.recharge_method,
            service_method: doc.service_method,
            group_id: doc.group_id.map(String::into_boxed_str),
            ..Change::new(doc.kind, doc.balance_amount, doc.point_amount)
        }
        .with_memo(doc.memo);
        let entry = ledger
            .apply(change.clone(), date_ms, |ms| {
                id.unwrap_or_else(|| HistoryId::new(ms, 0))
            })
            .map_err(|e| StateFileError::at(&at, e.to_string()))?;
        for (name, given, actual) in [
            ("oldBalance", doc.old_balance, entry.old_balance.clone()),
            ("newBalance", doc.new_balance, entry.new_balance.clone()),
            ("oldPoint", doc.old_point, entry.old_point.clone()),
            ("newPoint", doc.new_point, entry.new_point.clone()),
        ] {
            if let Some(given) = given
                && given != actual
            {
                return Err(StateFileError::at(
                    format!("{at}.{name}"),
                    format!(
                        "is {given}, but the previous entries and the amounts make it {actual}"
                    ),
                ));
            }
        }
        entries.push(LoadedEntry {
            change,
            date_ms,
            id,
        });
    }
    Ok((entries, ledger))
}

/// An RFC 3339 date with at most millisecond precision (the ledger's).
fn date(text: &str, at: &str) -> Result<OffsetDateTime, StateFileError> {
    let t = OffsetDateTime::parse(text, &Rfc3339).map_err(|e| {
        StateFileError::at(
            at,
            format!("{text:?} is not an RFC 3339 date like 2024-01-31T09:00:00.000Z ({e})"),
        )
    })?;
    if t.nanosecond() % 1_000_000 != 0 {
        return Err(StateFileError::at(
            at,
            format!("{text:?} is more precise than a millisecond"),
        ));
    }
    Ok(t)
}

/// Seeds `state` with the file's accounts, keys, tokens and cards.
///
/// # Errors
/// [`AdminError::AccountExists`] when an account is there already (the demo account, with
/// `--demo`), [`AdminError::InvalidValue`] for an API key or token that is.
pub(crate) fn apply(state: &Shared, file: &super::StateFile) -> Result<(), AdminError> {
    let now = state.clock.now();
    for account in file.accounts() {
        if account.entries.is_empty() {
            state.create_account(AccountSpec {
                account_id: Some(account.id.clone()),
                balance: account.start.0.clone(),
                point: account.start.1.clone(),
                status: account.status,
                mfa: account.mfa,
            })?;
        } else {
            let mut ledger = Ledger::default();
            ledger.reserve(account.entries.len());
            for e in &account.entries {
                ledger.apply(e.change.clone(), e.date_ms, |ms| {
                    e.id.unwrap_or_else(|| state.next_history_id(ms))
                })?;
            }
            state.insert_account(Account {
                id: account.id.clone(),
                data: RwLock::new(AccountData {
                    status: account.status,
                    mfa: account.mfa,
                    payment_methods: Vec::new(),
                    settings: Default::default(),
                    withdrawals: Vec::new(),
                    bank_account: None,
                    ledger,
                }),
            })?;
            state.skip_history_ids(account.entries.len());
        }
        {
            let stored = state.account(&account.id)?;
            let mut data = crate::sync::write(&stored.data);
            data.settings = account.settings.clone();
            data.withdrawals = account
                .withdrawals
                .iter()
                .filter_map(|w| serde_json::from_str(w).ok())
                .collect();
            data.bank_account = account
                .bank_account
                .as_deref()
                .and_then(|b| serde_json::from_str(b).ok());
        }
        for card in &account.cards {
            let mut info = state.add_payment_method(
                &account.id,
                card.spec.clone(),
                card.created.unwrap_or(now),
            )?;
            if let Some(updated) = card.updated {
                info.date_updated = updated;
                state.replace_payment_method(&account.id, info)?;
            }
        }
        for (key, secret, spec) in &account.keys {
            if state.api_key(key).is_some() {
                return Err(AdminError::InvalidValue(format!(
                    "the API key {key:?} exists already"
                )));
            }
            state.insert_api_key(
                &account.id,
                Some((key.clone(), solapi_auth::Secret::new(secret.clone()))),
                spec.clone(),
            )?;
        }
        for (token, spec, expires) in &account.tokens {
            if state.token(token).is_some() {
                return Err(AdminError::InvalidValue(
                    "an access token of the file exists already".to_owned(),
                ));
            }
            state.insert_token_until(
                &account.id,
                solapi_auth::Secret::new(token.clone()),
                spec.clone(),
                *expires,
            )?;
        }
    }
    Ok(())
}
