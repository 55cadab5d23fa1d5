//! A known secret and token must never show in `Debug` or `Display` of any type that
//! holds or reports on them.

use solapi_auth::time::macros::datetime;
use solapi_auth::time::{Duration, OffsetDateTime};
use solapi_auth::{Credentials, ParsedAuthorization, Salt, Secret, Verifier, parse_authorization};

const SECRET: &str = "S3cr3t-SENTINEL-value-42";
const TOKEN: &str = "tokSENTINELbearer99";

fn assert_clean(what: &str, text: &str, forbidden: &[&str]) {
    for f in forbidden {
        assert!(!text.contains(f), "{what} leaks {f:?}: {text}");
    }
}

#[test]
fn secret_prints_redacted() {
    let secret = Secret::new(SECRET);
    assert_eq!(format!("{secret:?}"), "** redacted **");
    assert_eq!(format!("{secret}"), "** redacted **");
    assert_eq!(format!("{secret:#?}"), "** redacted **");
}

#[test]
fn credentials_show_the_key_but_not_secret_or_token() {
    let api = Credentials::api_key("NCSAYU7YDBXYORXC", SECRET);
    let text = format!("{api:?} {api:#?}");
    assert_clean("Credentials::ApiKey", &text, &[SECRET]);
    assert!(text.contains("NCSAYU7YDBXYORXC"));
    assert!(text.contains("** redacted **"));

    let bearer = Credentials::bearer(TOKEN);
    assert_clean(
        "Credentials::Bearer",
        &format!("{bearer:?} {bearer:#?}"),
        &[TOKEN],
    );
}

#[test]
fn authorization_debug_hides_signature_and_token() {
    let now = datetime!(2024-05-01 12:00 UTC);
    let auth = Credentials::api_key("NCSAYU7YDBXYORXC", SECRET)
        .authorization_at(now, &Salt::new("0123456789abcdef").unwrap());
    let signature = auth
        .header_value()
        .rsplit("signature=")
        .next()
        .unwrap()
        .to_owned();
    assert_eq!(signature.len(), 64);
    let text = format!("{auth:?}");
    assert_clean("Authorization", &text, &[SECRET, &signature]);
    assert_eq!(
        text,
        "Authorization { scheme: \"HMAC-SHA256\", api_key: \"NCSAYU7YDBXYORXC\", \
         date: \"2024-05-01T12:00:00.000Z\", salt: \"0123456789abcdef\", \
         signature: \"** redacted **\" }"
    );

    let bearer = Credentials::bearer(TOKEN)
        .authorization(Duration::ZERO)
        .unwrap();
    assert_clean(
        "bearer Authorization",
        &format!("{bearer:?} {bearer:#?}"),
        &[TOKEN],
    );
}

#[test]
fn parsed_bearer_token_and_hmac_are_redacted() {
    let ParsedAuthorization::Bearer(token) =
        parse_authorization(&format!("Bearer {TOKEN}")).unwrap()
    else {
        panic!("expected a bearer token")
    };
    assert_eq!(token.secret().expose_secret(), TOKEN);
    assert_clean("BearerToken", &format!("{token:?} {token:#?}"), &[TOKEN]);

    let auth = Credentials::api_key("K", SECRET)
        .authorization(Duration::ZERO)
        .unwrap();
    let parsed = parse_authorization(auth.header_value()).unwrap();
    let ParsedAuthorization::Hmac(hmac) = &parsed else {
        panic!("expected HMAC")
    };
    assert_clean(
        "HmacAuthorization",
        &format!("{parsed:?}"),
        &[SECRET, &hmac.signature],
    );
}

#[test]
fn header_errors_do_not_echo_tokens() {
    let headers = [
        format!("Bearer {TOKEN} extra"),
        TOKEN.to_owned(),
        format!("{TOKEN} {TOKEN}"),
        format!("Token {TOKEN}"),
        format!("HMAC-SHA256 {TOKEN}"),
        format!("HMAC-SHA256 {TOKEN}=1"),
        format!("HMAC-SHA256 x{TOKEN}x=1"),
        format!("HMAC-SHA256 apiKey=k, date={TOKEN}, salt=0123456789ab, signature=00"),
        format!(
            "HMAC-SHA256 apiKey=k, date=2019-07-01T00:41:48Z, salt={TOKEN}{TOKEN}{TOKEN}{TOKEN}, signature=00"
        ),
        format!(
            "HMAC-SHA256 apiKey=k, date=2019-07-01T00:41:48Z, salt=0123456789ab, signature={TOKEN}"
        ),
        format!("Bearer {TOKEN}\u{e9}"),
        format!("Bearer {TOKEN}{}", "a".repeat(5000)),
    ];
    for header in &headers {
        let err = parse_authorization(header).expect_err(header);
        assert_clean("HeaderError", &format!("{err} {err:?}"), &[TOKEN]);
    }
}

#[test]
fn verify_errors_do_not_echo_secrets() {
    let now = OffsetDateTime::now_utc();
    let auth = Credentials::api_key("K", SECRET)
        .authorization(Duration::ZERO)
        .unwrap();
    let ParsedAuthorization::Hmac(hmac) = parse_authorization(auth.header_value()).unwrap() else {
        panic!("expected HMAC")
    };
    let verifier = Verifier::new();
    let errors = [
        verifier.verify(&hmac, None, now),
        verifier.verify(&hmac, Some(&Secret::new("wrong")), now),
        verifier.verify(&hmac, Some(&Secret::new(SECRET)), now + Duration::hours(1)),
        verifier.verify(&hmac, Some(&Secret::new(SECRET)), now),
        verifier.verify(&hmac, Some(&Secret::new(SECRET)), now),
    ];
    assert!(errors[3].is_ok());
    for err in errors.iter().filter_map(|r| r.as_ref().err()) {
        assert_clean(
            "VerifyError",
            &format!("{err} {err:?}"),
            &[SECRET, &hmac.signature],
        );
    }
    let text = format!("{verifier:?}");
    assert_clean("Verifier", &text, &[SECRET, &hmac.signature]);
    assert!(text.contains("len: 1"), "{text}");
}
