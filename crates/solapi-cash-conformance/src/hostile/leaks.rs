//! Secrets that must never leak: the paths the secrets tests run with known credentials, and
//! the values ("needles") they then search every output for.
//!
//! The tests (`tests/secrets_*.rs`) capture `tracing` output, the emulator's request log and
//! every error and `Debug` text produced here, and assert that no needle occurs in them.
#![allow(missing_docs)]

use std::time::Duration;

use solapi_auth::{Algorithm, Credentials, Secret};
use solapi_cash_core::__private::{HistoryPager, PageOutcome};
use solapi_cash_core::transport::ExportStep;
use solapi_cash_core::{Concurrency, Error, ErrorKind};
use solapi_cash_emulator::{
    EmulatorConfig, FaultAction, FaultSpec, KeySpec, LoggedRequest, Role, Route,
};
use solapi_cash_types::{
    HistoryEntry, HistoryPage, HistoryQuery, HistoryType, MfaData, RechargeRequest, Timestamp,
    models::NewCard, won,
};

use super::cases::{KEY, SECRET, settings_for};
use super::server::{HostileServer, Script, json, response};
use crate::adapters::CashClient;
use crate::fixture::Fixture;

/// A bearer token the hostile servers are sent: it must appear in no output.
pub const TOKEN: &str = "hostile-bearer-token-0b7e52f1a9";

/// A token the emulator does not know: still a secret of the user's.
pub const UNKNOWN_TOKEN: &str = "unknown-bearer-token-61c3d8e0";

/// Every error kind, to check that the paths below produce each at least once.
pub const ALL_KINDS: [ErrorKind; 16] = [
    ErrorKind::InvalidInput,
    ErrorKind::Authentication,
    ErrorKind::PermissionDenied,
    ErrorKind::MfaRequired,
    ErrorKind::MfaRejected,
    ErrorKind::Validation,
    ErrorKind::Payment,
    ErrorKind::NotFound,
    ErrorKind::RateLimited,
    ErrorKind::Server,
    ErrorKind::UnexpectedStatus,
    ErrorKind::Decode,
    ErrorKind::Connect,
    ErrorKind::Timeout,
    ErrorKind::Network,
    ErrorKind::PageLimit,
];

/// Values that must not appear in any output.
#[derive(Debug, Default, Clone)]
pub struct Needles {
    values: Vec<String>,
}

impl Needles {
    /// The API secret and the bearer tokens every path uses.
    pub fn known() -> Needles {
        let mut n = Needles::default();
        n.add(SECRET);
        n.add(TOKEN);
        n.add(UNKNOWN_TOKEN);
        n
    }

    /// Adds a value (ignored when shorter than 8 characters: it would match by chance).
    pub fn add(&mut self, value: impl Into<String>) {
        let value = value.into();
        if value.len() >= 8 && !self.values.contains(&value) {
            self.values.push(value);
        }
    }

    /// Adds every value of `other`.
    pub fn extend(&mut self, other: &Needles) {
        for v in &other.values {
            self.add(v.clone());
        }
    }

    /// How many values are searched for.
    pub fn len(&self) -> usize {
        self.values.len()
    }

    /// Whether there are none.
    pub fn is_empty(&self) -> bool {
        self.values.is_empty()
    }

    /// Asserts that `text` (from `source`) holds none of the values.
    pub fn assert_absent(&self, text: &str, source: &str) {
        for value in &self.values {
            if let Some(at) = text.find(value.as_str()) {
                let start = text[..at]
                    .char_indices()
                    .rev()
                    .nth(80)
                    .map_or(0, |(i, _)| i);
                panic!(
                    "a secret leaked into {source}: …{}…",
                    &text[start..(at + value.len()).min(text.len())]
                );
            }
        }
    }
}

/// The signatures of every signed request in an emulator's log, recomputed from the `date`
/// and `salt` it keeps and the known secret (the log itself masks them).
pub fn signatures_in(log: &[LoggedRequest], secret: &str) -> Needles {
    let secret = Secret::new(secret);
    let mut needles = Needles::default();
    for request in log {
        let Some((_, value)) = request.headers.iter().find(|(n, _)| n == "authorization") else {
            continue;
        };
        let Some((scheme, rest)) = value.split_once(' ') else {
            continue;
        };
        let Some(algorithm) = Algorithm::from_scheme(scheme) else {
            continue;
        };
        let field = |name: &str| {
            rest.split(',')
                .filter_map(|f| f.trim().split_once('='))
                .find(|(n, _)| n.eq_ignore_ascii_case(name))
                .map(|(_, v)| v.to_owned())
        };
        if let (Some(date), Some(salt)) = (field("date"), field("salt")) {
            needles.add(solapi_auth::sign(algorithm, &secret, &date, &salt));
        }
    }
    needles
}

