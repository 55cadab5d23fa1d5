//! `--output-file` on every kind of path (issue 21, point 2), and what a killed or
//! terminated export leaves (point 12): the real binary against the emulator.
//!
//! - a regular file is replaced whole, by a rename; a link to one has its target replaced and
//!   stays a link; a link to nothing, a directory and a socket are refused;
//! - a device, a FIFO and a descriptor's path (`/proc/self/fd/1` behind a link, a shell's
//!   `>(…)`) are written through and stay what they were; as root too (the tests run as root
//!   here: devices are made with mknod in a temporary folder, never the system's own);
//! - SIGKILL in the middle of an export leaves no temporary file the next run does not
//!   remove; SIGTERM during an export to standard output ends on a line boundary.

#![allow(clippy::unwrap_used)]
#![cfg(target_os = "linux")]

mod common;

use std::io::Read;
use std::os::unix::fs::{FileTypeExt, PermissionsExt};
use std::os::unix::process::ExitStatusExt;
use std::path::Path;
use std::process::{Command, Stdio};

use common::Fixture;
use common::pty::wait_until;
use solapi_cash_emulator::{FaultAction, FaultSpec, Route};

/// A fixture with `n` entries.
fn with_entries(n: u64) -> Fixture {
    let f = Fixture::new();
    f.entries(n);
    f
}

/// `history --limit 5 -o csv --output-file PATH`.
fn export_to(f: &Fixture, path: &Path) -> common::Run {
    f.run(
        f.cmd()
            .args(["history", "--limit", "5", "-o", "csv", "--output-file"])
            .arg(path),
    )
}

/// The names in a folder, sorted.
fn names(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .collect();
    names.sort();
    names
}

