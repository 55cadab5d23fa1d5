//! [`ClientConfig`]: the settings of a client, fixed when it is built.

use std::time::Duration;

use solapi_auth::Credentials;

use crate::base_url::BaseUrl;
use crate::pager::Concurrency;
use crate::retry::RetryPolicy;
use crate::tuning::Tuning;

/// What a client was built with (see [`ClientBuilder`](crate::ClientBuilder) for the
/// defaults). Read-only: what a client learns while it runs (the offset to the server's
/// clock, its acknowledged recharges) is kept apart, in its [`Engine`](crate::Engine).
#[derive(Debug, Clone)]
#[non_exhaustive]
pub struct ClientConfig {
    pub(crate) base_url: BaseUrl,
    pub(crate) credentials: Credentials,
    pub(crate) retry: RetryPolicy,
    pub(crate) connect_timeout: Duration,
    pub(crate) timeout: Duration,
    pub(crate) max_body_bytes: usize,
    pub(crate) page_size: u64,
    pub(crate) max_pages: u64,
    pub(crate) export_concurrency: Concurrency,
}

impl ClientConfig {
    /// Where the API lives.
    pub fn base_url(&self) -> &BaseUrl {
        &self.base_url
    }

    /// How requests are authenticated.
    pub fn credentials(&self) -> &Credentials {
        &self.credentials
    }

    /// How failed reads (and provably unsent requests) are retried.
    pub fn retry(&self) -> &RetryPolicy {
        &self.retry
    }

    /// The limit on establishing a connection.
    pub fn connect_timeout(&self) -> Duration {
        self.connect_timeout
    }

    /// The limit on one whole attempt, from sending to the last byte of the answer.
    pub fn timeout(&self) -> Duration {
        self.timeout
    }

    /// The most bytes of a response body a transport reads before giving up.
    pub fn max_body_bytes(&self) -> usize {
        self.max_body_bytes
    }

    /// Entries per page when exporting the whole history.
    pub fn page_size(&self) -> u64 {
        self.page_size
    }

    /// Pages after which an export stops (protection against a server that never ends).
    pub fn max_pages(&self) -> u64 {
        self.max_pages
    }

    /// How many pages an export keeps in flight.
    pub fn export_concurrency(&self) -> Concurrency {
        self.export_concurrency
    }

    /// The engine's limits and margins.
    pub fn tuning(&self) -> Tuning {
        Tuning::DEFAULT
    }
}
