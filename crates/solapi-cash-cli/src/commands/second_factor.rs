//! The second factor of every write the core's declaration marks `second_factor` (the
//! recharge, `alert set`/`on`/`off`, `auto-recharge on`/`off`, `payment add`/`remove`): send,
//! and when the service answers with a challenge, ask for the emailed code on a terminal
//! (again on a wrong code, up to [`CODE_TRIES`]) or, without one, print the transaction id
//! and exit 7 so that a script repeats the command with `--mfa-transaction` and `--mfa-code`.

use clap::Args;
use serde::Serialize;
use solapi_cash_blocking::{Error, ErrorKind, MfaData};

use crate::context::Context;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::output::{Cell, Record, write_record};
use crate::{prompt, values};

/// The code of a second-factor write, for scripts.
#[derive(Debug, Clone, Default, Args)]
pub(crate) struct MfaArgs {
    /// Second factor: the transaction id from the first attempt (for scripts)
    #[arg(long, value_name = "ID", requires = "mfa_code", value_parser = values::trimmed)]
    pub mfa_transaction: Option<String>,

    /// Second factor: the code received by email (for scripts)
    #[arg(long, value_name = "CODE", requires = "mfa_transaction", value_parser = values::trimmed)]
    pub mfa_code: Option<String>,
}

impl MfaArgs {
    /// The code given on the command line, if any.
    pub(crate) fn given(&self) -> Option<MfaData> {
        match (&self.mfa_transaction, &self.mfa_code) {
            (Some(transaction), Some(code)) => Some(MfaData::email(transaction, code)),
            _ => None,
        }
    }
}

/// What the messages call the write.
pub(crate) struct Guarded<'a> {
    /// `the recharge`.
    pub what: &'a str,
    /// `nothing was charged`.
    pub nothing: &'a str,
    /// The command to repeat, for the hint: `repeat the same recharge`.
    pub repeat: &'a str,
}

/// Codes asked for at most, one transaction.
const CODE_TRIES: u32 = 5;

/// Sends `send(given)`; a challenge is answered on the terminal (`send(Some(code))`) or,
/// without one, ends with exit 7 and the transaction id printed. Anything else is the
/// write's result.
pub(crate) fn send<T>(
    ctx: &mut Context<'_>,
    write: &Guarded<'_>,
    given: Option<MfaData>,
    mut send: impl FnMut(Option<&MfaData>) -> Result<T, Error>,
) -> Result<Result<T, Error>, Failure> {
    let first = send(given.as_ref());
    let transaction = match &first {
        Err(e) if e.kind() == ErrorKind::MfaRequired => match e.mfa_transaction_id() {
            Some(t) => t.to_owned(),
            None => return Ok(first),
        },
        _ => return Ok(first),
    };
    if !prompt::interactive() {
        write_record(
            &mut ctx.out,
            &MfaPending {
                mfa_transaction_id: transaction.clone(),
            },
        )?;
        return Err(Failure::new(
            Exit::MfaRequired,
            format!(
                "{} needs the second factor: a code was sent by email; {}",
                write.what, write.nothing
            ),
        )
        .hint(format!(
            "{} with --mfa-transaction {transaction} --mfa-code <CODE>",
            write.repeat
        )));
    }
    let mut tries = 0;
    loop {
        tries += 1;
        let code = prompt::ask("A code was sent by email. Code: ", false)?;
        match send(Some(&MfaData::email(&transaction, code.trim()))) {
            Err(e) if tries < CODE_TRIES && ask_again(&e) => {
                let said = e
                    .api_message()
                    .filter(|m| !m.is_empty())
                    .unwrap_or("wrong code");
                ctx.msg.warn(&format!(
                    "the code was not accepted ({said}); {}",
                    write.nothing
                ));
            }
            other => return Ok(other),
        }
    }
}

/// Whether a refused code may be typed again: the service refused the code, not the
/// transaction, and did not say that no tries are left.
fn ask_again(e: &Error) -> bool {
    let none_left = e.api_message().is_some_and(|m| {
        m.split("tries left")
            .next()
            .filter(|before| before.len() < m.len())
            .and_then(|before| before.split_whitespace().last())
            .is_some_and(|n| n == "0")
    });
    e.kind() == ErrorKind::MfaRejected && e.api_code() == Some("InvalidMFAToken") && !none_left
}

/// What a script needs to answer the second factor.
#[derive(Serialize)]
#[serde(rename_all = "camelCase")]
struct MfaPending {
    mfa_transaction_id: String,
}

impl Record for MfaPending {
    const SHEET: &'static str = "second factor";

    fn fields(&self) -> Vec<(&'static str, &'static str, Cell)> {
        vec![(
            "mfa transaction",
            "mfaTransactionId",
            Cell::Id(self.mfa_transaction_id.clone()),
        )]
    }
}
