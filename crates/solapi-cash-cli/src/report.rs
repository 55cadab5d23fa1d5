//! Messages on standard error: notes, warnings, and failures with their hint and detail.

use std::io::{self, Write};

use crate::failure::Failure;
use crate::output::Style;

/// Writes to standard error. Failing to write there is ignored: there is nowhere else to say
/// it.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Messages {
    /// Colour on standard error.
    pub style: Style,
    /// `-v` count.
    pub verbose: u8,
}

impl Messages {
    /// A line of information.
    pub(crate) fn note(&self, text: &str) {
        let _ = writeln!(io::stderr(), "{text}");
    }

    /// A warning.
    pub(crate) fn warn(&self, text: &str) {
        let _ = writeln!(io::stderr(), "{} {text}", self.style.yellow("warning:"));
    }

    /// A failure: one line, a hint if there is one, and the detail with `-v`.
    pub(crate) fn failure(&self, failure: &Failure) {
        if failure.quiet {
            return;
        }
        let mut err = io::stderr().lock();
        let _ = writeln!(err, "{} {}", self.style.red("error:"), failure.message);
        if let Some(hint) = &failure.hint {
            let _ = writeln!(err, "{} {hint}", self.style.yellow("hint:"));
        }
        if self.verbose > 0 {
            for (name, value) in &failure.details {
                let _ = writeln!(err, "  {} {value}", self.style.dim(&format!("{name}:")));
            }
        }
    }
}
