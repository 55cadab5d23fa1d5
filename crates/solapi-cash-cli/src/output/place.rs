//! Where `--output-file PATH` writes, by what is at PATH:
//!
//! - nothing, or a regular file: a temporary file in the same folder, renamed over PATH only
//!   when the command succeeded, so that a reader sees the old file or the complete new one;
//! - a symbolic link: followed. A link to a regular file has its target replaced in the same
//!   way (the link stays a link); a link to nothing is refused, since creating a file where a
//!   link points is how a planted link redirects a write;
//! - a device, a FIFO, `/dev/stdout`, `/dev/fd/N` (a shell's `>(…)`): written to directly,
//!   as a shell redirection would, never renamed over. No atomicity there: a failed run leaves
//!   what it wrote. A descriptor's path (`/dev/stdout`, `/dev/fd/N`, `/proc/self/fd/N`) is
//!   opened for appending, so that a file behind it keeps what the shell wrote before;
//! - a directory or a socket: refused.
//!
//! The temporary file leaves nothing behind, however the run ends. On Linux it is made
//! without a name (`O_TMPFILE`): until the rename gives it one, a killed process (`SIGKILL`)
//! leaves no file at all, and only a moment before the rename it is linked as
//! `.NAME.solapi-cash.PID.tmp`. Elsewhere, or on a file system without `O_TMPFILE`, it has
//! that name from the start. Either way a name of that form whose process is gone is removed
//! by the next run that writes to the same folder, and an interrupt (`SIGINT`, `SIGTERM`,
//! `SIGHUP`) removes it at once (`crate::interrupt::export`).

use std::fs::{self, File};
use std::io;
use std::path::{Path, PathBuf};

use crate::failure::Failure;
use crate::interrupt;

/// The part of a temporary file's name that says it is this program's.
const MARK: &str = ".solapi-cash.";

/// The output file, open for writing, and how it is put in place.
#[derive(Debug)]
pub(crate) struct Opened {
    /// Where the bytes go.
    pub file: File,
    /// What [`Staged::commit`] does at the end, if anything.
    pub staged: Option<Staged>,
}

/// A temporary file waiting to replace its target.
#[derive(Debug)]
pub(crate) struct Staged {
    /// The file it replaces: PATH, or the target of the link at PATH.
    target: PathBuf,
    /// The name the temporary file has (or will have, just before the rename).
    temp: PathBuf,
    /// Whether it has that name yet (`false`: made without one, `O_TMPFILE`).
    named: bool,
    /// Removes the named file on an interrupt.
    interrupt: Option<interrupt::Guard>,
}

