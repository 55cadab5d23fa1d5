use crate::{
    ApiErrorBody, BalanceResponse, Flag, HistoryEntry, HistoryType, LowBalanceAlert, MfaData,
    Money, PaymentList, RechargeRequest, RechargeResponse,
};

/// The second entry of the history page's documented sample (`../shared/seeds/001_*`).
const SEED_ENTRY: &str = r#"{
    "balanceAmount": 100, "pointAmount": -100, "groupId": null, "memo": null,
    "rechargeMethod": null, "serviceMethod": null, "chargedMethod": null, "paymentMethod": null,
    "accountId": "19041920726336", "oldBalance": 0, "newBalance": 100, "oldPoint": 300,
    "newPoint": 200, "type": "MANUAL", "dateCreated": "2018-04-01T09:00:00.000Z",
    "historyId": "5db728d9aa83954519463aec"
}"#;

/// `text` without the whitespace between tokens (strings untouched), for byte comparisons.
fn compact(text: &str) -> String {
    let mut out = String::new();
    let mut in_string = false;
    let mut escaped = false;
    for c in text.chars() {
        if in_string {
            escaped = !escaped && c == '\\';
            in_string = escaped || c != '"';
        } else if c == '"' {
            in_string = true;
        } else if c.is_whitespace() {
            continue;
        }
        out.push(c);
    }
    out
}

#[test]
fn seed_history_entry_decodes_and_round_trips_byte_for_byte() {
    let e: HistoryEntry = serde_json::from_str(SEED_ENTRY).unwrap();
    assert_eq!(e.kind, HistoryType::Manual);
    assert_eq!(e.balance_amount, Money::from_i64(100));
    assert_eq!(e.point_amount, Money::from_i64(-100));
    assert_eq!(e.date_created.as_str(), "2018-04-01T09:00:00.000Z");
    assert!(e.extra.is_empty());
    let written = serde_json::to_string(&e).unwrap();
    // Keys in the documented order, every documented key present.
    let expected = compact(SEED_ENTRY);
    assert_eq!(written, expected);
    let again: HistoryEntry = serde_json::from_str(&written).unwrap();
    assert_eq!(again, e);
}

