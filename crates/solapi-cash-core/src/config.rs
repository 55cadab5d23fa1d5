//! [`ClientConfig`] and [`ClientBuilder`]: the settings both clients share, built once.

use std::collections::VecDeque;
use std::marker::PhantomData;
use std::sync::{Arc, Mutex};
use std::time::Duration;

use solapi_auth::Credentials;

use crate::base_url::BaseUrl;
use crate::clock::Clock;
use crate::error::{Error, RechargeAttempt};
use crate::reconcile::Reconciler;
use crate::retry::RetryPolicy;

/// The environment variable that overrides the default base URL.
pub const BASE_URL_ENV: &str = "SOLAPI_BASE_URL";

/// Everything a client needs besides its HTTP stack. Shared (behind an `Arc`) by a client and
/// its clones, so that a clock offset learned by one request serves all later ones.
#[derive(Debug)]
pub struct ClientConfig {
    /// Where the API lives.
    pub base_url: BaseUrl,
    /// How requests are authenticated.
    pub credentials: Credentials,
    /// How failed reads (and provably unsent requests) are retried.
    pub retry: RetryPolicy,
    /// Limit on establishing a connection.
    pub connect_timeout: Duration,
    /// Limit on a whole attempt, from sending to the last byte of the answer.
    pub timeout: Duration,
    /// The most bytes of a response body a transport reads before giving up.
    pub max_body_bytes: usize,
    /// Entries per page when exporting the whole history.
    pub page_size: u64,
    /// Pages after which an export stops (protection against a server that never ends).
    pub max_pages: u64,
    /// The client's notion of the server's time.
    pub clock: Clock,
    /// `historyId`s of this client's own acknowledged recharges, newest last.
    acknowledged: Mutex<VecDeque<String>>,
}

/// How many acknowledged recharges a client remembers for reconciliation.
const ACKNOWLEDGED_MEMORY: usize = 256;

impl ClientConfig {
    /// Remembers a recharge this client saw succeed, so that reconciling a later attempt of
    /// the same amount does not mistake it for that attempt's entry.
    pub(crate) fn remember_recharge(&self, history_id: &str) {
        let mut ids = self.acknowledged.lock().unwrap_or_else(|e| e.into_inner());
        if ids.len() == ACKNOWLEDGED_MEMORY {
            ids.pop_front();
        }
        ids.push_back(history_id.to_owned());
    }

    /// A reconciler for `attempt` that already knows this client's acknowledged recharges.
    pub fn reconciler(&self, attempt: &RechargeAttempt) -> Result<Reconciler, Error> {
        let known = self
            .acknowledged
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .iter()
            .cloned()
            .collect();
        Ok(Reconciler::new(attempt)?.excluding(known))
    }
}

/// How a client crate turns a finished [`ClientConfig`] into its client.
pub trait FromConfig: Sized {
    /// Builds the client (its HTTP stack) around the configuration.
    fn from_config(config: Arc<ClientConfig>) -> Result<Self, Error>;
}

/// Builds a client of either crate: `solapi_cash_async::Client::builder()` and
/// `solapi_cash_blocking::Client::builder()` both return one.
///
/// Defaults: base URL from `SOLAPI_BASE_URL` or `https://api.solapi.com`; connect timeout
/// 10 s; overall timeout 30 s; [`RetryPolicy::default`]; responses up to 32 MiB; exports in
/// pages of 1000, at most 1,000,000 pages.
#[must_use]
pub struct ClientBuilder<C> {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_bytes: usize,
    page_size: u64,
    max_pages: u64,
    clock: Clock,
    client: PhantomData<fn() -> C>,
}

impl<C> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .finish_non_exhaustive()
    }
}

impl<C> Default for ClientBuilder<C> {
    fn default() -> Self {
        ClientBuilder {
            base_url: None,
            credentials: None,
            retry: RetryPolicy::default(),
            connect_timeout: Duration::from_secs(10),
            timeout: Duration::from_secs(30),
            max_body_bytes: 32 << 20,
            page_size: 1000,
            max_pages: 1_000_000,
            clock: Clock::system(),
            client: PhantomData,
        }
    }
}

impl<C: FromConfig> ClientBuilder<C> {
    /// A builder with the defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The API's base URL (overrides `SOLAPI_BASE_URL`).
    pub fn base_url(mut self, url: impl Into<String>) -> Self {
        self.base_url = Some(url.into());
        self
    }

    /// The credentials (required).
    pub fn credentials(mut self, credentials: Credentials) -> Self {
        self.credentials = Some(credentials);
        self
    }

    /// The retry policy.
    pub fn retry(mut self, retry: RetryPolicy) -> Self {
        self.retry = retry;
        self
    }

    /// The limit on establishing a connection.
    pub fn connect_timeout(mut self, timeout: Duration) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The limit on one whole attempt.
    pub fn timeout(mut self, timeout: Duration) -> Self {
        self.timeout = timeout;
        self
    }

    /// The most bytes of a response body that are read.
    pub fn max_body_bytes(mut self, bytes: usize) -> Self {
        self.max_body_bytes = bytes;
        self
    }

    /// Entries per page for whole-history exports (at least 1).
    pub fn page_size(mut self, entries: u64) -> Self {
        self.page_size = entries.max(1);
        self
    }

    /// Pages after which an export stops with [`ErrorKind::PageLimit`](crate::ErrorKind::PageLimit).
    pub fn max_pages(mut self, pages: u64) -> Self {
        self.max_pages = pages.max(1);
        self
    }

    /// The clock (a test can start it skewed; see [`Clock`]).
    pub fn clock(mut self, clock: Clock) -> Self {
        self.clock = clock;
        self
    }

    /// Reads credentials from the environment (`SOLAPI_API_KEY` + `SOLAPI_API_SECRET`, or
    /// `SOLAPI_ACCESS_TOKEN`).
    pub fn credentials_from_env(self) -> Result<Self, Error> {
        let credentials =
            Credentials::from_env().map_err(|e| Error::invalid_input(None, e.to_string()))?;
        Ok(self.credentials(credentials))
    }

    /// Validates the settings and builds the client.
    pub fn build(self) -> Result<C, Error> {
        let url = match self.base_url {
            Some(url) => url,
            None => std::env::var(BASE_URL_ENV)
                .ok()
                .filter(|v| !v.trim().is_empty())
                .unwrap_or_else(|| BaseUrl::DEFAULT.to_owned()),
        };
        let base_url =
            BaseUrl::parse(url.trim()).map_err(|e| Error::invalid_input(None, e.to_string()))?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::invalid_input(
                None,
                "no credentials: call .credentials(...) or use Client::from_env()",
            )
        })?;
        C::from_config(Arc::new(ClientConfig {
            base_url,
            credentials,
            retry: self.retry,
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_body_bytes: self.max_body_bytes,
            page_size: self.page_size,
            max_pages: self.max_pages,
            clock: self.clock,
            acknowledged: Mutex::new(VecDeque::new()),
        }))
    }
}
