//! Every endpoint's request, byte for byte, and how each kind of answer is read.

use http::Response;
use http::header::{CONTENT_TYPE, USER_AGENT as USER_AGENT_HEADER};
use solapi_cash_types::models::{MfaData, RechargeRequest, WithdrawRequest};
use solapi_cash_types::money::Money;
use solapi_cash_types::query::HistoryQuery;
use solapi_cash_types::{HistoryType, won};

use super::*;
use crate::error::{ErrorKind, Outcome};
use crate::wire::request::USER_AGENT;

fn response(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .body(body.as_bytes().to_vec())
        .unwrap()
}

fn base() -> BaseUrl {
    BaseUrl::parse("http://127.0.0.1:9/").unwrap()
}

fn recharge(amount: u64, card: &str) -> Recharge {
    Recharge::new(RechargeRequest::new(
        solapi_cash_types::Won::new(amount).unwrap(),
        card,
    ))
}

#[test]
fn builds_each_request_exactly() {
    let r = Balance::new().request(&base()).unwrap();
    assert_eq!(r.method(), "GET");
    assert_eq!(r.uri(), "http://127.0.0.1:9/cash/v1/balance");
    assert_eq!(r.headers()[USER_AGENT_HEADER], USER_AGENT);
    assert!(r.body().is_empty());

    let mfa = MfaData::email("tx", "123456");
    let r = recharge(10000, "card-1")
        .with_mfa(mfa)
        .request(&base())
        .unwrap();
    assert_eq!(r.method(), "POST");
    assert_eq!(r.headers()[CONTENT_TYPE], "application/json");
    assert_eq!(r.body(), br#"{"amount":10000,"paymentId":"card-1"}"#);
    assert_eq!(
        r.headers()["x-mfa-data"],
        r#"{"authType":"EMAIL","transactionId":"tx","token":"123456"}"#
    );

    let q = HistoryQuery::builder()
        .limit(5)
        .group_id("a b")
        .build()
        .unwrap();
    let r = History::new(q).request(&base()).unwrap();
    assert_eq!(
        r.uri(),
        "http://127.0.0.1:9/cash/v1/balance/history?limit=5&groupId=a%20b"
    );

    let r = Payments::new().request(&base()).unwrap();
    assert_eq!(r.uri(), "http://127.0.0.1:9/cash/v1/payment");
    let r = Payments::new()
        .offset(40)
        .limit(20)
        .request(&base())
        .unwrap();
    assert_eq!(
        r.uri(),
        "http://127.0.0.1:9/cash/v1/payment?offset=40&limit=20"
    );
    assert_eq!(r.method(), "GET");
}

/// A transfer of 1,000 won to 214727 (transfer.md's sample).
fn transfer() -> solapi_cash_types::models::TransferRequest {
    solapi_cash_types::models::TransferRequest::new("214727", won!(1_000)).expect("a transfer")
}

/// An endpoint's operation and its request.
fn of<E: Endpoint>(endpoint: E) -> (Option<Operation>, Result<http::Request<Vec<u8>>, Error>) {
    (endpoint.operation(), endpoint.request(&base()))
}

#[test]
fn each_endpoint_is_its_operation() {
    let settings = solapi_cash_types::models::AlertSettings::new([1_000], ["SMS"]).unwrap();
    let switch = solapi_cash_types::models::AlertSwitch::new(true);
    let auto = solapi_cash_types::models::AutoRechargeSettings::new(["1"], 1_000, 10_000).unwrap();
    let card = solapi_cash_types::models::NewCard::from_fields(
        "4111111111111111",
        "123",
        29,
        1,
        None,
        time::macros::date!(2026 - 12 - 06),
    )
    .unwrap();
    let removal = solapi_cash_types::models::PaymentRemoval::new("1");
    let bank = solapi_cash_types::models::NewBankAccount::new(
        solapi_cash_types::models::BankAccountNumber::parse("0235235235235235").unwrap(),
        "01",
        "예금주",
    )
    .unwrap();
    let requests = [
        of(Balance::new()),
        of(recharge(1, "c")),
        of(History::default()),
        of(Payments::new()),
        of(Alert::new()),
        of(SetAlert::new(settings)),
        of(SwitchAlert::new(switch)),
        of(SetAutoRecharge::new(auto)),
        of(ToggleAutoRecharge::new()),
        of(AddPayment::new(card)),
        of(RemovePayment::new(removal)),
        of(Receipt::new("5db728daaa83954519463af8")),
        of(RechargeHistory::default()),
        of(Withdrawals::default()),
        of(BankAccount::new()),
        of(AddBankAccount::new(bank)),
        of(RemoveBankAccount::new()),
        of(Transfer::new(transfer())),
        of(Withdraw::new(WithdrawRequest::new(won!(20_000)))),
    ];
    let ops: Vec<Option<Operation>> = requests.iter().map(|(op, _)| *op).collect();
    assert_eq!(
        ops,
        Operation::ALL.iter().copied().map(Some).collect::<Vec<_>>()
    );
    for (op, request) in requests {
        let op = op.expect("a declared endpoint");
        let r = request.unwrap();
        assert_eq!((r.method(), r.uri().path()), (&op.method(), op.path()));
        // A body is JSON and says so; a request without one has no content type.
        assert_eq!(
            r.headers().contains_key(http::header::CONTENT_TYPE),
            !r.body().is_empty(),
            "{op}"
        );
    }
}

#[test]
fn refuses_requests_that_cannot_be_right() {
    // A zero or negative amount cannot be made (`Won`); an empty card id is refused here.
    assert!(solapi_cash_types::Won::new(0).is_err());
    for req in [recharge(1, " "), recharge(1, "")] {
        let e = req.request(&base()).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput);
        assert_eq!(e.outcome(), Outcome::NotApplied);
    }
    let bad = MfaData::email("tx", "12\u{7f}34");
    let e = recharge(1, "c").with_mfa(bad).request(&base()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    let e = Payments::new().limit(0).request(&base()).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
    // A malformed card id is refused when the body is written, without sending.
    for id in ["", "1 2", "x\u{7f}"] {
        let e = RemovePayment::new(solapi_cash_types::models::PaymentRemoval::new(id))
            .request(&base())
            .unwrap_err();
        assert_eq!(e.kind(), ErrorKind::InvalidInput, "{id:?}");
        assert_eq!(e.outcome(), Outcome::NotApplied);
    }
}

#[test]
fn reads_success_bodies_exactly() {
    let b = Balance::new()
        .read(&response(200, r#"{"balance": 10130.5, "point": 7}"#))
        .unwrap();
    assert_eq!(b.balance.unwrap().to_string(), "10130.5");
    assert_eq!(b.point, Some(Money::from_i64(7)));
    assert!(
        History::default()
            .read(&response(200, "[]"))
            .unwrap()
            .is_empty()
    );
    // The documented answer (developers.solapi.com, "결제 수단 조회").
    let documented = r#"{"payments":[{"autoRecharge":0,"expDate":"2019/01",
        "_id":"5b4c3a2d1e0f","description":"[VISA] 1234-****-****-5678"}]}"#;
    let methods = Payments::new().read(&response(200, documented)).unwrap();
    assert_eq!(methods.payments[0].id, "5b4c3a2d1e0f");
    assert_eq!(methods.payments[0].exp_date.as_deref(), Some("2019/01"));
}

