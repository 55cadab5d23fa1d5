//! Moving bytes with reqwest: an `http::Request<Vec<u8>>` in, an `http::Response<Vec<u8>>` or
//! a classified [`TransportError`] out. Nothing else happens here.

use solapi_cash_core::transport::{TransportError, TransportErrorKind, USER_AGENT};
use solapi_cash_core::{ClientConfig, Error};

/// The reqwest client of a client that was handed none: redirects are never followed (the
/// signed `Authorization` header must not reach another host, and a recharge must not be
/// re-sent by a redirect), and both timeouts are on.
pub(crate) fn http_client(config: &ClientConfig) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(config.connect_timeout())
        .timeout(config.timeout())
        .user_agent(USER_AGENT)
        .build()
        .map_err(|e| Error::invalid_input(None, format!("cannot set up the HTTP client: {e}")))
}

/// Sends one request and reads at most `max_body_bytes` of the answer. The attempt's overall
/// timeout is set on the request itself, so that it holds for a client handed in too; a
/// redirect such a client followed is refused.
pub(crate) async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    config: &ClientConfig,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let mut request = reqwest::Request::try_from(request).map_err(classify)?;
    *request.timeout_mut() = Some(config.timeout());
    let sent_to = request.url().clone();
    let mut response = client.execute(request).await.map_err(classify)?;
    if response.url() != &sent_to {
        return Err(TransportError::new(
            TransportErrorKind::Redirected,
            format!(
                "the HTTP client followed a redirect to {}; build it with redirect::Policy::none()",
                response.url().host_str().unwrap_or("another host")
            ),
        ));
    }
    // The status line has arrived: a failure from here on is a failure to read the body.
    let status = response.status();
    let max_body_bytes = config.max_body_bytes();
    let too_large = || {
        TransportError::new(
            TransportErrorKind::BodyTooLarge,
            format!("the response body exceeds {max_body_bytes} bytes"),
        )
        .with_status(status)
    };
    if response
        .content_length()
        .is_some_and(|n| n > max_body_bytes as u64)
    {
        return Err(too_large());
    }
    let mut builder = http::Response::builder()
        .status(response.status())
        .version(response.version());
    if let Some(headers) = builder.headers_mut() {
        *headers = std::mem::take(response.headers_mut());
    }
    let mut body = Vec::new();
    while let Some(chunk) = response
        .chunk()
        .await
        .map_err(|e| classify(e).with_status(status))?
    {
        if body.len() + chunk.len() > max_body_bytes {
            return Err(too_large());
        }
        body.extend_from_slice(&chunk);
    }
    builder
        .body(body)
        .map_err(|e| TransportError::new(TransportErrorKind::Network, e))
}

/// Says what a reqwest failure proves about whether the request reached the server.
fn classify(error: reqwest::Error) -> TransportError {
    let kind = if error.is_connect() || error.is_builder() {
        TransportErrorKind::Connect
    } else if error.is_timeout() {
        TransportErrorKind::Timeout
    } else {
        TransportErrorKind::Network
    };
    TransportError::new(kind, error)
}
