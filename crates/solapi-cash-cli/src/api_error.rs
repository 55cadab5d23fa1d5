//! A client [`Error`] as a [`Failure`]: its one line, the hint that helps, and the detail
//! for `-v`. Secrets are never part of any of it: only where they came from.

use solapi_cash_blocking::{Client, Error, ErrorKind};
use solapi_cash_core::Operation;

use crate::args::Field;
use crate::exit::Exit;
use crate::failure::Failure;
use crate::settings::Settings;

/// The failure for a client error.
pub(crate) fn failure(error: &Error, settings: &Settings, client: Option<&Client>) -> Failure {
    let mut failure = Failure::new(Exit::for_kind(error.kind()), error.to_string());
    if let Some(hint) = hint(error, settings, client) {
        failure = failure.hint(hint);
    }
    with_details(failure, error, settings)
}

/// Adds what `-v` shows about an error, and its members of the JSON error object.
pub(crate) fn with_details(mut failure: Failure, error: &Error, settings: &Settings) -> Failure {
    let facts = &mut failure.facts;
    facts.kind.get_or_insert_with(|| kind_name(error.kind()));
    facts.status = facts.status.or(error.status().map(|s| s.as_u16()));
    facts.api_code = facts
        .api_code
        .take()
        .or(error.api_code().map(str::to_owned));
    facts.outcome = facts.outcome.or(Some(outcome_name(error.outcome())));
    failure = failure.detail("kind", format!("{:?}", error.kind()));
    if let Some(op) = error.operation() {
        failure = failure.detail("operation", op.name());
    }
    if let Some(status) = error.status() {
        failure = failure.detail("status", status.to_string());
    }
    if let Some(code) = error.api_code() {
        failure = failure.detail("api code", code);
    }
    if let Some(message) = error.api_message().filter(|m| !m.is_empty()) {
        failure = failure.detail("api message", message);
    }
    if let Some(path) = error.json_path() {
        failure = failure.detail("json path", path);
    }
    if let Some(prefix) = error.body_prefix() {
        failure = failure.detail("body starts", format!("{prefix:?}"));
    }
    failure = failure
        .detail("attempts", error.attempts().to_string())
        .detail("outcome", format!("{:?}", error.outcome()));
    let mut source = std::error::Error::source(error);
    while let Some(cause) = source {
        failure = failure.detail("caused by", cause.to_string());
        source = cause.source();
    }
    failure = failure.detail(
        "base url",
        format!("{} ({})", settings.base_url.value, settings.base_url.source),
    );
    failure.detail("credentials", credential_sources(settings))
}

/// The error kind as the JSON error object's `kind`: `RateLimited` → `rateLimited`.
fn kind_name(kind: ErrorKind) -> String {
    let name = format!("{kind:?}");
    let mut chars = name.chars();
    chars.next().map_or_else(String::new, |first| {
        first.to_ascii_lowercase().to_string() + chars.as_str()
    })
}

/// Whether the request may have been applied, as the JSON error object's `outcome`.
fn outcome_name(outcome: solapi_cash_blocking::Outcome) -> &'static str {
    match outcome {
        solapi_cash_blocking::Outcome::NotApplied => "notApplied",
        solapi_cash_blocking::Outcome::Applied => "applied",
        _ => "unknown",
    }
}

/// Where each credential in use came from.
fn credential_sources(settings: &Settings) -> String {
    let mut parts = Vec::new();
    for (name, field) in [
        ("API key", Field::ApiKey),
        ("API secret", Field::ApiSecret),
        ("access token", Field::AccessToken),
    ] {
        if let Some(source) = settings.source_of(field) {
            parts.push(format!("{name} from {source}"));
        }
    }
    if parts.is_empty() {
        "none".to_owned()
    } else {
        parts.join(", ")
    }
}

fn source(settings: &Settings, field: Field) -> String {
    settings
        .source_of(field)
        .map_or_else(|| "nowhere".to_owned(), ToString::to_string)
}

fn uses_token(settings: &Settings) -> bool {
    settings
        .credentials()
        .is_ok_and(|c| matches!(c, solapi_cash_blocking::Credentials::Bearer { .. }))
}

