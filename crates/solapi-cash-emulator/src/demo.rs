//! The demo data of `--demo` / [`EmulatorConfig::demo`](crate::EmulatorConfig::demo):
//! one account with an API key, a secret, an access token, a card and a card that is
//! always declined, [`DEMO_ENTRIES`] varied history entries from January to June 2025, and two
//! demo withdrawals ([`DEMO_WITHDRAW_IDS`]) to a registered demo bank account (`******7890`).
//!
//! Everything is deterministic: the same constants and the same entries (ids included)
//! on every start.
//!
//! ```
//! use solapi_cash_emulator::{Emulator, EmulatorConfig, demo};
//!
//! let emulator = Emulator::start(EmulatorConfig::default().demo(true))?;
//! let state = emulator.admin().account_state(demo::DEMO_ACCOUNT_ID)?;
//! assert_eq!(state.history_len as u64, demo::DEMO_ENTRIES);
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```

use solapi_auth::Secret;
use solapi_cash_types::models::{BankAccountInfo, Withdrawal};
use solapi_cash_types::{Money, Timestamp, WithdrawStatus};
use time::macros::datetime;

use crate::admin_error::AdminError;
use crate::clock::to_unix_ms;
use crate::state::Shared;
use crate::state::accounts::AccountSpec;
use crate::state::credentials::KeySpec;
use crate::state::payment_methods::PaymentMethodSpec;

/// The demo account's id (the one in SOLAPI's own samples).
pub const DEMO_ACCOUNT_ID: &str = "19041920726336";
/// The demo API key (the one in SOLAPI's own samples).
pub const DEMO_API_KEY: &str = "NCSAYU7YDBXYORXC";
/// The demo API secret. Not a secret: it is printed at start and in the docs.
pub const DEMO_API_SECRET: &str = "DEMO7SECRET4EMULATOR0NLY9X2K5M8Q";
/// A demo OAuth2 access token (both cash scopes, role OWNER; valid 24 h from start).
pub const DEMO_ACCESS_TOKEN: &str = "demo-access-token-for-the-solapi-cash-emulator";
/// The demo card: recharges from it succeed.
pub const DEMO_PAYMENT_ID: &str = "1407974467827303801565071718686";
/// A second demo card whose charges are always declined (402 `BalanceInsufficient`, the
/// service's documented answer to a refused card payment).
pub const DEMO_DECLINED_PAYMENT_ID: &str = "1407974467827303801565071718687";
/// Number of history entries of the demo account.
pub const DEMO_ENTRIES: u64 = 3000;
/// Seed of the demo entries.
pub const DEMO_SEED: u64 = 20_190_806;

/// The ids of the demo withdrawals, oldest first.
pub const DEMO_WITHDRAW_IDS: [&str; 2] = [
    "2960263173653180598136622655001",
    "2960263173653180598136622655002",
];

/// Two demo withdrawals (marked as such in their memo): one paid out (`COMPLETED`, an
/// *inferred* state) and one `PENDING`, in the shape of getwithdraw.md's sample (a 1,000 won
/// fee on 10,000 won; the bank account's number masked as the service masks it).
fn demo_withdrawals() -> Vec<Withdrawal> {
    let at = |text: &str| Timestamp::parse(text).ok();
    let made = |id: &str, status: WithdrawStatus, created: &str| {
        let mut w = Withdrawal::new(id);
        w.account_id = Some(DEMO_ACCOUNT_ID.to_owned());
        w.status = Some(status);
        w.amount = Some(Money::from_i64(9_000));
        w.fee = Some(Money::from_i64(1_000));
        w.total_amount = Some(Money::from_i64(10_000));
        w.bank_code = Some("012".to_owned());
        w.account_number = Some("******7890".to_owned());
        w.holder_name = Some("홍길동".to_owned());
        w.is_processing = Some(false);
        w.confirmed_count = Some(0);
        w.memo = Some("demo withdrawal (emulator)".to_owned());
        w.date_created = at(created);
        w.date_updated = at(created);
        w
    };
    let mut paid = made(
        DEMO_WITHDRAW_IDS[0],
        WithdrawStatus::Completed,
        "2025-05-02T01:00:00.000Z",
    );
    paid.confirmed_count = Some(1);
    paid.date_confirmed = at("2025-05-02T03:00:00.000Z");
    paid.transaction_date = at("2025-05-02T03:00:00.000Z");
    vec![
        paid,
        made(
            DEMO_WITHDRAW_IDS[1],
            WithdrawStatus::Pending,
            "2025-06-20T05:30:00.000Z",
        ),
    ]
}

/// The demo account's registered bank account (a demo: no real account), kept only masked as
/// the service shows it.
fn demo_bank_account() -> BankAccountInfo {
    let mut b = BankAccountInfo::new();
    b.account_number = Some("******7890".to_owned());
    b.bank_code = Some("012".to_owned());
    b.holder_name = Some("홍길동".to_owned());
    b
}

/// Creates the demo account, then `extra` generated entries after the demo's own.
pub(crate) fn seed(state: &Shared, extra: u64) -> Result<(), AdminError> {
    state.create_account(AccountSpec::new().account_id(DEMO_ACCOUNT_ID))?;
    state.insert_api_key(
        DEMO_ACCOUNT_ID,
        Some((DEMO_API_KEY.to_owned(), Secret::new(DEMO_API_SECRET))),
        KeySpec::default(),
    )?;
    state.insert_token(
        DEMO_ACCOUNT_ID,
        Some(Secret::new(DEMO_ACCESS_TOKEN)),
        KeySpec::default(),
    )?;
    // Registered on a fixed date, so that the demo is the same on every start.
    let registered = datetime!(2024-12-01 09:00 UTC);
    state.add_payment_method(
        DEMO_ACCOUNT_ID,
        PaymentMethodSpec::new()
            .payment_id(DEMO_PAYMENT_ID)
            .description("[VISA] 8686 12/29")
            .exp_date("2029/12")
            .auto_recharge(1),
        registered,
    )?;
    state.add_payment_method(
        DEMO_ACCOUNT_ID,
        PaymentMethodSpec::new()
            .payment_id(DEMO_DECLINED_PAYMENT_ID)
            .description("[MASTERCARD] 8687 06/27")
            .exp_date("2027/06")
            .decline(true),
        registered,
    )?;
    let start = to_unix_ms(datetime!(2025-01-01 00:00 UTC));
    let end = to_unix_ms(datetime!(2025-06-30 23:59:59.999 UTC));
    state.generate(DEMO_ACCOUNT_ID, DEMO_ENTRIES, DEMO_SEED, (start, end))?;
    {
        let account = state.account(DEMO_ACCOUNT_ID)?;
        let mut data = crate::sync::write(&account.data);
        data.withdrawals = demo_withdrawals();
        data.bank_account = Some(demo_bank_account());
    }
    if extra > 0 {
        let now = state.clock.now_ms();
        state.generate(DEMO_ACCOUNT_ID, extra, DEMO_SEED ^ extra, (end, now))?;
    }
    Ok(())
}