/// Opens the output for `path` (see the module's documentation).
pub(crate) fn open(path: &Path) -> Result<Opened, Failure> {
    let shown = path.display();
    let failed = |e: &io::Error| Failure::io(&format!("writing {shown}"), e);
    if path.file_name().is_none() {
        return Err(Failure::usage(format!(
            "--output-file {shown} names no file"
        )));
    }
    match fs::metadata(path) {
        Ok(meta) if meta.is_dir() => Err(Failure::usage(format!(
            "--output-file {shown} is a directory"
        ))),
        Ok(meta) if !meta.is_file() || is_descriptor(path) => {
            write_through(path, &meta).map_err(|e| failed(&e))
        }
        Ok(_) => {
            // A regular file, perhaps behind links: the file itself is replaced.
            let target = if is_link(path) {
                fs::canonicalize(path).map_err(|e| failed(&e))?
            } else {
                path.to_owned()
            };
            stage(&target).map_err(|e| failed(&e))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound && is_link(path) => {
            let to =
                fs::read_link(path).map_or_else(|_| "?".to_owned(), |t| t.display().to_string());
            Err(Failure::usage(format!(
                "--output-file {shown} is a symbolic link to {to}, which does not exist"
            ))
            .hint("give the path of the file to write (links are followed only to a file that exists)"))
        }
        Err(e) if e.kind() == io::ErrorKind::NotFound => {
            let dir = folder(path);
            if !dir.is_dir() {
                return Err(Failure::usage(format!(
                    "--output-file {shown}: the folder {} does not exist",
                    dir.display()
                )));
            }
            stage(path).map_err(|e| failed(&e))
        }
        Err(e) => Err(failed(&e)),
    }
}

fn is_link(path: &Path) -> bool {
    fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

/// The folder a path is in (`.` for a bare name).
fn folder(path: &Path) -> &Path {
    path.parent()
        .filter(|d| !d.as_os_str().is_empty())
        .unwrap_or(Path::new("."))
}

/// Whether `path` names a file descriptor of this process (`/dev/stdout`, `/dev/fd/3`,
/// `/proc/self/fd/3`, or a link to one): its folder is a `/proc/…/fd` directory, or it is a
/// link into one.
fn is_descriptor(path: &Path) -> bool {
    let mut path = path.to_owned();
    for _ in 0..8 {
        let in_fd_dir = fs::canonicalize(folder(&path)).is_ok_and(|dir| {
            dir.starts_with("/proc") && dir.file_name().is_some_and(|n| n == "fd")
        });
        if in_fd_dir {
            return true;
        }
        match fs::read_link(&path) {
            Ok(target) if target.is_absolute() => path = target,
            Ok(target) => path = folder(&path).join(target),
            Err(_) => return false,
        }
    }
    false
}

/// Opens a device, a FIFO or a descriptor's path for writing, without creating or truncating
/// anything (appending, for a descriptor: see the module's documentation).
fn write_through(path: &Path, meta: &fs::Metadata) -> io::Result<Opened> {
    #[cfg(unix)]
    if std::os::unix::fs::FileTypeExt::is_socket(&meta.file_type()) {
        return Err(io::Error::other(
            "it is a socket, which cannot be written as a file",
        ));
    }
    let _ = meta;
    let file = if is_descriptor(path) {
        File::options().append(true).open(path)?
    } else {
        File::options().write(true).open(path)?
    };
    Ok(Opened { file, staged: None })
}

/// A temporary file for `target`, in its folder.
fn stage(target: &Path) -> io::Result<Opened> {
    let dir = folder(target).to_owned();
    remove_stale(&dir);
    let name = target
        .file_name()
        .map_or_else(String::new, |n| n.to_string_lossy().into_owned());
    let temp = dir.join(format!(".{name}{MARK}{}.tmp", std::process::id()));
    if let Some(file) = unnamed(&dir) {
        let staged = Staged {
            target: target.to_owned(),
            temp,
            named: false,
            interrupt: None,
        };
        return Ok(Opened {
            file,
            staged: Some(staged),
        });
    }
    // create_new: never follows a link, never reuses a file; mode 0666 less the umask.
    let file = File::options().write(true).create_new(true).open(&temp)?;
    let staged = Staged {
        target: target.to_owned(),
        interrupt: Some(interrupt::export(temp.clone())),
        temp,
        named: true,
    };
    Ok(Opened {
        file,
        staged: Some(staged),
    })
}

/// A file in `dir` without a name (Linux `O_TMPFILE`), when the file system makes one and
/// `/proc/self/fd` is there to give it a name later; `None` otherwise.
#[cfg(target_os = "linux")]
fn unnamed(dir: &Path) -> Option<File> {
    use rustix::fs::{CWD, Mode, OFlags, openat};
    if !Path::new("/proc/self/fd").is_dir() {
        return None;
    }
    let flags = OFlags::WRONLY | OFlags::TMPFILE | OFlags::CLOEXEC;
    // 0666 less the umask, as a named file (and a shell redirection) gets.
    let mode = Mode::from_raw_mode(0o666);
    openat(CWD, dir, flags, mode).ok().map(File::from)
}

#[cfg(not(target_os = "linux"))]
fn unnamed(_dir: &Path) -> Option<File> {
    None
}

impl Staged {
    /// Puts the complete file in place: synced, named (if it had no name), renamed over the
    /// target, and the folder synced.
    pub(crate) fn commit(mut self, file: &File) -> io::Result<()> {
        file.sync_all()?;
        if !self.named {
            self.interrupt = Some(interrupt::export(self.temp.clone()));
            link(file, &self.temp)?;
            self.named = true;
        }
        fs::rename(&self.temp, &self.target)?;
        self.named = false;
        sync_dir(folder(&self.target));
        Ok(())
    }
}

impl Drop for Staged {
    /// A file not committed was not completed: it is removed (an unnamed one goes with its
    /// last descriptor).
    fn drop(&mut self) {
        if self.named {
            let _ = fs::remove_file(&self.temp);
        }
    }
}

/// Gives an unnamed file the name `temp` (`linkat` through `/proc/self/fd`, which needs no
/// privilege).
#[cfg(target_os = "linux")]
fn link(file: &File, temp: &Path) -> io::Result<()> {
    use std::os::fd::AsRawFd;
    let fd = format!("/proc/self/fd/{}", file.as_raw_fd());
    rustix::fs::linkat(
        rustix::fs::CWD,
        fd.as_str(),
        rustix::fs::CWD,
        temp,
        rustix::fs::AtFlags::SYMLINK_FOLLOW,
    )
    .map_err(io::Error::from)
}

#[cfg(not(target_os = "linux"))]
fn link(_file: &File, _temp: &Path) -> io::Result<()> {
    Err(io::Error::other(
        "unnamed temporary files are made on Linux only",
    ))
}

/// Removes this program's temporary files in `dir` whose process is gone (killed before it
/// could remove them). Best effort: what cannot be read or removed is left.
fn remove_stale(dir: &Path) {
    let Ok(entries) = fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let name = entry.file_name();
        let Some(pid) = name.to_str().and_then(temp_pid) else {
            continue;
        };
        // A file with this process's own number is left from an earlier process that had
        // it: this one has made none yet.
        if pid == std::process::id() || !alive(pid) {
            let _ = fs::remove_file(entry.path());
        }
    }
}

/// The process number in a temporary file's name: `.NAME.solapi-cash.PID.tmp`.
fn temp_pid(name: &str) -> Option<u32> {
    let rest = name.strip_prefix('.')?.strip_suffix(".tmp")?;
    let (_, pid) = rest.rsplit_once(MARK)?;
    pid.parse().ok()
}

/// Whether a process with this number runs (one this user may not signal counts as
/// running).
#[cfg(unix)]
fn alive(pid: u32) -> bool {
    let Some(pid) = i32::try_from(pid)
        .ok()
        .and_then(rustix::process::Pid::from_raw)
    else {
        return false;
    };
    match rustix::process::test_kill_process(pid) {
        Ok(()) => true,
        Err(e) => e != rustix::io::Errno::SRCH,
    }
}

#[cfg(not(unix))]
fn alive(_pid: u32) -> bool {
    true
}

/// Makes a rename durable. Best effort: some file systems cannot sync a directory, and the
/// file itself is complete either way.
fn sync_dir(dir: &Path) {
    #[cfg(unix)]
    if let Ok(d) = File::open(dir) {
        let _ = d.sync_all();
    }
    #[cfg(not(unix))]
    let _ = dir;
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn temporary_names_are_recognised() {
        assert_eq!(temp_pid(".june.xlsx.solapi-cash.4242.tmp"), Some(4242));
        assert_eq!(temp_pid(".a.solapi-cash.b.solapi-cash.7.tmp"), Some(7));
        for other in [
            "june.xlsx",
            ".june.xlsx.4242.tmp",
            ".june.xlsx.solapi-cash.x.tmp",
            "june.solapi-cash.1.tmp",
        ] {
            assert_eq!(temp_pid(other), None, "{other}");
        }
    }

    #[cfg(unix)]
    #[test]
    fn only_this_processs_descriptors_are_descriptors() {
        assert!(is_descriptor(Path::new("/dev/stdout")));
        assert!(is_descriptor(Path::new("/dev/fd/1")));
        assert!(is_descriptor(Path::new("/proc/self/fd/2")));
        assert!(!is_descriptor(Path::new("/dev/null")));
        assert!(!is_descriptor(Path::new("/tmp/x.csv")));
        assert!(alive(std::process::id()));
    }
}
