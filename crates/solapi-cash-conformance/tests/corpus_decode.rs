//! The corpus (`corpus/`, listed in `src/corpus.rs`) against the library's own readers: every
//! documented success body decodes, every money value prints back exactly as sent, nothing
//! the service sent is lost when the decoded value is written out again, and every
//! documented error maps to its documented kind.
//!
//! The expectations come from the raw JSON text of each file (serde_json's `RawValue`), never
//! from the library's decoder. Each test checks every file and reports all failures at once.

#![allow(clippy::unwrap_used)]

use std::collections::BTreeSet;

use http::Response;
use solapi_cash_conformance::corpus::{
    self, Body, Endpoint, Expect, Origin, RequestExpect, assert_no_failures, bodies,
    documented_errors, losses, money_values, requests,
};
use solapi_cash_core::endpoint::{
    AddBankAccount, AddPayment, Alert, Balance, BankAccount, History, Payments, Receipt, Recharge,
    RechargeHistory, RemoveBankAccount, RemovePayment, SetAlert, SetAutoRecharge, SwitchAlert,
    ToggleAutoRecharge, Transfer, Withdraw, Withdrawals,
};
use solapi_cash_core::{Endpoint as _, Error, ErrorKind, Outcome};
use solapi_cash_types::models::{
    AlertSettings, AlertSwitch, AutoRechargeSettings, NewBankAccount, NewCard, PaymentRemoval,
    RechargeRequest, TransferRequest, WithdrawRequest,
};
use solapi_cash_types::query::{RechargeHistoryQuery, WithdrawQuery};
use solapi_cash_types::{HistoryQuery, Money, won};

fn response(status: u16, body: &str) -> Response<Vec<u8>> {
    Response::builder()
        .status(status)
        .header("content-type", "application/json")
        .body(body.as_bytes().to_vec())
        .unwrap()
}

/// The recharge the corpus's recharge answers answer (its amount does not matter to the
/// reader).
fn recharge() -> Recharge {
    Recharge::new(RechargeRequest::new(
        solapi_cash_types::won!(10000),
        "4855688201067874001572284631928",
    ))
}

/// A card the registration answers answer (the reader does not look at it).
fn card() -> NewCard {
    NewCard::from_fields(
        "4111111111111111",
        "123",
        2099,
        12,
        None,
        time::macros::date!(2026 - 01 - 01),
    )
    .unwrap()
}

/// The library's reader for `endpoint`, its answer written back out as JSON.
fn read(endpoint: Endpoint, status: u16, body: &str) -> Result<String, Error> {
    let r = response(status, body);
    let written = match endpoint {
        Endpoint::Balance => serde_json::to_string(&Balance::new().read(&r)?),
        Endpoint::History => {
            serde_json::to_string(&History::new(HistoryQuery::default()).read(&r)?)
        }
        Endpoint::Recharge => serde_json::to_string(&recharge().read(&r)?),
        Endpoint::PaymentList => serde_json::to_string(&Payments::new().read(&r)?),
        Endpoint::AutoRechargeToggle => serde_json::to_string(&ToggleAutoRecharge::new().read(&r)?),
        Endpoint::SetAutoRecharge => {
            let settings = AutoRechargeSettings::new(["1"], 1_000, 10_000).unwrap();
            serde_json::to_string(&SetAutoRecharge::new(settings).read(&r)?)
        }
        Endpoint::AddPayment => serde_json::to_string(&AddPayment::new(card()).read(&r)?),
        Endpoint::RemovePayment => {
            serde_json::to_string(&RemovePayment::new(PaymentRemoval::new("1")).read(&r)?)
        }
        Endpoint::Alert => serde_json::to_string(&Alert::new().read(&r)?),
        Endpoint::RechargeHistory => {
            serde_json::to_string(&RechargeHistory::new(RechargeHistoryQuery::new()).read(&r)?)
        }
        Endpoint::Withdrawals => {
            serde_json::to_string(&Withdrawals::new(WithdrawQuery::new()).read(&r)?)
        }
        Endpoint::BankAccount => serde_json::to_string(&BankAccount::new().read(&r)?),
        Endpoint::AddBankAccount => {
            let account = NewBankAccount::from_fields("0235235235235235", "01", "예금주").unwrap();
            serde_json::to_string(&AddBankAccount::new(account).read(&r)?)
        }
        Endpoint::RemoveBankAccount => serde_json::to_string(&RemoveBankAccount::new().read(&r)?),
        Endpoint::Transfer => {
            let request = TransferRequest::new("214727", won!(1000)).unwrap();
            serde_json::to_string(&Transfer::new(request).read(&r)?)
        }
        Endpoint::Withdraw => {
            serde_json::to_string(&Withdraw::new(WithdrawRequest::new(won!(20_000))).read(&r)?)
        }
        Endpoint::Receipt => {
            serde_json::to_string(&Receipt::new("5db728daaa83954519463af8").read(&r)?)
        }
        Endpoint::SetAlert => {
            let settings = AlertSettings::new([200], ["SMS"]).unwrap();
            serde_json::to_string(&SetAlert::new(settings).read(&r)?)
        }
        Endpoint::SwitchAlert => {
            serde_json::to_string(&SwitchAlert::new(AlertSwitch::new(false)).read(&r)?)
        }
    };
    Ok(written.expect("a decoded answer serializes"))
}

