//! The fault tests against `solapi-cash-blocking`.

solapi_cash_conformance::reliability_suite!(solapi_cash_conformance::Blocking);
