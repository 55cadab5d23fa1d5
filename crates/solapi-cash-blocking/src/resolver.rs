//! [`Resolver`]: host names to socket addresses without a thread per request.
//!
//! ureq's own resolver runs the lookup on a new thread whenever a timeout applies to it, so
//! that it can give up in time — and one always applies, because the client bounds every
//! attempt as a whole (`timeout_global`; ureq checks the global and per-call timeouts in every
//! phase, the lookup included, so no other set of timeouts bounds an attempt without also
//! bounding the lookup). That thread was created and torn down for every request, even for
//! `127.0.0.1`: 2,001 `clone3` calls for 2,000 `balance()` calls, and most of the blocking
//! client's per-call cost on a busy machine (`docs/benchmarks.md`). This resolver answers
//! an IP address itself and remembers a name's addresses for [`TTL`]; only a lookup that
//! must really ask the system's resolver goes through ureq's (thread, timeout and all).

use std::net::SocketAddr;
use std::sync::Mutex;
use std::time::{Duration, Instant};

use ureq::config::Config;
use ureq::http::Uri;
use ureq::unversioned::resolver::{DefaultResolver, ResolvedSocketAddrs, Resolver};
use ureq::unversioned::transport::NextTimeout;

/// How long a name's addresses are reused. Short: a service behind a load balancer may move,
/// and one lookup per half-minute costs nothing next to its requests.
const TTL: Duration = Duration::from_secs(30);

/// Names remembered at once (a client talks to one host, maybe through a proxy).
const MAX_NAMES: usize = 8;

/// One remembered lookup.
#[derive(Debug)]
struct Cached {
    /// `host:port`, as ureq's resolver looks it up.
    key: String,
    family: ureq::config::IpFamily,
    addrs: ResolvedSocketAddrs,
    at: Instant,
}

/// The blocking client's resolver: IP addresses answered at once, names remembered for
/// [`TTL`], ureq's [`DefaultResolver`] for the rest.
#[derive(Debug, Default)]
pub(crate) struct CachingResolver {
    system: DefaultResolver,
    names: Mutex<Vec<Cached>>,
}

impl Resolver for CachingResolver {
    fn resolve(
        &self,
        uri: &Uri,
        config: &Config,
        timeout: NextTimeout,
    ) -> Result<ResolvedSocketAddrs, ureq::Error> {
        let key = match (uri.scheme(), uri.authority()) {
            (Some(scheme), Some(authority))
                if *scheme == http::uri::Scheme::HTTP || *scheme == http::uri::Scheme::HTTPS =>
            {
                DefaultResolver::host_and_port(scheme, authority)
            }
            _ => None,
        };
        // Anything else (no scheme, a proxy's) gets ureq's own answer and error.
        let Some(key) = key else {
            return self.system.resolve(uri, config, timeout);
        };
        let family = config.ip_family();
        if let Ok(addr) = key.parse::<SocketAddr>() {
            let Some(addr) = family.keep_wanted(std::iter::once(addr)).next() else {
                return Err(ureq::Error::HostNotFound);
            };
            let mut addrs = self.system.empty();
            addrs.push(addr);
            return Ok(addrs);
        }
        if let Some(addrs) = self.remembered(&key, family) {
            return Ok(addrs);
        }
        let addrs = self.system.resolve(uri, config, timeout)?;
        self.remember(key, family, &addrs);
        Ok(addrs)
    }
}

impl CachingResolver {
    fn remembered(&self, key: &str, family: ureq::config::IpFamily) -> Option<ResolvedSocketAddrs> {
        let names = self.names.lock().ok()?;
        names
            .iter()
            .find(|c| c.key == key && c.family == family && c.at.elapsed() < TTL)
            .map(|c| c.addrs.clone())
    }

    fn remember(&self, key: String, family: ureq::config::IpFamily, addrs: &ResolvedSocketAddrs) {
        // A poisoned lock only loses the cache: the lookup itself succeeded.
        let Ok(mut names) = self.names.lock() else {
            return;
        };
        names.retain(|c| !(c.key == key && c.family == family) && c.at.elapsed() < TTL);
        if names.len() >= MAX_NAMES {
            names.remove(0);
        }
        names.push(Cached {
            key,
            family,
            addrs: addrs.clone(),
            at: Instant::now(),
        });
    }
}

#[cfg(test)]
mod tests {
    use ureq::config::IpFamily;
    use ureq::unversioned::transport::time::Duration as UreqDuration;

    use super::*;

    /// A timeout that has already expired: ureq's resolver would give up at once.
    fn expired() -> NextTimeout {
        NextTimeout {
            after: UreqDuration::Exact(Duration::ZERO),
            ..NextTimeout::default()
        }
    }

    fn resolve(uri: &str, config: &Config) -> Result<Vec<SocketAddr>, ureq::Error> {
        let uri: Uri = uri.parse().expect("a valid URI");
        CachingResolver::default()
            .resolve(&uri, config, expired())
            .map(|addrs| addrs.iter().copied().collect())
    }

    #[test]
    fn an_ip_address_is_answered_without_a_lookup() {
        // With the budget spent, only an answer that needs no lookup can succeed.
        let config = Config::default();
        let v4 = resolve("http://127.0.0.1:8080/cash/v1/balance", &config).expect("resolved");
        assert_eq!(v4, ["127.0.0.1:8080".parse().expect("addr")]);
        let v6 = resolve("https://[::1]/x", &config).expect("resolved");
        assert_eq!(v6, ["[::1]:443".parse().expect("addr")]);
        let default_port = resolve("http://10.1.2.3/x", &config).expect("resolved");
        assert_eq!(default_port, ["10.1.2.3:80".parse().expect("addr")]);
    }

    #[test]
    fn an_address_of_the_wrong_family_is_not_found() {
        let config = Config::builder().ip_family(IpFamily::Ipv6Only).build();
        let error = resolve("http://127.0.0.1:8080/", &config).expect_err("filtered out");
        assert!(matches!(error, ureq::Error::HostNotFound), "{error:?}");
    }

    #[test]
    fn an_unknown_scheme_gets_ureqs_own_error() {
        let error = resolve("foo://127.0.0.1:8080/", &Config::default()).expect_err("refused");
        assert!(matches!(error, ureq::Error::BadUri(_)), "{error:?}");
    }

    #[test]
    fn a_name_is_looked_up_once_then_remembered() {
        let resolver = CachingResolver::default();
        let uri: Uri = "http://localhost:8080/".parse().expect("a valid URI");
        let config = Config::default();
        let first = resolver
            .resolve(&uri, &config, NextTimeout::default())
            .expect("localhost resolves");
        assert!(
            first
                .iter()
                .all(|a| a.ip().is_loopback() && a.port() == 8080)
        );
        // The second answer comes from memory: it succeeds with no time left to look up.
        let second = resolver
            .resolve(&uri, &config, expired())
            .expect("remembered");
        assert_eq!(first[..], second[..]);
        // Another family is another lookup.
        assert!(
            resolver
                .remembered("localhost:8080", IpFamily::Ipv4Only)
                .is_none()
        );
    }
}
