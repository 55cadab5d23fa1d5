//! The behaviour suite against `solapi-cash-async`.

solapi_cash_conformance::behaviour_suite!(solapi_cash_conformance::Async);
