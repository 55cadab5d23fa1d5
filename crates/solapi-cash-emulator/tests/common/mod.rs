//! Shared helpers of the integration tests: an emulator with one account, signed requests
//! over real HTTP with a blocking client.

#![allow(dead_code, clippy::unwrap_used)]

use reqwest::blocking::{Client, Response};
use serde_json::Value;
use solapi_auth::{Algorithm, Credentials, Salt, Secret, sign};
use solapi_cash_emulator::{AccountSpec, Admin, Emulator, EmulatorConfig, KeySpec};
use solapi_cash_types::{ApiErrorBody, HistoryEntry, MfaData, Money};
use time::OffsetDateTime;

/// A running emulator with one funded account, an owner key and a card.
pub struct Harness {
    pub emulator: Emulator,
    pub admin: Admin,
    pub client: Client,
    pub account_id: String,
    pub api_key: String,
    pub secret: Secret,
    pub payment_id: String,
}

pub fn money(v: i64) -> Money {
    Money::from_i64(v)
}

impl Harness {
    /// MFA off unless `config` says otherwise; the account starts with 1,000 won.
    pub fn start(config: EmulatorConfig) -> Harness {
        let emulator = Emulator::start(config).unwrap();
        let admin = emulator.admin();
        let account = admin
            .create_account(AccountSpec::new().balance(money(1_000)))
            .unwrap();
        let (api_key, secret) = admin
            .create_api_key(&account.account_id, KeySpec::default())
            .unwrap();
        let payment_id = admin
            .add_payment_method(&account.account_id, false)
            .unwrap();
        Harness {
            client: Client::builder()
                .timeout(std::time::Duration::from_secs(20))
                .build()
                .unwrap(),
            emulator,
            admin,
            account_id: account.account_id,
            api_key,
            secret,
            payment_id,
        }
    }

    pub fn without_mfa() -> Harness {
        Harness::start(EmulatorConfig::default().rate_limit(None).mfa(false))
    }

    /// Authentication failures as SOLAPI documents them (403s), not as measured.
    pub fn documented() -> Harness {
        Harness::start(
            EmulatorConfig::default()
                .rate_limit(None)
                .mfa(false)
                .auth_errors(solapi_cash_emulator::AuthErrors::Documented),
        )
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.emulator.base_url())
    }

    /// `POST path` with `body` (raw JSON text, every number form sent as written) and, when
    /// given, an `Authorization` header.
    pub fn post_json(&self, path: &str, authorization: Option<&str>, body: &str) -> Response {
        let mut request = self
            .client
            .post(self.url(path))
            .header("Content-Type", "application/json")
            .body(body.to_owned());
        if let Some(authorization) = authorization {
            request = request.header("Authorization", authorization);
        }
        request.send().unwrap()
    }

    pub fn credentials(&self) -> Credentials {
        Credentials::api_key(self.api_key.clone(), self.secret.clone())
    }

    /// A fresh signed header dated by the emulator's clock.
    pub fn auth(&self) -> String {
        auth_for(&self.credentials(), self.admin.now())
    }

    pub fn get(&self, path: &str) -> Response {
        self.client
            .get(self.url(path))
            .header("Authorization", self.auth())
            .send()
            .unwrap()
    }

    pub fn get_with(&self, path: &str, authorization: &str) -> Response {
        self.client
            .get(self.url(path))
            .header("Authorization", authorization)
            .send()
            .unwrap()
    }

    pub fn recharge_with(
        &self,
        authorization: &str,
        body: &str,
        mfa: Option<&MfaData>,
    ) -> Response {
        let mut request = self
            .client
            .post(self.url("/cash/v1/balance"))
            .header("Authorization", authorization)
            .header("Content-Type", "application/json")
            .body(body.to_owned());
        if let Some(mfa) = mfa {
            request = request.header(MfaData::HEADER, mfa.to_header_value());
        }
        request.send().unwrap()
    }

    pub fn recharge(&self, amount: &str) -> Response {
        let body = format!(r#"{{"amount":{amount},"paymentId":"{}"}}"#, self.payment_id);
        self.recharge_with(&self.auth(), &body, None)
    }

    /// Every entry of the account through the API, newest first.
    pub fn history(&self, query: &str) -> Vec<HistoryEntry> {
        let response = self.get(&format!("/cash/v1/balance/history?{query}"));
        assert_eq!(response.status(), 200, "history?{query}");
        response.json().unwrap()
    }
}

pub fn auth_for(credentials: &Credentials, now: OffsetDateTime) -> String {
    credentials
        .authorization_at(now, &Salt::random().unwrap())
        .header_value()
        .to_owned()
}

/// The error body of a response, asserting status and code.
pub fn expect_error(response: Response, status: u16, code: &str) -> ApiErrorBody {
    assert_eq!(response.status().as_u16(), status, "status");
    let content_type = response
        .headers()
        .get("content-type")
        .map(|v| v.to_str().unwrap().to_owned())
        .unwrap_or_default();
    assert!(
        content_type.starts_with("application/json"),
        "{content_type}"
    );
    let text = response.text().unwrap();
    let body: ApiErrorBody = serde_json::from_str(&text).unwrap();
    assert_eq!(body.error_code, code, "{text}");
    assert!(!body.error_message.is_empty());
    body
}

pub fn json(response: Response) -> Value {
    assert!(response.status().is_success(), "{}", response.status());
    response.json().unwrap()
}

/// A header signed by hand: any date text, salt, field names and algorithm.
pub fn hand_signed(
    scheme: &str,
    names: [&str; 4],
    api_key: &str,
    secret: &Secret,
    date: &str,
    salt: &str,
) -> String {
    let algorithm = Algorithm::from_scheme(scheme).unwrap();
    let signature = sign(algorithm, secret, date, salt);
    format!(
        "{scheme} {}={api_key}, {}={date}, {}={salt}, {}={signature}",
        names[0], names[1], names[2], names[3]
    )
}

/// A random lowercase hex string of `len` characters.
pub fn hex(len: usize) -> String {
    let mut bytes = vec![0u8; len];
    getrandom::fill(&mut bytes).unwrap();
    bytes
        .iter()
        .map(|b| char::from(b"0123456789abcdef"[usize::from(b % 16)]))
        .collect()
}

/// Checks that consecutive entries (oldest first) chain and each satisfies new = old + amount.
pub fn assert_chain(entries: &[HistoryEntry]) {
    for pair in entries.windows(2) {
        assert_eq!(pair[1].old_balance, pair[0].new_balance, "{pair:?}");
        assert_eq!(pair[1].old_point, pair[0].new_point, "{pair:?}");
        assert!(pair[1].date_created >= pair[0].date_created);
    }
    for e in entries {
        assert_eq!(
            e.old_balance.checked_add(&e.balance_amount),
            Some(e.new_balance.clone())
        );
        assert_eq!(
            e.old_point.checked_add(&e.point_amount),
            Some(e.new_point.clone())
        );
    }
}

/// A 6-digit code that is not `code`.
pub fn wrong_code(code: &str) -> &'static str {
    if code == "000000" { "111111" } else { "000000" }
}
