//! The recharge history over HTTP: paged by key to the end with the core's pager, only
//! recharges, `dateCreated` bounds, and a key the list never gave refused.

use solapi_cash_core::{ErrorKind, StartKeyPager};
use solapi_cash_types::query::{DateOp, RechargeHistoryQuery};
use solapi_cash_types::{Money, RechargeRequest, won};

use crate::{CashClient, Fixture};

pub fn the_recharge_history_pages_by_key_to_the_end<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let mut ids = Vec::new();
    for amount in [won!(1000), won!(2000), won!(3000), won!(4000), won!(5000)] {
        let r = client
            .recharge(&RechargeRequest::new(amount, f.payment_id.clone()))
            .unwrap();
        ids.push(r.history_id);
    }
    // A deduction is not a recharge.
    f.admin
        .charge_message(&f.account_id, Money::from_i64(100), None)
        .unwrap();
    ids.reverse();

    let query = RechargeHistoryQuery::new().limit(2).build().unwrap();
    let mut pager = StartKeyPager::new(query, 100);
    let mut seen = Vec::new();
    while let Some(q) = pager.next_query() {
        let page = client.recharge_history(&q).unwrap();
        assert!(page.entries.len() <= 2);
        seen.extend(page.entries.into_iter().map(|e| e.history_id.unwrap()));
        pager.deliver(page.next_key.as_deref()).unwrap();
    }
    // The fixture's account may hold recharges from before: ours are the newest five.
    assert_eq!(seen[..5], ids[..], "{seen:?}");
    // Five recharges or more, two a page: at least three pages.
    assert!(pager.pages() >= 3, "{} pages", pager.pages());

    // `dateCreated[gt]` the third-newest recharge: the two after it.
    let third = client
        .recharge_history(&RechargeHistoryQuery::new().limit(3).build().unwrap())
        .unwrap()
        .entries
        .remove(2);
    let at = third.date_created.unwrap().datetime();
    let newer = client
        .recharge_history(
            &RechargeHistoryQuery::new()
                .date_created(DateOp::Gt, at)
                .build()
                .unwrap(),
        )
        .unwrap();
    assert!(newer.entries.len() <= 2, "{newer:?}");
    assert!(newer.next_key.is_none());

    // A key the list never gave.
    let err = client
        .recharge_history(
            &RechargeHistoryQuery::new()
                .start_key("000000000000000000000000")
                .build()
                .unwrap(),
        )
        .unwrap_err();
    assert_eq!(err.kind(), ErrorKind::Validation, "{err}");
    assert_eq!(err.api_code(), Some("ValidationError"), "{err}");
    // Refused before sending: an upper bound before the lower one.
    let bad = RechargeHistoryQuery::new()
        .date_created(DateOp::Gte, at)
        .date_created(DateOp::Lt, at - time::Duration::days(1));
    assert!(bad.clone().build().is_err());
    let err = client.recharge_history(&bad).unwrap_err();
    assert_eq!(err.kind(), ErrorKind::InvalidInput, "{err}");
}
