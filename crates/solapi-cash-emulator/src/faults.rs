//! Fault injection: make the next requests of a route fail, slow down, or lose their
//! connection, to test clients' timeouts, retries and recovery.
//!
//! Faults apply to the API routes only, never to the admin API under `/_emulator/`.

use serde::{Deserialize, Serialize};
use solapi_cash_core::Operation;

use crate::rng::SeededRng;

/// Which API requests a fault applies to: those of one operation of the Cash API (the
/// core's [`Operation`] list, matched by method and path), or all of them.
///
/// In JSON: the operation's name (`"recharge"`, `"balance"`, `"history"`, `"payments"`) or
/// `"any"`.
///
/// ```
/// use solapi_cash_core::Operation;
/// use solapi_cash_emulator::Route;
///
/// assert_eq!(Route::Recharge, Route::Only(Operation::Recharge));
/// assert_eq!(Route::from(Operation::Payments), Route::Payments);
/// ```
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum Route {
    /// Requests of this operation.
    Only(Operation),
    /// Every request of any operation.
    Any,
}

/// The names the fault tables use, one per operation.
#[allow(non_upper_case_globals)]
impl Route {
    /// `POST /cash/v1/balance`.
    pub const Recharge: Route = Route::Only(Operation::Recharge);
    /// `GET /cash/v1/balance/history`.
    pub const History: Route = Route::Only(Operation::History);
    /// `GET /cash/v1/balance`.
    pub const Balance: Route = Route::Only(Operation::Balance);
    /// `GET /cash/v1/payment`.
    pub const Payments: Route = Route::Only(Operation::Payments);
}

impl Route {
    fn covers(self, operation: Operation) -> bool {
        match self {
            Route::Any => true,
            Route::Only(only) => only == operation,
        }
    }

    fn name(self) -> &'static str {
        match self {
            Route::Any => "any",
            Route::Only(operation) => operation.name(),
        }
    }
}

impl From<Operation> for Route {
    fn from(operation: Operation) -> Route {
        Route::Only(operation)
    }
}

impl Serialize for Route {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.name())
    }
}

impl<'de> Deserialize<'de> for Route {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Route, D::Error> {
        let name = std::borrow::Cow::<'de, str>::deserialize(deserializer)?;
        std::iter::once(Route::Any)
            .chain(Operation::ALL.iter().copied().map(Route::Only))
            .find(|route| route.name() == name)
            .ok_or_else(|| {
                let known: Vec<&str> = std::iter::once("any")
                    .chain(Operation::ALL.iter().map(|op| op.name()))
                    .collect();
                serde::de::Error::custom(format!(
                    "unknown route {name:?}, expected one of {}",
                    known.join(", ")
                ))
            })
    }
}

/// What happens to a faulted request.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(
    tag = "kind",
    rename_all = "camelCase",
    rename_all_fields = "camelCase"
)]
pub enum FaultAction {
    /// Answer `status` without handling the request.
    Error {
        /// The HTTP status, such as 429, 500 or 503.
        status: u16,
        /// The body; `None` sends a JSON error body `{errorCode, errorMessage}`. A body
        /// that does not start with `{` or `[` is sent as `text/html` when it starts with
        /// `<`, `text/plain` otherwise (to test clients against proxy error pages).
        #[serde(default)]
        body: Option<String>,
        /// A `Retry-After` header, in seconds.
        #[serde(default)]
        retry_after: Option<u32>,
    },
    /// Wait this many milliseconds, then handle the request normally.
    Delay {
        /// The delay.
        ms: u64,
    },
    /// Close the connection without handling the request or writing a byte.
    DropBeforeHandling,
    /// Handle the request (a recharge is committed), then close the connection without
    /// writing a byte of the response.
    DropAfterCommit,
}

impl FaultAction {
    /// An error status with the default JSON body and no `Retry-After`.
    pub fn error(status: u16) -> Self {
        FaultAction::Error {
            status,
            body: None,
            retry_after: None,
        }
    }

    /// A short name for the request log.
    pub(crate) fn label(&self) -> String {
        match self {
            FaultAction::Error { status, .. } => format!("error {status}"),
            FaultAction::Delay { ms } => format!("delay {ms} ms"),
            FaultAction::DropBeforeHandling => "drop before handling".to_owned(),
            FaultAction::DropAfterCommit => "drop after commit".to_owned(),
        }
    }
}

/// Random mode: each matching request is faulted with probability `per_million / 10^6`,
/// drawn from a generator seeded with `seed` (reproducible for a given request order).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RandomFault {
    /// Probability in millionths (1,000,000 = always).
    pub per_million: u32,
    /// Seed of the generator.
    pub seed: u64,
}

/// A fault to inject with [`Admin::inject_fault`](crate::Admin::inject_fault).
///
/// ```
/// use solapi_cash_emulator::{FaultAction, FaultSpec, Route};
///
/// // The next two recharges answer 503 with Retry-After: 1.
/// let spec = FaultSpec::new(Route::Recharge, FaultAction::Error {
///     status: 503, body: None, retry_after: Some(1),
/// }).times(2);
/// assert_eq!(spec.times, 2);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct FaultSpec {
    /// The route it applies to.
    pub route: Route,
    /// How many requests it hits (then it is gone).
    #[serde(default = "one")]
    pub times: u32,
    /// What it does.
    pub action: FaultAction,
    /// `None`: the next `times` matching requests. `Some`: random requests, until `times`
    /// were hit.
    #[serde(default)]
    pub random: Option<RandomFault>,
}

