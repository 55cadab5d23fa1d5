//! [`ClientBuilder`]: the one way to configure a client of either crate.

use std::sync::Arc;
use std::time::Duration;

use solapi_auth::Credentials;

use crate::base_url::BaseUrl;
use crate::clock::{Clock, SystemClock};
use crate::config::ClientConfig;
use crate::engine::{Engine, FromEngine};
use crate::entropy::{Entropy, OsEntropy};
use crate::error::Error;
use crate::pager::Concurrency;
use crate::rate_limit::RateBudget;
use crate::retry::RetryPolicy;

/// The environment variable [`ClientBuilder::with_env`] reads the base URL from.
pub const BASE_URL_ENV: &str = "SOLAPI_BASE_URL";

/// Builds a client of either crate: `solapi_cash_async::Client::builder()` and
/// `solapi_cash_blocking::Client::builder()` both return one.
///
/// Defaults: base URL `https://api.solapi.com`; connect timeout 10 s; overall timeout 30 s
/// per attempt; [`RetryPolicy::default`]; responses up to 32 MiB; exports in pages of 1000,
/// at most 1,000,000 pages, with an adaptive number in flight; the system clock and the operating system's randomness; an HTTP
/// stack of the client crate's own. Nothing is read from the environment unless
/// [`with_env`](Self::with_env) (or the clients' `from_env`) asks for it.
#[must_use]
pub struct ClientBuilder<C: FromEngine> {
    base_url: Option<String>,
    credentials: Option<Credentials>,
    retry: RetryPolicy,
    connect_timeout: Duration,
    timeout: Duration,
    max_body_bytes: usize,
    page_size: u64,
    max_pages: u64,
    export_concurrency: Concurrency,
    clock: Arc<dyn Clock>,
    clock_injected: bool,
    max_rate_limit_wait: Option<Duration>,
    entropy: Arc<dyn Entropy>,
    clock_offset: time::Duration,
    http: Option<C::Http>,
}

impl<C: FromEngine> std::fmt::Debug for ClientBuilder<C> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("ClientBuilder")
            .field("base_url", &self.base_url)
            .field("credentials", &self.credentials)
            .field("retry", &self.retry)
            .field("connect_timeout", &self.connect_timeout)
            .field("timeout", &self.timeout)
            .field("clock", &self.clock)
            .field("entropy", &self.entropy)
            .field("own_http_client", &self.http.is_some())
            .finish_non_exhaustive()
    }
}

impl<C: FromEngine> Default for ClientBuilder<C> {
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
            export_concurrency: Concurrency::adaptive(),
            clock: Arc::new(SystemClock::new()),
            clock_injected: false,
            max_rate_limit_wait: None,
            entropy: Arc::new(OsEntropy),
            clock_offset: time::Duration::ZERO,
            http: None,
        }
    }
}

impl<C: FromEngine> ClientBuilder<C> {
    /// A builder with the defaults.
    pub fn new() -> Self {
        Self::default()
    }

    /// The API's base URL.
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

    /// Pages an export keeps in flight: exactly `pages` (1 to
    /// [`Tuning::max_concurrency`](crate::Tuning::max_concurrency); 1 fetches one page at a time). Unset,
    /// exports are adaptive: they start with one page, widen toward 8 pages (4 of 1000 entries)
    /// while answers come back fast and clean, and halve on 429, 503 or rising latency (see [`Concurrency`]).
    ///
    /// ```
    /// use solapi_cash_core::{ClientBuilder, Concurrency, Credentials, Engine};
    ///
    /// let engine: std::sync::Arc<Engine> = ClientBuilder::new()
    ///     .credentials(Credentials::api_key("NCSAYU7YDBXYORXC", "my-api-secret"))
    ///     .export_concurrency(4)
    ///     .build()?;
    /// assert_eq!(engine.config().export_concurrency(), Concurrency::fixed(4));
    /// # Ok::<(), solapi_cash_core::Error>(())
    /// ```
    pub fn export_concurrency(mut self, pages: u32) -> Self {
        self.export_concurrency = Concurrency::fixed(pages);
        self
    }

    /// As [`export_concurrency`](Self::export_concurrency); `None` is the adaptive default.
    pub fn maybe_export_concurrency(mut self, pages: Option<u32>) -> Self {
        self.export_concurrency = pages.map_or(Concurrency::adaptive(), Concurrency::fixed);
        self
    }

