//! The operator's settings over HTTP: the low-balance alert, auto-recharge and cards, as the
//! emulator keeps them, with the role each write needs.

use solapi_auth::Credentials;
use solapi_cash_core::endpoint::{AddPayment as AddPaymentEndpoint, Payments};
use solapi_cash_core::{ErrorKind, Operation, Outcome};
use solapi_cash_emulator::{EmulatorConfig, FaultAction, FaultSpec, Role, Route};
use solapi_cash_types::Money;
use solapi_cash_types::models::{
    AlertSettings, AutoRechargeSettings, CardExpiry, CardNumber, Cvc, MfaData, NewCard,
};

use crate::{CashClient, Fixture};

pub fn the_low_balance_alert_is_read_set_and_switched<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let before = client.alert().unwrap();
    let alert = before.low_balance_alert.unwrap();
    assert_eq!(alert.enabled, Some(false));
    assert_eq!(before.id.as_deref(), Some(f.account_id.as_str()));

    let settings = AlertSettings::new([5_000, 1_000], ["SMS", "EMAIL"]).unwrap();
    let saved = client.set_alert(&settings).unwrap();
    assert!(saved.message.is_some());
    let switched = client.switch_alert(true).unwrap();
    assert_eq!(switched.enabled, Some(true));
    assert_eq!(switched.account_id.as_deref(), Some(f.account_id.as_str()));

    let after = client.alert().unwrap().low_balance_alert.unwrap();
    assert_eq!(after.enabled, Some(true));
    assert_eq!(
        after.balances,
        Some(vec![Money::from_i64(5_000), Money::from_i64(1_000)])
    );
    assert_eq!(
        after.channels,
        Some(vec!["SMS".to_owned(), "EMAIL".to_owned()])
    );
    // The balance shows the same settings.
    let balance = client.balance().unwrap().low_balance_alert.unwrap();
    assert_eq!(balance.balances, after.balances);
    assert_eq!(balance.notification_balance.as_deref(), Some("1000"));
}

pub fn settings_writes_need_the_write_scope_and_role<C: CashClient>() {
    let f = Fixture::new();
    let settings = AlertSettings::new([1_000], ["SMS"]).unwrap();
    for (scopes, role) in [
        (&["cash:read"][..], Role::Owner),
        (&["cash:read", "cash:write"][..], Role::Developer),
    ] {
        let token = f.admin.create_token(&f.account_id, scopes, role).unwrap();
        let mut s = f.settings();
        s.credentials = Credentials::bearer(token);
        let client = C::connect(&s).unwrap();
        assert!(client.alert().is_ok(), "a read needs only cash:read");
        let err = client.set_alert(&settings).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
        assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
        let err = client.switch_alert(true).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
        let auto = AutoRechargeSettings::new([f.payment_id.as_str()], 1_000, 10_000).unwrap();
        let err = client.set_auto_recharge(&auto).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
        let err = client.toggle_auto_recharge().unwrap_err();
        assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
        assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
    }
}

