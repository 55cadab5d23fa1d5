//! `solapi-cash-async` against servers that misbehave on purpose.

solapi_cash_conformance::hostile_suite!(solapi_cash_conformance::Async);