fn with(expect: impl Fn(&Expect) -> bool, endpoint: Endpoint) -> Vec<Body> {
    bodies()
        .into_iter()
        .filter(|b| expect(&b.expect) && b.endpoints.contains(&endpoint))
        .collect()
}

/// Decodes every `Decodes` body of `endpoint` and compares what the reader writes back with
/// what was sent, leaf by leaf (numbers by their exact text).
fn success_bodies_decode_losslessly(endpoint: Endpoint) {
    let list = with(|e| *e == Expect::Decodes, endpoint);
    let mut failures = Vec::new();
    for body in &list {
        let text = body.text();
        match read(endpoint, 200, &text) {
            Err(e) => failures.push(format!("{}: does not decode: {e}", body.file)),
            Ok(written) => {
                for loss in losses(&text, &written).unwrap() {
                    failures.push(format!("{}: {loss}", body.file));
                }
            }
        }
    }
    assert_no_failures(
        &format!("{endpoint:?} success bodies"),
        list.len(),
        &failures,
    );
}

#[test]
fn balance_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::Balance);
}

#[test]
fn history_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::History);
}

#[test]
fn recharge_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::Recharge);
}

#[test]
fn alert_bodies_decode_and_lose_nothing() {
    for endpoint in [Endpoint::Alert, Endpoint::SetAlert, Endpoint::SwitchAlert] {
        success_bodies_decode_losslessly(endpoint);
    }
}

#[test]
fn auto_recharge_and_card_bodies_decode_and_lose_nothing() {
    for endpoint in [
        Endpoint::AutoRechargeToggle,
        Endpoint::SetAutoRecharge,
        Endpoint::AddPayment,
        Endpoint::RemovePayment,
    ] {
        success_bodies_decode_losslessly(endpoint);
    }
}

#[test]
fn receipt_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::Receipt);
}

#[test]
fn recharge_history_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::RechargeHistory);
}

#[test]
fn withdrawal_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::Withdrawals);
}

#[test]
fn transfer_and_withdrawal_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::Transfer);
    success_bodies_decode_losslessly(Endpoint::Withdraw);
}

#[test]
fn bank_account_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::BankAccount);
    success_bodies_decode_losslessly(Endpoint::AddBankAccount);
    success_bodies_decode_losslessly(Endpoint::RemoveBankAccount);
}

