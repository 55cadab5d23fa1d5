//! [`Operation`]: the endpoints of the Cash API and the facts about each that the engine,
//! the emulator and the tests rely on.

use std::fmt;

use http::Method;

/// One endpoint of the Cash API.
///
/// The one list of the API's routes: the engine builds requests from it, and the emulator's
/// router and fault routes and the conformance suite derive from it ([`Operation::ALL`],
/// [`Operation::matching`]) instead of copying paths.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
#[non_exhaustive]
pub enum Operation {
    /// `GET /cash/v1/balance`: the balance and point.
    Balance,
    /// `POST /cash/v1/balance`: recharge from a registered payment method.
    Recharge,
    /// `GET /cash/v1/balance/history`: one page of the balance history.
    History,
    /// `GET /cash/v1/payment`: the registered payment methods.
    Payments,
}

impl Operation {
    /// Every operation, in a fixed order.
    pub const ALL: &'static [Operation] = &[
        Operation::Balance,
        Operation::Recharge,
        Operation::History,
        Operation::Payments,
    ];

    /// The HTTP method.
    pub fn method(self) -> Method {
        match self {
            Operation::Recharge => Method::POST,
            Operation::Balance | Operation::History | Operation::Payments => Method::GET,
        }
    }

    /// The path below the base URL.
    pub fn path(self) -> &'static str {
        match self {
            Operation::Balance | Operation::Recharge => "/cash/v1/balance",
            Operation::History => "/cash/v1/balance/history",
            Operation::Payments => "/cash/v1/payment",
        }
    }

    /// Whether the call moves money, so that sending it twice could charge twice.
    pub fn changes_money(self) -> bool {
        self == Operation::Recharge
    }

    /// Whether sending it again after a failure that may have reached the server is
    /// harmless (true for reads).
    pub fn safe_to_repeat(self) -> bool {
        !self.changes_money()
    }

    /// The OAuth2 scope it needs (`docs/signing.md`; the service's scope table).
    pub fn scope(self) -> &'static str {
        if self.changes_money() {
            "cash:write"
        } else {
            "cash:read"
        }
    }

    /// A short name for messages and traces.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Balance => "balance",
            Operation::Recharge => "recharge",
            Operation::History => "history",
            Operation::Payments => "payments",
        }
    }

    /// The operation a request with this method and path (no query) is, if any.
    ///
    /// ```
    /// use solapi_cash_core::Operation;
    ///
    /// assert_eq!(Operation::matching("POST", "/cash/v1/balance"), Some(Operation::Recharge));
    /// assert_eq!(Operation::matching("GET", "/cash/v1/payment"), Some(Operation::Payments));
    /// assert_eq!(Operation::matching("DELETE", "/cash/v1/balance"), None);
    /// ```
    pub fn matching(method: &str, path: &str) -> Option<Operation> {
        Operation::ALL
            .iter()
            .copied()
            .find(|op| op.method().as_str().eq_ignore_ascii_case(method) && op.path() == path)
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_operation_is_listed_once_and_found_by_its_route() {
        for (i, op) in Operation::ALL.iter().enumerate() {
            assert!(!Operation::ALL[..i].contains(op));
            assert_eq!(
                Operation::matching(op.method().as_str(), op.path()),
                Some(*op)
            );
            assert_eq!(op.safe_to_repeat(), !op.changes_money());
        }
        assert_eq!(
            Operation::ALL
                .iter()
                .filter(|op| op.changes_money())
                .collect::<Vec<_>>(),
            [&Operation::Recharge]
        );
    }
}
