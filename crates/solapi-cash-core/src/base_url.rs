//! [`BaseUrl`]: where the API lives.

use std::fmt;
use std::str::FromStr;

/// The scheme, host and optional path prefix of the API, such as `https://api.solapi.com`
/// (the default) or an emulator's `http://127.0.0.1:41234`.
#[derive(Clone, PartialEq, Eq)]
pub struct BaseUrl(String);

/// The text is not a usable base URL.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("invalid base URL `{url}`: {reason}")]
pub struct BaseUrlError {
    url: String,
    reason: &'static str,
}

impl BaseUrl {
    /// The production service.
    pub const DEFAULT: &'static str = "https://api.solapi.com";

    /// Validates an `http` or `https` URL with a host, and no query or fragment.
    pub fn parse(url: &str) -> Result<BaseUrl, BaseUrlError> {
        let fail = |reason| BaseUrlError {
            url: without_userinfo(url).chars().take(200).collect(),
            reason,
        };
        let uri: http::Uri = url.parse().map_err(|_| fail("not a URL"))?;
        match uri.scheme_str() {
            Some("http" | "https") => {}
            _ => return Err(fail("the scheme must be http or https")),
        }
        if uri.host().is_none_or(str::is_empty) {
            return Err(fail("no host"));
        }
        if uri.authority().is_some_and(|a| a.as_str().contains('@')) {
            return Err(fail(
                "a user name or password in the URL is not supported: pass credentials instead",
            ));
        }
        if uri.query().is_some() || url.contains('#') {
            return Err(fail("a base URL cannot carry a query or a fragment"));
        }
        Ok(BaseUrl(url.trim_end_matches('/').to_owned()))
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
        for bad in [
            "",
            "api.solapi.com",
            "ftp://x",
            "http://",
            "https://h/?q=1",
            "https://h/#f",
            "http://a b",
        ] {
            assert!(BaseUrl::parse(bad).is_err(), "{bad}");
        }
    }
}