#[test]
fn error_statuses_map_to_kinds_and_outcomes() {
    let table = [
        (
            400,
            r#"{"errorCode":"ValidationError","errorMessage":"amount"}"#,
            ErrorKind::Validation,
            Outcome::NotApplied,
        ),
        (
            400,
            r#"{"errorCode":"InvalidPaymentId","errorMessage":"x"}"#,
            ErrorKind::Validation,
            Outcome::NotApplied,
        ),
        (
            401,
            r#"{"errorCode":"Unauthorized","errorMessage":"x"}"#,
            ErrorKind::Authentication,
            Outcome::NotApplied,
        ),
        (
            402,
            r#"{"errorCode":"PaymentDeclined","errorMessage":"x"}"#,
            ErrorKind::Payment,
            Outcome::NotApplied,
        ),
        (
            403,
            r#"{"errorCode":"SignatureDoesNotMatch","errorMessage":"x"}"#,
            ErrorKind::Authentication,
            Outcome::NotApplied,
        ),
        (
            403,
            r#"{"errorCode":"Forbidden","errorMessage":"x"}"#,
            ErrorKind::PermissionDenied,
            Outcome::NotApplied,
        ),
        (
            403,
            r#"{"errorCode":"MFARequired","errorMessage":"x","mfa":{"transactionId":"t1"}}"#,
            ErrorKind::MfaRequired,
            Outcome::NotApplied,
        ),
        (
            403,
            r#"{"errorCode":"InvalidMFAToken","errorMessage":"x"}"#,
            ErrorKind::MfaRejected,
            Outcome::NotApplied,
        ),
        (
            404,
            r#"{"errorCode":"ResourceNotFound","errorMessage":"x"}"#,
            ErrorKind::NotFound,
            Outcome::NotApplied,
        ),
        (
            429,
            r#"{"errorCode":"TooManyRequests","errorMessage":"x"}"#,
            ErrorKind::RateLimited,
            Outcome::NotApplied,
        ),
        (
            500,
            r#"{"errorCode":"InternalError","errorMessage":"x"}"#,
            ErrorKind::Server,
            Outcome::Unknown,
        ),
        (
            502,
            "<html><body>Bad Gateway</body></html>",
            ErrorKind::Server,
            Outcome::Unknown,
        ),
        (302, "", ErrorKind::UnexpectedStatus, Outcome::Unknown),
        // Without the API's body only a status that by definition refuses proves anything.
        (
            413,
            "<html>too large</html>",
            ErrorKind::UnexpectedStatus,
            Outcome::NotApplied,
        ),
        (429, "", ErrorKind::RateLimited, Outcome::NotApplied),
        (
            409,
            "<html>conflict</html>",
            ErrorKind::UnexpectedStatus,
            Outcome::Unknown,
        ),
        (422, "", ErrorKind::Validation, Outcome::Unknown),
        (
            402,
            "<html>pay</html>",
            ErrorKind::Payment,
            Outcome::Unknown,
        ),
        (
            409,
            r#"{"errorCode":"Conflict","errorMessage":"x"}"#,
            ErrorKind::UnexpectedStatus,
            Outcome::NotApplied,
        ),
    ];
    for (status, body, kind, outcome) in table {
        let e = recharge(1, "c").read(&response(status, body)).unwrap_err();
        assert_eq!((e.kind(), e.outcome()), (kind, outcome), "{status} {body}");
        assert_eq!(e.status().map(|s| s.as_u16()), Some(status));
        // Reads never change money.
        for e in [
            Balance::new().read(&response(status, body)).unwrap_err(),
            Payments::new().read(&response(status, body)).unwrap_err(),
        ] {
            assert_eq!((e.kind(), e.outcome()), (kind, Outcome::NotApplied));
        }
    }
    let e = recharge(1, "c")
        .read(&response(
            403,
            r#"{"errorCode":"MFARequired","errorMessage":"메일","mfa":{"transactionId":"t1"}}"#,
        ))
        .unwrap_err();
    assert_eq!(e.mfa_transaction_id(), Some("t1"));
    assert_eq!(e.api_message(), Some("메일"));
}