fn one() -> u32 {
    1
}

impl FaultSpec {
    /// A fault hitting the next matching request once.
    pub fn new(route: Route, action: FaultAction) -> Self {
        Self {
            route,
            times: 1,
            action,
            random: None,
        }
    }

    /// Hits `n` requests instead of one.
    #[must_use]
    pub fn times(mut self, n: u32) -> Self {
        self.times = n;
        self
    }

    /// Hits random matching requests with probability `per_million / 10^6` (seeded),
    /// until `times` were hit; use `.times(u32::MAX)` for "forever".
    #[must_use]
    pub fn random(mut self, per_million: u32, seed: u64) -> Self {
        self.random = Some(RandomFault { per_million, seed });
        self
    }
}

#[derive(Debug)]
struct Active {
    spec: FaultSpec,
    remaining: u32,
    rng: Option<SeededRng>,
}

/// The injected faults, in the order they were added.
#[derive(Debug, Default)]
pub(crate) struct FaultQueue {
    active: Vec<Active>,
}

impl FaultQueue {
    pub(crate) fn push(&mut self, spec: FaultSpec) {
        if spec.times == 0 {
            return;
        }
        self.active.push(Active {
            remaining: spec.times,
            rng: spec.random.map(|r| SeededRng::new(r.seed)),
            spec,
        });
    }

    /// The action for a request of `operation`, if a fault hits it; counts the hit.
    pub(crate) fn take(&mut self, operation: Operation) -> Option<FaultAction> {
        let mut hit = None;
        for (i, active) in self.active.iter_mut().enumerate() {
            if !active.spec.route.covers(operation) {
                continue;
            }
            if let (Some(rng), Some(random)) = (active.rng.as_mut(), active.spec.random)
                && !rng.chance(random.per_million)
            {
                continue;
            }
            active.remaining -= 1;
            hit = Some((i, active.spec.action.clone()));
            break;
        }
        let (i, action) = hit?;
        if self.active[i].remaining == 0 {
            self.active.remove(i);
        }
        Some(action)
    }

    pub(crate) fn pending(&self) -> Vec<FaultSpec> {
        self.active
            .iter()
            .map(|a| FaultSpec {
                times: a.remaining,
                ..a.spec.clone()
            })
            .collect()
    }

    pub(crate) fn clear(&mut self) {
        self.active.clear();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_n_requests_of_the_route() {
        let mut q = FaultQueue::default();
        q.push(FaultSpec::new(Route::Recharge, FaultAction::DropAfterCommit).times(2));
        assert_eq!(q.take(Operation::History), None);
        assert_eq!(
            q.take(Operation::Recharge),
            Some(FaultAction::DropAfterCommit)
        );
        assert_eq!(
            q.take(Operation::Recharge),
            Some(FaultAction::DropAfterCommit)
        );
        assert_eq!(q.take(Operation::Recharge), None);
    }

    #[test]
    fn any_covers_every_route_and_order_is_kept() {
        let mut q = FaultQueue::default();
        q.push(FaultSpec::new(Route::Any, FaultAction::error(500)));
        q.push(FaultSpec::new(Route::Balance, FaultAction::Delay { ms: 5 }));
        assert_eq!(q.take(Operation::Balance), Some(FaultAction::error(500)));
        assert_eq!(
            q.take(Operation::Balance),
            Some(FaultAction::Delay { ms: 5 })
        );
        assert!(q.pending().is_empty());
    }

    #[test]
    fn random_faults_are_reproducible() {
        let run = || {
            let mut q = FaultQueue::default();
            q.push(
                FaultSpec::new(Route::Any, FaultAction::error(503))
                    .times(u32::MAX)
                    .random(300_000, 42),
            );
            (0..200)
                .map(|_| q.take(Operation::History).is_some())
                .collect::<Vec<_>>()
        };
        let a = run();
        assert_eq!(a, run());
        let hits = a.iter().filter(|h| **h).count();
        assert!(hits > 20 && hits < 120, "{hits} hits of 200 at 30%");
    }

    #[test]
    fn action_json_form() {
        let spec: FaultSpec = serde_json::from_str(
            r#"{"route":"recharge","times":3,"action":{"kind":"error","status":429,"retryAfter":2}}"#,
        )
        .unwrap();
        assert_eq!(spec.times, 3);
        assert_eq!(
            spec.action,
            FaultAction::Error {
                status: 429,
                body: None,
                retry_after: Some(2)
            }
        );
        let drop: FaultAction = serde_json::from_str(r#"{"kind":"dropAfterCommit"}"#).unwrap();
        assert_eq!(drop, FaultAction::DropAfterCommit);
    }

    #[test]
    fn route_names_come_from_the_operations() {
        for op in Operation::ALL {
            let json = serde_json::to_string(&Route::from(*op)).unwrap();
            assert_eq!(json, format!("\"{}\"", op.name()));
            assert_eq!(
                serde_json::from_str::<Route>(&json).unwrap(),
                Route::Only(*op)
            );
        }
        assert_eq!(
            serde_json::from_str::<Route>(r#""any""#).unwrap(),
            Route::Any
        );
        let e = serde_json::from_str::<Route>(r#""refund""#)
            .unwrap_err()
            .to_string();
        assert!(e.contains("expected one of any, balance, recharge"), "{e}");
    }
}
