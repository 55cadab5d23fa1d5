//! Authentication and authorization over real HTTP: every official client's header form,
//! HMAC-MD5, the four 403 errors, the ±15 minute window, replays, bearer tokens, scopes,
//! roles and account status.

#![allow(clippy::unwrap_used)]

mod common;

use common::{Harness, auth_for, expect_error, hand_signed, hex, json};
use solapi_auth::{Algorithm, Credentials, Salt};
use solapi_cash_emulator::{AccountStatus, KeySpec, Role};
use time::macros::format_description;
use time::{Duration, OffsetDateTime, UtcOffset};

const STD: [&str; 4] = ["apiKey", "date", "salt", "signature"];

fn seoul(now: OffsetDateTime) -> OffsetDateTime {
    now.to_offset(UtcOffset::from_hms(9, 0, 0).unwrap())
}

/// The date texts and field names each official SDK sends (docs/signing.md).
fn official_headers(h: &Harness) -> Vec<(&'static str, String)> {
    let now = h.admin.now();
    let local = seoul(now);
    let secs = format_description!("[year]-[month]-[day]T[hour]:[minute]:[second]");
    let base_local = local.format(secs).unwrap();
    let base_utc = now.format(secs).unwrap();
    let micros = local.microsecond();
    let nanos = local.nanosecond();
    let salt32 = |alnum: bool| {
        if alnum {
            Salt::random().unwrap().as_str().to_owned()
        } else {
            hex(32)
        }
    };
    let key = h.api_key.as_str();
    let secret = &h.secret;
    vec![
        (
            "node",
            hand_signed(
                "HMAC-SHA256",
                STD,
                key,
                secret,
                &format!("{base_local}+09:00"),
                &salt32(true),
            ),
        ),
        (
            "python",
            hand_signed(
                "HMAC-SHA256",
                ["ApiKey", "Date", "salt", "signature"],
                key,
                secret,
                &format!("{base_local}.{micros:06}+09:00"),
                &salt32(false),
            ),
        ),
        (
            "go",
            hand_signed(
                "HMAC-SHA256",
                STD,
                key,
                secret,
                &format!("{base_utc}Z"),
                &salt32(true),
            ),
        ),
        (
            "kotlin",
            hand_signed(
                "HMAC-SHA256",
                ["Apikey", "Date", "salt", "signature"],
                key,
                secret,
                &format!("{base_local}.{nanos:09}+09:00"),
                &salt32(false),
            ),
        ),
        (
            "java",
            hand_signed(
                "HMAC-SHA256",
                ["ApiKey", "Date", "salt", "signature"],
                key,
                secret,
                &format!("{base_local}.{nanos:09}+0900"),
                &salt32(false),
            ),
        ),
        (
            "php",
            hand_signed(
                "HMAC-SHA256",
                STD,
                key,
                secret,
                &format!("{base_local}.32400Z"),
                &hex(13),
            ),
        ),
        ("rust", h.auth()),
        (
            "md5",
            hand_signed(
                "HMAC-MD5",
                STD,
                key,
                secret,
                &format!("{base_utc}.000Z"),
                &salt32(true),
            ),
        ),
        (
            "lowercase scheme, uppercase hex",
            hand_signed(
                "hmac-sha256",
                STD,
                key,
                secret,
                &format!("{base_utc}Z"),
                &salt32(true),
            )
            .rsplit_once("signature=")
            .map(|(head, sig)| format!("{head}signature={}", sig.to_uppercase()))
            .unwrap(),
        ),
    ]
}

#[test]
fn every_official_header_form_is_accepted_on_every_endpoint() {
    let h = Harness::documented();
    for (client, header) in official_headers(&h) {
        let response = h.get_with("/cash/v1/balance", &header);
        assert_eq!(response.status(), 200, "{client}: {header}");
    }
    for (client, header) in official_headers(&h) {
        let response = h.get_with("/cash/v1/balance/history?limit=1", &header);
        assert_eq!(response.status(), 200, "{client}");
    }
    for (client, header) in official_headers(&h) {
        let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
        let response = h.recharge_with(&header, &body, None);
        assert_eq!(response.status(), 200, "{client}");
    }
    let n = official_headers(&h).len();
    assert_eq!(h.admin.history_len(&h.account_id).unwrap(), 1 + n);
}

