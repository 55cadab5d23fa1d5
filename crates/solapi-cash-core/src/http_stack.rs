//! [`HttpStack`]: the HTTP stack a client holds, kept out of its `Debug`.

use std::fmt;

/// The HTTP stack (`reqwest::Client`, `ureq::Agent`) a client moves bytes with. Its `Debug`
/// names only the type: a stack handed in may carry settings this crate does not vouch for
/// (a proxy's credentials), and a client's `Debug` must never show a secret.
#[derive(Clone)]
pub struct HttpStack<H>(H);

impl<H> HttpStack<H> {
    /// Wraps a stack.
    pub fn new(stack: H) -> HttpStack<H> {
        HttpStack(stack)
    }

    /// The stack.
    pub fn get(&self) -> &H {
        &self.0
    }
}

impl<H> fmt::Debug for HttpStack<H> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "HttpStack<{}>", std::any::type_name::<H>())
    }
}
