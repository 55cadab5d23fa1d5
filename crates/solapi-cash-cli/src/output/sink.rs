//! [`Out`]: buffered standard output that keeps clear of the progress line on standard error
//! and ends at a line boundary when cut short, or the `--output-file` (see
//! `crate::output::place`: a regular file written whole or not at all, anything else written
//! through).
//!
//! A regular file is written to a temporary file in its folder and renamed over the path only
//! when the command succeeded ([`Out::commit`]); a failure or an interrupt leaves no temporary
//! file. A reader of the path therefore sees the old file or the complete new one, never a
//! half-written export. The file is created with mode 0666 less the umask, as a shell
//! redirection would make it.

use std::cell::Cell;
use std::fs::File;
use std::io::{self, IsTerminal, Write};
use std::path::Path;
use std::rc::Rc;

use crate::args::Format;
use crate::failure::Failure;
use crate::interrupt;
use crate::output::Style;
use crate::output::csv::CsvKind;
use crate::output::lines::LineBuffer;
use crate::output::place::{self, Staged};
use crate::zone::Zone;

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

/// Where the bytes go.
#[derive(Debug)]
enum Sink {
    /// Standard output, erasing the progress line first when both are the terminal; through
    /// `anstream` when a table is coloured (which also makes Windows consoles show colour).
    Stdout {
        progress: Option<ProgressLine>,
        colored: Option<anstream::AutoStream<io::Stdout>>,
    },
    /// The `--output-file` (or its temporary file).
    File(File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
        let _writing = interrupt::writing();
        self.write_unlocked(buf)
    }

    /// One block, whole, before an interrupt may end the process (see
    /// `crate::output::lines`).
    fn write_all(&mut self, mut buf: &[u8]) -> io::Result<()> {
        let _writing = interrupt::writing();
        while !buf.is_empty() {
            match self.write_unlocked(buf) {
                Ok(0) => return Err(io::ErrorKind::WriteZero.into()),
                Ok(n) => buf = &buf[n..],
                Err(e) if e.kind() == io::ErrorKind::Interrupted => {}
                Err(e) => return Err(e),
            }
        }
        Ok(())
    }

    fn flush(&mut self) -> io::Result<()> {
        match self {
            Sink::Stdout {
                colored: Some(stream),
                ..
            } => stream.flush(),
            Sink::Stdout { colored: None, .. } => io::stdout().lock().flush(),
            Sink::File(file) => file.flush(),
        }
    }
}

impl Sink {
    fn write_unlocked(&mut self, buf: &[u8]) -> io::Result<usize> {
        match self {
            Sink::Stdout { progress, colored } => {
                if let Some(progress) = progress {
                    progress.erase();
                }
                match colored {
                    Some(stream) => stream.write(buf),
                    None => io::stdout().lock().write(buf),
                }
            }
            Sink::File(file) => file.write(buf),
        }
    }
}

/// Standard output or the output file, in the chosen format and style.
#[derive(Debug)]
pub(crate) struct Out {
    writer: LineBuffer<Sink>,
    /// The output file's temporary file, put in place by [`Out::commit`].
    staged: Option<Staged>,
    /// The file's path, for messages.
    path: Option<std::path::PathBuf>,
    /// An interrupt ends the process only between two blocks of standard output.
    _interrupt: Option<interrupt::Guard>,
    /// The output format.
    pub format: Format,
    /// Colour for tables.
    pub style: Style,
    /// The progress line to keep clear of.
    pub progress: ProgressLine,
    /// The time zone of dates shown (set once the settings are known).
    pub zone: Zone,
    /// Who a CSV is for.
    pub csv: CsvKind,
    /// Money written as text because a spreadsheet could not hold it exactly.
    pub kept_text: u64,
    /// Text cut to a spreadsheet cell's limit.
    pub cut: u64,
    /// Money in a workbook with more decimals than its won format shows.
    pub more_decimals: u64,
    /// CSV for programs going to a regular file through the shell (`> file.csv`) without
    /// `--bom` or `--no-bom`: worth a note on how to get the spreadsheet form.
    pub csv_to_file: bool,
}

/// What `--output-file`, `--bom` and `--no-bom` ask for.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Target<'a> {
    /// `--output-file`.
    pub file: Option<&'a Path>,
    /// `--bom` (`Some(true)`) or `--no-bom` (`Some(false)`).
    pub bom: Option<bool>,
}

impl Out {
    /// Standard output, or the temporary file of `--output-file`.
    pub(crate) fn open(format: Format, style: Style, target: Target<'_>) -> Result<Out, Failure> {
        let progress = ProgressLine::default();
        // Files are what people open in a spreadsheet; standard output, a FIFO or a device is
        // read by programs.
        let mut csv_to_file = false;
        let (sink, staged, style) = match target.file {
            None => {
                if format == Format::Xlsx && io::stdout().is_terminal() {
                    return Err(Failure::usage(
                        "an xlsx workbook is not for a terminal: give --output-file PATH",
                    ));
                }
                let colored = (style != Style::PLAIN && format == Format::Table)
                    .then(|| anstream::AutoStream::always(io::stdout()));
                let sink = Sink::Stdout {
                    progress: io::stdout().is_terminal().then(|| progress.clone()),
                    colored,
                };
                csv_to_file = format == Format::Csv && target.bom.is_none() && stdout_is_file();
                (sink, None, style)
            }
            Some(path) => {
                let opened = place::open(path)?;
                (Sink::File(opened.file), opened.staged, Style::PLAIN)
            }
        };
        let for_sheets = target.bom.unwrap_or(staged.is_some());
        let interrupt = matches!(sink, Sink::Stdout { .. }).then(interrupt::output);
        Ok(Out {
            writer: LineBuffer::new(sink),
            staged,
            path: target.file.map(Path::to_owned),
            _interrupt: interrupt,
            format,
            style,
            progress,
            zone: Zone::default_zone(),
            csv: if for_sheets {
                CsvKind::Spreadsheets
            } else {
                CsvKind::Programs
            },
            kept_text: 0,
            cut: 0,
            more_decimals: 0,
            csv_to_file,
        })
    }

    /// A writer for a whole document at once (an xlsx workbook), after what is buffered.
    pub(crate) fn document(&mut self) -> io::Result<Box<dyn Write + Send + '_>> {
        self.writer.flush()?;
        Ok(match self.writer.get_mut() {
            Sink::File(file) => Box::new(file),
            Sink::Stdout { .. } => Box::new(io::stdout()),
        })
    }

    /// Ends the output: flushes it, and puts the file in place.
    pub(crate) fn commit(&mut self) -> Result<(), Failure> {
        self.writer.flush()?;
        let Some(staged) = self.staged.take() else {
            return Ok(());
        };
        let shown = self
            .path
            .as_deref()
            .map_or_else(String::new, |p| p.display().to_string());
        let result = match self.writer.get_ref() {
            Sink::File(file) => staged.commit(file),
            Sink::Stdout { .. } => Ok(()),
        };
        result.map_err(|e| Failure::io(&format!("writing {shown}"), &e))
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

/// Whether standard output is a regular file (`> file.csv`).
fn stdout_is_file() -> bool {
    #[cfg(unix)]
    {
        use std::os::fd::AsFd;
        io::stdout()
            .as_fd()
            .try_clone_to_owned()
            .map(File::from)
            .and_then(|f| f.metadata())
            .is_ok_and(|m| m.is_file())
    }
    #[cfg(not(unix))]
    false
}