#[test]
fn the_four_hmac_errors() {
    let h = Harness::documented();
    let now = h.admin.now();

    let unknown = Credentials::api_key("NCUNKNOWNKEY0000", h.secret.clone());
    expect_error(
        h.get_with("/cash/v1/balance", &auth_for(&unknown, now)),
        403,
        "InvalidAPIKey",
    );

    let wrong_secret = Credentials::api_key(h.api_key.clone(), "not-the-secret");
    let body = expect_error(
        h.get_with("/cash/v1/balance", &auth_for(&wrong_secret, now)),
        403,
        "SignatureDoesNotMatch",
    );
    // The documented description of the code (solapi/documents, authentication/api-key.md).
    assert!(
        body.error_message
            .starts_with("생성한 Signature가 일치하지 않음 ("),
        "{}",
        body.error_message
    );

    let old = auth_for(&h.credentials(), now - Duration::minutes(16));
    let body = expect_error(
        h.get_with("/cash/v1/balance", &old),
        403,
        "RequestTimeTooSkewed",
    );
    assert!(!body.error_message.contains("RequestTimeTooSkewed:"));
    assert!(
        body.error_message.starts_with(
            "시간 값이 서버 시간을 15분 이상 벗어남 (the request date is 960 s behind"
        ),
        "{}",
        body.error_message
    );
    let future = auth_for(&h.credentials(), now + Duration::minutes(16));
    expect_error(
        h.get_with("/cash/v1/balance", &future),
        403,
        "RequestTimeTooSkewed",
    );

    let header = h.auth();
    assert_eq!(h.get_with("/cash/v1/balance", &header).status(), 200);
    expect_error(
        h.get_with("/cash/v1/balance", &header),
        403,
        "DuplicatedSignature",
    );
    // The replay is refused on another endpoint too.
    expect_error(
        h.get_with("/cash/v1/balance/history", &header),
        403,
        "DuplicatedSignature",
    );
}

#[test]
fn the_window_is_fifteen_minutes_either_way_on_the_emulator_clock() {
    let h = Harness::documented();
    let now = h.admin.now();
    for minutes in [-14, 14] {
        let header = auth_for(&h.credentials(), now + Duration::minutes(minutes));
        assert_eq!(
            h.get_with("/cash/v1/balance", &header).status(),
            200,
            "{minutes}"
        );
    }
    // A client 20 minutes behind the emulator is refused; once the emulator's clock is
    // moved back to match, the same client is accepted.
    let client_now = OffsetDateTime::now_utc();
    h.admin.set_clock_offset(Duration::minutes(20));
    expect_error(
        h.get_with("/cash/v1/balance", &auth_for(&h.credentials(), client_now)),
        403,
        "RequestTimeTooSkewed",
    );
    h.admin.set_clock_offset(Duration::ZERO);
    let header = auth_for(&h.credentials(), OffsetDateTime::now_utc());
    assert_eq!(h.get_with("/cash/v1/balance", &header).status(), 200);
}

#[test]
fn rejected_signatures_are_not_burnt() {
    let h = Harness::documented();
    let salt = Salt::random().unwrap();
    let now = h.admin.now();
    let good = h
        .credentials()
        .authorization_at_with(Algorithm::HmacSha256, now, &salt)
        .header_value()
        .to_owned();
    // Same date and salt, unknown key: refused, and the genuine header still works.
    let forged = good.replace(&h.api_key, "NCUNKNOWNKEY0000");
    expect_error(
        h.get_with("/cash/v1/balance", &forged),
        403,
        "InvalidAPIKey",
    );
    assert_eq!(h.get_with("/cash/v1/balance", &good).status(), 200);
}

#[test]
fn missing_or_malformed_headers_are_403_without_echo() {
    let h = Harness::documented();
    let response = h.client.get(h.url("/cash/v1/balance")).send().unwrap();
    let body = expect_error(response, 403, "Forbidden");
    // The documented text for a caller who is not signed in, then what is missing.
    assert!(
        body.error_message
            .starts_with("잘못된 접근입니다. (missing Authorization header"),
        "{}",
        body.error_message
    );
    let secretish = "s3cr3t-token-value";
    for header in [
        format!("Token {secretish}"),
        format!("HMAC-SHA256 apiKey={secretish}"),
        format!(
            "HMAC-SHA256 apiKey=K, date=nonsense, salt=abcdefghijklmnop, signature={secretish}"
        ),
        "Bearer".to_owned(),
    ] {
        let body = expect_error(h.get_with("/cash/v1/balance", &header), 403, "Forbidden");
        assert!(
            !body.error_message.contains(secretish),
            "{}",
            body.error_message
        );
    }
}

