//! [`Out`]: buffered standard output that keeps clear of the progress line on standard error,
//! or a file written whole or not at all (`--output-file`).
//!
//! A file is written to a temporary file beside it (`.NAME.PID-NANOS.tmp`, created new, so
//! never through a link someone left there), synced, and renamed over the path only when the
//! command succeeded ([`Out::commit`]); a failure removes the temporary file, and so does an
//! interrupt (`crate::interrupt::export`). A reader of the path therefore sees the old file or
//! the complete new one, never a half-written export. The file is created with mode 0666 less
//! the umask, as a shell redirection would make it.

use std::cell::Cell;
use std::fs::{self, File};
use std::io::{self, BufWriter, IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::rc::Rc;

use crate::args::Format;
use crate::failure::Failure;
use crate::interrupt;
use crate::output::Style;
use crate::output::csv::CsvKind;
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
    /// The temporary file of `--output-file`.
    File(File),
}

impl Write for Sink {
    fn write(&mut self, buf: &[u8]) -> io::Result<usize> {
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

/// The file being written: its temporary path and the path it becomes.
#[derive(Debug)]
struct Pending {
    temp: PathBuf,
    path: PathBuf,
    _interrupt: interrupt::Guard,
}

/// Standard output or the output file, in the chosen format and style.
#[derive(Debug)]
pub(crate) struct Out {
    writer: BufWriter<Sink>,
    pending: Option<Pending>,
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
        // Files are what people open in a spreadsheet; standard output is read by programs.
        let for_sheets = target.bom.unwrap_or(target.file.is_some());
        let (sink, pending, style) = match target.file {
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
                (sink, None, style)
            }
            Some(path) => {
                let (file, pending) = create_temp(path)?;
                (Sink::File(file), Some(pending), Style::PLAIN)
            }
        };
        Ok(Out {
            writer: BufWriter::with_capacity(64 * 1024, sink),
            pending,
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
        let Some(pending) = self.pending.take() else {
            return Ok(());
        };
        let failed = |e: &io::Error| Failure::io(&format!("writing {}", pending.path.display()), e);
        let result = match self.writer.get_mut() {
            Sink::File(file) => file.sync_all(),
            Sink::Stdout { .. } => Ok(()),
        }
        .and_then(|()| fs::rename(&pending.temp, &pending.path));
        if let Err(e) = result {
            let _ = fs::remove_file(&pending.temp);
            return Err(failed(&e));
        }
        if let Some(dir) = pending.path.parent() {
            sync_dir(dir);
        }
        Ok(())
    }
}

impl Drop for Out {
    /// A file not committed was not completed: it is removed.
    fn drop(&mut self) {
        if let Some(pending) = self.pending.take() {
            let _ = fs::remove_file(&pending.temp);
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

/// Creates the temporary file beside `path`.
fn create_temp(path: &Path) -> Result<(File, Pending), Failure> {
    let failed = |e: &io::Error| Failure::io(&format!("writing {}", path.display()), e);
    let name = path
        .file_name()
        .ok_or_else(|| Failure::usage(format!("--output-file {} names no file", path.display())))?
        .to_string_lossy()
        .into_owned();
    if path.is_dir() {
        return Err(Failure::usage(format!(
            "--output-file {} is a directory",
            path.display()
        )));
    }
    let dir = path
        .parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."));
    let nanos = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos());
    let temp = dir.join(format!(".{name}.{}-{nanos}.tmp", std::process::id()));
    // create_new: never follows a link, never reuses a file; mode 0666 less the umask.
    let file = File::options()
        .write(true)
        .create_new(true)
        .open(&temp)
        .map_err(|e| failed(&e))?;
    let pending = Pending {
        _interrupt: interrupt::export(temp.clone()),
        temp,
        path: path.to_owned(),
    };
    Ok((file, pending))
}

/// Makes a rename durable. Best effort: some file systems cannot sync a directory, and the
/// file itself is complete either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(if dir.as_os_str().is_empty() {
        Path::new(".")
    } else {
        dir
    }) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}
