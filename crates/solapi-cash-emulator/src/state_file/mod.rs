//! State files: accounts, keys, tokens, payment methods and ledger entries as JSON, loaded at
//! start (`--state FILE`, [`EmulatorConfig::state`](crate::EmulatorConfig::state)) and
//! written back on demand (`--save-state FILE`, [`Admin::save_state`](crate::Admin::save_state)),
//! so that an emulator can be set up from any language without the admin API.
//!
//! ```
//! use solapi_cash_emulator::{Emulator, EmulatorConfig, StateFile};
//!
//! let file = StateFile::from_json(r#"{"accounts": [{
//!     "accountId": "24010000000001",
//!     "balance": 5000,
//!     "apiKeys": [{"apiKey": "NCTESTKEY0000001", "apiSecret": "TESTSECRET"}],
//!     "paymentMethods": [{"paymentId": "1500000000000000000000000000001"}]
//! }]}"#)?;
//! let emulator = Emulator::start(EmulatorConfig::default().state(file))?;
//! let account = emulator.admin().account_state("24010000000001")?;
//! assert_eq!(account.balance.to_string(), "5000");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! The file holds secrets: [`Admin::save_state`](crate::Admin::save_state) writes it with mode
//! 0600 (on Unix).

mod load;
mod save;
pub(crate) mod schema;

use std::fmt;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use load::LoadedAccount;
pub use load::Settings;
pub(crate) use load::apply;
pub(crate) use save::write;

/// A validated state file, ready to seed an emulator. Cheap to clone (the content is shared).
/// `Debug` shows counts only: the file holds secrets.
#[derive(Clone, PartialEq, Eq)]
pub struct StateFile {
    accounts: Arc<Vec<LoadedAccount>>,
    settings: Settings,
}

impl fmt::Debug for StateFile {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("StateFile")
            .field("accounts", &self.accounts.len())
            .field(
                "entries",
                &self
                    .accounts
                    .iter()
                    .map(LoadedAccount::entry_count)
                    .sum::<usize>(),
            )
            .finish_non_exhaustive()
    }
}

impl StateFile {
    /// Reads and checks a state file.
    ///
    /// # Errors
    /// [`StateFileError`] naming the file, the place in it and the problem: it cannot be
    /// read, is not JSON of the documented shape, or its content is inconsistent (a ledger
    /// that does not add up, dates out of order, a duplicated id, a bad expiry).
    pub fn load(path: impl AsRef<Path>) -> Result<StateFile, StateFileError> {
        let path = path.as_ref();
        let text = std::fs::read_to_string(path).map_err(|e| StateFileError {
            file: Some(path.to_owned()),
            at: String::new(),
            problem: format!("cannot read it: {e}"),
        })?;
        Self::from_json(&text).map_err(|e| StateFileError {
            file: Some(path.to_owned()),
            ..e
        })
    }

    /// Checks a state file's JSON text.
    ///
    /// # Errors
    /// As [`StateFile::load`], without a file name.
    pub fn from_json(text: &str) -> Result<StateFile, StateFileError> {
        let (settings, accounts) = load::parse(text)?;
        Ok(StateFile {
            accounts: Arc::new(accounts),
            settings,
        })
    }

    /// The emulator's settings the file carries (`rateLimit`, `authErrors`).
    pub fn settings(&self) -> &Settings {
        &self.settings
    }

    /// The account ids in the file, in its order.
    pub fn account_ids(&self) -> Vec<&str> {
        self.accounts.iter().map(|a| a.id.as_str()).collect()
    }

    pub(crate) fn accounts(&self) -> &[LoadedAccount] {
        &self.accounts
    }
}

/// Why a state file was refused: which file, where in it (a JSON path such as
/// `accounts[0].entries[3].oldBalance`), and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StateFileError {
    file: Option<PathBuf>,
    at: String,
    problem: String,
}

impl StateFileError {
    pub(crate) fn at(at: impl Into<String>, problem: impl Into<String>) -> Self {
        Self {
            file: None,
            at: at.into(),
            problem: problem.into(),
        }
    }

    /// The file, when the error came from [`StateFile::load`].
    pub fn file(&self) -> Option<&Path> {
        self.file.as_deref()
    }

    /// Where in the file, as a JSON path (empty for the whole file).
    pub fn location(&self) -> &str {
        &self.at
    }

    /// What is wrong.
    pub fn problem(&self) -> &str {
        &self.problem
    }
}

impl fmt::Display for StateFileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(file) = &self.file {
            write!(f, "{}: ", file.display())?;
        }
        if !self.at.is_empty() {
            write!(f, "at `{}`: ", self.at)?;
        }
        f.write_str(&self.problem)
    }
}

impl std::error::Error for StateFileError {}
