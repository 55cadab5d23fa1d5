//! [`Endpoint`]: one endpoint of the Cash API as one value — its pure request builder, its
//! pure response reader and its [`Operation`] (method, path, whether it moves money). A
//! transport runs any of them with one generic `send`; the clients' named methods
//! (`balance()`, `recharge()`, ...) are sugar over it.
//!
//! ```
//! use solapi_cash_core::endpoint::{Balance, Endpoint};
//! use solapi_cash_core::{BaseUrl, Operation};
//!
//! let base = BaseUrl::parse("http://127.0.0.1:8080")?;
//! let request = Balance::new().request(&base)?;
//! assert_eq!(request.uri(), "http://127.0.0.1:8080/cash/v1/balance");
//! assert_eq!(Balance::new().operation(), Some(Operation::Balance));
//!
//! let answer = http::Response::new(br#"{"balance": 10130.5, "point": 0}"#.to_vec());
//! assert_eq!(Balance::new().read(&answer)?.balance.unwrap().to_string(), "10130.5");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Adding an endpoint: one file here (a type, its request, its reader), a variant of
//! [`Operation`], and a named method in each client (`docs/architecture.md` has the whole
//! checklist).

mod balance;
mod history;
mod history_text;
mod money;
mod payments;
mod raw;
mod receipt;
mod recharge;

use http::{Request, Response};
use solapi_cash_types::models::{MfaData, RechargeRequest};

pub use balance::Balance;
pub(crate) use history::ExportPage;
pub use history::History;
pub use history_text::{HistoryText, SentPage};
pub use payments::Payments;
pub use raw::{Raw, RawResponse};
pub use receipt::Receipt;
pub use recharge::Recharge;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;

mod sealed {
    pub trait Sealed {}
}

/// One endpoint: what to send and how to read the answer. Implemented by the endpoint types
/// of this module only (sealed), so that new facts can be added without a breaking release.
pub trait Endpoint: sealed::Sealed {
    /// What a successful answer decodes to.
    type Output;

    /// Which declared endpoint this is (`None` for a [`Raw`] request to a route the SDK does
    /// not declare).
    fn operation(&self) -> Option<Operation>;

    /// The method, path and repeat rule the call works with.
    #[doc(hidden)]
    fn route(&self) -> crate::route::Route {
        match self.operation() {
            Some(operation) => crate::route::Route::declared(operation),
            // Only `Raw` has no operation, and it says its route itself.
            None => crate::route::Route {
                operation: None,
                method: http::Method::GET,
                path: String::new(),
                repeat: crate::endpoints::Repeat::Never,
            },
        }
    }

    /// The request, unsigned (the engine adds `Authorization` to every attempt), or an
    /// invalid-input error for a value that cannot be sent.
    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error>;

    /// Reads an answer: a success body decoded exactly, or the typed [`Error`] of any other
    /// answer (kind, status, API code and message, and whether it may have been applied).
    fn read(&self, response: &Response<Vec<u8>>) -> Result<Self::Output, Error>;

    /// For an endpoint that moves money: the recharge this is, which an error of unknown
    /// outcome carries so that it can be reconciled.
    fn recharge_request(&self) -> Option<&RechargeRequest> {
        None
    }

    /// For an endpoint that moves money: the history entry it writes, which an error of
    /// unknown outcome carries (in its attempt) so that it can be reconciled. A recharge's
    /// is derived from its request.
    fn moved_money(&self) -> Option<crate::EntryMatch> {
        self.recharge_request()
            .map(|r| crate::EntryMatch::recharge(&r.amount.to_money()))
    }

    /// The history entry a successful answer says it wrote. The engine remembers it, so
    /// that reconciling a later recharge of the same amount does not mistake it for that
    /// recharge's entry.
    fn written_entry(output: &Self::Output) -> Option<&str> {
        let _ = output;
        None
    }
}

