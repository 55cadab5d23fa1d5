//! What can travel in a request header, checked before anything is sent: a value the HTTP
//! stacks would refuse, or mangle, or that a server would drop with the connection, must
//! be invalid input — never a network failure, and never, for a recharge, "its answer was
//! lost".
//!
//! Where it broke before this check (issue 11, finding 8): ureq refuses to write a
//! non-ASCII header value and fails the request locally, which the client reported as a
//! broken connection (for a recharge: outcome unknown); reqwest sends the raw UTF-8 bytes,
//! and a 128 KiB key goes out whole, for the server to refuse.

use solapi_auth::Credentials;

use crate::error::Error;
use crate::operation::Operation;

/// The longest API key or access token sent. Servers commonly refuse a header line above
/// 8 KiB (nginx's default `large_client_header_buffers`); the signed header adds about 200
/// bytes of date, salt and signature to the key.
pub(crate) const MAX_CREDENTIAL_BYTES: usize = 7 * 1024;

/// Why `value` cannot be sent as (part of) a header value, if it cannot: it must be printable
/// ASCII (`http` would also let bytes above 0x7f through, which one stack refuses and the
/// other sends raw), and `extra` characters are refused too.
pub(crate) fn header_problem(value: &str, extra: &[char]) -> Option<String> {
    if let Some((position, c)) = value
        .char_indices()
        .find(|&(_, c)| !(' '..='~').contains(&c) || extra.contains(&c))
    {
        let what = match c {
            ' ' => "a space".to_owned(),
            ',' => "a comma".to_owned(),
            c if c.is_ascii_control() => "a control character".to_owned(),
            c if c.is_ascii() => format!("`{c}`"),
            _ => "a non-ASCII character".to_owned(),
        };
        return Some(format!(
            "{what} at byte {position}: only printable ASCII can be sent in an HTTP header"
        ));
    }
    None
}

/// Refuses credentials that cannot be sent: an API key or token that is not printable ASCII
/// (for a key, also a space or a comma, which would end its field of the signed header),
/// or longer than [`Tuning::max_credential_bytes`](crate::Tuning::max_credential_bytes). The API secret never travels (it only keys the
/// signature), so any text is a valid secret.
pub(crate) fn check_credentials(credentials: &Credentials) -> Result<(), Error> {
    let (name, value, extra): (&str, &str, &[char]) = match credentials {
        Credentials::ApiKey { api_key, .. } => ("API key", api_key, &[' ', ',']),
        Credentials::Bearer { access_token } => {
            ("access token", access_token.expose_secret(), &[' '])
        }
    };
    let problem = if value.len() > MAX_CREDENTIAL_BYTES {
        Some(format!(
            "{} bytes, longer than a request header can carry (at most {MAX_CREDENTIAL_BYTES})",
            value.len()
        ))
    } else {
        header_problem(value, extra)
    };
    match problem {
        Some(problem) => Err(invalid_credentials(None, name, &problem)),
        None => Ok(()),
    }
}

/// The error for credentials that cannot be sent; it never includes their value.
pub(crate) fn invalid_credentials(
    operation: Option<Operation>,
    name: &str,
    problem: &str,
) -> Error {
    Error::invalid_input(operation, format!("invalid {name}: {problem}"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn printable_ascii_keys_pass_and_others_are_named() {
        assert!(check_credentials(&Credentials::api_key("NCSAYU7YDBXYORXC", "비밀")).is_ok());
        assert!(check_credentials(&Credentials::bearer("eyJhbGciOi.J9-_~+/=")).is_ok());
        for (credentials, expected) in [
            (
                Credentials::api_key("키", "s"),
                "invalid API key: a non-ASCII character at byte 0",
            ),
            (
                Credentials::api_key("KEY\r\nX-Evil: 1", "s"),
                "invalid API key: a control character at byte 3",
            ),
            (
                Credentials::api_key("KEY,date=1", "s"),
                "invalid API key: a comma at byte 3",
            ),
            (
                Credentials::api_key("A".repeat(128 * 1024), "s"),
                "invalid API key: 131072 bytes, longer than a request header can carry",
            ),
            (
                Credentials::bearer("tok en-secret"),
                "invalid access token: a space at byte 3",
            ),
            (
                Credentials::bearer("토큰-secret"),
                "invalid access token: a non-ASCII character at byte 0",
            ),
        ] {
            let error = check_credentials(&credentials).unwrap_err();
            let text = error.to_string();
            assert!(text.contains(expected), "{text}");
            assert!(!text.contains("secret"), "the token is never shown: {text}");
            assert_eq!(error.kind(), crate::ErrorKind::InvalidInput);
        }
    }
}