/// Each documented request body of the operator's settings, through the library's own
/// rules: accepted and written back leaf for leaf, refused before sending, or (`{}`) a
/// request the library sends without a body.
#[test]
fn documented_request_bodies_meet_the_library_rules() {
    let list = requests();
    let mut failures = Vec::new();
    for sample in &list {
        let text = sample.text();
        let value: serde_json::Value = serde_json::from_str(&text).unwrap();
        let written: Result<String, String> = match sample.endpoint {
            Endpoint::SetAutoRecharge => {
                let ids: Vec<String> = serde_json::from_value(value["paymentIds"].clone()).unwrap();
                AutoRechargeSettings::new(
                    ids,
                    value["minimumCash"].as_u64().unwrap(),
                    value["rechargeTo"].as_u64().unwrap(),
                )
                .map(|s| serde_json::to_string(&s).unwrap())
                .map_err(|e| e.to_string())
            }
            Endpoint::AddPayment => {
                let number = |v: &serde_json::Value| {
                    v.as_u64()
                        .or_else(|| v.as_str().and_then(|s| s.parse().ok()))
                        .unwrap()
                };
                NewCard::from_fields(
                    value["cardNumber"].as_str().unwrap(),
                    value["cvc"].as_str().unwrap(),
                    u32::try_from(number(&value["expYear"])).unwrap(),
                    u32::try_from(number(&value["expMonth"])).unwrap(),
                    value["description"].as_str(),
                    time::macros::date!(2019 - 01 - 01),
                )
                .map(|c| serde_json::to_string(&c).unwrap())
                .map_err(|e| e.to_string())
            }
            Endpoint::RemovePayment => {
                PaymentRemoval::checked(value["paymentId"].as_str().unwrap())
                    .map(|r| serde_json::to_string(&r).unwrap())
                    .map_err(|e| e.to_string())
            }
            Endpoint::AutoRechargeToggle => {
                let base = solapi_cash_core::BaseUrl::parse("http://127.0.0.1:9").unwrap();
                let request = ToggleAutoRecharge::new().request(&base).unwrap();
                Ok(String::from_utf8(request.body().clone()).unwrap())
            }
            Endpoint::AddBankAccount => NewBankAccount::from_fields(
                value["accountNumber"].as_str().unwrap(),
                value["bankCode"].as_str().unwrap(),
                value["holderName"].as_str().unwrap(),
            )
            .map(|a| serde_json::to_string(&a).unwrap())
            .map_err(|e| e.to_string()),
            Endpoint::RemoveBankAccount => {
                let base = solapi_cash_core::BaseUrl::parse("http://127.0.0.1:9").unwrap();
                let request = RemoveBankAccount::new().request(&base).unwrap();
                Ok(String::from_utf8(request.body().clone()).unwrap())
            }
            // Read as a server reads them: the models' own `Deserialize`, the same rules.
            Endpoint::Transfer => serde_json::from_str::<TransferRequest>(&text)
                .map(|r| serde_json::to_string(&r).unwrap())
                .map_err(|e| e.to_string()),
            Endpoint::Withdraw => serde_json::from_str::<WithdrawRequest>(&text)
                .map(|r| serde_json::to_string(&r).unwrap())
                .map_err(|e| e.to_string()),
            other => unreachable!("no request sample for {other:?}"),
        };
        match (sample.expect, written) {
            (RequestExpect::Accepted, Ok(written)) => match losses(&text, &written) {
                Ok(lost) if lost.is_empty() => {}
                Ok(lost) => failures.push(format!("{}: lost {lost:?}", sample.file)),
                Err(e) => failures.push(format!("{}: {e}", sample.file)),
            },
            (RequestExpect::Refused(word), Err(message)) if message.contains(word) => {}
            (RequestExpect::Empty, Ok(body))
                if body.is_empty() && value == serde_json::json!({}) => {}
            (expect, got) => {
                failures.push(format!("{}: expected {expect:?}, got {got:?}", sample.file))
            }
        }
    }
    assert_no_failures("documented request bodies", list.len(), &failures);
}

#[test]
fn payment_list_bodies_decode_and_lose_nothing() {
    success_bodies_decode_losslessly(Endpoint::PaymentList);
}

/// `Money`'s own text for every money value of every success body: what it writes back
/// (`json_text`, which JSON output uses) is the text that was sent, digit for digit
/// (exponent, sign of zero and trailing zeros included), and its plain digits (`Display`,
/// docs/models.md) are the same value.
#[test]
fn every_money_value_prints_back_as_sent() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for body in bodies().iter().filter(|b| b.expect == Expect::Decodes) {
        let text = body.text();
        for endpoint in body.endpoints {
            for (path, sent) in money_values(*endpoint, &text).unwrap() {
                checked += 1;
                match serde_json::from_str::<Money>(&sent) {
                    Ok(m)
                        if m.json_text() == sent
                            && m.to_string().parse::<Money>().as_ref() == Ok(&m) => {}
                    Ok(m) => failures.push(format!(
                        "{} `{path}`: sent {sent}, Money writes {} (plain {m})",
                        body.file,
                        m.json_text()
                    )),
                    Err(e) => failures.push(format!(
                        "{} `{path}`: sent {sent}, not read as Money: {e}",
                        body.file
                    )),
                }
            }
        }
    }
    assert_no_failures("money values", checked, &failures);
}

/// The 2018 shapes the service replaced (history entries with `beforeBalance`/`afterBalance`/
/// `amount` and no point; a list of payments made where the payment methods are listed now)
/// cannot become the models; the reader must say so clearly, without panicking.
#[test]
fn superseded_shapes_are_clear_decode_errors() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for endpoint in [Endpoint::History, Endpoint::PaymentList] {
        for body in with(|e| *e == Expect::Superseded, endpoint) {
            checked += 1;
            match read(endpoint, 200, &body.text()) {
                Ok(written) => failures.push(format!("{}: decoded as {written}", body.file)),
                Err(e) if e.kind() == ErrorKind::Decode && e.outcome() == Outcome::NotApplied => {}
                Err(e) => failures.push(format!("{}: {:?}: {e}", body.file, e.kind())),
            }
        }
    }
    assert_no_failures("superseded shapes", checked, &failures);
}

