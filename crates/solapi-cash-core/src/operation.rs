//! [`Operation`]: the endpoints of the Cash API.

use std::fmt;

use http::Method;

/// One endpoint of the Cash API.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum Operation {
    /// `GET /cash/v1/balance`.
    Balance,
    /// `POST /cash/v1/balance`.
    Recharge,
    /// `GET /cash/v1/balance/history`.
    History,
}

impl Operation {
    /// The HTTP method.
    pub fn method(self) -> Method {
        match self {
            Operation::Recharge => Method::POST,
            Operation::Balance | Operation::History => Method::GET,
        }
    }

    /// The path below the base URL.
    pub fn path(self) -> &'static str {
        match self {
            Operation::Balance | Operation::Recharge => "/cash/v1/balance",
            Operation::History => "/cash/v1/balance/history",
        }
    }

    /// Whether the call moves money, so that sending it twice could charge twice.
    pub fn changes_money(self) -> bool {
        self == Operation::Recharge
    }

    /// A short name for messages and traces.
    pub fn name(self) -> &'static str {
        match self {
            Operation::Balance => "balance",
            Operation::Recharge => "recharge",
            Operation::History => "history",
        }
    }
}

impl fmt::Display for Operation {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}
