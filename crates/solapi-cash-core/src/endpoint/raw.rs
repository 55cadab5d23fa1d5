//! [`Raw`]: a signed request to any path of the API — for an endpoint the SDK does not model
//! yet — with the same signing, retries and money rules as a declared one.

use http::{Method, Request, Response, StatusCode};

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::endpoints::Repeat;
use crate::error::{Error, Outcome};
use crate::operation::Operation;
use crate::route::Route;
use crate::wire::{classify, decode};

/// A request to any path below the base URL: method, path, query and JSON body, signed and
/// sent like every call (octocrab's `_get` / `_post` are the model). Send it with either
/// client's `send`; a 2xx answer is [`RawResponse`], any other the same typed [`Error`] a
/// declared endpoint gives.
///
/// Retries follow the same rules: a `GET` is a read and is retried; any other method is a
/// write that is never sent again once it may have reached the server — unless the caller
/// declares it harmless to repeat with [`repeatable`](Raw::repeatable) (a `PUT` that sets a
/// whole state). A request whose method and path are a declared endpoint takes that
/// endpoint's facts instead, so that no raw request can loosen the rules of one that moves
/// money.
///
/// ```
/// use solapi_cash_core::endpoint::{Endpoint, Raw};
/// use solapi_cash_core::BaseUrl;
///
/// let base = BaseUrl::parse("http://127.0.0.1:8080")?;
/// let read = Raw::get("/cash/v1/balance/alert").query("limit", "10");
/// let request = read.request(&base)?;
/// assert_eq!(request.uri(), "http://127.0.0.1:8080/cash/v1/balance/alert?limit=10");
///
/// let write = Raw::put("/cash/v1/balance/alert/switch", serde_json::json!({"enabled": true}));
/// assert_eq!(write.request(&base)?.body(), br#"{"enabled":true}"#);
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
#[derive(Debug, Clone, PartialEq)]
pub struct Raw {
    method: Method,
    path: String,
    query: Vec<(String, String)>,
    body: Option<serde_json::Value>,
    repeatable: bool,
}

/// A raw request's 2xx answer: its status and JSON body (`Null` for an empty one).
#[derive(Debug, Clone, PartialEq)]
#[non_exhaustive]
pub struct RawResponse {
    /// The status (a 2xx).
    pub status: StatusCode,
    /// The body as JSON; `Value::Null` when it was empty.
    pub body: serde_json::Value,
}

impl RawResponse {
    /// The body decoded as `T`.
    pub fn json<T: serde::de::DeserializeOwned>(&self) -> Result<T, serde_json::Error> {
        T::deserialize(&self.body)
    }
}

impl Raw {
    /// A request of `method` to `path` (below the base URL, starting with `/`), no body.
    pub fn new(method: Method, path: impl Into<String>) -> Raw {
        Raw {
            method,
            path: path.into(),
            query: Vec::new(),
            body: None,
            repeatable: false,
        }
    }

    /// `GET path`.
    pub fn get(path: impl Into<String>) -> Raw {
        Raw::new(Method::GET, path)
    }

    /// `POST path` with a JSON body.
    pub fn post(path: impl Into<String>, body: serde_json::Value) -> Raw {
        Raw::new(Method::POST, path).json(body)
    }

    /// `PUT path` with a JSON body.
    pub fn put(path: impl Into<String>, body: serde_json::Value) -> Raw {
        Raw::new(Method::PUT, path).json(body)
    }

    /// `DELETE path`.
    pub fn delete(path: impl Into<String>) -> Raw {
        Raw::new(Method::DELETE, path)
    }

    /// Adds a query parameter (encoded when sent).
    pub fn query(mut self, key: impl Into<String>, value: impl Into<String>) -> Raw {
        self.query.push((key.into(), value.into()));
        self
    }

    /// Sets the JSON body.
    pub fn json(mut self, body: serde_json::Value) -> Raw {
        self.body = Some(body);
        self
    }

    /// Declares a write harmless to send again after a failure that may have reached the
    /// server (it sets a whole state, as a `PUT` of a setting does): it is then retried like
    /// a read. Its errors still say it may have been applied. Ignored for a declared
    /// endpoint, whose own facts apply.
    pub fn repeatable(mut self) -> Raw {
        self.repeatable = true;
        self
    }

    fn declared(&self) -> Option<Operation> {
        Operation::matching(self.method.as_str(), &self.path)
    }
}

impl sealed::Sealed for Raw {}

impl Endpoint for Raw {
    type Output = RawResponse;

    fn operation(&self) -> Option<Operation> {
        self.declared()
    }

    fn route(&self) -> Route {
        if let Some(operation) = self.declared() {
            return Route::declared(operation);
        }
        let repeat = if self.method == Method::GET || self.method == Method::HEAD {
            Repeat::Safe
        } else if self.repeatable {
            Repeat::SameState
        } else {
            Repeat::Never
        };
        Route {
            operation: None,
            method: self.method.clone(),
            path: self.path.clone(),
            repeat,
        }
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let route = self.route();
        let invalid =
            |detail: String| Error::invalid_input(route.operation, detail).with_raw_route(&route);
        if !self.path.starts_with('/') || self.path.contains(['?', '#']) {
            return Err(invalid(format!(
                "a raw request's path must start with `/` and hold no query or fragment: {:?}",
                self.path
            )));
        }
        let query = url::form_urlencoded::Serializer::new(String::new())
            .extend_pairs(&self.query)
            .finish();
        let body = match &self.body {
            Some(body) => serde_json::to_vec(body)
                .map_err(|e| invalid(format!("cannot encode the body: {e}")))?,
            None => Vec::new(),
        };
        let builder = Request::builder()
            .method(self.method.clone())
            .uri(base.join(&self.path, &query))
            .header(http::header::USER_AGENT, crate::wire::request::USER_AGENT)
            .header(http::header::ACCEPT, "application/json");
        let builder = if self.body.is_some() {
            builder.header(http::header::CONTENT_TYPE, "application/json")
        } else {
            builder
        };
        builder
            .body(body)
            .map_err(|e| invalid(format!("cannot build the request: {e}")))
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<RawResponse, Error> {
        let route = self.route();
        if !response.status().is_success() {
            return Err(classify::error_for_route(&route, response));
        }
        let body = response.body();
        if body.iter().all(u8::is_ascii_whitespace) {
            return Ok(RawResponse {
                status: response.status(),
                body: serde_json::Value::Null,
            });
        }
        decode::decode_json(body)
            .map(|body| RawResponse {
                status: response.status(),
                body,
            })
            .map_err(|failure| {
                // A 2xx is evidence, not proof, that a write was applied.
                let outcome = if route.changes_state() {
                    Outcome::Unknown
                } else {
                    Outcome::NotApplied
                };
                failure
                    .into_error(route.operation, outcome)
                    .with_raw_route(&route)
            })
    }
}