/// The 2018 recharge page documents `{}` as the answer to a successful recharge. A 2xx is
/// evidence that the money moved, not proof (issue 20: a gateway answers 2xx too): the error
/// must say "unknown" — never "not applied" — and carry the attempt to reconcile.
#[test]
fn a_recharge_answered_without_a_receipt_is_of_unknown_outcome() {
    let list = with(|e| *e == Expect::SuccessWithoutReceipt, Endpoint::Recharge);
    let mut failures = Vec::new();
    for body in &list {
        match recharge().read(&response(200, &body.text())) {
            Ok(r) => failures.push(format!("{}: read as a receipt: {r:?}", body.file)),
            Err(e) => {
                if e.outcome() != Outcome::Unknown {
                    failures.push(format!(
                        "{}: outcome {:?}, must be unknown ({e})",
                        body.file,
                        e.outcome()
                    ));
                }
            }
        }
    }
    assert_no_failures("recharge answers without a receipt", list.len(), &failures);
}

/// Every documented error, on every endpoint it applies to: the documented kind, status,
/// code and message, and what it proves: "not applied" for a refusal (the API's error body,
/// or a status answered instead of processing), "unknown" for a recharge answered otherwise.
#[test]
fn documented_errors_map_to_their_kinds() {
    let mut failures = Vec::new();
    let mut checked = 0;
    for documented in documented_errors() {
        let (body, want, text) = (&documented.body, documented.expect, &documented.text);
        // The message as sent, read independently of the library's error model.
        let message = documented.message.clone();
        for endpoint in body.endpoints {
            checked += 1;
            let e = match read(*endpoint, want.status, text) {
                Ok(written) => {
                    failures.push(format!("{} on {endpoint:?}: read as {written}", body.file));
                    continue;
                }
                Err(e) => e,
            };
            let got = (
                e.kind(),
                e.status().map(|s| s.as_u16()),
                e.api_code(),
                e.api_message().map(str::to_owned),
                e.outcome(),
            );
            let expected = (
                want.kind,
                Some(want.status),
                want.code,
                message.clone(),
                want.outcome,
            );
            if got != expected {
                failures.push(format!(
                    "{} on {endpoint:?}: got {got:?}, documented {expected:?}",
                    body.file
                ));
            }
        }
    }
    assert_no_failures("documented errors", checked, &failures);
}

/// The list in `src/corpus.rs` and the folders agree: every file is listed once, every listed
/// file exists, is named in its folder's `SOURCES.md`, and (except the verbatim `.txt` texts
/// the pages published as invalid JSON) is JSON; a derived file names a published one.
#[test]
fn the_corpus_list_matches_the_folders() {
    let dir = corpus::corpus_dir();
    let mut on_disk = BTreeSet::new();
    for folder in std::fs::read_dir(&dir).unwrap() {
        let folder = folder.unwrap().path();
        if !folder.is_dir() {
            continue;
        }
        for file in std::fs::read_dir(&folder).unwrap() {
            let file = file.unwrap().path();
            if file.file_name().unwrap() == "SOURCES.md" {
                continue;
            }
            on_disk.insert(
                file.strip_prefix(&dir)
                    .unwrap()
                    .to_string_lossy()
                    .into_owned(),
            );
        }
    }
    let list = bodies();
    let listed: BTreeSet<String> = list.iter().map(|b| b.file.clone()).collect();
    assert_eq!(listed.len(), list.len(), "a file is listed twice");
    let samples = requests();
    let mut all = listed.clone();
    for sample in &samples {
        let folder = sample.file.split('/').next().unwrap();
        let name = sample.file.split('/').nth(1).unwrap();
        let sources = std::fs::read_to_string(dir.join(folder).join("SOURCES.md")).unwrap();
        assert!(
            sources.contains(name),
            "{folder}/SOURCES.md does not name {name}"
        );
        assert!(name.ends_with(".request.json"), "{name}");
        corpus::leaves(&sample.text()).unwrap_or_else(|e| panic!("{name} is not JSON: {e}"));
        assert!(all.insert(sample.file.to_owned()), "{name} is listed twice");
    }
    assert_eq!(all, on_disk, "src/corpus.rs and corpus/ differ");
    for body in &list {
        let folder = body.file.split('/').next().unwrap();
        let name = body.file.split('/').nth(1).unwrap();
        let sources = std::fs::read_to_string(dir.join(folder).join("SOURCES.md")).unwrap();
        assert!(
            sources.contains(name),
            "{folder}/SOURCES.md does not name {name}"
        );
        if body.file.ends_with(".json") {
            corpus::leaves(&body.text())
                .unwrap_or_else(|e| panic!("{} is not JSON: {e}", body.file));
        }
        if let Origin::Derived { from } = body.origin {
            assert!(
                listed.contains(from) || from.starts_with("solapi/documents "),
                "{}: derived from {from}, which is not in the corpus",
                body.file
            );
            assert!(name.starts_with("derived-"), "{}", body.file);
        } else {
            assert!(!name.starts_with("derived-"), "{}", body.file);
        }
    }
}