#[test]
fn regular_files_and_links_to_them_are_replaced_whole() {
    let f = with_entries(10);
    let dir = tempfile::tempdir().unwrap();
    let file = dir.path().join("june.csv");
    std::fs::write(&file, "old").unwrap();
    export_to(&f, &file).code(0);
    let text = std::fs::read_to_string(&file).unwrap();
    assert!(
        text.starts_with('\u{feff}') && text.lines().count() == 6,
        "{text}"
    );

    // A link is followed: its target is replaced, the link stays a link.
    let target = dir.path().join("real.csv");
    std::fs::write(&target, "old").unwrap();
    let link = dir.path().join("latest.csv");
    std::os::unix::fs::symlink("real.csv", &link).unwrap();
    export_to(&f, &link).code(0);
    assert!(
        std::fs::symlink_metadata(&link)
            .unwrap()
            .file_type()
            .is_symlink()
    );
    assert_eq!(std::fs::read_link(&link).unwrap(), Path::new("real.csv"));
    assert_eq!(std::fs::read_to_string(&target).unwrap(), text);
    assert_eq!(names(dir.path()), ["june.csv", "latest.csv", "real.csv"]);

    // A link to nothing is refused, and left alone.
    let dangling = dir.path().join("dangling.csv");
    std::os::unix::fs::symlink("/nonexistent/place.csv", &dangling).unwrap();
    export_to(&f, &dangling)
        .code(2)
        .stderr_has("is a symbolic link to /nonexistent/place.csv, which does not exist");
    assert!(
        std::fs::symlink_metadata(&dangling)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A directory, a missing folder and a socket are refused.
    export_to(&f, dir.path())
        .code(2)
        .stderr_has("is a directory");
    export_to(&f, &dir.path().join("no/such/folder.csv"))
        .code(2)
        .stderr_has("does not exist");
    let socket = dir.path().join("sock");
    let _listener = std::os::unix::net::UnixListener::bind(&socket).unwrap();
    export_to(&f, &socket).code(1).stderr_has("socket");
    assert!(std::fs::metadata(&socket).unwrap().file_type().is_socket());
}

#[test]
fn fifos_are_written_through_and_stay_fifos() {
    let f = with_entries(10);
    let dir = tempfile::tempdir().unwrap();
    let fifo = dir.path().join("pipe");
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &fifo,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let reader = {
        let fifo = fifo.clone();
        std::thread::spawn(move || std::fs::read_to_string(fifo).unwrap())
    };
    export_to(&f, &fifo).code(0);
    let text = reader.join().unwrap();
    // A FIFO is read by a program: the CSV for programs, without a byte-order mark.
    assert!(
        text.starts_with("balanceAmount,") && text.lines().count() == 6,
        "{text}"
    );
    assert!(std::fs::metadata(&fifo).unwrap().file_type().is_fifo());
    assert_eq!(names(dir.path()), ["pipe"], "nothing beside it");
}

#[test]
fn devices_are_written_through_and_stay_devices_as_root() {
    let f = with_entries(10);
    let dir = tempfile::tempdir().unwrap();
    let (null, full) = (dir.path().join("null"), dir.path().join("full"));
    let char_device = |path: &Path, minor: u32| {
        rustix::fs::mknodat(
            rustix::fs::CWD,
            path,
            rustix::fs::FileType::CharacterDevice,
            rustix::fs::Mode::from_raw_mode(0o666),
            rustix::fs::makedev(1, minor),
        )
    };
    if char_device(&null, 3).is_err() || char_device(&full, 7).is_err() {
        // Making a device node needs root (CAP_MKNOD); these tests run as root in CI.
        assert_ne!(
            rustix::process::geteuid().as_raw(),
            0,
            "root can make devices"
        );
        eprintln!("not root: the device cases are left to CI");
        return;
    }
    let modes = [&null, &full].map(|d| std::fs::metadata(d).unwrap().permissions().mode());
    export_to(&f, &null).code(0);
    // A full device refuses the bytes: the error says so, and the device is still a device.
    export_to(&f, &full)
        .code(1)
        .stderr_has("No space left on device");
    for (device, mode) in [&null, &full].into_iter().zip(modes) {
        let meta = std::fs::symlink_metadata(device).unwrap();
        assert!(meta.file_type().is_char_device(), "{}", device.display());
        assert_eq!(meta.permissions().mode(), mode, "{}", device.display());
    }
    assert_eq!(
        names(dir.path()),
        ["full", "null"],
        "no temporary file beside them"
    );
}

#[test]
fn descriptors_are_written_through() {
    let f = with_entries(10);
    let dir = tempfile::tempdir().unwrap();
    // A link to this process's standard output, as /dev/stdout is: the bytes come out on the
    // pipe, and the link stays.
    let stdout = dir.path().join("stdout");
    std::os::unix::fs::symlink("/proc/self/fd/1", &stdout).unwrap();
    let run = export_to(&f, &stdout);
    assert_eq!(run.code(0).stdout.lines().count(), 6, "{}", run.stdout);
    assert!(
        std::fs::symlink_metadata(&stdout)
            .unwrap()
            .file_type()
            .is_symlink()
    );

    // A shell's process substitution: /dev/fd/63, a pipe to another program.
    let substituted = dir.path().join("x.csv");
    bash(
        &f,
        &format!(
            "\"$0\" history --limit 5 -o csv --output-file >(cat > '{}')",
            substituted.display()
        ),
    );
    wait_until("the substituted process to write", || {
        std::fs::read_to_string(&substituted).is_ok_and(|t| t.lines().count() == 6)
    });

    // Appending through a descriptor keeps what the shell wrote before.
    let appended = dir.path().join("appended.csv");
    bash(
        &f,
        &format!(
            "{{ echo first; \"$0\" history --limit 5 -o csv --output-file /dev/stdout; }} > '{}'",
            appended.display()
        ),
    );
    let text = std::fs::read_to_string(&appended).unwrap();
    assert!(text.starts_with("first\nbalanceAmount,"), "{text}");
    assert_eq!(text.lines().count(), 7);
}

fn bash(f: &Fixture, script: &str) {
    let out = f.shell(script, Path::new("/"));
    assert!(
        out.status.success(),
        "{script}: {}",
        String::from_utf8_lossy(&out.stderr)
    );
}

/// Starts `history --all` of 3000 entries into `--output-file` (or standard output), pages of
/// 100 one at a time, the second page held by the emulator for a while.
fn held_export(f: &Fixture, args: &[&str], stdout: Stdio) -> std::process::Child {
    f.admin()
        .inject_fault(FaultSpec::new(Route::History, FaultAction::Delay { ms: 0 }));
    f.admin().inject_fault(FaultSpec::new(
        Route::History,
        FaultAction::Delay { ms: 4000 },
    ));
    f.cmd_std()
        .args([
            "history",
            "--all",
            "--page-size",
            "100",
            "--concurrency",
            "1",
        ])
        .args(args)
        .stdin(Stdio::null())
        .stdout(stdout)
        .stderr(Stdio::piped())
        .spawn()
        .unwrap()
}

#[test]
fn a_killed_export_leaves_nothing_the_next_run_keeps() {
    let f = with_entries(3000);
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("all.ndjson");
    let mut child = held_export(
        &f,
        &["-o", "ndjson", "--output-file", path.to_str().unwrap()],
        Stdio::null(),
    );
    wait_until("the export to be held on its second page", || {
        f.admin().pending_faults().is_empty()
    });
    child.kill().unwrap();
    assert_eq!(child.wait().unwrap().signal(), Some(9));
    let left = names(dir.path());
    assert!(
        left.iter()
            .all(|n| n.starts_with(".all.ndjson.solapi-cash.") && n.ends_with(".tmp")),
        "only a recognisable temporary file may be left: {left:?}"
    );
    // A leftover of a process that is gone is removed by the next run to the folder; one of a
    // process that runs is not.
    let gone = {
        let mut done = Command::new("true").spawn().unwrap();
        let pid = done.id();
        done.wait().unwrap();
        pid
    };
    let stale = dir
        .path()
        .join(format!(".other.csv.solapi-cash.{gone}.tmp"));
    let running = dir
        .path()
        .join(format!(".other.csv.solapi-cash.{}.tmp", std::process::id()));
    std::fs::write(&stale, "x".repeat(1000)).unwrap();
    std::fs::write(&running, "y").unwrap();
    let next = dir.path().join("next.csv");
    export_to(&f, &next).code(0);
    assert_eq!(
        names(dir.path()),
        [
            format!(".other.csv.solapi-cash.{}.tmp", std::process::id()),
            "next.csv".to_owned()
        ]
    );
}

#[test]
fn a_terminated_export_to_standard_output_ends_on_a_line() {
    let f = with_entries(3000);
    // Nothing reads standard output at first: the pipe fills (64 KiB on Linux) while a block
    // of the export is being written, and the signal comes then.
    let mut child = f
        .cmd_std()
        .args(["history", "--all", "-o", "ndjson"])
        .stdin(Stdio::null())
        .stdout(Stdio::piped())
        .stderr(Stdio::null())
        .spawn()
        .unwrap();
    let mut stdout = child.stdout.take().unwrap();
    // Blocked in the middle of a block: the main thread waits in a pipe write (its wchan; a
    // kernel that hides wchan shows 0, and then a full pipe is as far as can be told).
    let wchan = format!("/proc/{}/wchan", child.id());
    let blocked = |stdout: &std::process::ChildStdout| {
        let full = rustix::io::ioctl_fionread(stdout).unwrap() > 60_000;
        let waits = std::fs::read_to_string(&wchan).unwrap_or_default();
        full && (waits.contains("pipe_write") || waits == "0")
    };
    wait_until("the export to block on the full pipe", || blocked(&stdout));
    // Reading a little lets part of the next block in: the signal then comes in the middle of
    // a block, part of which is already in the pipe.
    let mut first = vec![0; 20_000];
    stdout.read_exact(&mut first).unwrap();
    wait_until("the export to block again", || blocked(&stdout));
    Command::new("kill")
        .args(["-TERM", &child.id().to_string()])
        .status()
        .unwrap();
    let mut rest = Vec::new();
    stdout.read_to_end(&mut rest).unwrap();
    first.extend(rest);
    let text = String::from_utf8(first).unwrap();
    let status = child.wait().unwrap();
    assert_eq!(
        status.signal(),
        Some(15),
        "it ends by the signal, as before"
    );
    assert!(text.len() > 65_536);
    assert!(text.ends_with('\n'), "the last line is whole");
    for line in text.lines() {
        serde_json::from_str::<serde_json::Value>(line).unwrap();
    }
}
