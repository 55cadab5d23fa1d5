//! [`Operation`]: the endpoints of the Cash API and the facts about each that the engine,
//! the emulator and the tests rely on.

use std::fmt;

use http::Method;

use crate::endpoints::{Paging, Repeat, Role, Scope};

macro_rules! operations {
    ($(
        $variant:ident {
            name: $name:literal, method: $method:ident, path: $path:literal,
            request: $request:tt, response: $response:tt, query: $query:tt,
            paging: $paging:ident, scope: $scope:ident, role: $role:ident,
            second_factor: $mfa:literal, moves_money: $money:literal, repeat: $repeat:ident,
            errors: [$($error:literal),*], source: $source:literal, doc: $doc:literal,
        }
    )*) => {
        /// One endpoint of the Cash API.
        ///
        /// The one list of the API's routes, generated from the declaration
        /// ([`for_each_endpoint!`](crate::for_each_endpoint), `endpoints.rs`): the engine builds
        /// requests from it, and the emulator's router, authorisation and fault routes and the
        /// conformance suite derive from it ([`Operation::ALL`], [`Operation::matching`])
        /// instead of copying paths or facts.
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
        #[non_exhaustive]
        pub enum Operation {
            $( #[doc = $doc] $variant, )*
        }

        impl Operation {
            /// Every operation, in the declaration's order.
            pub const ALL: &'static [Operation] = &[$(Operation::$variant),*];

            /// The HTTP method.
            pub fn method(self) -> Method {
                match self { $(Operation::$variant => Method::$method,)* }
            }

            /// The path below the base URL.
            pub fn path(self) -> &'static str {
                match self { $(Operation::$variant => $path,)* }
            }

            /// A short name for messages, traces and the emulator's fault routes.
            pub fn name(self) -> &'static str {
                match self { $(Operation::$variant => $name,)* }
            }

            /// Whether the call moves money, so that sending it twice could charge twice
            /// (stated, not derived).
            pub fn changes_money(self) -> bool {
                match self { $(Operation::$variant => $money,)* }
            }

            /// Whether it may be sent again after a failure that may have reached the server.
            pub fn repeat(self) -> Repeat {
                match self { $(Operation::$variant => Repeat::$repeat,)* }
            }

            /// The OAuth2 scope it needs.
            pub fn scope_kind(self) -> Scope {
                match self { $(Operation::$variant => Scope::$scope,)* }
            }

            /// The member role it needs.
            pub fn role(self) -> Role {
                match self { $(Operation::$variant => Role::$role,)* }
            }

            /// Whether the service documents a second factor for it.
            pub fn second_factor(self) -> bool {
                match self { $(Operation::$variant => $mfa,)* }
            }

            /// How it pages.
            pub fn paging(self) -> Paging {
                match self { $(Operation::$variant => Paging::$paging,)* }
            }

            /// The error codes its documentation names.
            pub fn documented_errors(self) -> &'static [&'static str] {
                match self { $(Operation::$variant => &[$($error),*],)* }
            }

            /// Where it is documented (`docs/sources.md` names the sources).
            pub fn source(self) -> &'static str {
                match self { $(Operation::$variant => $source,)* }
            }

            /// One line on what it does.
            pub fn doc(self) -> &'static str {
                match self { $(Operation::$variant => $doc,)* }
            }

            /// The names of its request body, response and query types (`()` for none).
            pub fn types(self) -> [&'static str; 3] {
                match self {
                    $(Operation::$variant => [
                        unquote(stringify!($request)),
                        unquote(stringify!($response)),
                        unquote(stringify!($query)),
                    ],)*
                }
            }
        }
    };
}

crate::for_each_endpoint!(facts => operations);

/// A type name as the declaration writes it, without the quotes of one written as text.
fn unquote(text: &'static str) -> &'static str {
    text.trim_matches('"')
}

impl Operation {
    /// Whether sending it again after a failure that may have reached the server is
    /// harmless: reads, and writes that set a whole state ([`Repeat::SameState`]).
    pub fn safe_to_repeat(self) -> bool {
        self.repeat() != Repeat::Never
    }

    /// Whether it changes anything on the service (every operation but a read): a failure
    /// after it may have reached the server leaves its outcome unknown.
    pub fn changes_state(self) -> bool {
        self.repeat() != Repeat::Safe
    }

    /// The OAuth2 scope it needs, as the service spells it (`docs/signing.md`).
    pub fn scope(self) -> &'static str {
        self.scope_kind().as_str()
    }

    /// The operation a request with this method and path (no query) is, if any.
    ///
    /// ```
    /// use solapi_cash_core::Operation;
    ///
    /// assert_eq!(Operation::matching("POST", "/cash/v1/balance"), Some(Operation::Recharge));
    /// assert_eq!(Operation::matching("GET", "/cash/v1/payment"), Some(Operation::Payments));
    /// assert_eq!(Operation::matching("PATCH", "/cash/v1/balance"), None);
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
            if op.changes_money() {
                assert_eq!(op.repeat(), Repeat::Never, "{op}");
                assert_eq!(op.scope(), "cash:write", "{op}");
                assert_eq!(op.role(), Role::Write, "{op}");
            }
            if op.method() == Method::GET {
                assert_eq!(op.repeat(), Repeat::Safe, "{op}");
            }
        }
        assert_eq!(
            Operation::ALL
                .iter()
                .filter(|op| op.changes_money())
                .collect::<Vec<_>>(),
            [
                &Operation::Recharge,
                &Operation::Transfer,
                &Operation::Withdraw
            ]
        );
    }
}
