//! Reliability under faults, proven against the emulator's fault injection.
//!
//! - [`export`]: a whole-history export while about 20% of requests fail returns exactly
//!   the entries of a clean export; retries never reuse a signature.
//! - [`lost_response`]: 100 recharges broken at random points (seeded): never charged
//!   twice, never reported as failed when applied, reconciliation exact.
//! - [`soak`]: 16 concurrent clients of both kinds for 30 seconds under random faults.
//! - [`verdicts`]: lost recharge answers that used to read as "not applied" (a recharge
//!   slower than the timeout, a skewed clock, a server clock that steps): trials counting
//!   double charges and wrong verdicts.
//! - [`attribution`]: answers that used to read as "applied" without proof (another
//!   process's recharge of the same amount taken for this one; a `200 oops` from something
//!   in front of the service): trials counting wrong verdicts.
//! - [`ledger`]: the ledger invariants the tests end with; [`rng`]: the seeded generator;
//!   [`figures`]: the counts each test prints for `docs/reliability.md`.
//!
//! [`reliability_suite!`](crate::reliability_suite) instantiates the generic tests for a
//! client type; the soak mixes both types in one run.

pub mod attribution;
pub mod export;
pub mod figures;
pub mod ledger;
pub mod lost_response;
pub mod rng;
pub mod soak;
pub mod verdicts;
