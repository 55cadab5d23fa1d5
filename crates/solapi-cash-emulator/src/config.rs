//! [`EmulatorConfig`]: how to start an emulator.

/// How to start an [`Emulator`](crate::Emulator). The default: 127.0.0.1, an ephemeral port,
/// second factor on, no page-size cap, no demo data, the system clock, no added latency, no
/// state file, the live service's rate limit and authentication errors as measured by a
/// third party (tests that need no limit turn it off: `.rate_limit(None)`).
///
/// ```
/// use solapi_cash_emulator::EmulatorConfig;
///
/// let config = EmulatorConfig::default().mfa(false).max_limit(100);
/// assert_eq!(config.max_limit, Some(100));
/// assert!(!config.mfa);
/// ```
#[derive(Debug, Clone, PartialEq, Eq)]
#[non_exhaustive]
pub struct EmulatorConfig {
    /// The address to listen on: 127.0.0.1 by default. Anything beyond loopback exposes the
    /// emulator (and its demo keys) to the network; the admin API still answers loopback
    /// clients only.
    pub host: std::net::IpAddr,
    /// TCP port; 0 picks a free one.
    pub port: u16,
    /// Largest page the history endpoint returns; a larger `limit` is capped silently.
    pub max_limit: Option<u64>,
    /// Whether recharges need the second factor (accounts may override it).
    pub mfa: bool,
    /// Whether to create the demo account (see [`demo`](crate::demo)).
    pub demo: bool,
    /// Extra generated entries for the demo account (after the demo's own).
    pub generate: u64,
    /// Offset of the emulator's clock from the system clock.
    pub clock_offset: time::Duration,
    /// Delay added to every API request before it is answered, to stand for a network
    /// round trip (at most [`MAX_LATENCY`]; requests wait side by side, not in turn).
    pub latency: std::time::Duration,
    /// Accounts, keys, tokens, cards and entries to start with (and to return to on
    /// reset), besides the demo data.
    pub state: Option<crate::StateFile>,
    /// The rate limit enforced per credential: [`RateLimit::MEASURED`](crate::RateLimit::MEASURED)
    /// (20 reads and 100 writes per 5 s, as measured by a third party) by default; `None`
    /// turns it off. A state file's `rateLimit` overrides it.
    pub rate_limit: Option<crate::RateLimit>,
    /// Which authentication failures to answer: the ones measured on the live service
    /// (default) or the documented 403s. A state file's `authErrors` overrides it.
    pub auth_errors: AuthErrors,
}

/// Which authentication failures the emulator answers (`--auth-errors`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, serde::Serialize, serde::Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum AuthErrors {
    /// As measured on the live service by a third party (segevsh/w6w-apps,
    /// `apps/solapi/README.md`, 2026-10-06): no `Authorization` header (or one that does not
    /// parse) → 401 `Unauthorized`; an unknown API key → 400 `InvalidApiKey` (400
    /// `ValidationError` "apiKey length must be 16 characters long" when it is not 16
    /// characters); a refused bearer token → 400 `InvalidToken`. The signature codes stay
    /// 403.
    #[default]
    Observed,
    /// As SOLAPI's documentation says: every authentication failure is a 403 (`Forbidden`,
    /// `InvalidAPIKey`, `InvalidAccessToken`, …).
    Documented,
}

impl std::str::FromStr for AuthErrors {
    type Err = String;

    fn from_str(text: &str) -> Result<AuthErrors, String> {
        match text.trim() {
            "observed" => Ok(AuthErrors::Observed),
            "documented" => Ok(AuthErrors::Documented),
            other => Err(format!("`{other}`: expected observed or documented")),
        }
    }
}

/// The largest [`EmulatorConfig::latency`] (ten minutes); larger values are capped.
pub const MAX_LATENCY: std::time::Duration = std::time::Duration::from_secs(600);

impl Default for EmulatorConfig {
    fn default() -> Self {
        Self {
            host: std::net::IpAddr::V4(std::net::Ipv4Addr::LOCALHOST),
            port: 0,
            max_limit: None,
            mfa: true,
            demo: false,
            generate: 0,
            clock_offset: time::Duration::ZERO,
            latency: std::time::Duration::ZERO,
            state: None,
            rate_limit: Some(crate::RateLimit::MEASURED),
            auth_errors: AuthErrors::Observed,
        }
    }
}

impl EmulatorConfig {
    /// Listens on this address (default 127.0.0.1; `0.0.0.0` or `::` for every interface).
    #[must_use]
    pub fn host(mut self, host: std::net::IpAddr) -> Self {
        self.host = host;
        self
    }

    /// Listens on this port (0: ephemeral).
    #[must_use]
    pub fn port(mut self, port: u16) -> Self {
        self.port = port;
        self
    }

    /// Caps history pages at `max` entries.
    #[must_use]
    pub fn max_limit(mut self, max: u64) -> Self {
        self.max_limit = Some(max);
        self
    }

    /// Turns the second factor (recharges and the other writes marked `second_factor`) on
    /// (default) or off.
    #[must_use]
    pub fn mfa(mut self, on: bool) -> Self {
        self.mfa = on;
        self
    }

    /// Creates the demo account, key, secret, card and history at start.
    #[must_use]
    pub fn demo(mut self, on: bool) -> Self {
        self.demo = on;
        self
    }

    /// Adds `n` generated entries to the demo account (needs [`EmulatorConfig::demo`]).
    #[must_use]
    pub fn generate(mut self, n: u64) -> Self {
        self.generate = n;
        self
    }

    /// Starts with the clock offset by `offset` from the system clock.
    #[must_use]
    pub fn clock_offset(mut self, offset: time::Duration) -> Self {
        self.clock_offset = offset;
        self
    }

    /// Delays every API request by `latency` (capped at [`MAX_LATENCY`]) before it is
    /// handled, as a network round trip would; the admin API is not delayed.
    #[must_use]
    pub fn latency(mut self, latency: std::time::Duration) -> Self {
        self.latency = latency.min(MAX_LATENCY);
        self
    }

    /// Enforces this rate limit per credential (`None`: no limit; see
    /// [`RateLimit`](crate::RateLimit)).
    #[must_use]
    pub fn rate_limit(mut self, limit: Option<crate::RateLimit>) -> Self {
        self.rate_limit = limit;
        self
    }

    /// Answers authentication failures as measured or as documented (see [`AuthErrors`]).
    #[must_use]
    pub fn auth_errors(mut self, errors: AuthErrors) -> Self {
        self.auth_errors = errors;
        self
    }

    /// Starts with the content of a state file (see [`StateFile`](crate::StateFile)); a
    /// reset returns to it.
    #[must_use]
    pub fn state(mut self, file: crate::StateFile) -> Self {
        self.state = Some(file);
        self
    }
}