/// The endpoint types of the declaration's `plain` rows (a JSON body, or none, built from a
/// model that validated itself when made, and a JSON answer) and `query` rows (a `GET` whose
/// query is checked before sending, a JSON answer, and for a key-paged row the query's
/// [`KeyedQuery`](crate::KeyedQuery)).
macro_rules! plain_endpoints {
    () => {};
    (custom $variant:ident $row:tt $($rest:tt)*) => {
        plain_endpoints!($($rest)*);
    };
    (query $variant:ident {
        request: (), response: $response:ident, query: $query:ident, doc: $doc:literal
    } $($rest:tt)*) => {
        impl crate::pager::KeyedQuery for solapi_cash_types::query::$query {
            const OPERATION: Operation = Operation::$variant;

            fn at_key(&self, key: Option<&str>) -> Self {
                self.with_start_key(key)
            }
        }

        #[doc = $doc]
        ///
        /// The page its query selects; [`StartKeyPager`](crate::StartKeyPager) reads every page.
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $variant {
            query: solapi_cash_types::query::$query,
        }

        impl $variant {
            /// The page `query` selects.
            pub fn new(query: solapi_cash_types::query::$query) -> $variant {
                $variant { query }
            }

            /// The query.
            pub fn query(&self) -> &solapi_cash_types::query::$query {
                &self.query
            }
        }

        plain_endpoints!(@endpoint $variant, $response, |endpoint, op|
            // A query made without `build` is checked here, before anything is sent.
            query: endpoint
                .query
                .clone()
                .build()
                .map_err(|e| Error::invalid_input(op, e.to_string()))?
                .to_query_string(),
            mfa: None,
            body: None,
            extra: {}
        );
        plain_endpoints!($($rest)*);
    };
    (plain $variant:ident {
        request: (), response: $response:ident, query: (), doc: $doc:literal
    } $($rest:tt)*) => {
        #[doc = $doc]
        #[derive(Debug, Clone, Default, PartialEq, Eq)]
        pub struct $variant {
            mfa: Option<MfaData>,
        }

        impl $variant {
            /// The request.
            pub fn new() -> $variant {
                $variant::default()
            }
        }

        plain_endpoints!(@mfa $variant);

        plain_endpoints!(@endpoint $variant, $response, |endpoint, _op|
            query: String::new(), mfa: endpoint.mfa.as_ref(), body: None, extra: {});
        plain_endpoints!($($rest)*);
    };
    // A row that moves money: a plain row whose body says which history entry it writes
    // (`money::MovesMoney`), so that an unknown outcome carries what to reconcile.
    (money $variant:ident {
        request: $request:ident, response: $response:ident, query: (), doc: $doc:literal
    } $($rest:tt)*) => {
        plain_endpoints!(@body $variant, $request, $response, $doc, {
            fn moved_money(&self) -> Option<crate::EntryMatch> {
                Some(money::MovesMoney::entry(&self.body))
            }
        });
        plain_endpoints!($($rest)*);
    };
    (plain $variant:ident {
        request: $request:ident, response: $response:ident, query: (), doc: $doc:literal
    } $($rest:tt)*) => {
        plain_endpoints!(@body $variant, $request, $response, $doc, {});
        plain_endpoints!($($rest)*);
    };
    // The type and `Endpoint` of a row with a JSON body; `$extra`: more of the `Endpoint`.
    (@body $variant:ident, $request:ident, $response:ident, $doc:literal, { $($extra:tt)* }) => {
        #[doc = $doc]
        #[derive(Debug, Clone, PartialEq)]
        pub struct $variant {
            body: solapi_cash_types::models::$request,
            mfa: Option<MfaData>,
        }

        impl $variant {
            /// The request with its body.
            pub fn new(body: solapi_cash_types::models::$request) -> $variant {
                $variant { body, mfa: None }
            }

            /// The body.
            pub fn body(&self) -> &solapi_cash_types::models::$request {
                &self.body
            }
        }

        plain_endpoints!(@mfa $variant);
        plain_endpoints!(@endpoint $variant, $response, |endpoint, op|
            query: String::new(),
            mfa: endpoint.mfa.as_ref(),
            body: Some(
                serde_json::to_vec(&endpoint.body)
                    .map_err(|e| Error::invalid_input(op, format!("cannot encode the body: {e}")))?
            ),
            extra: { $($extra)* }
        );
    };
    // `with_mfa`, for the rows the declaration marks `second_factor` (any row takes it).
    (@mfa $variant:ident) => {
        impl $variant {
            /// The same request answering a second-factor challenge (`ErrorKind::MfaRequired`
            /// on an operation whose [`Operation::second_factor`] is true): the challenge's
            /// transaction id and the emailed code, sent in `x-mfa-data`.
            pub fn with_mfa(mut self, mfa: MfaData) -> $variant {
                self.mfa = Some(mfa);
                self
            }
        }
    };
    // The `Endpoint` of a generated row: `$query` makes the query string, `$mfa` is the
    // second factor, if any, `$body` the JSON body, if any, and `$extra` more of the
    // `Endpoint`.
    (@endpoint $variant:ident, $response:ident, |$this:ident, $op:ident|
        query: $query:expr, mfa: $mfa:expr, body: $body:expr, extra: { $($extra:tt)* }
    ) => {
        impl sealed::Sealed for $variant {}

        impl Endpoint for $variant {
            type Output = solapi_cash_types::models::$response;

            fn operation(&self) -> Option<Operation> {
                Some(Operation::$variant)
            }

            fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
                let ($this, $op) = (self, Operation::$variant);
                let query: String = $query;
                let body: Option<Vec<u8>> = $body;
                let json = body.is_some();
                let builder = crate::wire::request::builder($op, base, &query, json);
                let builder = crate::wire::request::with_mfa($op, builder, $mfa)?;
                crate::wire::request::finish($op, builder, body.unwrap_or_default())
            }

            fn read(&self, response: &Response<Vec<u8>>) -> Result<Self::Output, Error> {
                crate::wire::decode::read_json(Operation::$variant, response)
            }

            $($extra)*
        }
    };
}

crate::for_each_endpoint!(plain => plain_endpoints);

#[cfg(test)]
mod tests;
