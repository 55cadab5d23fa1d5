//! One behaviour suite for both Cash API clients.
//!
//! [`CashClient`] is the blocking shape of the API; [`Blocking`] forwards to
//! `solapi-cash-blocking`, [`Async`] drives `solapi-cash-async` on a tokio runtime. The
//! tests in [`suite`] are generic over it and [`behaviour_suite!`] instantiates every one of
//! them for a client type, so no test is written twice (`tests/blocking.rs`,
//! `tests/async.rs`). [`Fixture`] starts an emulator with an account, a key and a card.
//!
//! [`reliability`] holds the fault tests (exact exports under random faults, lost recharge
//! answers, a 16-client soak) and [`hostile`] the tests against misbehaving servers and the
//! secrets checks; `reliability_suite!` and `hostile_suite!` instantiate them per client.
//! What they prove, with figures, is in `docs/reliability.md`.
//!
//! [`rate_proxy`] is a rate-limiting proxy in front of the emulator (the live service's
//! limit, which the client did not write), for `tests/rate_limit_proxy.rs` and
//! `cargo xtask bench --rate-limit`.
//!
//! [`corpus`] lists the service's documented answers (`corpus/`), which
//! `tests/corpus_decode.rs` holds the library to and the CLI's `tests/corpus.rs` the binary.

pub mod adapters;
pub mod corpus;
pub mod fixture;
pub mod hostile;
pub mod rate_proxy;
pub mod reliability;
pub mod suite;

pub use adapters::{Async, Blocking, CashClient, OWN_STACK_HEADER, Settings};
pub use fixture::Fixture;
pub use rate_proxy::{ProxyLimit, RateLimitProxy};

/// Declares one `#[test]` per behaviour of [`suite`] for the client type `$client`.
#[macro_export]
macro_rules! behaviour_suite {
    ($client:ty) => {
        $crate::behaviour_suite!(@tests $client;
            balance_is_exact,
            bearer_tokens_read,
            recharge_moves_the_balance_and_writes_history,
            second_factor_round_trip,
            recharge_outcomes_are_values,
            raw_requests_follow_the_declared_rules,
            second_factor_wrong_and_reused_codes,
            every_error_kind,
            connection_refused_is_not_applied_and_retried,
            reads_retry_transient_failures,
            retries_stop_at_the_limit,
            retry_after_is_honoured,
            recharge_is_never_retried_under_any_fault,
            a_recharge_answered_429_is_sent_again_and_charged_once,
            timeouts_fire,
            skew_is_corrected_and_remembered,
            reconciliation_answers,
            reconciliation_ignores_this_clients_earlier_recharge,
            history_filters_and_pages,
            export_is_complete_despite_a_silent_cap,
            export_is_exact_while_recharges_happen,
            send_runs_any_endpoint,
            payment_methods_are_read_as_documented,
            a_dropped_export_stops_fetching,
            a_handed_in_http_stack_is_used_and_still_bounded,
            unsendable_credentials_are_refused_before_sending,
            base_urls_with_impossible_ports_are_refused,
            a_2xx_recharge_without_a_readable_receipt_is_unknown_until_reconciled,
            a_2xx_recharge_whose_body_failed_is_unknown,
            exports_are_exact_for_every_way_a_range_can_be_given,
            concurrent_exports_are_exact_under_concurrent_writers,
            concurrent_exports_are_exact_despite_a_silent_cap,
            concurrent_exports_keep_the_window_in_flight,
            concurrent_exports_slow_down_on_429s,
            dropping_a_concurrent_export_stops_it,
            the_low_balance_alert_is_read_set_and_switched,
            settings_writes_need_the_write_scope_and_role,
            auto_recharge_is_set_in_priority_order_and_toggled,
            a_toggle_is_never_sent_twice,
            cards_are_added_listed_and_removed,
            settings_and_cards_need_the_second_factor,
            a_cards_secrets_appear_in_no_error_or_debug,
            a_recharge_has_a_receipt_and_nothing_else_does,
            the_recharge_history_pages_by_key_to_the_end,
            the_withdrawals_page_by_key_and_filter,
            the_bank_account_is_read_masked_or_empty,
            bank_accounts_are_added_read_and_removed,
            bank_account_writes_need_the_second_factor,
            a_transfer_moves_money_between_the_two_accounts,
            a_lost_transfer_is_sent_once_and_settled_from_the_history,
            bad_transfers_are_refused_and_nothing_moves,
            a_withdrawal_is_pending_with_the_documented_fee,
            a_lost_withdrawal_is_sent_once_and_settled_from_the_history,
            bad_withdrawals_are_refused_and_nothing_moves,
            the_same_money_call_twice_in_a_row_is_never_applied_with_the_first,
            transfers_and_withdrawals_need_the_second_factor,
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

/// Declares one `#[test]` per fault test of [`reliability`] for the client type `$client`.
#[macro_export]
macro_rules! reliability_suite {
    ($client:ty) => {
        $crate::reliability_suite!(@tests $client;
            export::export_is_exact_under_random_faults,
            export::export_is_exact_under_random_faults_with_8_in_flight,
            export::retries_never_reuse_a_signature,
            lost_response::lost_responses_never_charge_twice,
            verdicts::a_recharge_slower_than_the_timeout_is_found_once_committed,
            verdicts::a_lost_answer_under_a_skewed_clock_is_found,
            verdicts::a_server_clock_step_after_the_commit_never_reads_as_not_applied,
            attribution::another_process_recharge_is_never_taken_for_this_one,
            attribution::a_2xx_without_a_receipt_is_not_applied_without_its_entry,
        );
    };
    (@tests $client:ty; $($module:ident :: $name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::reliability::$module::$name::<$client>();
            }
        )+
    };
}

/// Declares one `#[test]` per hostile-server case of [`hostile::cases`] for the client type
/// `$client`.
#[macro_export]
macro_rules! hostile_suite {
    ($client:ty) => {
        $crate::hostile_suite!(@tests $client;
            html_error_pages,
            empty_bodies,
            truncated_json,
            invalid_utf8,
            wrong_types_and_nulls,
            huge_bodies_are_bounded,
            slow_servers_time_out,
            redirects_are_not_followed,
            connections_closed_without_answer,
        );
    };
    (@tests $client:ty; $($name:ident),+ $(,)?) => {
        $(
            #[test]
            fn $name() {
                $crate::hostile::cases::$name::<$client>();
            }
        )+
    };
}

/// The workspace README's example, compiled as a doctest (this crate is never published, so
/// it may reach outside its own folder).
#[cfg(doctest)]
#[doc = include_str!("../../../README.md")]
pub struct WorkspaceReadmeDoctests;
