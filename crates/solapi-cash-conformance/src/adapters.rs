//! [`CashClient`]: both clients behind one blocking interface, for the suite only.

use std::sync::Arc;
use std::time::Duration;

use futures_util::StreamExt;
use solapi_auth::Credentials;
use solapi_cash_core::endpoint::Endpoint;
use solapi_cash_core::transport::FromEngine;
use solapi_cash_core::{
    ClientBuilder, Error, MoneyAttempt, RechargeChallenge, Recharged, Reconciliation, RetryPolicy,
};
use solapi_cash_types::{HistoryEntry, HistoryQuery, RechargeRequest};

/// The suite's interface: each named method of the clients, declared once in the core.
macro_rules! trait_methods {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $output:ty = $build:expr; )*) => {$(
        $(#[$doc])*
        fn $name(&self, $($arg: $ty),*) -> Result<$output, Error>;
    )*};
}

/// The blocking client's forwarding methods.
macro_rules! blocking_methods {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $output:ty = $build:expr; )*) => {$(
        fn $name(&self, $($arg: $ty),*) -> Result<$output, Error> {
            self.0.$name($($arg),*)
        }
    )*};
}

/// The async client's forwarding methods, each run to completion on the adapter's runtime.
macro_rules! async_methods {
    ($( $(#[$doc:meta])* fn $name:ident($($arg:ident: $ty:ty),*) -> $output:ty = $build:expr; )*) => {$(
        fn $name(&self, $($arg: $ty),*) -> Result<$output, Error> {
            self.runtime.block_on(self.client.$name($($arg),*))
        }
    )*};
}

/// What a test sets on a client.
#[derive(Debug, Clone)]
pub struct Settings {
    /// The emulator's base URL.
    pub base_url: String,
    /// The credentials.
    pub credentials: Credentials,
    /// Retries (tests use short, deterministic waits).
    pub retry: RetryPolicy,
    /// The overall timeout of one attempt.
    pub timeout: Duration,
    /// Entries per page of an export.
    pub page_size: u64,
    /// Pages an export keeps in flight; `None` for the adaptive default.
    pub concurrency: Option<u32>,
}

impl Settings {
    fn builder<C: FromEngine>(&self) -> ClientBuilder<C> {
        ClientBuilder::<C>::new()
            .base_url(&self.base_url)
            .credentials(self.credentials.clone())
            .retry(self.retry.clone())
            .timeout(self.timeout)
            .connect_timeout(Duration::from_secs(2))
            .page_size(self.page_size)
            .maybe_export_concurrency(self.concurrency)
    }

    fn build<C: FromEngine>(&self) -> Result<C, Error> {
        self.builder().build()
    }
}

/// The header an HTTP stack of the test's own adds to every request
/// ([`CashClient::connect_with_own_stack`]).
pub const OWN_STACK_HEADER: &str = "x-conformance-stack";

/// Every entry of an export, in order.
pub type Entries = Box<dyn Iterator<Item = Result<HistoryEntry, Error>> + Send>;

/// The Cash API as the suite uses it.
pub trait CashClient: Clone + Send + Sync + 'static {
    /// Builds a client.
    fn connect(settings: &Settings) -> Result<Self, Error>;
    /// Builds a client on an HTTP stack of the test's own, handed in through
    /// `ClientBuilder::http_client`: the library's defaults (it would follow redirects, has no
    /// timeouts, and ureq's would turn error statuses into errors), plus the header
    /// [`OWN_STACK_HEADER`] on every request.
    fn connect_with_own_stack(settings: &Settings) -> Result<Self, Error>;
    /// `send()`: any endpoint.
    fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Output, Error>;
    // `balance()`, `recharge()`, ... : one method per row of the core's declaration.
    solapi_cash_core::for_each_endpoint!(methods => trait_methods);
    /// `try_recharge()`: a recharge's outcome as a value.
    fn try_recharge(&self, request: &RechargeRequest) -> Result<Recharged, Error>;
    /// `recharge_with_code()`: the answer to a second-factor challenge.
    fn recharge_with_code(
        &self,
        challenge: &RechargeChallenge,
        code: &str,
    ) -> Result<Recharged, Error>;
    /// `history_all()`, one entry at a time.
    fn history_all(&self, query: HistoryQuery) -> Entries;
    /// `reconcile()`.
    fn reconcile(&self, attempt: &MoneyAttempt) -> Result<Reconciliation, Error>;
    /// `reconcile_waiting()`.
    fn reconcile_waiting(
        &self,
        attempt: &MoneyAttempt,
        wait_up_to: Duration,
    ) -> Result<Reconciliation, Error>;
    /// The server's time as the client knows it.
    fn server_now(&self) -> time::OffsetDateTime;
    /// The clock offset the client has learned.
    fn clock_offset(&self) -> time::Duration;
}

