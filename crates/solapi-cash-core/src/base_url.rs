//! [`BaseUrl`]: where the API lives.

use std::fmt;
use std::str::FromStr;

/// The scheme, host, port and optional path prefix of the API, such as
/// `https://api.solapi.com` (the default) or an emulator's `http://127.0.0.1:41234`.
///
/// Parsed completely (by the `url` crate, the WHATWG URL standard): a port is a number from
/// 1 to 65535, or the URL is refused — never cut down to a default port.
///
/// ```
/// use solapi_cash_core::BaseUrl;
///
/// assert_eq!(BaseUrl::parse("HTTP://Example.COM:8080/")?.as_str(), "http://example.com:8080");
/// let refused = BaseUrl::parse("http://127.0.0.1:99999").unwrap_err();
/// assert_eq!(
///     refused.to_string(),
///     "invalid base URL `http://127.0.0.1:99999`: the port must be a number from 1 to 65535"
/// );
/// # Ok::<(), solapi_cash_core::BaseUrlError>(())
/// ```
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

/// The text is not a usable base URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL `{url}`: {reason}")]
pub struct BaseUrlError {
    url: String,
    reason: String,
}

impl BaseUrl {
    /// The production service.
    pub const DEFAULT: &'static str = "https://api.solapi.com";

    /// Validates an `http` or `https` URL with a host, a valid port if any, no user name or
    /// password, and no query or fragment. The URL is kept in its normalised form (scheme
    /// and host in lower case, a default port dropped, no trailing slash).
    pub fn parse(url: &str) -> Result<BaseUrl, BaseUrlError> {
        let fail = |reason: String| BaseUrlError {
            url: without_userinfo(url).chars().take(200).collect(),
            reason,
        };
        // `url` would read `http:host` as `http://host/`: a base URL says `://` explicitly.
        if !url.contains("://") {
            return Err(fail("not a URL: it needs a scheme and `://`".into()));
        }
        let parsed = url::Url::parse(url).map_err(|e| fail(parse_reason(e)))?;
        if !matches!(parsed.scheme(), "http" | "https") {
            return Err(fail("the scheme must be http or https".into()));
        }
        if parsed.host_str().is_none_or(str::is_empty) {
            return Err(fail("no host".into()));
        }
        if parsed.port() == Some(0) {
            return Err(fail("the port must be a number from 1 to 65535".into()));
        }
        if !parsed.username().is_empty() || parsed.password().is_some() {
            return Err(fail(
                "a user name or password in the URL is not supported: pass credentials instead"
                    .into(),
            ));
        }
        if parsed.query().is_some() || parsed.fragment().is_some() {
            return Err(fail("a base URL cannot carry a query or a fragment".into()));
        }
        let base = BaseUrl(parsed.as_str().trim_end_matches('/').to_owned());
        // What the HTTP stacks are handed must parse as an `http::Uri` too.
        if base
            .join("/cash/v1/balance", "")
            .parse::<http::Uri>()
            .is_err()
        {
            return Err(fail("not a URL an HTTP request can be sent to".into()));
        }
        Ok(base)
    }

    /// The URL as text, without a trailing slash.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// `base + path`, plus `?query` when the query is not empty.
    pub(crate) fn join(&self, path: &str, query: &str) -> String {
        if query.is_empty() {
            format!("{}{path}", self.0)
        } else {
            format!("{}{path}?{query}", self.0)
        }
    }
}

/// Why `url` refused the text, in the words of a base URL.
fn parse_reason(error: url::ParseError) -> String {
    match error {
        url::ParseError::InvalidPort => "the port must be a number from 1 to 65535".into(),
        url::ParseError::EmptyHost => "no host".into(),
        url::ParseError::RelativeUrlWithoutBase => "not a URL: it needs a scheme".into(),
        other => format!("not a URL: {other}"),
    }
}

/// The URL with any `user:password@` replaced, for messages.
fn without_userinfo(url: &str) -> String {
    match (url.find("://"), url.rfind('@')) {
        (Some(scheme_end), Some(at)) if at > scheme_end => {
            format!("{}://***@{}", &url[..scheme_end], &url[at + 1..])
        }
        _ => url.to_owned(),
    }
}

impl Default for BaseUrl {
    fn default() -> BaseUrl {
        BaseUrl(BaseUrl::DEFAULT.to_owned())
    }
}

impl FromStr for BaseUrl {
    type Err = BaseUrlError;
    fn from_str(s: &str) -> Result<BaseUrl, BaseUrlError> {
        BaseUrl::parse(s)
    }
}

impl fmt::Display for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl fmt::Debug for BaseUrl {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "BaseUrl({})", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn accepts_http_and_https_with_a_host() {
        assert_eq!(
            BaseUrl::parse("https://api.solapi.com/").unwrap().as_str(),
            "https://api.solapi.com"
        );
        assert_eq!(
            BaseUrl::parse("http://127.0.0.1:8080/prefix")
                .unwrap()
                .join("/cash/v1/balance", "a=1"),
            "http://127.0.0.1:8080/prefix/cash/v1/balance?a=1"
        );
        for (good, normal) in [
            ("http://127.0.0.1:1", "http://127.0.0.1:1"),
            ("http://127.0.0.1:65535/", "http://127.0.0.1:65535"),
            ("http://localhost:80", "http://localhost"),
            ("https://[::1]:8443", "https://[::1]:8443"),
        ] {
            assert_eq!(BaseUrl::parse(good).unwrap().as_str(), normal, "{good}");
        }
        for bad in [
            "",
            "api.solapi.com",
            "http:api.solapi.com",
            "ftp://x",
            "http://",
            "https://h/?q=1",
            "https://h/#f",
            "http://a b",
            "http://user:pw@h",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }

    /// Issue 11, finding 6: each of these was accepted, and requests went to port 80.
    #[test]
    fn ports_out_of_range_or_not_numbers_are_refused() {
        for bad in [
            "http://127.0.0.1:99999",
            "http://127.0.0.1:65536",
            "http://127.0.0.1:-1",
            "http://127.0.0.1:80a",
            "http://127.0.0.1:0",
            "http://127.0.0.1:8080:90",
            "http://127.0.0.1: 80",
        ] {
            let error = BaseUrl::parse(bad).unwrap_err().to_string();
            assert!(
                error.ends_with("the port must be a number from 1 to 65535")
                    || error.contains("not a URL"),
                "{bad}: {error}"
            );
            assert!(error.contains(bad), "{error}");
        }
    }

    #[test]
    fn a_password_never_reaches_the_message() {
        let error = BaseUrl::parse("http://me:hunter2@h:99999").unwrap_err();
        assert!(!error.to_string().contains("hunter2"), "{error}");
    }
}