#[test]
fn bearer_tokens_with_scopes_and_expiry() {
    let h = Harness::documented();
    let token = h
        .admin
        .create_token(&h.account_id, &["cash:read", "cash:write"], Role::Owner)
        .unwrap();
    for scheme in ["Bearer", "bearer", "BEARER"] {
        let header = format!("{scheme} {}", token.expose_secret());
        assert_eq!(h.get_with("/cash/v1/balance", &header).status(), 200);
    }
    let bearer = format!("Bearer {}", token.expose_secret());
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    assert_eq!(h.recharge_with(&bearer, &body, None).status(), 200);
    // A token can be reused (nothing is signed), until it expires after 24 hours.
    assert_eq!(h.get_with("/cash/v1/balance", &bearer).status(), 200);
    expect_error(
        h.get_with("/cash/v1/balance", "Bearer unknown-token"),
        403,
        "InvalidAccessToken",
    );
    h.admin.set_clock_offset(Duration::hours(25));
    let body = expect_error(
        h.get_with("/cash/v1/balance", &bearer),
        403,
        "InvalidAccessToken",
    );
    assert!(body.error_message.contains("expired"));

    h.admin.set_clock_offset(Duration::ZERO);
    let read_only = h
        .admin
        .create_token(&h.account_id, &["cash:read"], Role::Owner)
        .unwrap();
    let header = format!("Bearer {}", read_only.expose_secret());
    assert_eq!(
        h.get_with("/cash/v1/balance/history", &header).status(),
        200
    );
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    expect_error(h.recharge_with(&header, &body, None), 403, "Unauthorized");

    let write_only = h
        .admin
        .create_token(&h.account_id, &["cash:write"], Role::Owner)
        .unwrap();
    let header = format!("Bearer {}", write_only.expose_secret());
    expect_error(h.get_with("/cash/v1/balance", &header), 403, "Unauthorized");
    expect_error(
        h.get_with("/cash/v1/balance/history", &header),
        403,
        "Unauthorized",
    );
}

#[test]
fn read_only_keys_and_roles() {
    let h = Harness::documented();
    let body = format!(r#"{{"amount":100,"paymentId":"{}"}}"#, h.payment_id);
    let cases = [
        (KeySpec::read_only(), "Unauthorized"),
        (KeySpec::default().role(Role::Developer), "Forbidden"),
        (KeySpec::default().role(Role::Member), "Forbidden"),
    ];
    for (spec, code) in cases {
        let (key, secret) = h.admin.create_api_key(&h.account_id, spec).unwrap();
        let creds = Credentials::api_key(key, secret);
        let read = auth_for(&creds, h.admin.now());
        assert_eq!(h.get_with("/cash/v1/balance/history", &read).status(), 200);
        let read = auth_for(&creds, h.admin.now());
        assert_eq!(h.get_with("/cash/v1/balance", &read).status(), 200);
        let write = auth_for(&creds, h.admin.now());
        expect_error(h.recharge_with(&write, &body, None), 403, code);
    }
    // Nothing was recharged.
    assert_eq!(h.admin.history_len(&h.account_id).unwrap(), 1);
}

#[test]
fn inactive_accounts_get_403_forbidden_everywhere() {
    let h = Harness::documented();
    h.admin
        .set_account_status(&h.account_id, AccountStatus::Inactive)
        .unwrap();
    expect_error(h.get("/cash/v1/balance"), 403, "Forbidden");
    expect_error(h.get("/cash/v1/balance/history"), 403, "Forbidden");
    expect_error(h.recharge("100"), 403, "Forbidden");
    let token = h
        .admin
        .create_token(&h.account_id, &["cash:read"], Role::Owner)
        .unwrap();
    expect_error(
        h.get_with(
            "/cash/v1/balance",
            &format!("Bearer {}", token.expose_secret()),
        ),
        403,
        "Forbidden",
    );
    h.admin
        .set_account_status(&h.account_id, AccountStatus::Active)
        .unwrap();
    assert_eq!(json(h.get("/cash/v1/balance"))["balance"], 1000);
}

#[test]
fn debug_output_hides_secrets() {
    let h = Harness::documented();
    let token = h
        .admin
        .create_token(&h.account_id, &["cash:read"], Role::Owner)
        .unwrap();
    let printed = [
        format!("{:?}", h.emulator),
        format!("{:?}", h.admin),
        format!("{:?}", h.secret),
        format!("{token:?} {token}"),
        format!("{:?}", h.admin.account_state(&h.account_id).unwrap()),
    ];
    for text in printed {
        assert!(!text.contains(h.secret.expose_secret()), "{text}");
        assert!(!text.contains(token.expose_secret()), "{text}");
    }
}