pub fn auto_recharge_is_set_in_priority_order_and_toggled<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let second = f.admin.add_payment_method(&f.account_id, false).unwrap();
    let settings =
        AutoRechargeSettings::new([second.as_str(), f.payment_id.as_str()], 5_000, 60_000).unwrap();
    let kept = client.set_auto_recharge(&settings).unwrap();
    assert_eq!(
        kept.payment_ids.as_deref(),
        Some(&[second.clone(), f.payment_id.clone()][..])
    );
    assert_eq!(kept.minimum_cash, Some(Money::from_i64(5_000)));
    assert_eq!(kept.recharge_to, Some(Money::from_i64(60_000)));
    // The balance shows the trigger and target; the list, each card's rank.
    let balance = client.balance().unwrap();
    assert_eq!(balance.minimum_cash, Some(Money::from_i64(5_000)));
    assert_eq!(balance.recharge_to, Some(Money::from_i64(60_000)));
    assert_eq!(balance.auto_recharge.and_then(|f| f.is_on()), Some(false));
    let cards = client.payments(&Payments::new()).unwrap().payments;
    let rank = |id: &str| {
        cards
            .iter()
            .find(|c| c.id == id)
            .and_then(|c| c.auto_recharge_priority())
            .map(|n| n.get())
    };
    assert_eq!((rank(&second), rank(&f.payment_id)), (Some(1), Some(2)));

    // The toggle flips, and answers the new state; the balance agrees.
    assert_eq!(client.toggle_auto_recharge().unwrap().is_on(), Some(true));
    assert_eq!(auto_recharge_on(&client), Some(true));
    assert_eq!(client.toggle_auto_recharge().unwrap().is_on(), Some(false));

    // An unknown card is the service's refusal, not applied.
    let unknown = AutoRechargeSettings::new(["1234567890"], 5_000, 60_000).unwrap();
    let err = client.set_auto_recharge(&unknown).unwrap_err();
    assert_eq!(err.api_code(), Some("InvalidPaymentId"), "{err}");
    assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
}

/// Whether the balance says auto-recharge is on.
fn auto_recharge_on<C: CashClient>(client: &C) -> Option<bool> {
    client.balance().unwrap().auto_recharge?.is_on()
}

pub fn a_toggle_is_never_sent_twice<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    f.admin.add_payment_method(&f.account_id, false).unwrap();
    // The toggle's answer is lost after the server flipped the state: a read would be retried,
    // a toggle is not (a second one would flip it back).
    f.admin.inject_fault(FaultSpec::new(
        Route::from(Operation::ToggleAutoRecharge),
        FaultAction::DropAfterCommit,
    ));
    let err = client.toggle_auto_recharge().unwrap_err();
    assert_eq!(err.outcome(), Outcome::Unknown, "{err}");
    assert_eq!(f.requests_to(Operation::ToggleAutoRecharge), 1);
    // Settled by reading the state again.
    assert_eq!(auto_recharge_on(&client), Some(true));
}

/// A card the suite registers: a Visa test number (not a real card).
const TEST_CARD: &str = "4111 1111 1111 1111";
const TEST_CVC: &str = "987";

fn test_card(f: &Fixture) -> NewCard {
    let today = f.admin.now().date();
    NewCard::new(
        CardNumber::parse(TEST_CARD).unwrap(),
        Cvc::parse(TEST_CVC).unwrap(),
        CardExpiry::new(
            u32::from(u8::from(today.month())),
            u32::try_from(today.year() + 3).unwrap(),
        )
        .unwrap(),
        today,
    )
    .unwrap()
}

pub fn cards_are_added_listed_and_removed<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let card = test_card(&f);
    let added = client.add_payment(&card).unwrap();
    let description = added.description.clone().unwrap();
    assert!(description.starts_with("[VISA] 1111 "), "{description}");
    let expiry = card.expiry();
    assert_eq!(
        added.exp_date.as_deref(),
        Some(format!("{:04}/{:02}", expiry.year(), expiry.month()).as_str())
    );
    let listed = client.payments(&Payments::new()).unwrap().payments;
    assert!(listed.iter().any(|c| c.id == added.payment_id));
    // The new card is a card like any other: auto-recharge takes it.
    let auto = AutoRechargeSettings::new([added.payment_id.as_str()], 1_000, 10_000).unwrap();
    client.set_auto_recharge(&auto).unwrap();

    let removed = client.remove_payment(&added.payment_id).unwrap();
    assert_eq!(
        removed.payment_id.as_deref(),
        Some(added.payment_id.as_str())
    );
    assert!(removed.message.is_some());
    let listed = client.payments(&Payments::new()).unwrap().payments;
    assert!(!listed.iter().any(|c| c.id == added.payment_id));
    // Removing it again: the service's refusal for an unknown card, not applied.
    let err = client.remove_payment(&added.payment_id).unwrap_err();
    assert_eq!(err.api_code(), Some("InvalidPaymentId"), "{err}");
    assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
    // A malformed id never leaves the client.
    let before = f.requests_to(Operation::RemovePayment);
    let err = client.remove_payment("").unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
    assert_eq!(f.requests_to(Operation::RemovePayment), before);
}

