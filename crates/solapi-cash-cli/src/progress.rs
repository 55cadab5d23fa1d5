//! [`Progress`]: entries fetched and the rate, on one line of standard error.

use std::io::{self, Write};
use std::time::{Duration, Instant};

use crate::output::{ProgressLine, grouped_count};

/// How often the line is redrawn at most.
const EVERY: Duration = Duration::from_millis(100);

/// A progress line, drawn only when enabled (standard error is a terminal).
#[derive(Debug)]
pub(crate) struct Progress {
    line: Option<ProgressLine>,
    started: Instant,
    drawn: Option<Instant>,
    entries: u64,
}

impl Progress {
    /// A progress line; `None` draws nothing.
    pub(crate) fn new(line: Option<ProgressLine>) -> Progress {
        let mut progress = Progress {
            line,
            started: Instant::now(),
            drawn: None,
            entries: 0,
        };
        progress.draw();
        progress
    }

    /// One more entry.
    pub(crate) fn tick(&mut self) {
        self.entries += 1;
        if self.drawn.is_none_or(|t| t.elapsed() >= EVERY) {
            self.draw();
        }
    }

    /// `n` more entries.
    pub(crate) fn add(&mut self, n: u64) {
        self.entries += n;
        if self.drawn.is_none_or(|t| t.elapsed() >= EVERY) {
            self.draw();
        }
    }

    /// Erases the line.
    pub(crate) fn finish(&mut self) {
        if let Some(line) = &self.line {
            line.erase();
        }
    }

    fn draw(&mut self) {
        let Some(line) = &self.line else { return };
        let ms = u64::try_from(self.started.elapsed().as_millis())
            .unwrap_or(u64::MAX)
            .max(1);
        let rate = self.entries.saturating_mul(1000) / ms;
        let text = format!(
            "fetching history: {} entries, {}/s",
            grouped_count(self.entries),
            grouped_count(rate)
        );
        let _ = write!(io::stderr(), "\r\x1b[2K{text}");
        line.set_showing(true);
        self.drawn = Some(Instant::now());
    }
}
