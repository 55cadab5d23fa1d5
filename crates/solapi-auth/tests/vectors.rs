//! Replays the on-disk vectors of `tests/vectors/<case>/`, computed independently by
//! `tests/vectors/generate.py` (Python `hmac`/`hashlib`): every intermediate string is
//! compared, not only the signature.

use std::collections::HashMap;
use std::fs;
use std::path::{Path, PathBuf};

use serde_json::Value;
use solapi_auth::time::format_description::well_known::Rfc3339;
use solapi_auth::time::{Duration, OffsetDateTime};
use solapi_auth::{
    Algorithm, Credentials, ParsedAuthorization, Salt, Secret, Verifier, VerifyError,
    parse_authorization, sign,
};

struct Vector {
    name: String,
    input: Value,
    expected: HashMap<String, String>,
}

impl Vector {
    fn str(&self, key: &str) -> &str {
        self.input[key]
            .as_str()
            .unwrap_or_else(|| panic!("{}: input.json lacks string `{key}`", self.name))
    }

    fn expected(&self, key: &str) -> &str {
        self.expected
            .get(key)
            .unwrap_or_else(|| panic!("{}: expected.txt lacks `{key}`", self.name))
    }

    fn algorithm(&self) -> Algorithm {
        Algorithm::from_scheme(self.str("algorithm")).expect("known algorithm")
    }

    fn instant(&self) -> OffsetDateTime {
        OffsetDateTime::parse(self.str("instant_utc"), &Rfc3339).expect("instant_utc")
    }
}

fn vectors_dir() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/vectors")
}

fn load_vectors() -> Vec<Vector> {
    let mut dirs: Vec<PathBuf> = fs::read_dir(vectors_dir())
        .expect("tests/vectors exists")
        .map(|e| e.expect("dir entry").path())
        .filter(|p| p.is_dir())
        .collect();
    dirs.sort();
    dirs.into_iter()
        .map(|dir| {
            let name = dir
                .file_name()
                .expect("folder name")
                .to_string_lossy()
                .into_owned();
            let input: Value = serde_json::from_str(
                &fs::read_to_string(dir.join("input.json")).expect("input.json"),
            )
            .unwrap_or_else(|e| panic!("{name}/input.json: {e}"));
            let expected = fs::read_to_string(dir.join("expected.txt"))
                .expect("expected.txt")
                .lines()
                .map(|line| {
                    let (k, v) = line
                        .split_once(": ")
                        .unwrap_or_else(|| panic!("{name}/expected.txt: bad line {line:?}"));
                    (k.to_owned(), v.to_owned())
                })
                .collect();
            Vector {
                name,
                input,
                expected,
            }
        })
        .collect()
}

#[test]
fn there_is_a_vector_per_required_case() {
    let names: Vec<String> = load_vectors().into_iter().map(|v| v.name).collect();
    for required in [
        "sha256_basic",
        "md5_basic",
        "korean_secret",
        "long_salt",
        "spec_sample",
        "sdk_node",
        "sdk_python",
        "sdk_go",
        "sdk_kotlin",
        "sdk_php",
    ] {
        assert!(
            names.iter().any(|n| n == required),
            "missing vector {required}"
        );
    }
}

#[test]
fn crate_signs_every_vector_byte_for_byte() {
    for v in load_vectors() {
        let kind = v.str("kind");
        let date = v.expected("date");
        let salt = v.str("salt");
        assert_eq!(
            format!("{date}{salt}"),
            v.expected("message"),
            "{}: message",
            v.name
        );
        if kind == "parse_only" {
            continue;
        }
        let secret = Secret::new(v.str("secret"));
        assert_eq!(
            sign(v.algorithm(), &secret, date, salt),
            v.expected("signature"),
            "{}: signature",
            v.name
        );
        if kind == "crate" {
            let now = OffsetDateTime::parse(v.str("now"), &Rfc3339).expect("now");
            let creds = Credentials::api_key(v.str("api_key"), secret);
            let auth = creds.authorization_at_with(v.algorithm(), now, &Salt::new(salt).unwrap());
            assert_eq!(auth.date(), Some(date), "{}: date", v.name);
            assert_eq!(
                auth.header_value(),
                v.expected("header"),
                "{}: header",
                v.name
            );
            assert_eq!(auth.scheme(), v.str("algorithm"));
        }
    }
}

#[test]
fn verifier_parses_and_accepts_every_vector() {
    for v in load_vectors() {
        let parsed =
            parse_authorization(v.expected("header")).unwrap_or_else(|e| panic!("{}: {e}", v.name));
        let ParsedAuthorization::Hmac(auth) = parsed else {
            panic!("{}: not an HMAC header", v.name)
        };
        assert_eq!(auth.algorithm, v.algorithm(), "{}", v.name);
        assert_eq!(auth.api_key, v.str("api_key"), "{}", v.name);
        assert_eq!(auth.date_text, v.expected("date"), "{}", v.name);
        assert_eq!(auth.date, v.instant(), "{}: instant", v.name);
        assert_eq!(auth.salt, v.str("salt"), "{}", v.name);
        assert_eq!(auth.signature, v.expected("signature"), "{}", v.name);

        let verifier = Verifier::new();
        // A server whose clock is a few minutes off the request still accepts it.
        let now = v.instant() + Duration::minutes(3);
        if v.input["verify"].as_bool() == Some(true) {
            let secret = Secret::new(v.str("secret"));
            assert_eq!(
                verifier.verify(&auth, Some(&secret), now),
                Ok(()),
                "{}",
                v.name
            );
            assert_eq!(
                verifier.verify(&auth, Some(&secret), now),
                Err(VerifyError::DuplicatedSignature),
                "{}",
                v.name
            );
        } else {
            let wrong = Secret::new("not-the-documentation-secret");
            assert_eq!(
                verifier.verify(&auth, Some(&wrong), now),
                Err(VerifyError::SignatureDoesNotMatch),
                "{}",
                v.name
            );
        }
    }
}
