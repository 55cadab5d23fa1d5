//! 16 concurrent clients (8 blocking, 8 async) against one emulator under random faults,
//! for 30 seconds (`SOLAPI_SOAK_SECS` to change it).

#[test]
fn sixteen_clients_under_faults() {
    let duration = solapi_cash_conformance::reliability::soak::duration_from_env();
    solapi_cash_conformance::reliability::soak::soak(duration);
}
