//! Questions on the terminal. Asked only when standard input and standard error are both
//! terminals; scripts never block on them.

use std::io::{self, BufRead, IsTerminal, Write};
use std::process::{Command, Stdio};

use crate::failure::Failure;

/// Whether a person can answer.
pub(crate) fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks a yes/no question; anything but `y` or `yes` is no.
pub(crate) fn confirm(question: &str) -> Result<bool, Failure> {
    let answer = ask(&format!("{question} [y/N] "), false)?;
    Ok(matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Asks for a line; `hidden` turns the terminal's echo off while it is typed.
pub(crate) fn ask(question: &str, hidden: bool) -> Result<String, Failure> {
    let _ = write!(io::stderr(), "{question}");
    let _ = io::stderr().flush();
    let echo_off = hidden && stty("-echo");
    let line = read_line();
    if echo_off {
        stty("echo");
        let _ = writeln!(io::stderr());
    }
    line
}

/// The first line of standard input, without its line ending.
pub(crate) fn read_line() -> Result<String, Failure> {
    let mut line = String::new();
    io::stdin()
        .lock()
        .read_line(&mut line)
        .map_err(|e| Failure::io("reading standard input", &e))?;
    Ok(line.trim_end_matches(['\r', '\n']).to_owned())
}

/// Reads a secret: from a pipe as is, from a terminal with a prompt and without echo.
pub(crate) fn read_secret(what: &str) -> Result<String, Failure> {
    let value = if io::stdin().is_terminal() {
        ask(&format!("{what}: "), true)?
    } else {
        read_line()?
    };
    if value.trim().is_empty() {
        return Err(Failure::usage(format!("no {what} on standard input")));
    }
    Ok(value.trim().to_owned())
}

/// Sets a terminal mode with `stty` (no terminal library needed for one flag).
fn stty(mode: &str) -> bool {
    Command::new("stty")
        .arg(mode)
        .stdin(Stdio::inherit())
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}
