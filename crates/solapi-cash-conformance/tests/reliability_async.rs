//! The fault tests against `solapi-cash-async`.

solapi_cash_conformance::reliability_suite!(solapi_cash_conformance::Async);
