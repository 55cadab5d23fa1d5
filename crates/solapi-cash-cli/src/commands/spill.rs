//! [`Spill`]: the entries of an export held on disk so that they can be listed oldest first
//! (`history --all --order oldest`). The API lists newest first and has no order parameter,
//! so the whole range is read first; memory holds one offset per entry (8 bytes), the entries
//! themselves go to a temporary file that no other process can open and that nothing leaves
//! behind (unlinked as soon as it is made on Unix).

use std::fs::File;
use std::io::{self, BufWriter, Read, Seek, SeekFrom, Write};
use std::path::PathBuf;

use solapi_cash_blocking::HistoryEntry;

/// Entries written in the order received, read back in reverse.
pub(crate) struct Spill {
    file: BufWriter<File>,
    /// Where each entry starts, and the end of the last.
    offsets: Vec<u64>,
    name: Name,
}

/// The file's path, while it still has one (not on Unix: unlinked at once); removed on drop.
struct Name(Option<PathBuf>);

impl Drop for Name {
    fn drop(&mut self) {
        if let Some(path) = self.0.take() {
            let _ = std::fs::remove_file(path);
        }
    }
}

impl Spill {
    /// A new, empty spill in the system's temporary directory.
    pub(crate) fn new() -> io::Result<Spill> {
        let dir = std::env::temp_dir();
        let nanos = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.subsec_nanos());
        let path = dir.join(format!(
            ".solapi-cash-order.{}-{nanos}.tmp",
            std::process::id()
        ));
        let mut options = File::options();
        options.read(true).write(true).create_new(true);
        #[cfg(unix)]
        std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
        let file = options.open(&path)?;
        // On Unix the open file outlives its name: nothing is left even if the process dies.
        let name = Name(Some(path));
        #[cfg(unix)]
        let name = {
            let mut name = name;
            if let Some(path) = name.0.take() {
                std::fs::remove_file(path)?;
            }
            name
        };
        Ok(Spill {
            file: BufWriter::with_capacity(1 << 16, file),
            offsets: vec![0],
            name,
        })
    }

    /// Adds an entry.
    pub(crate) fn push(&mut self, entry: &HistoryEntry) -> io::Result<()> {
        let text = serde_json::to_vec(entry)?;
        self.file.write_all(&text)?;
        let end = self.offsets.last().copied().unwrap_or(0) + text.len() as u64;
        self.offsets.push(end);
        Ok(())
    }

    /// The entries, last pushed first, each as JSON text (what was pushed, byte for byte).
    pub(crate) fn newest_last(self) -> io::Result<Reversed> {
        let Spill {
            file,
            offsets,
            name,
        } = self;
        let file = file.into_inner().map_err(io::IntoInnerError::into_error)?;
        Ok(Reversed {
            file,
            next: offsets.len().saturating_sub(1),
            offsets,
            _name: name,
        })
    }
}

/// The entries of a [`Spill`], last first.
pub(crate) struct Reversed {
    file: File,
    offsets: Vec<u64>,
    /// How many are left.
    next: usize,
    /// Keeps the file's name (where there is one) until the reading is done.
    _name: Name,
}

impl Iterator for Reversed {
    type Item = io::Result<Vec<u8>>;

    fn next(&mut self) -> Option<io::Result<Vec<u8>>> {
        let i = self.next.checked_sub(1)?;
        self.next = i;
        let (start, end) = (self.offsets[i], self.offsets[i + 1]);
        let mut text = vec![0; usize::try_from(end - start).unwrap_or(0)];
        Some(
            self.file
                .seek(SeekFrom::Start(start))
                .and_then(|_| self.file.read_exact(&mut text))
                .map(|()| text),
        )
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use solapi_cash_types::{HistoryType, Money, Timestamp};

    #[test]
    fn entries_come_back_last_first_exactly() {
        let mut spill = Spill::new().unwrap();
        let mut sent = Vec::new();
        for i in 0..5_i64 {
            let entry = HistoryEntry::builder(
                format!("h{i}"),
                "a",
                HistoryType::Deduct,
                Timestamp::parse("2025-06-01T00:00:00.000Z").unwrap(),
            )
            .balance_amount(Money::from_i64(-i))
            .build();
            spill.push(&entry).unwrap();
            sent.push(serde_json::to_vec(&entry).unwrap());
        }
        let back: Vec<Vec<u8>> = spill
            .newest_last()
            .unwrap()
            .collect::<io::Result<_>>()
            .unwrap();
        sent.reverse();
        assert_eq!(back, sent);
        assert_eq!(Spill::new().unwrap().newest_last().unwrap().count(), 0);
    }
}
