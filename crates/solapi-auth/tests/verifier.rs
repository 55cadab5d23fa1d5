//! The server-side checks: every header form official clients send, the four failures
//! and their order, the window edges, and the replay store.

use std::sync::Arc;

use solapi_auth::time::macros::datetime;
use solapi_auth::time::{Duration, OffsetDateTime};
use solapi_auth::{
    Algorithm, Credentials, HmacAuthorization, ParsedAuthorization, Salt, Secret, Verifier,
    VerifyError, parse_authorization, sign,
};

const KEY: &str = "NCSAYU7YDBXYORXC";
const SECRET: &str = "EXAMPLE0SECRET0NOT0REAL0ABCDEF12";
const NOW: OffsetDateTime = datetime!(2019-07-01 00:41:48 UTC);

fn secret() -> Secret {
    Secret::new(SECRET)
}

fn parse_hmac(header: &str) -> HmacAuthorization {
    match parse_authorization(header) {
        Ok(ParsedAuthorization::Hmac(auth)) => auth,
        other => panic!("{header}: {other:?}"),
    }
}

/// A header signed by the crate at `date` with a distinct salt per `n`.
fn signed_at(date: OffsetDateTime, n: u32) -> HmacAuthorization {
    let salt = Salt::new(format!("salt-{n:08}-xyz")).expect("valid salt");
    parse_hmac(
        Credentials::api_key(KEY, SECRET)
            .authorization_at(date, &salt)
            .header_value(),
    )
}

#[test]
fn accepts_every_header_form() {
    // (scheme, field template, date text); the date texts all denote NOW give or take
    // a fraction of a second, the template's {k} {d} {s} {g} are key, date, salt, signature.
    let forms: &[(&str, &str, &str)] = &[
        (
            "HMAC-SHA256",
            "apiKey={k}, date={d}, salt={s}, signature={g}",
            "2019-07-01T00:41:48.000Z",
        ),
        (
            "HMAC-SHA256",
            "ApiKey={k}, Date={d}, salt={s}, signature={g}",
            "2019-07-01T09:41:48.123456+09:00",
        ),
        (
            "HMAC-SHA256",
            "Apikey={k}, Date={d}, salt={s}, signature={g}",
            "2019-07-01T09:41:48.123456789+09:00",
        ),
        (
            "hmac-sha256",
            "apikey={k},date={d},salt={s},signature={g}",
            "2019-07-01T00:41:48Z",
        ),
        (
            "Hmac-Sha256",
            "APIKEY={k} , DATE={d} , SALT={s} , SIGNATURE={g}",
            "2019-07-01T09:41:48+0900",
        ),
        (
            "HMAC-SHA256",
            "signature={G}, salt={s}, date={d}, apiKey={k}",
            "2019-06-30T19:41:48.5-05:00",
        ),
        (
            "HMAC-SHA256",
            "apiKey = {k},  date = {d},\tsalt={s}, signature={g}",
            "2019-07-01T00:41:48.1Z",
        ),
        (
            "HMAC-SHA256",
            "apiKey={k}, date={d}, salt={s}, signature={g}",
            "2019-07-01T09:41:48.32400Z",
        ),
        (
            "HMAC-SHA256",
            "apiKey={k}, date={d}, salt={s}, signature={g}",
            "2019-07-01T09:41+09:00",
        ),
        (
            "HMAC-MD5",
            "apiKey={k}, date={d}, salt={s}, signature={g}",
            "2019-07-01T00:41:48.000Z",
        ),
        (
            "hmac-md5",
            "Apikey={k}, Date={d}, salt={s}, signature={G}",
            "2019-07-01T09:41:48.999+09:00",
        ),
    ];
    let salts = [
        "jqsba2jxjnrjor",
        "5d195a4c8e3f1",
        "6f1a3c1e-5b7d-4c7e-9a1b-2c3d4e5f6a7b",
        "Xa3kP9qLm2ZtR7vB1cN8dF4gH6jK0sWyXa3kP9qLm2ZtR7vB1cN8dF4gH6jK0sWy",
    ];
    let verifier = Verifier::new();
    for (i, (scheme, template, date)) in forms.iter().enumerate() {
        let algorithm = Algorithm::from_scheme(scheme).unwrap();
        let salt = format!("{}{i}", &salts[i % salts.len()][..12]);
        let signature = sign(algorithm, &secret(), date, &salt);
        let fields = template
            .replace("{k}", KEY)
            .replace("{d}", date)
            .replace("{s}", &salt)
            .replace("{g}", &signature)
            .replace("{G}", &signature.to_uppercase());
        let header = format!("{scheme} {fields}");
        let auth = parse_hmac(&header);
        assert_eq!(auth.algorithm, algorithm, "{header}");
        assert_eq!(auth.api_key, KEY, "{header}");
        assert_eq!(auth.date_text, *date, "{header}");
        assert_eq!(auth.signature, signature, "{header}");
        assert!((auth.date - NOW).abs() < Duration::minutes(1), "{header}");
        assert_eq!(
            verifier.verify(&auth, Some(&secret()), NOW),
            Ok(()),
            "{header}"
        );
    }
    for salt in salts {
        let date = "2019-07-01T00:41:48Z";
        let header = format!(
            "HMAC-SHA256 apiKey={KEY}, date={date}, salt={salt}, signature={}",
            sign(Algorithm::HmacSha256, &secret(), date, salt)
        );
        assert_eq!(
            verifier.verify(&parse_hmac(&header), Some(&secret()), NOW),
            Ok(()),
            "{header}"
        );
    }
}

