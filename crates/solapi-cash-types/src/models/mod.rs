//! The request and response bodies of the Cash API, field for field as on the wire.
//!
//! Every response model keeps what it does not understand (`extra`, written back when
//! serialized), decodes money and ids strictly and descriptive fields leniently; the rule is
//! written down in `docs/models.md`. Models are `#[non_exhaustive]`: build them with their
//! constructors ([`HistoryEntry::builder`], [`BalanceResponse::new`], …) and set the public
//! fields.

mod auto_recharge;
mod balance;
mod bank_account;
mod card;
mod error_body;
mod history;
mod history_page;
mod new_bank_account;
mod payment;
mod receipt;
mod recharge;
mod recharge_history;
mod settings;
mod transfer;
mod withdraw;
mod withdraw_request;

pub use crate::wire::Extra;
pub use auto_recharge::{
    AutoRechargeInfo, AutoRechargeSettings, AutoRechargeSwitched, MAX_PAYMENT_ID_LEN,
    MIN_RECHARGE_TO, MIN_TRIGGER_BALANCE, check_auto_recharge, check_payment_id,
};
pub use balance::{BalanceResponse, LowBalanceAlert};
pub use bank_account::{
    BankAccountInfo, BankAccountRegistered, BankAccountRemoved, mask_account_number,
};
pub use card::{
    CardBrand, CardExpiry, CardNumber, Cvc, MAX_CARD_DESCRIPTION, NewCard, PaymentRemoval,
    PaymentRemoved, RegisteredCard,
};
pub use error_body::{ApiErrorBody, MfaChallenge, MfaData};
pub use history::{HistoryEntry, HistoryEntryBuilder};
pub use history_page::HistoryPage;
pub use new_bank_account::{
    BankAccountNumber, MAX_ACCOUNT_DIGITS, MAX_HOLDER_NAME, MIN_ACCOUNT_DIGITS, NewBankAccount,
};
pub use payment::{PaymentList, PaymentMethod};
pub use receipt::{MAX_HISTORY_ID_LEN, ReceiptInfo, check_history_id};
pub use recharge::{RechargeRequest, RechargeResponse};
pub use recharge_history::{NEXT_KEY_NAMES, RechargeEntry, RechargeHistoryPage};
pub use settings::{
    AlertInfo, AlertSettings, AlertSwitch, AlertSwitched, MAX_ALERT_BALANCES, MIN_ALERT_BALANCE,
    ServiceMessage, SettingsError, check_alert,
};
pub use transfer::{MAX_ACCOUNT_ID_LEN, TransferRequest, Transferred, check_account_id};
pub use withdraw::{WithdrawPage, Withdrawal};
pub use withdraw_request::{WITHDRAW_FEE_BASE, WithdrawRequest, withdraw_arrives, withdraw_fee};

#[cfg(test)]
mod tests;
