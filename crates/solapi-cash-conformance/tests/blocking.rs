//! The behaviour suite against `solapi-cash-blocking`.

solapi_cash_conformance::behaviour_suite!(solapi_cash_conformance::Blocking);