#[test]
fn unknown_key_is_invalid_api_key() {
    let auth = signed_at(NOW, 1);
    let err = Verifier::new().verify(&auth, None, NOW).unwrap_err();
    assert_eq!(err, VerifyError::InvalidApiKey);
    assert_eq!(err.code(), "InvalidAPIKey");
    assert_eq!(err.http_status(), 403);
}

#[test]
fn wrong_secret_or_tampered_fields_do_not_match() {
    let verifier = Verifier::new();
    let auth = signed_at(NOW, 1);
    let err = verifier
        .verify(&auth, Some(&Secret::new("another secret")), NOW)
        .unwrap_err();
    assert_eq!(err, VerifyError::SignatureDoesNotMatch);
    assert_eq!(err.code(), "SignatureDoesNotMatch");

    let mut salt_changed = auth.clone();
    salt_changed.salt.push('x');
    let mut date_changed = auth.clone();
    date_changed.date_text = "2019-07-01T00:41:48Z".to_owned();
    let mut algorithm_changed = auth.clone();
    algorithm_changed.algorithm = Algorithm::HmacMd5;
    let mut signature_garbled = auth.clone();
    signature_garbled.signature = "zz".to_owned();
    for tampered in [
        salt_changed,
        date_changed,
        algorithm_changed,
        signature_garbled,
    ] {
        assert_eq!(
            verifier.verify(&tampered, Some(&secret()), NOW),
            Err(VerifyError::SignatureDoesNotMatch),
            "{tampered:?}"
        );
    }
    // None of the failures was recorded: the genuine request still passes.
    assert_eq!(verifier.verify(&auth, Some(&secret()), NOW), Ok(()));
}

#[test]
fn window_edges_in_both_directions() {
    let verifier = Verifier::new();
    let window = Duration::minutes(15);
    let second = Duration::seconds(1);
    let cases = [
        (NOW - window, Ok(())),
        (NOW + window, Ok(())),
        (
            NOW - window - second,
            Err(VerifyError::RequestTimeTooSkewed {
                skew: window + second,
            }),
        ),
        (
            NOW + window + second,
            Err(VerifyError::RequestTimeTooSkewed {
                skew: -(window + second),
            }),
        ),
    ];
    for (n, (date, expected)) in cases.into_iter().enumerate() {
        let auth = signed_at(date, u32::try_from(n).unwrap());
        assert_eq!(
            verifier.verify(&auth, Some(&secret()), NOW),
            expected,
            "{date}"
        );
    }
    let err = verifier
        .verify(
            &signed_at(NOW - Duration::hours(1), 99),
            Some(&secret()),
            NOW,
        )
        .unwrap_err();
    assert_eq!(err.code(), "RequestTimeTooSkewed");
    assert!(err.to_string().contains("3600 s behind"), "{err}");
}

#[test]
fn custom_window() {
    let verifier = Verifier::with_window(Duration::minutes(1));
    assert_eq!(verifier.window(), Duration::minutes(1));
    let ok = signed_at(NOW - Duration::minutes(1), 1);
    let late = signed_at(NOW - Duration::minutes(2), 2);
    assert_eq!(verifier.verify(&ok, Some(&secret()), NOW), Ok(()));
    assert!(matches!(
        verifier.verify(&late, Some(&secret()), NOW),
        Err(VerifyError::RequestTimeTooSkewed { .. })
    ));
}

#[test]
fn checks_run_in_the_documented_order() {
    let verifier = Verifier::new();
    let stale = signed_at(NOW - Duration::hours(1), 1);
    // Unknown key beats skew.
    assert_eq!(
        verifier.verify(&stale, None, NOW),
        Err(VerifyError::InvalidApiKey)
    );
    // Skew beats a wrong signature.
    assert!(matches!(
        verifier.verify(&stale, Some(&Secret::new("wrong")), NOW),
        Err(VerifyError::RequestTimeTooSkewed { .. })
    ));
    // A skewed request is not recorded: the same signature is accepted once in time.
    assert_eq!(
        verifier.verify(&stale, Some(&secret()), NOW - Duration::hours(1)),
        Ok(())
    );
    // Signature mismatch beats duplication.
    assert_eq!(
        verifier.verify(
            &stale,
            Some(&Secret::new("wrong")),
            NOW - Duration::hours(1)
        ),
        Err(VerifyError::SignatureDoesNotMatch)
    );
}

