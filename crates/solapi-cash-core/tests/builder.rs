//! What the builder reads: its own settings only; the environment only when asked
//! (`with_env`, the clients' `from_env`).

use std::sync::Arc;

use solapi_auth::Credentials;
use solapi_cash_core::{BASE_URL_ENV, BaseUrl, ClientBuilder, Engine, ErrorKind};

const CHILD: &str = "SOLAPI_CORE_BUILDER_TEST_CHILD";

/// Runs `test` of this binary in a child process with `SOLAPI_BASE_URL` set.
fn in_child_with_base_url(test: &str, url: &str) {
    let status = std::process::Command::new(std::env::current_exe().unwrap())
        .args(["--exact", test, "--nocapture", "--test-threads", "1"])
        .env(CHILD, "1")
        .env(BASE_URL_ENV, url)
        .status()
        .unwrap();
    assert!(status.success(), "the child run of {test} failed");
}

#[test]
fn build_reads_no_environment() {
    if std::env::var_os(CHILD).is_none() {
        return in_child_with_base_url("build_reads_no_environment", "http://127.0.0.1:1");
    }
    assert_eq!(
        std::env::var(BASE_URL_ENV).as_deref(),
        Ok("http://127.0.0.1:1")
    );
    let engine: Arc<Engine> = ClientBuilder::new()
        .credentials(Credentials::bearer("token"))
        .build()
        .unwrap();
    assert_eq!(engine.config().base_url().as_str(), BaseUrl::DEFAULT);
    let engine: Arc<Engine> = ClientBuilder::new()
        .credentials(Credentials::bearer("token"))
        .with_env_lookup(|name| (name == "SOLAPI_ACCESS_TOKEN").then(|| "t".to_owned()))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(engine.config().base_url().as_str(), BaseUrl::DEFAULT);
}

#[test]
fn with_env_reads_the_credentials_and_a_base_url_that_is_set() {
    let vars = |pairs: &'static [(&'static str, &'static str)]| {
        move |name: &str| {
            pairs
                .iter()
                .find(|(n, _)| *n == name)
                .map(|(_, v)| (*v).to_owned())
        }
    };
    let engine: Arc<Engine> = ClientBuilder::new()
        .with_env_lookup(vars(&[
            ("SOLAPI_ACCESS_TOKEN", "tok"),
            (BASE_URL_ENV, "http://127.0.0.1:8080/"),
        ]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(engine.config().base_url().as_str(), "http://127.0.0.1:8080");
    assert!(matches!(
        engine.config().credentials(),
        Credentials::Bearer { .. }
    ));
    // A blank base URL is no base URL; the builder's own one stays.
    let engine: Arc<Engine> = ClientBuilder::new()
        .base_url("http://127.0.0.1:9")
        .with_env_lookup(vars(&[("SOLAPI_ACCESS_TOKEN", "tok"), (BASE_URL_ENV, " ")]))
        .unwrap()
        .build()
        .unwrap();
    assert_eq!(engine.config().base_url().as_str(), "http://127.0.0.1:9");
    let err = ClientBuilder::<Arc<Engine>>::new()
        .with_env_lookup(vars(&[]))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput);
}