fn hint(error: &Error, settings: &Settings, client: Option<&Client>) -> Option<String> {
    let recharge = error.operation() == Some(Operation::Recharge);
    let moves_money = !recharge && error.operation().is_some_and(|o| o.changes_money());
    let base_url = &settings.base_url;
    Some(match (error.kind(), error.api_code()) {
        (ErrorKind::Authentication, Some("SignatureDoesNotMatch")) => format!(
            "the signature was rejected: check the API secret (it came from {})",
            source(settings, Field::ApiSecret)
        ),
        // 403 InvalidAPIKey as documented, 400 InvalidApiKey as measured on the live service.
        (ErrorKind::Authentication, Some("InvalidAPIKey" | "InvalidApiKey")) => format!(
            "the API key is unknown: check it (it came from {})",
            source(settings, Field::ApiKey)
        ),
        (ErrorKind::Authentication, Some("ValidationError")) => format!(
            "the API key is malformed (SOLAPI keys are 16 characters): check it (it came from {})",
            source(settings, Field::ApiKey)
        ),
        (ErrorKind::Authentication, Some("RequestTimeTooSkewed")) => {
            let offset = client.map_or(0, |c| c.engine().clock_offset().whole_seconds());
            format!(
                "this computer's clock is off: the server's clock is {} this one's (measured from \
                 its Date header); set the clock right (NTP)",
                offset_text(offset)
            )
        }
        (ErrorKind::Authentication, Some("DuplicatedSignature")) => {
            "the server saw this signature before; run the command again".to_owned()
        }
        (ErrorKind::Authentication, _) if uses_token(settings) => format!(
            "the access token was refused: it may have expired (tokens last 24 hours); it came \
             from {}",
            source(settings, Field::AccessToken)
        ),
        (ErrorKind::Authentication, _) => format!(
            "check the API key (from {}) and secret (from {})",
            source(settings, Field::ApiKey),
            source(settings, Field::ApiSecret)
        ),
        (ErrorKind::PermissionDenied, _) if recharge => "recharging needs the `cash:write` scope \
             (and, for a team member, the role-cash:write role, which only OWNER has); this key \
             or token can only read, or the account is not active and verified"
            .to_owned(),
        (ErrorKind::PermissionDenied, _) if moves_money => "transfers and withdrawals need the \
             `cash:write` scope (and, for a team member, the role-cash:write role); this key or \
             token can only read, or the account is not active and verified"
            .to_owned(),
        (ErrorKind::PermissionDenied, _) => {
            "reading needs the `cash:read` scope (role-cash:read for a team member)".to_owned()
        }
        // Every write with a second factor ends here (a transfer, a card, a bank account...),
        // not only a recharge: the hint names none of them.
        (ErrorKind::MfaRejected, _) => "the code was wrong, expired or already used; repeat \
             the same command with the right code, or without --mfa-transaction/--mfa-code to \
             get a new one"
            .to_owned(),
        (ErrorKind::Validation, Some("InvalidPaymentId")) => {
            "check --payment-id: it names a card registered to the account".to_owned()
        }
        (ErrorKind::Payment, _) if moves_money => {
            "the balance is lower than the amount; nothing was moved".to_owned()
        }
        (ErrorKind::Payment, _) => {
            "the payment was refused (declined card or insufficient balance); nothing was charged"
                .to_owned()
        }
        (ErrorKind::RateLimited, _) => "the service's rate limit (about 20 reads per 5 s per \
             key, as measured): wait a little and retry, or allow longer waits with \
             --max-rate-limit-wait"
            .to_owned(),
        (ErrorKind::Server, _) if !error.may_have_been_applied() => {
            "the service failed; retry later".to_owned()
        }
        (ErrorKind::Connect | ErrorKind::Network, _)
            if tls_met_plain_http(error, &base_url.value) =>
        {
            format!(
                "the server at {} answered in plain HTTP, not TLS: if it is the emulator or \
                 another local server, use {} (from {})",
                base_url.value,
                base_url.value.replacen("https://", "http://", 1),
                base_url.source
            )
        }
        (ErrorKind::Connect, _) => format!(
            "check the network and the base URL {} (from {})",
            base_url.value, base_url.source
        ),
        (ErrorKind::Timeout, _) if !recharge => {
            "the service did not answer in time: retry, or raise --timeout".to_owned()
        }
        (ErrorKind::Decode, _) => format!(
            "the answer is not the Cash API's JSON: check the base URL {} (from {}); -v shows \
             where decoding failed",
            base_url.value, base_url.source
        ),
        // The key-paged lists bound their dates with --since and --until, `history` with
        // --start-date and --end-date.
        (ErrorKind::PageLimit, _)
            if matches!(
                error.operation(),
                Some(Operation::RechargeHistory | Operation::Withdrawals)
            ) =>
        {
            "narrow the range with --since and --until, or allow more pages with --max-pages"
                .to_owned()
        }
        (ErrorKind::PageLimit, _) => "narrow the range with --start-date and --end-date".to_owned(),
        _ => return None,
    })
}

/// Whether an `https://` request met a server that speaks plain HTTP: TLS stacks report its
/// answer as a record of the wrong type (rustls: "received corrupt message of type
/// InvalidContentType"; OpenSSL: "wrong version number").
fn tls_met_plain_http(error: &Error, base_url: &str) -> bool {
    if !base_url.starts_with("https://") {
        return false;
    }
    let mut cause = std::error::Error::source(error);
    while let Some(c) = cause {
        let text = c.to_string();
        if text.contains("InvalidContentType") || text.contains("wrong version number") {
            return true;
        }
        cause = c.source();
    }
    false
}

/// `+95 s ahead of`, `3 min behind`.
fn offset_text(seconds: i64) -> String {
    let (amount, unit) = if seconds.unsigned_abs() >= 120 {
        (seconds.unsigned_abs() / 60, "min")
    } else {
        (seconds.unsigned_abs(), "s")
    };
    match seconds {
        0 => "about the same as (the offset could not be measured)".to_owned(),
        s if s > 0 => format!("{amount} {unit} ahead of"),
        _ => format!("{amount} {unit} behind"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_read_naturally() {
        assert_eq!(offset_text(95), "95 s ahead of");
        assert_eq!(offset_text(-1200), "20 min behind");
        assert!(offset_text(0).contains("could not be measured"));
    }
}
