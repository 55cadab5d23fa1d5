//! One behaviour suite for both Cash API clients.
//!
//! [`CashClient`] is the blocking shape of the API; [`Blocking`] forwards to
//! `solapi-cash-blocking`, [`Async`] drives `solapi-cash-async` on a tokio runtime. The
//! tests in [`suite`] are generic over it and [`behaviour_suite!`] instantiates every one of
//! them for a client type, so no test is written twice (`tests/blocking.rs`,
//! `tests/async.rs`). [`Fixture`] starts an emulator with an account, a key and a card.

pub mod adapters;
pub mod fixture;
pub mod suite;

pub use adapters::{Async, Blocking, CashClient, Settings};
pub use fixture::Fixture;

/// Declares one `#[test]` per behaviour of [`suite`] for the client type `$client`.
#[macro_export]
macro_rules! behaviour_suite {
    ($client:ty) => {
        $crate::behaviour_suite!(@tests $client;
            balance_is_exact,
            bearer_tokens_read,
            recharge_moves_the_balance_and_writes_history,
            second_factor_round_trip,
            second_factor_wrong_and_reused_codes,
            every_error_kind,
            connection_refused_is_not_applied_and_retried,
            reads_retry_transient_failures,
            retries_stop_at_the_limit,
            retry_after_is_honoured,
            recharge_is_never_retried_under_any_fault,
            timeouts_fire,
            skew_is_corrected_and_remembered,
            reconciliation_answers,
            history_filters_and_pages,
            export_is_complete_despite_a_silent_cap,
            export_is_exact_while_recharges_happen,
        );
    };
    (@tests $client:ty; $($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::suite::$name::<$client>();
            }
        )+
    };
}