#[test]
fn replayed_signature_is_duplicated_until_the_window_passes() {
    let verifier = Verifier::new();
    let auth = signed_at(NOW, 1);
    assert_eq!(verifier.verify(&auth, Some(&secret()), NOW), Ok(()));
    let err = verifier
        .verify(&auth, Some(&secret()), NOW + Duration::minutes(14))
        .unwrap_err();
    assert_eq!(err, VerifyError::DuplicatedSignature);
    assert_eq!(err.code(), "DuplicatedSignature");
    // Uppercase hex is the same signature.
    let mut upper = auth.clone();
    upper.signature = upper.signature.to_uppercase();
    assert_eq!(
        verifier.verify(&upper, Some(&secret()), NOW),
        Err(VerifyError::DuplicatedSignature)
    );
    assert_eq!(verifier.replay_store().len(), 1);

    // After the window the date check refuses it, and the store forgets it.
    let later = NOW + Duration::minutes(15) + Duration::seconds(1);
    assert!(matches!(
        verifier.verify(&auth, Some(&secret()), later),
        Err(VerifyError::RequestTimeTooSkewed { .. })
    ));
    let mac: Vec<u8> = (0..auth.signature.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(&auth.signature[i..i + 2], 16).unwrap())
        .collect();
    assert!(verifier.replay_store().contains(&mac, NOW));
    assert!(!verifier.replay_store().contains(&mac, later));
    assert_eq!(
        verifier.verify(&signed_at(later, 2), Some(&secret()), later),
        Ok(())
    );
    assert_eq!(verifier.replay_store().len(), 1);
}

#[test]
fn future_dated_signature_is_remembered_until_its_own_window_ends() {
    // Dated 14 min ahead: usable until date + 15 min, so it must be remembered that long
    // (a store keyed on arrival time would forget it after 15 min and accept a replay).
    let verifier = Verifier::new();
    let auth = signed_at(NOW + Duration::minutes(14), 1);
    assert_eq!(verifier.verify(&auth, Some(&secret()), NOW), Ok(()));
    let replay_at = NOW + Duration::minutes(20);
    // Another request at replay_at purges what has expired by then.
    assert_eq!(
        verifier.verify(&signed_at(replay_at, 2), Some(&secret()), replay_at),
        Ok(())
    );
    assert_eq!(
        verifier.verify(&auth, Some(&secret()), replay_at),
        Err(VerifyError::DuplicatedSignature)
    );
}

#[test]
fn replay_capacity_evicts_the_oldest() {
    let verifier = Verifier::new().with_replay_capacity(2);
    assert_eq!(verifier.replay_store().capacity(), 2);
    let requests: Vec<_> = (0..3).map(|n| signed_at(NOW, n)).collect();
    for auth in &requests {
        assert_eq!(verifier.verify(auth, Some(&secret()), NOW), Ok(()));
    }
    assert_eq!(verifier.replay_store().len(), 2);
    // The first was evicted to make room: the price of a bounded store.
    assert_eq!(verifier.verify(&requests[0], Some(&secret()), NOW), Ok(()));
    assert_eq!(
        verifier.verify(&requests[0], Some(&secret()), NOW),
        Err(VerifyError::DuplicatedSignature)
    );
    assert_eq!(
        verifier.verify(&requests[2], Some(&secret()), NOW),
        Err(VerifyError::DuplicatedSignature)
    );
}

#[test]
fn md5_signatures_verify() {
    let salt = Salt::new("md5-salt-0001").unwrap();
    let auth =
        Credentials::api_key(KEY, SECRET).authorization_at_with(Algorithm::HmacMd5, NOW, &salt);
    assert_eq!(auth.scheme(), "HMAC-MD5");
    let parsed = parse_hmac(auth.header_value());
    assert_eq!(parsed.algorithm, Algorithm::HmacMd5);
    assert_eq!(parsed.signature.len(), 32);
    let verifier = Verifier::new();
    assert_eq!(
        verifier.verify(&parsed, Some(&Secret::new("wrong")), NOW),
        Err(VerifyError::SignatureDoesNotMatch)
    );
    assert_eq!(verifier.verify(&parsed, Some(&secret()), NOW), Ok(()));
    assert_eq!(
        verifier.verify(&parsed, Some(&secret()), NOW),
        Err(VerifyError::DuplicatedSignature)
    );
}

#[test]
fn shared_verifier_accepts_a_signature_once_across_threads() {
    fn assert_send_sync<T: Send + Sync>() {}
    assert_send_sync::<Verifier>();

    let verifier = Arc::new(Verifier::new());
    let auth = Arc::new(signed_at(NOW, 1));
    let handles: Vec<_> = (0..4)
        .map(|_| {
            let (verifier, auth) = (Arc::clone(&verifier), Arc::clone(&auth));
            std::thread::spawn(move || verifier.verify(&auth, Some(&secret()), NOW))
        })
        .collect();
    let results: Vec<_> = handles.into_iter().map(|h| h.join().unwrap()).collect();
    assert_eq!(
        results.iter().filter(|r| r.is_ok()).count(),
        1,
        "{results:?}"
    );
    assert!(
        results
            .iter()
            .filter_map(|r| r.as_ref().err())
            .all(|e| *e == VerifyError::DuplicatedSignature)
    );
}
