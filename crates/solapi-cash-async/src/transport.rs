//! Moving bytes with reqwest: an `http::Request<Vec<u8>>` in, an `http::Response<Vec<u8>>` or
//! a classified [`TransportError`] out. Nothing else happens here.

use solapi_cash_core::endpoints::USER_AGENT_VALUE;
use solapi_cash_core::{ClientConfig, Error, TransportError, TransportErrorKind};

/// The reqwest client for a configuration: redirects are never followed (the signed
/// `Authorization` header must not reach another host, and a recharge must not be re-sent by
/// a redirect), and both timeouts are on.
pub(crate) fn http_client(config: &ClientConfig) -> Result<reqwest::Client, Error> {
    reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .connect_timeout(config.connect_timeout)
        .timeout(config.timeout)
        .user_agent(USER_AGENT_VALUE)
        .build()
        .map_err(|e| Error::invalid_input(None, format!("cannot set up the HTTP client: {e}")))
}

/// Sends one request and reads at most `max_body_bytes` of the answer.
pub(crate) async fn send(
    client: &reqwest::Client,
    request: http::Request<Vec<u8>>,
    max_body_bytes: usize,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let request = reqwest::Request::try_from(request).map_err(classify)?;
    let mut response = client.execute(request).await.map_err(classify)?;
    let too_large = || {
        TransportError::new(
            TransportErrorKind::BodyTooLarge,
            format!("the response body exceeds {max_body_bytes} bytes"),
        )
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
    while let Some(chunk) = response.chunk().await.map_err(classify)? {
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