/// `solapi_cash_blocking::Client`.
#[derive(Debug, Clone)]
pub struct Blocking(solapi_cash_blocking::Client);

impl CashClient for Blocking {
    fn connect(settings: &Settings) -> Result<Self, Error> {
        settings.build().map(Blocking)
    }
    fn connect_with_own_stack(settings: &Settings) -> Result<Self, Error> {
        let mark = |mut request: ureq::http::Request<ureq::SendBody<'_>>,
                    next: ureq::middleware::MiddlewareNext<'_>| {
            request
                .headers_mut()
                .insert(OWN_STACK_HEADER, ureq::http::HeaderValue::from_static("1"));
            next.handle(request)
        };
        let agent: ureq::Agent = ureq::Agent::config_builder()
            .middleware(mark)
            .build()
            .into();
        settings.builder().http_client(agent).build().map(Blocking)
    }
    fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Output, Error> {
        self.0.send(endpoint)
    }
    solapi_cash_core::for_each_endpoint!(methods => blocking_methods);
    fn try_recharge(&self, request: &RechargeRequest) -> Result<Recharged, Error> {
        self.0.try_recharge(request)
    }
    fn recharge_with_code(
        &self,
        challenge: &RechargeChallenge,
        code: &str,
    ) -> Result<Recharged, Error> {
        self.0.recharge_with_code(challenge, code)
    }
    fn history_all(&self, query: HistoryQuery) -> Entries {
        Box::new(self.0.history_all(query))
    }
    fn reconcile(&self, attempt: &MoneyAttempt) -> Result<Reconciliation, Error> {
        self.0.reconcile(attempt)
    }
    fn reconcile_waiting(
        &self,
        attempt: &MoneyAttempt,
        wait_up_to: Duration,
    ) -> Result<Reconciliation, Error> {
        self.0.reconcile_waiting(attempt, wait_up_to)
    }
    fn server_now(&self) -> time::OffsetDateTime {
        self.0.engine().server_now()
    }
    fn clock_offset(&self) -> time::Duration {
        self.0.engine().clock_offset()
    }
}

/// `solapi_cash_async::Client` on its own tokio runtime, with a worker thread, so that the
/// tasks it spawns run in the background as in an application.
#[derive(Debug, Clone)]
pub struct Async {
    client: solapi_cash_async::Client,
    runtime: Arc<tokio::runtime::Runtime>,
}

impl CashClient for Async {
    fn connect(settings: &Settings) -> Result<Self, Error> {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(1)
            .enable_all()
            .build()
            .map_err(|e| Error::invalid_input(None, e.to_string()))?;
        Ok(Async {
            client: settings.build()?,
            runtime: Arc::new(runtime),
        })
    }
    fn connect_with_own_stack(settings: &Settings) -> Result<Self, Error> {
        let mut headers = reqwest::header::HeaderMap::new();
        headers.insert(
            OWN_STACK_HEADER,
            reqwest::header::HeaderValue::from_static("1"),
        );
        let http = reqwest::Client::builder()
            .default_headers(headers)
            .build()
            .map_err(|e| Error::invalid_input(None, e.to_string()))?;
        let mut this = Async::connect(settings)?;
        this.client = settings.builder().http_client(http).build()?;
        Ok(this)
    }
    fn send<E: Endpoint>(&self, endpoint: E) -> Result<E::Output, Error> {
        self.runtime.block_on(self.client.send(endpoint))
    }
    solapi_cash_core::for_each_endpoint!(methods => async_methods);
    fn try_recharge(&self, request: &RechargeRequest) -> Result<Recharged, Error> {
        self.runtime.block_on(self.client.try_recharge(request))
    }
    fn recharge_with_code(
        &self,
        challenge: &RechargeChallenge,
        code: &str,
    ) -> Result<Recharged, Error> {
        self.runtime
            .block_on(self.client.recharge_with_code(challenge, code))
    }
    fn history_all(&self, query: HistoryQuery) -> Entries {
        let runtime = Arc::clone(&self.runtime);
        let mut stream = Box::pin(self.client.history_all(query));
        Box::new(std::iter::from_fn(move || runtime.block_on(stream.next())).fuse())
    }
    fn reconcile(&self, attempt: &MoneyAttempt) -> Result<Reconciliation, Error> {
        self.runtime.block_on(self.client.reconcile(attempt))
    }
    fn reconcile_waiting(
        &self,
        attempt: &MoneyAttempt,
        wait_up_to: Duration,
    ) -> Result<Reconciliation, Error> {
        self.runtime
            .block_on(self.client.reconcile_waiting(attempt, wait_up_to))
    }
    fn server_now(&self) -> time::OffsetDateTime {
        self.client.engine().server_now()
    }
    fn clock_offset(&self) -> time::Duration {
        self.client.engine().clock_offset()
    }
}
