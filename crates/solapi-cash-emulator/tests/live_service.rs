//! The emulator as the live service was measured by a third party (segevsh/w6w-apps,
//! `apps/solapi/README.md`, 2026-10-06): its rate limit with `x-ratelimit-*` headers and the
//! 429 body, and its authentication errors. Windows are ended through the admin API, never
//! waited for: a window of an hour cannot end by itself while a test runs.

mod common;

use common::{Harness, expect_error};
use solapi_auth::Credentials;
use solapi_cash_emulator::{EmulatorConfig, RateLimit};

fn limited(limit: RateLimit) -> Harness {
    Harness::start(EmulatorConfig::default().rate_limit(Some(limit)).mfa(false))
}

fn header(response: &reqwest::blocking::Response, name: &str) -> String {
    response.headers()[name].to_str().unwrap().to_owned()
}

#[test]
fn the_measured_limit_is_the_default() {
    assert_eq!(
        EmulatorConfig::default().rate_limit,
        Some(RateLimit::MEASURED)
    );
    let h = Harness::start(EmulatorConfig::default().mfa(false));
    let response = h.get("/cash/v1/balance");
    assert_eq!(response.status().as_u16(), 200);
    assert_eq!(header(&response, "x-ratelimit-limit"), "20");
    assert_eq!(header(&response, "x-ratelimit-remaining"), "19");
    let reset: u64 = header(&response, "x-ratelimit-reset").parse().unwrap();
    assert!((1..=5).contains(&reset), "{reset}");
}

#[test]
fn over_the_limit_is_429_too_many_requests_until_the_window_ends() {
    let h = limited(RateLimit {
        reads: 3,
        writes: 2,
        seconds: 3600,
    });
    for remaining in ["2", "1", "0"] {
        let response = h.get("/cash/v1/balance");
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(header(&response, "x-ratelimit-remaining"), remaining);
        assert_eq!(header(&response, "x-ratelimit-reset"), "3600");
    }
    let refused = h.get("/cash/v1/balance/history");
    assert_eq!(refused.status().as_u16(), 429);
    assert_eq!(header(&refused, "x-ratelimit-remaining"), "0");
    let body: serde_json::Value = refused.json().unwrap();
    assert_eq!(body["errorCode"], "TooManyRequests");
    assert!(body["message"].as_str().is_some_and(|m| !m.is_empty()));
    assert!(
        body.get("errorMessage").is_none(),
        "the live service says `message`"
    );
    // Writes are counted apart.
    let write = h.recharge("1000");
    assert_ne!(write.status().as_u16(), 429);
    assert_eq!(header(&write, "x-ratelimit-limit"), "2");
    // Another key has a budget of its own.
    let (other_key, other_secret) = h
        .admin
        .create_api_key(&h.account_id, solapi_cash_emulator::KeySpec::default())
        .unwrap();
    let other = Credentials::api_key(other_key, other_secret);
    let auth = common::auth_for(&other, h.admin.now());
    assert_eq!(h.get_with("/cash/v1/balance", &auth).status().as_u16(), 200);
    // The window ends (through the admin API): the whole limit again.
    h.admin.end_rate_limit_windows();
    assert_eq!(h.get("/cash/v1/balance").status().as_u16(), 200);
    // Off, nothing is counted and no header is sent.
    h.admin.set_rate_limit(None);
    for _ in 0..5 {
        let response = h.get("/cash/v1/balance");
        assert_eq!(response.status().as_u16(), 200);
        assert!(response.headers().get("x-ratelimit-limit").is_none());
    }
}

#[test]
fn authentication_errors_as_measured() {
    let h = Harness::start(EmulatorConfig::default().rate_limit(None).mfa(false));
    let url = h.url("/cash/v1/balance");
    let none = h.client.get(&url).send().unwrap();
    expect_error(none, 401, "Unauthorized");
    let unknown = Credentials::api_key("NCSUNKNOWNKEY000", "secret");
    let auth = common::auth_for(&unknown, h.admin.now());
    expect_error(h.get_with("/cash/v1/balance", &auth), 400, "InvalidApiKey");
    let short = Credentials::api_key("NCSHORT", "secret");
    let auth = common::auth_for(&short, h.admin.now());
    let body = expect_error(
        h.get_with("/cash/v1/balance", &auth),
        400,
        "ValidationError",
    );
    assert_eq!(
        body.error_message,
        "apiKey length must be 16 characters long"
    );
    expect_error(
        h.get_with("/cash/v1/balance", "Bearer not-a-token"),
        400,
        "InvalidToken",
    );
    // Not measured: a bad signature stays as documented.
    let wrong = Credentials::api_key(h.api_key.clone(), "wrong-secret");
    let auth = common::auth_for(&wrong, h.admin.now());
    expect_error(
        h.get_with("/cash/v1/balance", &auth),
        403,
        "SignatureDoesNotMatch",
    );
}
