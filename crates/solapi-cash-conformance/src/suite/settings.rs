//! The operator's settings over HTTP: the low-balance alert, auto-recharge and cards, as the
//! emulator keeps them, with the role each write needs.

use solapi_auth::Credentials;
use solapi_cash_core::{ErrorKind, Outcome};
use solapi_cash_emulator::Role;
use solapi_cash_types::Money;
use solapi_cash_types::models::AlertSettings;

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
    }
}
