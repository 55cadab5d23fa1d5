//! Building an endpoint's unsigned request: method, URL, the headers every request carries,
//! and the body. Signing is added per attempt by [`Call`](crate::transport::Call).

use http::header::{ACCEPT, CONTENT_TYPE, USER_AGENT as USER_AGENT_HEADER};
use http::{Request, request};

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;

/// The `User-Agent` every request carries.
pub const USER_AGENT: &str = concat!("solapi-cash/", env!("CARGO_PKG_VERSION"));

/// The request of `operation` at `base` with `query` (already encoded, may be empty), as a
/// builder to add headers to; `json` marks a JSON body.
pub(crate) fn builder(
    operation: Operation,
    base: &BaseUrl,
    query: &str,
    json: bool,
) -> request::Builder {
    let builder = Request::builder()
        .method(operation.method())
        .uri(base.join(operation.path(), query))
        .header(USER_AGENT_HEADER, USER_AGENT)
        .header(ACCEPT, "application/json");
    if json {
        builder.header(CONTENT_TYPE, "application/json")
    } else {
        builder
    }
}

/// The finished request, or an invalid-input error naming what could not be built.
pub(crate) fn finish(
    operation: Operation,
    builder: request::Builder,
    body: Vec<u8>,
) -> Result<Request<Vec<u8>>, Error> {
    builder
        .body(body)
        .map_err(|e| Error::invalid_input(operation, format!("cannot build the request: {e}")))
}
