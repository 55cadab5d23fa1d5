//! `solapi-cash-blocking` against servers that misbehave on purpose.

solapi_cash_conformance::hostile_suite!(solapi_cash_conformance::Blocking);