#[test]
fn unknown_fields_are_kept_in_order_and_written_back() {
    let body = r#"{"balanceAmount": 10130.5, "pointAmount": 0, "accountId": "a",
        "zeta": {"nested": [1, 2.50]}, "oldBalance": 0, "newBalance": 10130.5, "oldPoint": 0,
        "newPoint": 0, "type": "REFUND", "dateCreated": "2024-01-01T00:00:00Z",
        "historyId": "x", "alpha": 1.4210854715202004e-14, "zeta": "again"}"#;
    let e: HistoryEntry = serde_json::from_str(body).unwrap();
    assert_eq!(e.kind, HistoryType::Other("REFUND".into()));
    assert_eq!(e.new_balance.to_string(), "10130.5");
    assert_eq!(e.group_id, None);
    let kept: Vec<(&str, &str)> = e.extra.iter().map(|(k, v)| (k, v.get())).collect();
    assert_eq!(
        kept,
        [
            ("zeta", r#"{"nested": [1, 2.50]}"#),
            ("alpha", "1.4210854715202004e-14"),
            ("zeta", r#""again""#)
        ]
    );
    let written = serde_json::to_string(&e).unwrap();
    assert!(
        written.ends_with(
            r#""historyId":"x","zeta":{"nested": [1, 2.50]},"alpha":1.4210854715202004e-14,"zeta":"again"}"#
        ),
        "{written}"
    );
    let again: HistoryEntry = serde_json::from_str(&written).unwrap();
    assert_eq!(again, e);
}

#[test]
fn descriptive_fields_of_an_unexpected_type_are_kept_raw_not_errors() {
    let body = r#"{"balanceAmount": 1, "pointAmount": 0, "groupId": 42, "memo": {"k": [true]},
        "rechargeMethod": false, "serviceMethod": ["MT"], "chargedMethod": "CARD",
        "paymentMethod": 1e3, "accountId": "a", "oldBalance": 0, "newBalance": 1,
        "oldPoint": 0, "newPoint": 0, "type": "MANUAL",
        "dateCreated": "2024-01-01T00:00:00.000Z", "historyId": "h"}"#;
    let e: HistoryEntry = serde_json::from_str(body).unwrap();
    assert_eq!(
        (
            &e.group_id,
            &e.memo,
            &e.recharge_method,
            &e.service_method,
            &e.payment_method
        ),
        (&None, &None, &None, &None, &None)
    );
    assert_eq!(e.charged_method.as_deref(), Some("CARD"));
    assert_eq!(e.extra.get("groupId").unwrap().get(), "42");
    assert_eq!(e.extra.get("memo").unwrap().get(), r#"{"k": [true]}"#);
    assert_eq!(e.extra.len(), 5);
    // Written back in their documented place, as sent.
    let written = serde_json::to_string(&e).unwrap();
    assert!(
        written.starts_with(
            r#"{"balanceAmount":1,"pointAmount":0,"groupId":42,"memo":{"k": [true]},"rechargeMethod":false,"serviceMethod":["MT"],"chargedMethod":"CARD","paymentMethod":1e3,"accountId":"a""#
        ),
        "{written}"
    );
    assert_eq!(serde_json::from_str::<HistoryEntry>(&written).unwrap(), e);
}

#[test]
fn strict_fields_still_fail_with_a_clear_error() {
    for (field, value, needle) in [
        ("oldBalance", r#""x1""#, "invalid money value `x1`"),
        ("oldBalance", "true", "boolean"),
        ("balanceAmount", "null", "null"),
        ("accountId", "19041920726336", "expected a string"),
        ("historyId", "null", "expected a string"),
        ("type", "1", "expected a string"),
        ("dateCreated", r#""yesterday""#, "ISO 8601"),
    ] {
        let body = SEED_ENTRY.replacen(
            &format!("\"{field}\": "),
            &format!("\"{field}\": {value}, \"was\": "),
            1,
        );
        let err = serde_json::from_str::<HistoryEntry>(&body)
            .unwrap_err()
            .to_string();
        assert!(err.contains(needle), "{field}: {err}");
    }
    let missing = SEED_ENTRY.replace(r#""historyId": "5db728d9aa83954519463aec""#, r#""x": 1"#);
    let err = serde_json::from_str::<HistoryEntry>(&missing).unwrap_err();
    assert!(
        err.to_string().contains("missing field `historyId`"),
        "{err}"
    );
    let twice = SEED_ENTRY.replace(r#""memo": null,"#, r#""oldBalance": 5,"#);
    let err = serde_json::from_str::<HistoryEntry>(&twice).unwrap_err();
    assert!(
        err.to_string().contains("duplicate field `oldBalance`"),
        "{err}"
    );
    for body in ["[]", "1", "\"entry\"", "null"] {
        let err = serde_json::from_str::<HistoryEntry>(body).unwrap_err();
        assert!(err.to_string().contains("HistoryEntry"), "{body}: {err}");
    }
}

#[test]
fn money_in_any_json_number_form_round_trips_in_an_entry() {
    let body = SEED_ENTRY
        .replace(r#""oldBalance": 0"#, r#""oldBalance": 196.00000000001592"#)
        .replace(
            r#""newBalance": 100"#,
            r#""newBalance": 296.00000000001592"#,
        )
        .replace(r#""oldPoint": 300"#, r#""oldPoint": -0"#)
        .replace(r#""newPoint": 200"#, r#""newPoint": 1E+2"#)
        .replace(
            r#""pointAmount": -100"#,
            r#""pointAmount": 0.1000000000000000055511151231257827021181583404541015625"#,
        );
    let e: HistoryEntry = serde_json::from_str(&body).unwrap();
    assert_eq!(
        e.old_balance.checked_add(&e.balance_amount),
        Some(e.new_balance.clone())
    );
    assert_eq!(e.new_point.to_string(), "100");
    assert_eq!(e.old_point, Money::ZERO);
    let written = serde_json::to_string(&e).unwrap();
    assert_eq!(written, compact(&body));
}

#[test]
fn seed_recharge_response_decodes_and_keeps_more() {
    let body = r#"{"accountId": "19041920726336", "oldBalance": 10130, "newBalance": 20130,
        "oldPoint": 0, "newPoint": 0, "balanceAmount": 10000, "pointAmount": 0,
        "type": "RECHARGE", "historyId": "5d491966384bbe6e51a2ceb6",
        "dateCreated": "2019-08-06T06:16:06.000Z"}"#;
    let r: RechargeResponse = serde_json::from_str(body).unwrap();
    assert_eq!(r.new_balance, Money::from_i64(20130));
    assert_eq!(r.kind, HistoryType::Recharge);
    assert_eq!(
        r.extra.get("dateCreated").unwrap().get(),
        r#""2019-08-06T06:16:06.000Z""#
    );
    assert_eq!(serde_json::to_string(&r).unwrap(), compact(body));
    let req = RechargeRequest::new(
        crate::Won::new(10000).unwrap(),
        "1407974467827303801565071718686",
    );
    assert_eq!(
        serde_json::to_string(&req).unwrap(),
        r#"{"amount":10000,"paymentId":"1407974467827303801565071718686"}"#
    );
}

/// The documented `GET /cash/v1/balance` sample (solapi/documents,
/// `api-reference/cash/getbalance.md`), as published.
const DOCUMENTED_BALANCE: &str = r#"{
    "lowBalanceAlert": {
        "notificationBalance": "0",
        "currentBalance": null,
        "balances": [200],
        "channels": ["SMS"],
        "enabled": true
    },
    "point": 0,
    "minimumCash": 0,
    "rechargeTo": 0,
    "rechargeTryCount": 0,
    "autoRecharge": 0,
    "accountId": "13628535",
    "balance": 0
}"#;

#[test]
fn the_documented_balance_decodes_and_round_trips() {
    let b: BalanceResponse = serde_json::from_str(DOCUMENTED_BALANCE).unwrap();
    assert_eq!(b.balance, Some(Money::ZERO));
    assert_eq!(b.auto_recharge.as_ref().and_then(Flag::is_on), Some(false));
    let alert = b.low_balance_alert.as_ref().unwrap();
    assert_eq!(alert.current_balance, None);
    assert_eq!(alert.balances, Some(vec![Money::from_i64(200)]));
    assert_eq!(
        serde_json::to_string(&b).unwrap(),
        compact(DOCUMENTED_BALANCE)
    );
}

#[test]
fn the_node_sdk_fixture_and_the_2018_page_decode() {
    // solapi/solapi-nodejs test/lib/decodeServerResponse.test.ts ("실제 getBalance 응답").
    let node = r#"{"lowBalanceAlert": {"notificationBalance": "200",
        "currentBalance": "196.00000000001592", "balances": [200, 1000000, 30000000],
        "channels": ["EMAIL", "ATA"], "enabled": true}, "point": 0, "minimumCash": 3000,
        "rechargeTo": 50000, "rechargeTryCount": 0, "autoRecharge": 0, "accountId": "486",
        "balance": 0, "deposit": 0, "balanceOnly": 0}"#;
    let b: BalanceResponse = serde_json::from_str(node).unwrap();
    assert_eq!(b.balance_only.as_ref().and_then(Flag::is_on), Some(false));
    assert_eq!(b.deposit, Some(Money::ZERO));
    assert_eq!(serde_json::to_string(&b).unwrap(), compact(node));
    // solapi/documents api-reference/cash-api/undefined.md (2018): no `point`, more fields.
    let old = r#"{"accountId": "4918201", "balance": 100, "isRecharging": false,
        "minimumCash": 0, "rechargeTo": 0, "rechargeTryCount": 0,
        "dateTriedRecharge": "2018-06-18T13:01:03.004Z"}"#;
    let b: BalanceResponse = serde_json::from_str(old).unwrap();
    assert_eq!((b.balance, b.point), (Some(Money::from_i64(100)), None));
    assert_eq!(b.extra.len(), 2);
}

#[test]
fn balance_and_point_may_be_null_or_missing_but_not_everything() {
    let b: BalanceResponse = serde_json::from_str(r#"{"balance": null, "point": null}"#).unwrap();
    assert_eq!((&b.balance, &b.point), (&None, &None));
    assert_eq!(serde_json::to_string(&b).unwrap(), r#"{"balance":null}"#);
    let b: BalanceResponse = serde_json::from_str(r#"{"point": 1}"#).unwrap();
    assert_eq!((&b.balance, &b.point), (&None, &Some(Money::from_i64(1))));
    for body in ["{}", r#"{"errorCode": "X"}"#, "[]", "null"] {
        assert!(
            serde_json::from_str::<BalanceResponse>(body).is_err(),
            "{body}"
        );
    }
    let err = serde_json::from_str::<BalanceResponse>(r#"{"payments": []}"#).unwrap_err();
    assert!(
        err.to_string().contains("no field of BalanceResponse"),
        "{err}"
    );
    // Money stays strict: a balance that is not a number fails (as in the Node SDK).
    let err = serde_json::from_str::<BalanceResponse>(r#"{"balance": "not a number"}"#)
        .unwrap_err()
        .to_string();
    assert!(err.contains("invalid money value"), "{err}");
}

#[test]
fn balance_flags_accept_numbers_and_booleans_and_keep_them() {
    for (sent, on) in [
        ("0", Some(false)),
        ("1", Some(true)),
        ("true", Some(true)),
        ("false", Some(false)),
        ("2", Some(true)),
        ("1.0", Some(true)),
        ("-1", None),
        ("0.5", None),
    ] {
        let body = format!(r#"{{"balance": 1, "autoRecharge": {sent}, "balanceOnly": {sent}}}"#);
        let b: BalanceResponse = serde_json::from_str(&body).unwrap();
        assert_eq!(b.auto_recharge.as_ref().unwrap().is_on(), on, "{sent}");
        assert_eq!(b.balance_only.as_ref().unwrap().is_on(), on, "{sent}");
        assert_eq!(
            serde_json::to_string(&b).unwrap(),
            format!(r#"{{"autoRecharge":{sent},"balance":1,"balanceOnly":{sent}}}"#)
        );
    }
}

#[test]
fn balance_descriptive_fields_never_fail_the_read() {
    let body = r#"{"balance": 1000.5, "minimumCash": {"won": 1}, "rechargeTo": "lots",
        "rechargeTryCount": -1, "autoRecharge": "yes", "balanceOnly": null,
        "lowBalanceAlert": {"notificationBalance": 1000, "currentBalance": null,
        "balances": [1, "x"], "channels": "EMAIL", "enabled": 1, "lastBalance": 0}}"#;
    let b: BalanceResponse = serde_json::from_str(body).unwrap();
    assert_eq!(
        b.balance.as_ref().map(Money::to_string).as_deref(),
        Some("1000.5")
    );
    assert_eq!(
        (
            &b.minimum_cash,
            &b.recharge_to,
            &b.recharge_try_count,
            &b.auto_recharge
        ),
        (&None, &None, &None, &None)
    );
    let kept: Vec<&str> = b.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(
        kept,
        [
            "minimumCash",
            "rechargeTo",
            "rechargeTryCount",
            "autoRecharge"
        ]
    );
    let alert = b.low_balance_alert.as_ref().unwrap();
    assert_eq!(alert.notification_balance, None);
    assert_eq!(alert.balances, None);
    let kept: Vec<&str> = alert.extra.iter().map(|(k, _)| k).collect();
    assert_eq!(
        kept,
        [
            "notificationBalance",
            "balances",
            "channels",
            "enabled",
            "lastBalance"
        ]
    );
    // Not an object at all: the alert is kept raw one level up.
    let b: BalanceResponse =
        serde_json::from_str(r#"{"balance": 1, "lowBalanceAlert": "off"}"#).unwrap();
    assert_eq!(b.low_balance_alert, None);
    assert_eq!(b.extra.get("lowBalanceAlert").unwrap().get(), r#""off""#);
    // Strict fields of the balance stay strict.
    for body in [
        r#"{"balance": 1, "deposit": "x"}"#,
        r#"{"balance": 1, "accountId": 486}"#,
        r#"{"balance": 1, "point": []}"#,
    ] {
        assert!(
            serde_json::from_str::<BalanceResponse>(body).is_err(),
            "{body}"
        );
    }
}

#[test]
fn constructors_build_what_decoding_would() {
    let mut b = BalanceResponse::new(1000, 5);
    b.account_id = Some("a".into());
    let mut alert = LowBalanceAlert::new();
    alert.enabled = Some(false);
    b.low_balance_alert = Some(alert);
    let text = serde_json::to_string(&b).unwrap();
    assert_eq!(
        text,
        r#"{"lowBalanceAlert":{"notificationBalance":null,"currentBalance":null,"balances":null,"channels":null,"enabled":false},"point":5,"accountId":"a","balance":1000}"#
    );
    assert_eq!(serde_json::from_str::<BalanceResponse>(&text).unwrap(), b);
}

#[test]
fn payment_lists_decode_every_documented_form() {
    // solapi/documents api-reference/cash/getpaymentlist.md (2019).
    let documented = r#"{"payments": [{"autoRecharge": 0, "expDate": "2019/01",
        "_id": "4855688201067874001572284631928", "description": "h"}]}"#;
    let list: PaymentList = serde_json::from_str(documented).unwrap();
    let card = &list.payments[0];
    assert_eq!(card.id, "4855688201067874001572284631928");
    assert_eq!(card.auto_recharge_priority(), None);
    assert_eq!(card.exp_date.as_deref(), Some("2019/01"));
    // solapi.com/developers/api/payment-method-getPayment (2026): priorities and dates.
    let newer = r#"{"payments": [{"_id": "1234567890123456789",
        "description": "[VISA] 1234 12/25", "autoRecharge": 1, "expDate": "2025/12",
        "dateCreated": "2024-01-10T08:00:00.000Z", "dateUpdated": "2024-06-15T10:00:00.000Z"}]}"#;
    let list: PaymentList = serde_json::from_str(newer).unwrap();
    let card = &list.payments[0];
    assert_eq!(card.auto_recharge_priority().map(|p| p.get()), Some(1));
    assert!(card.date_updated.as_ref().unwrap() > card.date_created.as_ref().unwrap());
    assert_eq!(serde_json::to_string(&list).unwrap(), compact(newer));
    // solapi/documents rest-api-reference/cash-api-v1/get-payment-list.md (2018): booleans
    // and an `_id` beside the list.
    let old = r#"{"_id": "xxxxxx", "payments": [{"autoRecharge": false,
        "description": "월급 받는 카드 1", "_id": "6010864779767788001528419340229"}]}"#;
    let list: PaymentList = serde_json::from_str(old).unwrap();
    assert_eq!(
        list.payments[0].auto_recharge.as_ref().unwrap().is_on(),
        Some(false)
    );
    assert_eq!(list.extra.get("_id").unwrap().get(), r#""xxxxxx""#);
    // Descriptive fields are lenient; the id and the list are strict.
    let odd = r#"{"payments": [{"_id": "p", "expDate": 201901, "dateCreated": "soon"}]}"#;
    let list: PaymentList = serde_json::from_str(odd).unwrap();
    assert_eq!(list.payments[0].extra.len(), 2);
    for bad in [
        r#"{"payments": [{"description": "no id"}]}"#,
        r#"{"payments": [{"_id": 5}]}"#,
        r#"{"payments": {}}"#,
        r#"{}"#,
    ] {
        assert!(serde_json::from_str::<PaymentList>(bad).is_err(), "{bad}");
    }
}

#[test]
fn error_body_keeps_unknown_keys_and_the_mfa_challenge() {
    let body = r#"{"errorCode": "MFARequired", "errorMessage": "2차 인증이 필요합니다.",
        "mfa": {"transactionId": "abc"}, "requestId": "r-1"}"#;
    let e: ApiErrorBody = serde_json::from_str(body).unwrap();
    assert_eq!(e.mfa.as_ref().unwrap().transaction_id, "abc");
    assert_eq!(e.extra.get("requestId").unwrap().get(), r#""r-1""#);
    assert_eq!(serde_json::to_string(&e).unwrap(), compact(body));
    for (message, kept) in [("null", false), ("5", true)] {
        let e: ApiErrorBody = serde_json::from_str(&format!(
            r#"{{"errorCode": "X", "errorMessage": {message}}}"#
        ))
        .unwrap();
        assert_eq!(e.error_message, "");
        assert_eq!(e.extra.get("errorMessage").is_some(), kept);
    }
    let e: ApiErrorBody = serde_json::from_str(r#"{"errorCode": "X", "mfa": {}}"#).unwrap();
    assert_eq!(e.mfa, None);
    assert!(serde_json::from_str::<ApiErrorBody>(r#"{"errorMessage": "x"}"#).is_err());
}

#[test]
fn entries_build_and_decode_alike() {
    let entry = HistoryEntry::builder(
        "h",
        "a",
        "DEDUCT",
        time::macros::datetime!(2024-05-01 00:30:00.123 UTC),
    )
    .old_balance(100)
    .balance_amount(-8)
    .new_balance(92)
    .memo("m")
    .maybe_group_id(None::<String>)
    .build();
    let text = serde_json::to_string(&entry).unwrap();
    assert_eq!(
        text,
        r#"{"balanceAmount":-8,"pointAmount":0,"groupId":null,"memo":"m","rechargeMethod":null,"serviceMethod":null,"chargedMethod":null,"paymentMethod":null,"accountId":"a","oldBalance":100,"newBalance":92,"oldPoint":0,"newPoint":0,"type":"DEDUCT","dateCreated":"2024-05-01T00:30:00.123Z","historyId":"h"}"#
    );
    assert_eq!(serde_json::from_str::<HistoryEntry>(&text).unwrap(), entry);
    let receipt = RechargeResponse::from(entry);
    assert_eq!(receipt.balance_amount, Money::from_i64(-8));
}

#[test]
fn models_decode_from_readers_and_values_too() {
    let e: HistoryEntry = serde_json::from_reader(SEED_ENTRY.as_bytes()).unwrap();
    let v: serde_json::Value = serde_json::from_str(SEED_ENTRY).unwrap();
    assert_eq!(serde_json::from_value::<HistoryEntry>(v).unwrap(), e);
    let odd = SEED_ENTRY.replace(r#""memo": null"#, r#""memo": [1]"#);
    let e: HistoryEntry = serde_json::from_reader(odd.as_bytes()).unwrap();
    assert_eq!(e.extra.get("memo").unwrap().get(), "[1]");
}

#[test]
fn mfa_header_round_trips_and_hides_the_code() {
    let d = MfaData::email("tx1", "123456");
    assert_eq!(
        d.to_header_value(),
        r#"{"authType":"EMAIL","transactionId":"tx1","token":"123456"}"#
    );
    assert_eq!(MfaData::from_header_value(&d.to_header_value()).unwrap(), d);
    assert!(!format!("{d:?}").contains("123456"));
}
