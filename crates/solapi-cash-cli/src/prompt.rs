//! Questions on the terminal. Asked only when standard input and standard error are both
//! terminals; scripts never block on them.

use std::io::{self, BufRead, IsTerminal, Write};

use crate::failure::Failure;
use crate::interrupt;
use crate::output::visible;

/// Whether a person can answer.
pub(crate) fn interactive() -> bool {
    io::stdin().is_terminal() && io::stderr().is_terminal()
}

/// Asks a yes/no question; anything but `y` or `yes` is no.
pub(crate) fn confirm(question: &str) -> Result<bool, Failure> {
    let answer = ask(&format!("{question} [y/N] "), false)?;
    Ok(matches!(answer.to_ascii_lowercase().as_str(), "y" | "yes"))
}

/// Asks for a line; `hidden` reads it without echo, from the terminal itself (`rpassword`),
/// and restores the terminal's mode if it is interrupted there.
pub(crate) fn ask(question: &str, hidden: bool) -> Result<String, Failure> {
    let _ = write!(io::stderr(), "{}", visible(question));
    let _ = io::stderr().flush();
    if !hidden {
        return read_line();
    }
    let _guard = interrupt::hidden_input();
    match rpassword::read_password() {
        Ok(line) => Ok(line),
        Err(e) if e.kind() == io::ErrorKind::Interrupted => Err(interrupt::interrupted()),
        Err(e) => Err(Failure::io("reading from the terminal", &e)),
    }
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
