//! [`QueryError`]: a history parameter that cannot be sent.

use std::fmt;

/// A history query parameter is invalid. Names the parameter as it is written on the wire.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct QueryError {
    parameter: &'static str,
    reason: String,
}

impl QueryError {
    pub(crate) fn new(parameter: &'static str, reason: impl Into<String>) -> QueryError {
        QueryError {
            parameter,
            reason: reason.into(),
        }
    }

    /// The wire name of the parameter, such as `limit` or `startDate`.
    pub fn parameter(&self) -> &str {
        self.parameter
    }

    /// What is wrong with it.
    pub fn reason(&self) -> &str {
        &self.reason
    }
}

impl fmt::Display for QueryError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "invalid `{}`: {}", self.parameter, self.reason)
    }
}

impl std::error::Error for QueryError {}