#[test]
fn unreadable_bodies_name_the_path_and_keep_a_prefix() {
    let body = r#"[{"balanceAmount": 1, "pointAmount": 0, "accountId": "a", "oldBalance": "x1",
        "newBalance": 1, "oldPoint": 0, "newPoint": 0, "type": "MANUAL",
        "dateCreated": "2024-01-01T00:00:00.000Z", "historyId": "h"}]"#;
    let e = History::default().read(&response(200, body)).unwrap_err();
    assert_eq!(e.kind(), ErrorKind::Decode);
    assert_eq!(e.json_path(), Some("[0].oldBalance"));
    assert!(e.body_prefix().unwrap().starts_with("[{\"balanceAmount\""));
    assert!(e.to_string().contains("at `[0].oldBalance`"), "{e}");

    for body in [
        "",
        "  ",
        "<html>oops</html>",
        "[{",
        "{\"errorCode\": \"X\"}",
        "[]",
        "\u{0}\u{1}",
    ] {
        let e = Balance::new().read(&response(200, body)).unwrap_err();
        assert_eq!(e.kind(), ErrorKind::Decode, "{body:?}");
    }
    let invalid_utf8 = Response::builder()
        .status(200)
        .body(vec![b'[', 0xff, 0xfe, b']'])
        .unwrap();
    assert_eq!(
        History::default().read(&invalid_utf8).unwrap_err().kind(),
        ErrorKind::Decode
    );
    let e = Payments::new()
        .read(&response(200, r#"{"payments":[{"description":"no id"}]}"#))
        .unwrap_err();
    assert_eq!(e.json_path(), Some("payments[0]"), "{e}");
    // A 2xx recharge answer that cannot be read (the 2018 recharge page documents `{}` as
    // its answer; a proxy's page is HTML) is evidence that it was applied, not proof: a
    // gateway in front of the service answers 2xx too (issue 20). Unknown, to reconcile.
    for body in ["<html/>", "{}", "", "{\"accountId\":", "oops"] {
        let e = recharge(1, "c").read(&response(200, body)).unwrap_err();
        assert_eq!(
            (e.kind(), e.outcome()),
            (ErrorKind::Decode, Outcome::Unknown),
            "{body:?}"
        );
        assert!(e.may_have_been_applied());
        assert!(
            e.to_string()
                .contains("[outcome unknown: a 2xx without a readable receipt does not prove"),
            "{e}"
        );
    }
}

#[test]
fn plain_second_factor_writes_carry_the_code() {
    let mfa = MfaData::email("tx", "123456");
    let r = ToggleAutoRecharge::new()
        .with_mfa(mfa.clone())
        .request(&base())
        .unwrap();
    assert!(Operation::ToggleAutoRecharge.second_factor());
    assert_eq!(r.method(), "PUT");
    let header = &r.headers()["x-mfa-data"];
    assert!(header.is_sensitive(), "the code stays out of logs");
    assert_eq!(
        header,
        r#"{"authType":"EMAIL","transactionId":"tx","token":"123456"}"#
    );
    let removal = solapi_cash_types::models::PaymentRemoval::new("abc123");
    let r = RemovePayment::new(removal.clone())
        .request(&base())
        .unwrap();
    assert!(r.headers().get("x-mfa-data").is_none());
    let r = RemovePayment::new(removal)
        .with_mfa(mfa)
        .request(&base())
        .unwrap();
    assert_eq!(r.body(), br#"{"paymentId":"abc123"}"#);
    assert!(r.headers().get("x-mfa-data").is_some());
    let bad = MfaData::email("tx", "12é34");
    let e = ToggleAutoRecharge::new()
        .with_mfa(bad)
        .request(&base())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput);
}

#[test]
fn each_call_that_moves_money_says_which_entry_it_writes() {
    let entry = |e: Option<crate::EntryMatch>| {
        let e = e.expect("moves money");
        (e.kind().clone(), e.balance_amount().clone(), e.amount())
    };
    assert_eq!(
        entry(Transfer::new(transfer()).moved_money()),
        (
            HistoryType::Transfer,
            Money::from_i64(-1_000),
            Money::from_i64(1_000)
        )
    );
    assert_eq!(
        entry(Withdraw::new(WithdrawRequest::new(won!(20_000))).moved_money()),
        (
            HistoryType::Withdraw,
            Money::from_i64(-20_000),
            Money::from_i64(20_000)
        )
    );
    assert_eq!(
        entry(Recharge::new(RechargeRequest::new(won!(700), "card")).moved_money()),
        (
            HistoryType::Recharge,
            Money::from_i64(700),
            Money::from_i64(700)
        )
    );
    assert!(Balance::new().moved_money().is_none());
    assert!(BankAccount::new().moved_money().is_none());
}

#[test]
fn query_rows_check_their_query_before_sending_and_page_by_key() {
    use crate::pager::KeyedQuery;
    use solapi_cash_types::query::{RechargeHistoryQuery, WithdrawQuery};

    let r = Withdrawals::new(WithdrawQuery::new().limit(20).start_key("w2"))
        .request(&base())
        .unwrap();
    assert_eq!(r.method(), "GET");
    assert_eq!(
        r.uri(),
        "http://127.0.0.1:9/cash/v1/withdraw?startKey=w2&limit=20"
    );
    assert!(r.body().is_empty() && r.headers().get(CONTENT_TYPE).is_none());
    // Not built: checked here, before anything is sent.
    let e = Withdrawals::new(WithdrawQuery::new().limit(0))
        .request(&base())
        .unwrap_err();
    assert_eq!(e.kind(), ErrorKind::InvalidInput, "{e}");
    let e = RechargeHistory::new(RechargeHistoryQuery::new().limit(0))
        .request(&base())
        .unwrap_err();
    assert_eq!(e.operation(), Some(Operation::RechargeHistory), "{e}");
    // The row's `KeyedQuery`: the same query at another key.
    let next = WithdrawQuery::new().limit(5).at_key(Some("k9"));
    assert_eq!((next.key(), next.page_limit()), (Some("k9"), Some(5)));
    assert_eq!(
        <RechargeHistoryQuery as KeyedQuery>::OPERATION,
        Operation::RechargeHistory
    );
}

#[test]
fn the_bank_accounts_writes_carry_the_number_only_in_the_body() {
    use solapi_cash_types::models::{BankAccountNumber, NewBankAccount};

    let account = NewBankAccount::new(
        BankAccountNumber::parse("110-234-567890").unwrap(),
        "088",
        "Kim",
    )
    .unwrap();
    let mfa = MfaData::email("tx", "123456");
    let plain = AddBankAccount::new(account.clone());
    let r = plain.request(&base()).unwrap();
    assert_eq!(
        (r.method().as_str(), r.uri().path()),
        ("POST", "/cash/v1/bank/accounts")
    );
    assert_eq!(
        r.body(),
        br#"{"accountNumber":"110234567890","bankCode":"088","holderName":"Kim"}"#
    );
    assert!(r.headers().get("x-mfa-data").is_none());
    let answered = AddBankAccount::new(account.with_second_factor(&mfa)).with_mfa(mfa.clone());
    let r = answered.request(&base()).unwrap();
    assert!(r.headers()["x-mfa-data"].is_sensitive());
    assert!(
        r.body()
            .ends_with(br#""transactionId":"tx","authenticationCode":"123456"}"#)
    );
    for shown in [format!("{plain:?}"), format!("{answered:?}")] {
        assert!(
            !shown.contains("110234567890") && !shown.contains("123456"),
            "{shown}"
        );
    }
    let r = RemoveBankAccount::new()
        .with_mfa(mfa)
        .request(&base())
        .unwrap();
    assert_eq!(r.method(), "DELETE");
    assert!(r.body().is_empty());
    for op in [Operation::AddBankAccount, Operation::RemoveBankAccount] {
        assert!(op.second_factor() && !op.changes_money());
        assert_eq!(op.repeat(), crate::endpoints::Repeat::Never);
    }
}

#[test]
fn an_unknown_outcome_names_what_moved() {
    let mut failed = Response::new(b"oops".to_vec());
    *failed.status_mut() = http::StatusCode::BAD_GATEWAY;
    let transfer = Transfer::new(transfer()).read(&failed).unwrap_err();
    assert!(
        transfer
            .to_string()
            .contains("the transfer may have been applied"),
        "{transfer}"
    );
    let withdrawal = Withdraw::new(WithdrawRequest::new(won!(20_000)))
        .read(&failed)
        .unwrap_err();
    assert!(
        withdrawal
            .to_string()
            .contains("the withdrawal may have been applied"),
        "{withdrawal}"
    );
}