pub fn a_cards_secrets_appear_in_no_error_or_debug<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let card = test_card(&f);
    let digits: String = TEST_CARD.chars().filter(char::is_ascii_digit).collect();
    let shown = format!("{card:?} {:?}", AddPaymentEndpoint::new(card.clone()));
    assert!(
        !shown.contains(&digits) && !shown.contains(TEST_CVC),
        "{shown}"
    );
    // A refusal of the service (a member without the write role) says nothing of the card.
    let token = f
        .admin
        .create_token(&f.account_id, &["cash:read", "cash:write"], Role::Developer)
        .unwrap();
    let mut s = f.settings();
    s.credentials = Credentials::bearer(token);
    let err = C::connect(&s).unwrap().add_payment(&card).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::PermissionDenied, "{err}");
    assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
    // A registration's answer lost after the card was made: a creation is never repeated.
    f.admin.inject_fault(FaultSpec::new(
        Route::from(Operation::AddPayment),
        FaultAction::DropAfterCommit,
    ));
    let lost = client.add_payment(&card).unwrap_err();
    assert_eq!(lost.outcome(), Outcome::Unknown, "{lost}");
    assert_eq!(f.requests_to(Operation::AddPayment), 2);
    for text in [format!("{err} {err:?}"), format!("{lost} {lost:?}")] {
        assert!(
            !text.contains(&digits) && !text.contains(TEST_CVC),
            "{text}"
        );
    }
}

/// The writes the declaration marks `second_factor` besides the recharge, with the second
/// factor on: a challenge that applied nothing, a wrong code refused, then the code accepted
/// through the generated `*_with_mfa` methods.
pub fn settings_and_cards_need_the_second_factor<C: CashClient>() {
    let f = Fixture::with(EmulatorConfig::default().rate_limit(None), 0, true);
    let client = f.client::<C>();
    let settings = AlertSettings::new([7_000], ["EMAIL"]).unwrap();
    let challenge = client.set_alert(&settings).unwrap_err();
    assert_eq!(challenge.kind(), ErrorKind::MfaRequired, "{challenge}");
    assert_eq!(challenge.outcome(), Outcome::NotApplied);
    let transaction = challenge.mfa_transaction_id().unwrap().to_owned();
    let code = f.admin.last_mail(&f.account_id).unwrap().code;
    let wrong = if code == "000000" { "111111" } else { "000000" };
    let err = client
        .set_alert_with_mfa(&settings, &MfaData::email(&transaction, wrong))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::MfaRejected, "{err}");
    client
        .set_alert_with_mfa(&settings, &MfaData::email(&transaction, &code))
        .unwrap();
    let alert = client.alert().unwrap().low_balance_alert.unwrap();
    assert_eq!(alert.balances, Some(vec![Money::from_i64(7_000)]));

    let card = test_card(&f);
    let challenge = client.add_payment(&card).unwrap_err();
    assert_eq!(challenge.kind(), ErrorKind::MfaRequired, "{challenge}");
    let transaction = challenge.mfa_transaction_id().unwrap().to_owned();
    let code = f.admin.last_mail(&f.account_id).unwrap().code;
    let added = client
        .add_payment_with_mfa(&card, &MfaData::email(&transaction, &code))
        .unwrap();
    let listed = client.payments(&Payments::new()).unwrap().payments;
    assert!(listed.iter().any(|c| c.id == added.payment_id));
    // Auto-recharge's settings are not marked: no challenge.
    let auto = AutoRechargeSettings::new([added.payment_id.as_str()], 1_000, 10_000).unwrap();
    client.set_auto_recharge(&auto).unwrap();
}
