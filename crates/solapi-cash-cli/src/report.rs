//! Messages on standard error: notes, warnings, and failures with their hint and detail.
//! Their text often quotes the outside world (the API's error message, a body, an id, a
//! path), so all of it goes through [`visible`] here, the one place messages are written.

use std::io::{self, Write};

use crate::failure::Failure;
use crate::output::{Style, visible};

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
    /// Standard error, through `anstream` when coloured (so that a Windows console shows the
    /// colour). Nothing here carries escapes but the CLI's own: outside text is [`visible`].
    fn stream(&self) -> anstream::AutoStream<io::Stderr> {
        if self.style.colors() {
            anstream::AutoStream::always(io::stderr())
        } else {
            anstream::AutoStream::never(io::stderr())
        }
    }

    /// A line of information.
    pub(crate) fn note(&self, text: &str) {
        let _ = writeln!(self.stream(), "{}", visible(text));
    }

    /// A warning.
    pub(crate) fn warn(&self, text: &str) {
        let _ = writeln!(
            self.stream(),
            "{} {}",
            self.style.yellow("warning:"),
            visible(text)
        );
    }

    /// A failure: one line, a hint if there is one, and the detail with `-v`.
    pub(crate) fn failure(&self, failure: &Failure) {
        if failure.quiet {
            return;
        }
        let mut err = self.stream();
        let _ = writeln!(
            err,
            "{} {}",
            self.style.red("error:"),
            visible(&failure.message)
        );
        if let Some(hint) = &failure.hint {
            let _ = writeln!(err, "{} {}", self.style.yellow("hint:"), visible(hint));
        }
        if self.verbose > 0 {
            for (name, value) in &failure.details {
                let name = self.style.dim(&format!("{name}:"));
                let _ = writeln!(err, "  {name} {}", visible(value));
            }
        }
    }
}
