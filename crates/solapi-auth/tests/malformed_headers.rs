//! Malformed `Authorization` headers: each gets its specific error, none panics.

use solapi_auth::salt::SaltError;
use solapi_auth::{HeaderError, MAX_HEADER_LEN, ParsedAuthorization, parse_authorization};

const DATE: &str = "2019-07-01T00:41:48Z";
const SALT: &str = "jqsba2jxjnrjor";
const SIG: &str = "1779eac71a24cbeeadfa7263cb84b7ea0af1714f5c0270aa30ffd34600e363b4";

fn hmac(fields: &str) -> String {
    format!("HMAC-SHA256 {fields}")
}

#[test]
fn malformed_headers_get_specific_errors() {
    let valid = format!("apiKey=K, date={DATE}, salt={SALT}, signature={SIG}");
    assert!(matches!(
        parse_authorization(&hmac(&valid)),
        Ok(ParsedAuthorization::Hmac(_))
    ));
    let huge = "a".repeat(100 * 1024);
    let huge_salt = hmac(&format!(
        "apiKey=K, date={DATE}, salt={huge}, signature={SIG}"
    ));
    let cases: Vec<(String, HeaderError)> = vec![
        (String::new(), HeaderError::Empty),
        ("   \t ".into(), HeaderError::Empty),
        (
            huge.clone(),
            HeaderError::TooLong {
                len: huge.len(),
                max: MAX_HEADER_LEN,
            },
        ),
        (
            hmac(&format!(
                "apiKey=키, date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::InvalidCharacter { position: 19 },
        ),
        (
            hmac("apiKey=K\r\n, date=x"),
            HeaderError::InvalidCharacter { position: 20 },
        ),
        (
            huge_salt.clone(),
            HeaderError::TooLong {
                len: huge_salt.len(),
                max: MAX_HEADER_LEN,
            },
        ),
        ("Basic dXNlcjpwYXNz".into(), HeaderError::UnknownScheme),
        (
            format!("HMAC-SHA1 apiKey=K, date={DATE}, salt={SALT}, signature={SIG}"),
            HeaderError::UnknownScheme,
        ),
        (
            format!("HMAC-SHA256,apiKey=K, date={DATE}, salt={SALT}, signature={SIG}"),
            HeaderError::UnknownScheme,
        ),
        ("bearer".into(), HeaderError::EmptyBearerToken),
        ("Bearer    ".into(), HeaderError::EmptyBearerToken),
        ("Bearer abc def".into(), HeaderError::InvalidBearerToken),
        (
            "HMAC-SHA256".into(),
            HeaderError::MissingField { field: "apiKey" },
        ),
        (
            hmac(&format!("date={DATE}, salt={SALT}, signature={SIG}")),
            HeaderError::MissingField { field: "apiKey" },
        ),
        (
            hmac(&format!("apiKey=K, salt={SALT}, signature={SIG}")),
            HeaderError::MissingField { field: "date" },
        ),
        (
            hmac(&format!("apiKey=K, date={DATE}, signature={SIG}")),
            HeaderError::MissingField { field: "salt" },
        ),
        (
            hmac(&format!("apiKey=K, date={DATE}, salt={SALT}")),
            HeaderError::MissingField { field: "signature" },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, Date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::DuplicatedField { field: "date" },
        ),
        (
            hmac(&format!(
                "apiKey=K, ApiKey=K, date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::DuplicatedField { field: "apiKey" },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::DuplicatedField { field: "salt" },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, signature={SIG}, signature={SIG}"
            )),
            HeaderError::DuplicatedField { field: "signature" },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, signature={SIG}, nonce=1"
            )),
            HeaderError::UnknownField {
                name: Some("nonce".into()),
            },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, signature={SIG}, a.b=1"
            )),
            HeaderError::UnknownField { name: None },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, signature={SIG},"
            )),
            HeaderError::EmptyField { position: 5 },
        ),
        (
            hmac(&format!(
                "apiKey=K,, date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::EmptyField { position: 2 },
        ),
        (
            hmac(&format!(
                "apiKey K, date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::MalformedField { position: 1 },
        ),
        (
            hmac(&format!(
                "apiKey=, date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::EmptyValue { field: "apiKey" },
        ),
        (
            hmac(&format!(
                "apiKey=A B, date={DATE}, salt={SALT}, signature={SIG}"
            )),
            HeaderError::WhitespaceInValue { field: "apiKey" },
        ),
        (
            hmac(&format!(
                "apiKey={}, date={DATE}, salt={SALT}, signature={SIG}",
                "K".repeat(129)
            )),
            HeaderError::ValueTooLong {
                field: "apiKey",
                len: 129,
                max: 128,
            },
        ),
        (
            hmac(&format!(
                "apiKey=K, date=2019-07-01, salt={SALT}, signature={SIG}"
            )),
            HeaderError::InvalidDate {
                date: Some("2019-07-01".into()),
                reason: "expected `T` between date and time",
            },
        ),
        (
            hmac(&format!(
                "apiKey=K, date=yesterday, salt={SALT}, signature={SIG}"
            )),
            HeaderError::InvalidDate {
                date: None,
                reason: "year must have four digits",
            },
        ),
        (
            hmac(&format!(
                "apiKey=K, date=2019-07-01T00:41:48, salt={SALT}, signature={SIG}"
            )),
            HeaderError::InvalidDate {
                date: Some("2019-07-01T00:41:48".into()),
                reason: "missing time zone (`Z` or an offset)",
            },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt=short, signature={SIG}"
            )),
            HeaderError::InvalidSalt(SaltError::Length { len: 5 }),
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={}, signature={SIG}",
                "s".repeat(65)
            )),
            HeaderError::InvalidSalt(SaltError::Length { len: 65 }),
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt=abc=defghijklm, signature={SIG}"
            )),
            HeaderError::InvalidSalt(SaltError::InvalidCharacter { position: 3 }),
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, signature={}",
                &SIG[..62]
            )),
            HeaderError::InvalidSignature {
                reason: "HMAC-SHA256 signatures have 64 hex digits",
            },
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt={SALT}, signature={}g",
                &SIG[..63]
            )),
            HeaderError::InvalidSignature {
                reason: "not hexadecimal",
            },
        ),
        (
            format!("HMAC-MD5 apiKey=K, date={DATE}, salt={SALT}, signature={SIG}"),
            HeaderError::InvalidSignature {
                reason: "HMAC-MD5 signatures have 32 hex digits",
            },
        ),
    ];
    for (header, expected) in cases {
        let shown: String = header.chars().take(120).collect();
        assert_eq!(parse_authorization(&header), Err(expected), "{shown}");
    }
}

#[test]
fn error_messages_name_the_problem() {
    let cases = [
        (hmac("apiKey=K"), "missing field `date`"),
        (
            hmac(&format!("apiKey=K, date={DATE}, DATE={DATE}")),
            "duplicated field `date`",
        ),
        (String::new(), "the Authorization header is empty"),
        ("Bearer".into(), "the bearer token is missing"),
        (
            "x".repeat(5000),
            "the Authorization header is too long: 5000 bytes, at most 4096 allowed",
        ),
        (
            hmac(&format!(
                "apiKey=K, date={DATE}, salt=short, signature={SIG}"
            )),
            "invalid salt: salt must be 12 to 64 characters long, got 5",
        ),
    ];
    for (header, message) in cases {
        assert_eq!(
            parse_authorization(&header).unwrap_err().to_string(),
            message
        );
    }
}
