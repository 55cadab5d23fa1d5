//! [`Client`]: the async Cash API client.

use std::sync::Arc;

use futures_core::Stream;
use solapi_cash_core::endpoints::decode_history_body;
use solapi_cash_core::{
    Call, ClientBuilder, ClientConfig, Error, ExportStep, FromConfig, HistoryPager,
    RechargeAttempt, Reconciliation, Step,
};
use solapi_cash_types::{
    BalanceResponse, HistoryEntry, HistoryQuery, MfaData, RechargeRequest, RechargeResponse,
};
use tokio::task::JoinHandle;
use tracing::Instrument;

use crate::transport;

/// A page's bytes being fetched ahead, with the query they answer.
type Prefetch = (HistoryQuery, JoinHandle<Result<Vec<u8>, Error>>);

/// The state of a `history_all` stream.
struct Export {
    client: Client,
    pager: HistoryPager,
    prefetch: Option<Prefetch>,
}

impl Export {
    /// The page for `query`: its bytes from the prefetch if it guessed this page, else
    /// fetched now; the likely next page is started before this one is decoded.
    async fn fetch(&mut self, query: HistoryQuery) -> Result<Vec<HistoryEntry>, Error> {
        let bytes = match self.prefetch.take() {
            Some((guessed, handle)) if guessed == query => match handle.await {
                Ok(bytes) => bytes,
                // The task panicked or was cancelled (a runtime shutting down): fetch again.
                Err(_) => self.client.history_bytes(&query).await,
            },
            _ => self.client.history_bytes(&query).await,
        };
        if bytes.is_ok() {
            self.start_prefetch(&query);
        }
        decode_history_body(&bytes?)
    }

    fn start_prefetch(&mut self, current: &HistoryQuery) {
        if let Some(next) = self.pager.speculative_next(current) {
            let client = self.client.clone();
            let query = next.clone();
            let handle = tokio::spawn(async move { client.history_bytes(&query).await });
            self.prefetch = Some((next, handle));
        }
    }
}

/// An async client of the Cash API (tokio). Cheap to clone (clones share the connection pool
/// and the learned clock offset); `Send + Sync`.
///
/// ```no_run
/// # async fn demo() -> Result<(), solapi_cash_async::Error> {
/// use solapi_cash_async::Client;
///
/// let client = Client::from_env()?;
/// let balance = client.balance().await?;
/// println!("balance {} point {}", balance.balance, balance.point);
/// # Ok(()) }
/// ```
#[derive(Clone)]
pub struct Client {
    config: Arc<ClientConfig>,
    http: reqwest::Client,
}

impl std::fmt::Debug for Client {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Client")
            .field("base_url", &self.config.base_url)
            .field("credentials", &self.config.credentials)
            .finish_non_exhaustive()
    }
}

impl FromConfig for Client {
    fn from_config(config: Arc<ClientConfig>) -> Result<Client, Error> {
        Ok(Client {
            http: transport::http_client(&config)?,
            config,
        })
    }
}

impl Client {
    /// Starts configuring a client.
    pub fn builder() -> ClientBuilder<Client> {
        ClientBuilder::new()
    }

    /// A client with credentials from `SOLAPI_API_KEY` + `SOLAPI_API_SECRET` (or
    /// `SOLAPI_ACCESS_TOKEN`) and the base URL from `SOLAPI_BASE_URL` (or the default).
    pub fn from_env() -> Result<Client, Error> {
        Client::builder().credentials_from_env()?.build()
    }

    /// The configuration in use.
    pub fn config(&self) -> &ClientConfig {
        &self.config
    }

    /// The current balance and point.
    pub async fn balance(&self) -> Result<BalanceResponse, Error> {
        self.run(&mut Call::balance(&self.config)?).await
    }

    /// Recharges the balance from a registered payment method.
    ///
    /// Never retried once it may have reached the server. An account with the second factor
    /// on answers [`ErrorKind::MfaRequired`](crate::ErrorKind::MfaRequired): repeat with
    /// [`recharge_with_mfa`](Self::recharge_with_mfa). When the outcome is unknown
    /// ([`Error::may_have_been_applied`]), call [`reconcile`](Self::reconcile).
    pub async fn recharge(&self, request: &RechargeRequest) -> Result<RechargeResponse, Error> {
        self.run(&mut Call::recharge(&self.config, request, None)?)
            .await
    }

    /// Repeats a recharge with the second factor: the challenge's transaction id and the
    /// emailed code.
    pub async fn recharge_with_mfa(
        &self,
        request: &RechargeRequest,
        mfa: &MfaData,
    ) -> Result<RechargeResponse, Error> {
        self.run(&mut Call::recharge(&self.config, request, Some(mfa))?)
            .await
    }

    /// One page of the history, newest first.
    pub async fn history(&self, query: &HistoryQuery) -> Result<Vec<HistoryEntry>, Error> {
        self.run(&mut Call::history(&self.config, query)?).await
    }

    /// One page's body, undecoded (exports decode it while the next one is fetched).
    pub(crate) async fn history_bytes(&self, query: &HistoryQuery) -> Result<Vec<u8>, Error> {
        self.run(&mut Call::history_bytes(&self.config, query)?)
            .await
    }

    /// Every entry matching `query`, lazily, page by page, each exactly once, in constant
    /// memory (see [`HistoryPager`]). Yields `Err` once and ends if a page cannot be fetched.
    ///
    /// While the caller decodes and works through one page, the bytes of the page most likely
    /// to follow are already being fetched on a spawned task (a read, so fetching it early is
    /// harmless; a wrong guess is discarded); at most two pages are held.
    /// Must be polled within a tokio runtime, as every call of this client.
    pub fn history_all(
        &self,
        query: HistoryQuery,
    ) -> impl Stream<Item = Result<HistoryEntry, Error>> + Send + 'static {
        let pager = HistoryPager::new(query, self.config.page_size, self.config.max_pages);
        let state = Export {
            client: self.clone(),
            pager,
            prefetch: None,
        };
        futures_util::stream::unfold(state, |mut export| async move {
            loop {
                match export.pager.step() {
                    ExportStep::Entry(entry) => return Some((Ok(entry), export)),
                    ExportStep::Failed(error) => return Some((Err(error), export)),
                    ExportStep::Finished => return None,
                    ExportStep::Fetch(query) => {
                        let page = export.fetch(query).await;
                        export.pager.deliver(page);
                    }
                }
            }
        })
    }

    /// Finds out whether a recharge of unknown outcome was applied.
    pub async fn reconcile(&self, attempt: &RechargeAttempt) -> Result<Reconciliation, Error> {
        let mut reconciler = self.config.reconciler(attempt)?;
        loop {
            let mut call = Call::history(&self.config, &reconciler.next_query())?;
            let page = self.run(&mut call).await?;
            let now = self.config.clock.now();
            if let Some(answer) = reconciler.accept(page, call.server_date(), now) {
                return Ok(answer);
            }
        }
    }

    /// Drives a call: the only loop in this crate that sends requests.
    async fn run<T>(&self, call: &mut Call<T>) -> Result<T, Error> {
        let span = call.span().clone();
        async {
            loop {
                let request = call.next_request()?;
                let result = transport::send(&self.http, request, self.config.max_body_bytes).await;
                match call.receive(result) {
                    Step::Done(result) => return result,
                    Step::Retry(wait) => tokio::time::sleep(wait).await,
                }
            }
        }
        .instrument(span)
        .await
    }
}
