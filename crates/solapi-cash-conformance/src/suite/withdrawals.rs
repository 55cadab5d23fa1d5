//! The withdrawals' list over HTTP: the demo account's withdrawals paged by key to the end with
//! the core's pager, newest first, money exact and the account number as the service masked
//! it; the filters; an account without withdrawals; a key the list never gave refused. The
//! bank account: the demo's masked, `{}` without one.

use solapi_auth::{Credentials, Secret};
use solapi_cash_core::{ErrorKind, StartKeyPager};
use solapi_cash_emulator::{EmulatorConfig, demo};
use solapi_cash_types::query::WithdrawQuery;
use solapi_cash_types::{Money, WithdrawStatus};
use time::macros::date;

use crate::{CashClient, Fixture};

pub fn the_withdrawals_page_by_key_and_filter<C: CashClient>() {
    let f = Fixture::with(
        EmulatorConfig::default().rate_limit(None).demo(true),
        0,
        false,
    );
    // The fixture's own account has none.
    let own = f.client::<C>().withdrawals(&WithdrawQuery::new()).unwrap();
    assert!(own.data.is_empty() && own.next_key.is_none(), "{own:?}");

    let mut settings = f.settings();
    settings.credentials =
        Credentials::api_key(demo::DEMO_API_KEY, Secret::new(demo::DEMO_API_SECRET));
    let client = C::connect(&settings).unwrap();
    let mut pager = StartKeyPager::new(WithdrawQuery::new().limit(1).build().unwrap(), 10);
    let mut seen = Vec::new();
    while let Some(q) = pager.next_query() {
        let page = client.withdrawals(&q).unwrap();
        assert!(page.data.len() <= 1);
        pager.deliver(page.next_key.as_deref()).unwrap();
        seen.extend(page.data);
    }
    let ids: Vec<&str> = seen.iter().map(|w| w.withdraw_id.as_str()).collect();
    assert_eq!(
        ids,
        [demo::DEMO_WITHDRAW_IDS[1], demo::DEMO_WITHDRAW_IDS[0]]
    );
    assert_eq!(pager.pages(), 2);
    let pending = &seen[0];
    assert_eq!(pending.status, Some(WithdrawStatus::Pending));
    assert_eq!(pending.total_amount, Some(Money::from_i64(10_000)));
    assert_eq!(pending.fee, Some(Money::from_i64(1_000)));
    assert_eq!(pending.account_number.as_deref(), Some("******7890"));

    let only = |q: WithdrawQuery| -> Vec<String> {
        let page = client.withdrawals(&q.build().unwrap()).unwrap();
        page.data.into_iter().map(|w| w.withdraw_id).collect()
    };
    let newest = vec![demo::DEMO_WITHDRAW_IDS[1].to_owned()];
    assert_eq!(
        only(WithdrawQuery::new().status(WithdrawStatus::Pending)),
        newest
    );
    assert_eq!(
        only(WithdrawQuery::new().withdraw_id(demo::DEMO_WITHDRAW_IDS[1])),
        newest
    );
    assert_eq!(
        only(WithdrawQuery::new().start_date(date!(2025 - 06 - 01))),
        newest
    );
    assert_eq!(
        only(WithdrawQuery::new().end_date(date!(2025 - 05 - 02))),
        [demo::DEMO_WITHDRAW_IDS[0]]
    );

    // A key the list never gave.
    let err = client
        .withdrawals(&WithdrawQuery::new().start_key("nope").build().unwrap())
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
    assert_eq!(err.api_code(), Some("ValidationError"), "{err}");
    // Refused before sending.
    let err = client
        .withdrawals(&WithdrawQuery::new().limit(0))
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}

pub fn the_bank_account_is_read_masked_or_empty<C: CashClient>() {
    let f = Fixture::with(
        EmulatorConfig::default().rate_limit(None).demo(true),
        0,
        false,
    );
    // The fixture's own account has none: the published `{}`.
    let none = f.client::<C>().bank_account().unwrap();
    assert!(none.account_number.is_none() && none.extra.iter().next().is_none());

    let mut settings = f.settings();
    settings.credentials =
        Credentials::api_key(demo::DEMO_API_KEY, Secret::new(demo::DEMO_API_SECRET));
    let demo_account = C::connect(&settings).unwrap().bank_account().unwrap();
    assert_eq!(demo_account.account_number.as_deref(), Some("******7890"));
    assert_eq!(demo_account.masked_number().as_deref(), Some("******7890"));
    assert_eq!(demo_account.bank_code.as_deref(), Some("012"));
}
