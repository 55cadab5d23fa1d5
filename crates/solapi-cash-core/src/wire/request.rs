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

/// Adds the second factor's `x-mfa-data` header (marked sensitive, so that no log shows the
/// code) when answering a challenge; a code or transaction id that cannot be sent in a header
/// is an invalid-input error.
pub(crate) fn with_mfa(
    op: Operation,
    builder: request::Builder,
    mfa: Option<&solapi_cash_types::models::MfaData>,
) -> Result<request::Builder, Error> {
    use solapi_cash_types::models::MfaData;
    let Some(mfa) = mfa else {
        return Ok(builder);
    };
    let text = mfa.to_header_value();
    let value = match crate::sendable::header_problem(&text, &[]) {
        None => http::HeaderValue::from_str(&text).ok(),
        Some(_) => None,
    };
    let Some(mut value) = value else {
        return Err(Error::invalid_input(
            op,
            "the second-factor code or transaction id holds characters that cannot be sent in a header (only printable ASCII)",
        ));
    };
    value.set_sensitive(true);
    Ok(builder.header(MfaData::HEADER, value))
}
