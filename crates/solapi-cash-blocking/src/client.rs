//! [`Client`]: the blocking Cash API client.

use std::sync::Arc;

use solapi_cash_core::{
    Call, ClientBuilder, ClientConfig, Error, FromConfig, HistoryPager, RechargeAttempt,
    Reconciliation, Step,
};
use solapi_cash_types::{
    BalanceResponse, HistoryEntry, HistoryQuery, MfaData, RechargeRequest, RechargeResponse,
};

use crate::history::HistoryIter;
use crate::transport;

/// A blocking client of the Cash API. Cheap to clone (clones share the connection pool and
/// the learned clock offset); `Send + Sync`.
///
/// ```no_run
/// use solapi_cash_blocking::{Client, RechargeRequest};
///
/// let client = Client::from_env()?;
/// let balance = client.balance()?;
/// println!("balance {} point {}", balance.balance, balance.point);
/// # Ok::<(), solapi_cash_blocking::Error>(())
/// ```
#[derive(Clone)]
pub struct Client {
    config: Arc<ClientConfig>,
    agent: ureq::Agent,
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
            agent: transport::agent(&config),
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
    pub fn balance(&self) -> Result<BalanceResponse, Error> {
        self.run(&mut Call::balance(&self.config)?)
    }

    /// Recharges the balance from a registered payment method.
    ///
    /// Never retried once it may have reached the server. An account with the second factor
    /// on answers [`ErrorKind::MfaRequired`](crate::ErrorKind::MfaRequired): repeat with
    /// [`recharge_with_mfa`](Self::recharge_with_mfa). When the outcome is unknown
    /// ([`Error::may_have_been_applied`]), call [`reconcile`](Self::reconcile).
    pub fn recharge(&self, request: &RechargeRequest) -> Result<RechargeResponse, Error> {
        self.run(&mut Call::recharge(&self.config, request, None)?)
    }

    /// Repeats a recharge with the second factor: the challenge's transaction id and the
    /// emailed code.
    pub fn recharge_with_mfa(
        &self,
        request: &RechargeRequest,
        mfa: &MfaData,
    ) -> Result<RechargeResponse, Error> {
        self.run(&mut Call::recharge(&self.config, request, Some(mfa))?)
    }

    /// One page of the history, newest first.
    pub fn history(&self, query: &HistoryQuery) -> Result<Vec<HistoryEntry>, Error> {
        self.run(&mut Call::history(&self.config, query)?)
    }

    /// One page's body, undecoded (exports decode it while the next one is fetched).
    pub(crate) fn history_bytes(&self, query: &HistoryQuery) -> Result<Vec<u8>, Error> {
        self.run(&mut Call::history_bytes(&self.config, query)?)
    }

    /// Every entry matching `query`, lazily, page by page, each exactly once, in constant
    /// memory (see [`HistoryPager`]).
    pub fn history_all(&self, query: HistoryQuery) -> HistoryIter {
        let pager = HistoryPager::new(query, self.config.page_size, self.config.max_pages);
        HistoryIter::new(self.clone(), pager)
    }

    /// Finds out whether a recharge of unknown outcome was applied.
    pub fn reconcile(&self, attempt: &RechargeAttempt) -> Result<Reconciliation, Error> {
        let mut reconciler = self.config.reconciler(attempt)?;
        loop {
            let mut call = Call::history(&self.config, &reconciler.next_query())?;
            let page = self.run(&mut call)?;
            let now = self.config.clock.now();
            if let Some(answer) = reconciler.accept(page, call.server_date(), now) {
                return Ok(answer);
            }
        }
    }

    /// Drives a call: the only loop in this crate that sends requests.
    fn run<T>(&self, call: &mut Call<T>) -> Result<T, Error> {
        let _span = call.span().clone().entered();
        loop {
            let request = call.next_request()?;
            let result = transport::send(&self.agent, request, self.config.max_body_bytes);
            match call.receive(result) {
                Step::Done(result) => return result,
                Step::Retry(wait) => std::thread::sleep(wait),
            }
        }
    }
}
