//! Every write's confirmation: on a terminal it asks, saying what will change; `--yes` skips
//! the question; without a terminal and without `--yes` the write is refused (exit 2) before
//! anything is read or sent, so that a script never blocks on a question nobody sees.

use crate::exit::Exit;
use crate::failure::Failure;
use crate::prompt;

/// A write that may go ahead once confirmed.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Confirmation {
    yes: bool,
    nothing: &'static str,
}

impl Confirmation {
    /// Checked first: `what` is the write (`the recharge`), `verb` what `--yes` does without
    /// asking (`recharge`), `nothing` what a refusal leaves undone (`nothing was charged`).
    pub(crate) fn begin(
        yes: bool,
        what: &str,
        verb: &str,
        nothing: &'static str,
    ) -> Result<Confirmation, Failure> {
        if !yes && !prompt::interactive() {
            return Err(
                Failure::usage(format!("no terminal to confirm {what} on: {nothing}"))
                    .hint(format!("add --yes to {verb} without confirmation")),
            );
        }
        Ok(Confirmation { yes, nothing })
    }

    /// Asks `question` on the terminal, unless `--yes` was given; anything but yes cancels
    /// (exit 1).
    pub(crate) fn ask(&self, question: &str) -> Result<(), Failure> {
        if self.yes || prompt::confirm(question)? {
            return Ok(());
        }
        Err(Failure::new(
            Exit::Other,
            format!("cancelled: {}", self.nothing),
        ))
    }

    /// Whether `--yes` was given (the questions are skipped).
    pub(crate) fn assumed(&self) -> bool {
        self.yes
    }
}
