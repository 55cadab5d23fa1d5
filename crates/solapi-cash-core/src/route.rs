//! [`Route`]: what a call needs to know about the request it sends — its method and path, and
//! whether it may be sent again — from a declared [`Operation`] or from a raw request's
//! caller.

use http::Method;

use crate::endpoints::Repeat;
use crate::operation::Operation;

/// The method, path and repeat rule of one call (`pub` only so that the sealed
/// [`Endpoint`](crate::Endpoint) trait can name it; not reachable from outside the crate).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Route {
    /// The declared operation, if the request is one.
    pub(crate) operation: Option<Operation>,
    pub(crate) method: Method,
    pub(crate) path: String,
    pub(crate) repeat: Repeat,
}

impl Route {
    /// The route of a declared operation.
    pub(crate) fn declared(operation: Operation) -> Route {
        Route {
            operation: Some(operation),
            method: operation.method(),
            path: operation.path().to_owned(),
            repeat: operation.repeat(),
        }
    }

    /// The name in traces and messages.
    pub(crate) fn name(&self) -> &'static str {
        self.operation.map_or("raw", Operation::name)
    }

    /// Whether a failure after it may have reached the server leaves its outcome unknown.
    pub(crate) fn changes_state(&self) -> bool {
        self.repeat != Repeat::Safe
    }

    /// Whether it may be sent again after a failure that may have reached the server.
    pub(crate) fn safe_to_repeat(&self) -> bool {
        self.repeat != Repeat::Never
    }
}
