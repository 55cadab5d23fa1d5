//! [`Out`]: buffered standard output that keeps clear of the progress line on standard error.

use std::cell::Cell;
use std::io::{self, BufWriter, IsTerminal, Write};
use std::rc::Rc;

use crate::args::Format;
use crate::output::Style;

/// Whether a progress line is showing on standard error. When standard output is the same
/// terminal, the line is erased before any output is written, and drawn again later.
#[derive(Debug, Clone, Default)]
pub(crate) struct ProgressLine(Rc<Cell<bool>>);

impl ProgressLine {
    /// Notes that a line is (or is no longer) showing.
    pub(crate) fn set_showing(&self, showing: bool) {
        self.0.set(showing);
    }

    /// Erases the line if it is showing.
    pub(crate) fn erase(&self) {
        if self.0.replace(false) {
            let _ = io::stderr().write_all(b"\r\x1b[2K");
        }
    }
}

/// Writes to standard output, erasing the progress line first when both are the terminal.
#[derive(Debug)]
struct Sink {
    progress: Option<ProgressLine>,
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        if let Some(progress) = &self.progress {
            progress.erase();
        }
        io::stdout().lock().write(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        io::stdout().lock().flush()
    }
}

/// Standard output, in the chosen format and style.
#[derive(Debug)]
pub(crate) struct Out {
    writer: BufWriter<Sink>,
    /// The output format.
    pub format: Format,
    /// Colour for tables.
    pub style: Style,
    /// The progress line to keep clear of.
    pub progress: ProgressLine,
}

impl Out {
    /// Standard output.
    pub(crate) fn stdout(format: Format, style: Style) -> Out {
        let progress = ProgressLine::default();
        let sink = Sink {
            progress: io::stdout().is_terminal().then(|| progress.clone()),
        };
        Out {
            writer: BufWriter::with_capacity(64 * 1024, sink),
            format,
            style,
            progress,
        }
    }
}

impl Write for Out {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        self.writer.write(buf)
    }

    fn write_all(&mut self, buf: &[u8]) -> io::Result<()> {
        self.writer.write_all(buf)
    }

    fn flush(&mut self) -> io::Result<()> {
        self.writer.flush()
    }
}
