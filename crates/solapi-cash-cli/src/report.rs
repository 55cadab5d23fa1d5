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
    /// `--output json` or `ndjson`: a failure is one JSON object (see
    /// [`Failure::to_json`]).
    pub json: bool,
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

    /// A verdict that is not a failure (`balance --below` when enough is left): `ok: …`, or
    /// its JSON object with `--output json` or `ndjson`.
    pub(crate) fn verdict(&self, verdict: &Failure) {
        let mut err = self.stream();
        if self.json {
            json_line(&mut err, verdict);
        } else {
            let _ = writeln!(
                err,
                "{} {}",
                self.style.green("ok:"),
                visible(&verdict.message)
            );
        }
    }

    /// A failure: one line, a hint if there is one, and the detail with `-v`; with
    /// `--output json` or `ndjson`, one JSON object on one line instead (its text escaped as
    /// all JSON output is, so it cannot act on a terminal either). `balance --below`'s
    /// verdict reads `below:`, not `error:`.
    pub(crate) fn failure(&self, failure: &Failure) {
        if failure.quiet {
            return;
        }
        let mut err = self.stream();
        if self.json {
            json_line(&mut err, failure);
            return;
        }
        let label = match failure.exit {
            crate::exit::Exit::Below => self.style.yellow("below:"),
            crate::exit::Exit::Gaps => self.style.yellow("gaps:"),
            _ => self.style.red("error:"),
        };
        let _ = writeln!(err, "{label} {}", visible(&failure.message));
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

/// A failure or verdict as its JSON object, on one line (made inert as all JSON output is).
fn json_line(err: &mut impl Write, failure: &Failure) {
    let mut line = Vec::new();
    let _ = crate::output::write_json(&mut line, &failure.to_json());
    line.push(b'\n');
    let _ = err.write_all(&line);
}
