//! [`AdminError`]: why an admin operation was refused.

use std::io;

/// An admin operation ([`Admin`](crate::Admin) or the HTTP admin API) was refused;
/// nothing was changed.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum AdminError {
    /// No account has this id.
    #[error("unknown account `{account_id}`")]
    UnknownAccount {
        /// The id asked for.
        account_id: String,
    },
    /// An account with this id exists already.
    #[error("account `{account_id}` exists already")]
    AccountExists {
        /// The id asked for.
        account_id: String,
    },
    /// A charge exceeds balance + point.
    #[error("{0}")]
    BalanceInsufficient(String),
    /// An amount is invalid (negative result, overflow, zero charge).
    #[error("{0}")]
    InvalidAmount(String),
    /// A value is not valid (a card's expiry, an empty id).
    #[error("{0}")]
    InvalidValue(String),
    /// The system random generator failed (keys, tokens, codes need it).
    #[error("cannot generate a random value: {0}")]
    Random(#[from] io::Error),
}

impl From<crate::ledger::LedgerError> for AdminError {
    fn from(e: crate::ledger::LedgerError) -> Self {
        match e {
            crate::ledger::LedgerError::Insufficient { .. } => {
                AdminError::BalanceInsufficient(e.to_string())
            }
            _ => AdminError::InvalidAmount(e.to_string()),
        }
    }
}
