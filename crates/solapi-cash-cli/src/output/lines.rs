//! [`LineBuffer`]: a write buffer that hands its writer whole lines, so that output cut short
//! (by `SIGTERM`, by a closed pipe) ends at a line boundary: every NDJSON line, CSV record and
//! table row that arrives is complete.
//!
//! A plain `BufWriter` writes its 64 KiB blocks wherever they end, so a signal between two
//! blocks left the last line of an export to standard output cut in half. Here a full buffer
//! writes up to its last line break and keeps the rest; only an explicit flush (the end of
//! the output, or a line longer than [`MAX_PENDING`]) writes a partial line. Each block is
//! written under `crate::interrupt`'s output lock, which a signal waits for before it ends
//! the process.

use std::io::{self, Write};

/// The buffer's size: a full buffer is written (up to its last line break).
const CAPACITY: usize = 64 * 1024;

/// A line longer than this is written without waiting for its end.
const MAX_PENDING: usize = 16 * CAPACITY;

/// Buffers writes to `W` and writes whole lines (see the module's documentation).
#[derive(Debug)]
pub(crate) struct LineBuffer<W: Write> {
    inner: W,
    buf: Vec<u8>,
}

impl<W: Write> LineBuffer<W> {
    /// A buffer in front of `inner`.
    pub(crate) fn new(inner: W) -> LineBuffer<W> {
        LineBuffer {
            inner,
            buf: Vec::with_capacity(CAPACITY),
        }
    }

    /// The writer, for writing past the buffer (flush first).
    pub(crate) fn get_mut(&mut self) -> &mut W {
        &mut self.inner
    }

    /// The writer.
    pub(crate) fn get_ref(&self) -> &W {
        &self.inner
    }

    /// Writes the complete lines held; a tail without a line break stays, unless it is
    /// longer than [`MAX_PENDING`].
    fn write_lines(&mut self) -> io::Result<()> {
        let end = match memchr::memrchr(b'\n', &self.buf) {
            Some(i) => i + 1,
            None if self.buf.len() >= MAX_PENDING => self.buf.len(),
            None => return Ok(()),
        };
        self.inner.write_all(&self.buf[..end])?;
        self.buf.drain(..end);
        Ok(())
    }
}

impl<W: Write> Write for LineBuffer<W> {
    fn write(&mut self, data: &[u8]) -> io::Result<usize> {
        self.buf.extend_from_slice(data);
        if self.buf.len() >= CAPACITY {
            self.write_lines()?;
        }
        Ok(data.len())
    }

    fn flush(&mut self) -> io::Result<()> {
        if !self.buf.is_empty() {
            self.inner.write_all(&self.buf)?;
            self.buf.clear();
        }
        self.inner.flush()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Records each block handed to the writer.
    #[derive(Default)]
    struct Blocks(Vec<Vec<u8>>);

    impl Write for Blocks {
        fn write(&mut self, data: &[u8]) -> io::Result<usize> {
            self.0.push(data.to_vec());
            Ok(data.len())
        }
        fn flush(&mut self) -> io::Result<()> {
            Ok(())
        }
    }

    #[test]
    fn blocks_end_at_line_breaks_until_the_flush() {
        let mut out = LineBuffer::new(Blocks::default());
        let line = format!("{{\"n\":{}}}\n", "7".repeat(300));
        for _ in 0..1000 {
            out.write_all(line.as_bytes()).unwrap();
        }
        out.write_all(b"tail").unwrap();
        let before_flush = out.get_ref().0.len();
        assert!(before_flush > 2, "blocks were written on the way");
        assert!(out.get_ref().0.iter().all(|b| b.ends_with(b"\n")));
        out.flush().unwrap();
        let all: Vec<u8> = out.get_ref().0.concat();
        assert_eq!(all.len(), line.len() * 1000 + 4);
        assert!(all.ends_with(b"tail"));
        // A line with no end is not held forever.
        let mut out = LineBuffer::new(Blocks::default());
        out.write_all(&vec![b'x'; MAX_PENDING + 1]).unwrap();
        assert_eq!(out.get_ref().0.len(), 1);
    }
}
