//! Moving bytes with ureq: an `http::Request<Vec<u8>>` in, an `http::Response<Vec<u8>>` or a
//! classified [`TransportError`] out. Nothing else happens here.

use std::io::ErrorKind as Io;

use solapi_cash_core::ClientConfig;
use solapi_cash_core::transport::{TransportError, TransportErrorKind, USER_AGENT};
use ureq::Agent;
use ureq::Timeout;
use ureq::unversioned::transport::DefaultConnector;

use crate::resolver::CachingResolver;

/// Idle connections kept per host: as many as an export can keep requests in flight, so that
/// a wave of page fetches finds its connections open (ureq keeps 3 by default, and every
/// further fetch would open a connection, a TCP and TLS handshake over a real network). Only
/// connections that were open at once are ever kept.
const IDLE_CONNECTIONS_PER_HOST: usize =
    solapi_cash_core::Tuning::DEFAULT.max_concurrency() as usize;

/// The ureq agent of a client that was handed none: ureq's connector, and a resolver that
/// starts no thread for an IP address or a name it looked up recently (see
/// [`CachingResolver`]).
pub(crate) fn agent(config: &ClientConfig) -> Agent {
    let config = Agent::config_builder()
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_connect(Some(config.connect_timeout()))
        .timeout_global(Some(config.timeout()))
        .user_agent(USER_AGENT)
        .max_idle_connections_per_host(IDLE_CONNECTIONS_PER_HOST)
        .max_idle_connections(IDLE_CONNECTIONS_PER_HOST + 2)
        .build();
    Agent::with_parts(config, DefaultConnector::new(), CachingResolver::default())
}

/// Sends one request and reads at most `max_body_bytes` of the answer.
///
/// Whatever agent it runs on (one handed in too), the request is configured so that status
/// codes are answers (not errors), redirects are never followed (the signed `Authorization`
/// header must not reach another host, and a recharge must not be re-sent by a redirect),
/// and both timeouts hold.
pub(crate) fn send(
    agent: &Agent,
    request: http::Request<Vec<u8>>,
    config: &ClientConfig,
) -> Result<http::Response<Vec<u8>>, TransportError> {
    let request = agent
        .configure_request(request)
        .http_status_as_error(false)
        .max_redirects(0)
        .max_redirects_will_error(false)
        .timeout_connect(Some(config.connect_timeout()))
        .timeout_global(Some(config.timeout()))
        .build();
    let response = agent.run(request).map_err(classify)?;
    let (parts, mut body) = response.into_parts();
    // The status line has arrived: a failure from here on is a failure to read the body.
    let bytes = body
        .with_config()
        .limit(config.max_body_bytes() as u64)
        .read_to_vec()
        .map_err(|e| classify(e).with_status(parts.status))?;
    Ok(http::Response::from_parts(parts, bytes))
}

/// Says what a ureq failure proves about whether the request reached the server.
fn classify(error: ureq::Error) -> TransportError {
    let kind = match &error {
        ureq::Error::Timeout(Timeout::Resolve | Timeout::Connect) => TransportErrorKind::Connect,
        ureq::Error::Timeout(_) => TransportErrorKind::Timeout,
        ureq::Error::HostNotFound
        | ureq::Error::ConnectionFailed
        | ureq::Error::BadUri(_)
        | ureq::Error::Tls(_)
        | ureq::Error::TlsRequired
        | ureq::Error::RequireHttpsOnly(_)
        | ureq::Error::InvalidProxyUrl
        | ureq::Error::ConnectProxyFailed(_) => TransportErrorKind::Connect,
        #[cfg(feature = "rustls")]
        ureq::Error::Rustls(_) => TransportErrorKind::Connect,
        #[cfg(feature = "native-tls")]
        ureq::Error::NativeTls(_) => TransportErrorKind::Connect,
        ureq::Error::Io(io)
            if matches!(
                io.kind(),
                Io::ConnectionRefused
                    | Io::AddrNotAvailable
                    | Io::NetworkUnreachable
                    | Io::HostUnreachable
                    | Io::AddrInUse
            ) =>
        {
            TransportErrorKind::Connect
        }
        ureq::Error::Io(io) if io.kind() == Io::TimedOut => TransportErrorKind::Timeout,
        ureq::Error::BodyExceedsLimit(_) | ureq::Error::LargeResponseHeader(..) => {
            TransportErrorKind::BodyTooLarge
        }
        _ => TransportErrorKind::Network,
    };
    TransportError::new(kind, error)
}
