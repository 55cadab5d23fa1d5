//! [`Withdrawal`] and [`WithdrawPage`]: the answer of `GET /cash/v1/withdraw` (documents
//! `api-reference/cash/getwithdraw.md`: `{"data": [withdrawal…], "nextKey": …}`). The money
//! fields are exact ([`Money`]); `accountNumber` comes masked (`******7890`) and is kept as
//! sent, never unmasked; unknown fields are kept in `extra`.

use crate::wire::model::wire_model;
use crate::{Money, Timestamp, WithdrawStatus};

wire_model! {
    /// One withdrawal, as getwithdraw.md's sample shows it. The id and the money are strict;
    /// the rest describes it and is lenient.
    pub struct Withdrawal (nulls = false) {
        /// The withdrawal's id.
        withdraw_id: String = "withdrawId", required;
        /// The account it was taken from.
        account_id: Option<String> = "accountId", lenient;
        /// Its state (`PENDING`, …; unknown values kept).
        status: Option<WithdrawStatus> = "status", lenient;
        /// What arrives at the bank account (`totalAmount` less `fee`).
        amount: Option<Money> = "amount", optional;
        /// The fee taken.
        fee: Option<Money> = "fee", optional;
        /// What leaves the balance.
        total_amount: Option<Money> = "totalAmount", optional;
        /// The bank's code (`012`).
        bank_code: Option<String> = "bankCode", lenient;
        /// The bank account's number, masked by the service (`******7890`); personal data.
        account_number: Option<String> = "accountNumber", lenient;
        /// The account holder's name.
        holder_name: Option<String> = "holderName", lenient;
        /// Whether it is being paid out now.
        is_processing: Option<bool> = "isProcessing", lenient;
        /// How many confirmations it has had.
        confirmed_count: Option<u64> = "confirmedCount", lenient;
        /// A memo.
        memo: Option<String> = "memo", lenient;
        /// The bank transfer's id, once paid out.
        transaction_id: Option<String> = "transactionId", lenient;
        /// When it was paid out.
        transaction_date: Option<Timestamp> = "transactionDate", lenient;
        /// When it was confirmed.
        date_confirmed: Option<Timestamp> = "dateConfirmed", lenient;
        /// When it was asked for.
        date_created: Option<Timestamp> = "dateCreated", lenient;
        /// When it last changed.
        date_updated: Option<Timestamp> = "dateUpdated", lenient;
    }
}

impl Withdrawal {
    /// A withdrawal with only its id; set the public fields to fill it (the emulator's answers).
    pub fn new(withdraw_id: impl Into<String>) -> Withdrawal {
        Withdrawal {
            withdraw_id: withdraw_id.into(),
            account_id: None,
            status: None,
            amount: None,
            fee: None,
            total_amount: None,
            bank_code: None,
            account_number: None,
            holder_name: None,
            is_processing: None,
            confirmed_count: None,
            memo: None,
            transaction_id: None,
            transaction_date: None,
            date_confirmed: None,
            date_created: None,
            date_updated: None,
            extra: crate::wire::Extra::new(),
        }
    }
}

wire_model! {
    /// One page of withdrawals: `{"data": [...], "nextKey": key or null}`.
    pub struct WithdrawPage (nulls = false) {
        /// The withdrawals, in the order sent.
        data: Vec<Withdrawal> = "data", required;
        /// The key of the next page; `None`: the last page.
        next_key: Option<String> = "nextKey", nullable;
    }
}

impl WithdrawPage {
    /// A page (the emulator's answers).
    pub fn new(data: Vec<Withdrawal>, next_key: Option<String>) -> WithdrawPage {
        WithdrawPage {
            data,
            next_key,
            extra: crate::wire::Extra::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const SAMPLE: &str = r#"{"data":[{"bankCode":"012","accountNumber":"******7890","holderName":"홍길동","status":"PENDING","isProcessing":false,"confirmedCount":0,"memo":"A","transactionId":null,"transactionDate":null,"accountId":"19041920726336","amount":9000,"fee":1000,"totalAmount":10000,"withdrawId":"2960263173653180598136622655504","dateConfirmed":"2019-10-28T17:43:54.000Z","dateCreated":"2019-10-28T17:43:54.513Z","dateUpdated":"2019-10-28T17:43:54.513Z","bank":{"x":1}}],"nextKey":null}"#;

    #[test]
    fn the_documented_sample_decodes_exactly_and_keeps_unknown_fields() {
        let page: WithdrawPage = serde_json::from_str(SAMPLE).unwrap();
        let w = &page.data[0];
        assert_eq!(w.total_amount, Some(Money::won(10_000)));
        assert_eq!(w.account_number.as_deref(), Some("******7890"));
        assert_eq!(w.status, Some(WithdrawStatus::Pending));
        assert_eq!(w.extra.get("bank").map(|r| r.get()), Some(r#"{"x":1}"#));
        assert!(page.next_key.is_none());
        let back: serde_json::Value = serde_json::to_value(&page).unwrap();
        assert_eq!(back["data"][0]["bank"]["x"], 1);
        assert_eq!(back["data"][0]["accountNumber"], "******7890");
    }

    #[test]
    fn a_withdrawal_without_an_id_or_with_text_money_is_an_error() {
        assert!(serde_json::from_str::<WithdrawPage>(r#"{"data":[{"amount":1}]}"#).is_err());
        assert!(
            serde_json::from_str::<WithdrawPage>(r#"{"data":[{"withdrawId":"w","fee":"x"}]}"#)
                .is_err()
        );
    }
}
