//! [`Failure`]: why a command did not succeed, as the one line (and hint) a person reads, the
//! exit code a script reads, and — with `--output json` or `ndjson` — one JSON object on
//! standard error that a script parses ([`Failure::to_json`]).

use std::io;

use crate::exit::Exit;

/// A failed command.
#[derive(Debug)]
pub(crate) struct Failure {
    /// The exit code.
    pub exit: Exit,
    /// One line saying what went wrong.
    pub message: String,
    /// What to do about it, when something helps.
    pub hint: Option<String>,
    /// Shown with `-v`: name and value pairs (never a secret).
    pub details: Vec<(&'static str, String)>,
    /// End without a word (the output pipe was closed: `| head`).
    pub quiet: bool,
    /// What the JSON error object says beyond the message and hint.
    pub facts: Box<Facts>,
}

/// The members of the JSON error object beside `message`, `hint` and `exitCode`.
#[derive(Debug, Default)]
pub(crate) struct Facts {
    /// What failed, for scripts: the client's error kind in camelCase (`timeout`,
    /// `rateLimited`, `authentication`, …) for a failed request; else the exit's
    /// ([`Exit::name`]: `usage`, `local`, `below`, …).
    pub kind: Option<String>,
    /// The HTTP status of the answer, when there was one.
    pub status: Option<u16>,
    /// The API's error code, when it sent one.
    pub api_code: Option<String>,
    /// Whether the request may have been applied (`notApplied`, `unknown`, `applied`), for a
    /// failure that concerns a request.
    pub outcome: Option<&'static str>,
    /// Further members, for failures that have more to say (a recharge's verdict, the
    /// command that checks it, a rate limit's wait). Scripts ignore members they do not know.
    pub data: Vec<(&'static str, serde_json::Value)>,
}

impl Failure {
    /// A failure with a message.
    pub(crate) fn new(exit: Exit, message: impl Into<String>) -> Failure {
        Failure {
            exit,
            message: message.into(),
            hint: None,
            details: Vec::new(),
            quiet: false,
            facts: Box::default(),
        }
    }

    /// Adds a member to the JSON object ([`Facts::data`]).
    pub(crate) fn with_data(mut self, name: &'static str, value: serde_json::Value) -> Failure {
        self.facts.data.push((name, value));
        self
    }

    /// The failure as one JSON object, for `--output json` and `ndjson`: `kind`, `exitCode`,
    /// `message`, `hint`, `outcome`, `status` and `apiCode` always (`null` when they do not
    /// apply), then [`Facts::data`].
    pub(crate) fn to_json(&self) -> serde_json::Value {
        let facts = &self.facts;
        let mut object = serde_json::Map::new();
        let kind = facts
            .kind
            .clone()
            .unwrap_or_else(|| self.exit.name().to_owned());
        object.insert("kind".into(), kind.into());
        object.insert("exitCode".into(), self.exit.code().into());
        object.insert("message".into(), self.message.clone().into());
        object.insert("hint".into(), self.hint.clone().into());
        object.insert("outcome".into(), facts.outcome.into());
        object.insert("status".into(), facts.status.into());
        object.insert("apiCode".into(), facts.api_code.clone().into());
        for (name, value) in &facts.data {
            object.insert((*name).to_owned(), value.clone());
        }
        serde_json::Value::Object(object)
    }

    /// Invalid usage or input (exit 2).
    pub(crate) fn usage(message: impl Into<String>) -> Failure {
        Failure::new(Exit::Usage, message)
    }

    /// A local I/O failure while doing `what` (exit 1); a closed output pipe ends quietly.
    pub(crate) fn io(what: &str, error: &io::Error) -> Failure {
        if error.kind() == io::ErrorKind::BrokenPipe {
            return Failure::broken_pipe();
        }
        Failure::new(Exit::Other, format!("{what}: {error}"))
    }

    /// The reader of our output went away: stop, quietly and successfully.
    pub(crate) fn broken_pipe() -> Failure {
        Failure {
            quiet: true,
            ..Failure::new(Exit::Ok, "")
        }
    }

    /// Adds a hint.
    pub(crate) fn hint(mut self, hint: impl Into<String>) -> Failure {
        self.hint = Some(hint.into());
        self
    }

    /// Adds a detail shown with `-v`.
    pub(crate) fn detail(mut self, name: &'static str, value: impl Into<String>) -> Failure {
        self.details.push((name, value.into()));
        self
    }
}

impl From<io::Error> for Failure {
    /// An error writing the output.
    fn from(error: io::Error) -> Failure {
        Failure::io("writing the output", &error)
    }
}

impl From<serde_json::Error> for Failure {
    /// An error writing JSON output (its I/O error, such as a closed pipe, is kept).
    fn from(error: serde_json::Error) -> Failure {
        Failure::from(io::Error::from(error))
    }
}
