//! [`Failure`]: why a command did not succeed, as the one line (and hint) a person reads and
//! the exit code a script reads.

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
        }
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