/// The signatures and tokens a hostile server received.
pub fn received_by(server: &HostileServer) -> Needles {
    let mut needles = Needles::default();
    for request in server.received() {
        if let Some(value) = request.header("authorization") {
            needles.add(value.rsplit("signature=").next().unwrap_or(value));
            needles.add(value.rsplit(' ').next().unwrap_or(value));
        }
    }
    needles
}

/// One error of every kind from a client of type `C`, half of them signed with the known
/// secret and half with the known bearer token, with the signatures the servers saw.
pub fn every_error_kind<C: CashClient>() -> (Vec<Error>, Needles) {
    let mut errors = Vec::new();
    let mut needles = Needles::known();
    let api_error = |status: u16, code: &str| {
        json(
            status,
            &format!(r#"{{"errorCode":"{code}","errorMessage":"says the server"}}"#),
        )
    };
    let scripts: Vec<(Script, bool)> = vec![
        (Script::Raw(api_error(401, "Unauthorized")), false),
        (Script::Raw(api_error(403, "SignatureDoesNotMatch")), true),
        (Script::Raw(api_error(403, "Forbidden")), false),
        (
            Script::Raw(json(
                403,
                r#"{"errorCode":"MFARequired","errorMessage":"code sent","mfa":{"transactionId":"tx-1"}}"#,
            )),
            true,
        ),
        (Script::Raw(api_error(403, "InvalidMFAToken")), false),
        (Script::Raw(api_error(400, "ValidationError")), true),
        (Script::Raw(api_error(402, "PaymentDeclined")), false),
        (Script::Raw(api_error(404, "ResourceNotFound")), true),
        (Script::Raw(api_error(429, "TooManyRequests")), false),
        (Script::Raw(api_error(500, "InternalError")), true),
        (
            Script::Raw(response(307, &[("Location", "http://127.0.0.1:9/x")], b"")),
            false,
        ),
        (Script::Raw(json(200, "<html>")), true),
        (Script::Close, false),
        (
            Script::Trickle {
                head: Vec::new(),
                bytes: b"HTTP/1.1 200 OK\r\n".to_vec(),
                every: Duration::from_secs(1),
            },
            true,
        ),
    ];
    for (script, bearer) in scripts {
        let server = HostileServer::start(script);
        let mut settings = settings_for(&server, Duration::from_millis(400));
        settings.retry = settings.retry.with_max_attempts(1);
        if bearer {
            settings.credentials = Credentials::bearer(TOKEN);
        }
        let client = C::connect(&settings).expect("client");
        errors.push(
            client
                .recharge(&RechargeRequest::new(won!(1_000), "card-1"))
                .unwrap_err(),
        );
        errors.push(client.balance().unwrap_err());
        needles.extend(&received_by(&server));
    }

    // Refused before sending, and no connection at all.
    let server = HostileServer::start(Script::Close);
    let mut settings = settings_for(&server, Duration::from_millis(400));
    let client = C::connect(&settings).expect("client");
    errors.push(
        client
            .recharge(&RechargeRequest::new(won!(1_000), " "))
            .unwrap_err(),
    );
    let mfa = MfaData::email("tx", "12\u{7f}34");
    errors.push(
        client
            .recharge_with_mfa(&RechargeRequest::new(won!(1), "card-1"), &mfa)
            .unwrap_err(),
    );
    settings.base_url = "ftp://127.0.0.1/".to_owned();
    errors.push(C::connect(&settings).map(|_| ()).unwrap_err());
    let port = server.addr().port();
    drop(server);
    settings.base_url = format!("http://127.0.0.1:{port}");
    settings.retry = settings.retry.with_max_attempts(2);
    errors.push(
        C::connect(&settings)
            .expect("client")
            .balance()
            .unwrap_err(),
    );

    // A server that never ends: the export stops at its page cap (driven through the pure
    // pager, as the clients' cap is not a setting of the suite's adapters).
    let mut pager = HistoryPager::new(HistoryQuery::default(), 1, 2, Concurrency::fixed(1));
    let mut id = 0u32;
    loop {
        match pager.step(Duration::ZERO) {
            ExportStep::Page(_) | ExportStep::Cancel(_) => {}
            ExportStep::Fetch(request) => {
                id += 1;
                let page = HistoryPage::from_entries(vec![entry(id)]);
                pager.deliver(request.ticket(), PageOutcome::new(Ok(page)), Duration::ZERO);
            }
            ExportStep::Await { .. } => panic!("every fetch was delivered when it was handed out"),
            ExportStep::Failed(error) => {
                errors.push(error);
                break;
            }
            ExportStep::Finished => panic!("a page cap of 2 cannot finish an endless history"),
        }
    }

    for kind in ALL_KINDS {
        assert!(
            errors.iter().any(|e| e.kind() == kind),
            "no error of kind {kind:?} was produced"
        );
    }
    (errors, needles)
}

/// A history entry with a fresh id.
fn entry(id: u32) -> HistoryEntry {
    HistoryEntry::builder(
        format!("id{id}"),
        "a",
        HistoryType::Recharge,
        Timestamp::from_datetime(time::OffsetDateTime::UNIX_EPOCH),
    )
    .balance_amount(1)
    .new_balance(1)
    .build()
}

/// Runs every client path against an emulator with the known secret and a bearer token:
/// reads, an export over several pages, a recharge through the second factor (and a wrong
/// code), retries after faults, a lost answer and its reconciliation, clock-skew correction,
/// a wrong secret and an unknown token. Returns the emulator (to read its log), the errors
/// met, and the needles: the secret, the tokens and the codes sent.
/// A Visa test number (not a real card) registered by [`emulator_paths`], and its CVC.
const CARD_NUMBER: &str = "4012888888881881";
const CARD_CVC: &str = "468";

pub fn emulator_paths<C: CashClient>() -> (Fixture, Vec<Error>, Needles) {
    let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 50_000, true);
    f.admin
        .insert_api_key(&f.account_id, KEY, Secret::new(SECRET), KeySpec::default())
        .expect("key");
    let token = f
        .admin
        .create_token(&f.account_id, &["cash:read", "cash:write"], Role::Owner)
        .expect("token");
    let mut needles = Needles::known();
    needles.add(token.expose_secret());
    let mut errors = Vec::new();

    let mut settings = f.settings();
    settings.credentials = Credentials::api_key(KEY, SECRET);
    settings.page_size = 2;
    let client = C::connect(&settings).expect("client");
    client.balance().expect("balance");
    client.history(&HistoryQuery::default()).expect("history");
    f.admin
        .generate_entries(&f.account_id, 7, 1)
        .expect("entries");
    let exported = client
        .history_all(HistoryQuery::default())
        .collect::<Result<Vec<_>, _>>()
        .expect("export");
    assert!(exported.len() >= 7);

    let request = RechargeRequest::new(won!(3_000), f.payment_id.clone());
    let challenge = client.recharge(&request).unwrap_err();
    let transaction = challenge
        .mfa_transaction_id()
        .expect("challenge")
        .to_owned();
    errors.push(challenge);
    let code = f.admin.last_mail(&f.account_id).expect("mail").code;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    errors.push(
        client
            .recharge_with_mfa(&request, &MfaData::email(&transaction, wrong))
            .unwrap_err(),
    );
    client
        .recharge_with_mfa(&request, &MfaData::email(&transaction, &code))
        .expect("recharge with the second factor");
    needles.add(format!(r#""token":"{code}""#));

    f.admin.set_mfa(&f.account_id, false).expect("mfa off");
    f.admin
        .inject_fault(FaultSpec::new(Route::Balance, FaultAction::error(503)).times(2));
    client.balance().expect("a read survives two 503s");
    f.admin.inject_fault(FaultSpec::new(
        Route::Recharge,
        FaultAction::DropAfterCommit,
    ));
    let lost = client
        .recharge(&RechargeRequest::new(won!(4_321), f.payment_id.clone()))
        .unwrap_err();
    client
        .reconcile(lost.money_attempt().expect("unknown outcome"))
        .expect("reconcile");
    errors.push(lost);
    // A card: registered, refused when malformed on the server side, removed. Its number and
    // CVC (as written in the body) must appear nowhere.
    let today = f.admin.now().date();
    let card = |cvc: &str| {
        NewCard::from_fields(
            CARD_NUMBER,
            cvc,
            u32::try_from(today.year() + 2).expect("year"),
            u32::from(u8::from(today.month())),
            None,
            today,
        )
        .expect("a valid card")
    };
    let added = client.add_payment(&card(CARD_CVC)).expect("card added");
    needles.add(CARD_NUMBER);
    needles.add(format!(r#""cvc":"{CARD_CVC}""#));
    client
        .remove_payment(&added.payment_id)
        .expect("card removed");
    errors.push(client.remove_payment(&added.payment_id).unwrap_err());
    f.admin.set_clock_offset(time::Duration::minutes(30));
    client.balance().expect("skew corrected");
    f.admin.set_clock_offset(time::Duration::ZERO);

    let mut bearer = settings.clone();
    bearer.credentials = Credentials::bearer(token.clone());
    let by_token = C::connect(&bearer).expect("client");
    by_token.balance().expect("balance by token");
    by_token
        .recharge(&RechargeRequest::new(won!(1_000), f.payment_id.clone()))
        .expect("recharge by token");

    let mut wrong_secret = settings.clone();
    wrong_secret.credentials = Credentials::api_key(KEY, format!("{SECRET}-but-wrong"));
    needles.add(format!("{SECRET}-but-wrong"));
    errors.push(
        C::connect(&wrong_secret)
            .expect("client")
            .balance()
            .unwrap_err(),
    );
    let mut unknown = settings;
    unknown.credentials = Credentials::bearer(UNKNOWN_TOKEN);
    errors.push(C::connect(&unknown).expect("client").balance().unwrap_err());

    (f, errors, needles)
}