    /// The longest a call waits in all for the service's rate limit (before sending, when
    /// the budget the service reported is spent, and after each 429) before it gives up with
    /// [`ErrorKind::RateLimited`](crate::ErrorKind::RateLimited); 1 minute by default. The
    /// attempts answered 429 within it do not count against the retry policy's attempts.
    /// Overrides [`RetryPolicy::with_max_rate_limit_wait`] whichever is set first.
    pub fn max_rate_limit_wait(mut self, wait: Duration) -> Self {
        self.max_rate_limit_wait = Some(wait);
        self
    }

    /// The source of time (the system clock by default; see [`Clock`]). A client with a
    /// clock of its own also keeps a rate-limit budget of its own (its clones share it);
    /// otherwise every client of the same credentials and base URL in the process shares one.
    pub fn clock(mut self, clock: impl Clock + 'static) -> Self {
        self.clock = Arc::new(clock);
        self.clock_injected = true;
        self
    }

    /// The source of salts and backoff jitter (the operating system's by default; see
    /// [`Entropy`]).
    pub fn entropy(mut self, entropy: impl Entropy + 'static) -> Self {
        self.entropy = Arc::new(entropy);
        self
    }

    /// The offset of the server's clock from this machine's, when it is known in advance
    /// (zero by default; a client also learns it from the server's `Date` when the server
    /// rejects its clock).
    pub fn clock_offset(mut self, offset: time::Duration) -> Self {
        self.clock_offset = offset;
        self
    }

    /// The HTTP stack to use instead of one of the client's own: a `reqwest::Client` for
    /// the async client, a `ureq::Agent` for the blocking one (for proxies or root
    /// certificates). What the client still enforces on it is documented by each crate.
    pub fn http_client(mut self, http: C::Http) -> Self {
        self.http = Some(http);
        self
    }

    /// Reads credentials from the environment (`SOLAPI_API_KEY` + `SOLAPI_API_SECRET`, or
    /// `SOLAPI_ACCESS_TOKEN`).
    pub fn credentials_from_env(self) -> Result<Self, Error> {
        let credentials =
            Credentials::from_env().map_err(|e| Error::invalid_input(None, e.to_string()))?;
        Ok(self.credentials(credentials))
    }

    /// Reads the credentials (as [`credentials_from_env`](Self::credentials_from_env)) and,
    /// when it is set and not blank, the base URL from `SOLAPI_BASE_URL`.
    pub fn with_env(self) -> Result<Self, Error> {
        self.with_env_lookup(|name| std::env::var(name).ok())
    }

    /// [`with_env`](Self::with_env) with the variables read through `get` instead of the
    /// process environment.
    pub fn with_env_lookup(self, get: impl Fn(&str) -> Option<String>) -> Result<Self, Error> {
        let credentials = Credentials::from_lookup(&get)
            .map_err(|e| Error::invalid_input(None, e.to_string()))?;
        let builder = self.credentials(credentials);
        Ok(match get(BASE_URL_ENV).filter(|v| !v.trim().is_empty()) {
            Some(url) => builder.base_url(url),
            None => builder,
        })
    }

    /// Validates the settings and builds the client: the base URL completely (scheme, host,
    /// port from 1 to 65535), and the credentials (an API key or token that cannot be sent
    /// in a header is refused here, as invalid input, before anything is sent).
    pub fn build(self) -> Result<C, Error> {
        let url = self.base_url.as_deref().unwrap_or(BaseUrl::DEFAULT);
        let base_url =
            BaseUrl::parse(url.trim()).map_err(|e| Error::invalid_input(None, e.to_string()))?;
        let credentials = self.credentials.ok_or_else(|| {
            Error::invalid_input(
                None,
                "no credentials: call .credentials(...) or use Client::from_env()",
            )
        })?;
        crate::sendable::check_credentials(&credentials)?;
        let config = ClientConfig {
            base_url,
            credentials,
            retry: match self.max_rate_limit_wait {
                Some(wait) => self.retry.with_max_rate_limit_wait(wait),
                None => self.retry,
            },
            connect_timeout: self.connect_timeout,
            timeout: self.timeout,
            max_body_bytes: self.max_body_bytes,
            page_size: self.page_size,
            max_pages: self.max_pages,
            export_concurrency: self.export_concurrency,
        };
        let http = match self.http {
            Some(http) => http,
            None => C::default_http(&config)?,
        };
        let budget = (!self.clock_injected)
            .then(|| RateBudget::shared(&config.credentials, config.base_url.as_str()));
        let engine = Engine::new(config, self.clock, self.entropy, self.clock_offset, budget);
        Ok(C::from_engine(Arc::new(engine), http))
    }
}
