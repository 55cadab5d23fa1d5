//! Writing the state as a state file: accounts, keys, tokens, cards and every ledger entry,
//! serialized straight from the live state (entries are never copied), to a file only its
//! owner can read (it holds secrets), replaced atomically.

use std::fs::{self, OpenOptions};
use std::io::{self, BufWriter, Write};
use std::path::Path;

use serde::{Serialize, Serializer};
use solapi_cash_types::Timestamp;

use super::schema::{
    AccountDoc, CardDoc, EntryDoc, FileDoc, KeyDoc, RateLimitDoc, TokenDoc, VERSION,
};
use crate::clock::from_unix_ms;
use crate::ledger::Entry;
use crate::state::Shared;
use crate::sync::read;

/// The entries of one account, serialized one by one from storage.
struct Entries<'a>(&'a [Entry]);

impl Serialize for Entries<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_seq(self.0.iter().map(entry_doc))
    }
}

fn date(t: time::OffsetDateTime) -> String {
    Timestamp::from_datetime(t).as_str().to_owned()
}

fn entry_doc(e: &Entry) -> EntryDoc {
    EntryDoc {
        kind: e.kind.clone(),
        balance_amount: e.balance_amount.clone(),
        point_amount: e.point_amount.clone(),
        date_created: date(from_unix_ms(e.date_ms)),
        history_id: Some(e.id.to_hex()),
        group_id: e.group_id.as_deref().map(str::to_owned),
        memo: e.memo.as_deref().map(str::to_owned),
        recharge_method: e.recharge_method.clone(),
        service_method: e.service_method.clone(),
        old_balance: Some(e.old_balance.clone()),
        new_balance: Some(e.new_balance.clone()),
        old_point: Some(e.old_point.clone()),
        new_point: Some(e.new_point.clone()),
        account_id: None,
        charged_method: None,
        payment_method: None,
    }
}

/// Writes the whole state to `path` (mode 0600 on Unix), through a temporary file beside it
/// that is renamed over `path` once complete.
pub(crate) fn write(state: &Shared, path: &Path) -> io::Result<()> {
    let accounts = state.all_accounts();
    // Read locks in id order, held while writing: each account's ledger is saved as one
    // consistent whole; recharges wait meanwhile.
    let guards: Vec<_> = accounts.iter().map(|a| read(&a.data)).collect();
    let keys = state.all_api_keys();
    let tokens = state.all_tokens();
    let docs: Vec<AccountDoc<Entries<'_>>> = accounts
        .iter()
        .zip(&guards)
        .map(|(account, data)| AccountDoc {
            account_id: account.id.clone(),
            status: data.status,
            mfa: data.mfa,
            settings: data.settings.clone(),
            withdrawals: data.withdrawals.clone(),
            bank_account: data.bank_account.clone(),
            balance: Some(data.ledger.balance()),
            point: Some(data.ledger.point()),
            api_keys: keys
                .iter()
                .filter(|(_, k)| k.account_id == account.id)
                .map(|(key, record)| KeyDoc {
                    api_key: key.clone(),
                    api_secret: record.secret.expose_secret().to_owned(),
                    scopes: record.spec.scopes.clone(),
                    role: record.spec.role,
                })
                .collect(),
            tokens: tokens
                .iter()
                .filter(|(_, t)| t.account_id == account.id)
                .map(|(token, record)| TokenDoc {
                    access_token: token.clone(),
                    scopes: record.spec.scopes.clone(),
                    role: record.spec.role,
                    expires_at: Some(date(record.expires_at)),
                })
                .collect(),
            payment_methods: data
                .payment_methods
                .iter()
                .map(|card| CardDoc {
                    payment_id: card.payment_id.clone(),
                    decline: card.decline,
                    description: Some(card.description.clone()),
                    exp_date: Some(card.exp_date.clone()),
                    auto_recharge: card.auto_recharge,
                    date_created: Some(date(card.date_created)),
                    date_updated: Some(date(card.date_updated)),
                })
                .collect(),
            entries: Entries(data.ledger.entries()),
        })
        .collect();
    let doc = FileDoc {
        version: VERSION,
        rate_limit: Some(RateLimitDoc::of(state.rate_limit())),
        auth_errors: Some(state.auth_errors()),
        accounts: docs,
    };

    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().into_owned())
        .unwrap_or_else(|| "state.json".to_owned());
    let temp = path.with_file_name(format!(".{name}.{}.tmp", std::process::id()));
    // A leftover of an interrupted save could have other permissions: start afresh.
    let _ = fs::remove_file(&temp);
    let mut options = OpenOptions::new();
    options.write(true).create_new(true);
    #[cfg(unix)]
    {
        use std::os::unix::fs::OpenOptionsExt;
        options.mode(0o600);
    }
    let result = (|| {
        let mut out = BufWriter::new(options.open(&temp)?);
        serde_json::to_writer_pretty(&mut out, &doc).map_err(io::Error::other)?;
        out.write_all(b"\n")?;
        let file = out.into_inner().map_err(io::IntoInnerError::into_error)?;
        file.sync_all()?;
        fs::rename(&temp, path)
    })();
    if result.is_err() {
        let _ = fs::remove_file(&temp);
    }
    result
}
