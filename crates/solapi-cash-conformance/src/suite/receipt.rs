//! Receipts over HTTP: the statement of a recharge, and the refusals of an id that is not one.

use solapi_cash_core::{ErrorKind, Outcome};
use solapi_cash_types::{HistoryType, Money, RechargeRequest, won};

use crate::{CashClient, Fixture};

pub fn a_recharge_has_a_receipt_and_nothing_else_does<C: CashClient>() {
    let f = Fixture::new();
    let client = f.client::<C>();
    let recharged = client
        .recharge(&RechargeRequest::new(won!(5000), f.payment_id.clone()))
        .unwrap();
    let receipt = client.receipt(&recharged.history_id).unwrap();
    assert_eq!(
        receipt.history_id.as_deref(),
        Some(recharged.history_id.as_str())
    );
    assert_eq!(receipt.kind, Some(HistoryType::Recharge));
    assert_eq!(receipt.balance_amount, Some(Money::from_i64(5000)));
    assert_eq!(receipt.account_id.as_deref(), Some(f.account_id.as_str()));

    // A deduction is no recharge: refused by the service's code (inferred), nothing applied.
    let charge = f
        .admin
        .charge_message(&f.account_id, Money::from_i64(100), None)
        .unwrap();
    let err = client.receipt(&charge.history_id).unwrap_err();
    assert_eq!(err.status().map(|s| s.as_u16()), Some(404), "{err}");
    assert_eq!(err.api_code(), Some("ResourceNotFound"), "{err}");
    assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
    // An unknown id, the same.
    let err = client.receipt("000000000000000000000000").unwrap_err();
    assert_eq!(err.api_code(), Some("ResourceNotFound"), "{err}");
    // A malformed one is refused before sending.
    for bad in ["", "a&b=c", "5db7 28da"] {
        let err = client.receipt(bad).unwrap_err();
        assert_eq!(err.kind(), ErrorKind::InvalidInput, "{bad:?}: {err}");
        assert_eq!(err.outcome(), Outcome::NotApplied, "{err}");
    }
}
