//! [`Endpoint`]: one endpoint of the Cash API as one value — its pure request builder, its
//! pure response reader and its [`Operation`] (method, path, whether it moves money). A
//! transport runs any of them with one generic `send`; the clients' named methods
//! (`balance()`, `recharge()`, ...) are sugar over it.
//!
//! ```
//! use solapi_cash_core::endpoint::{Balance, Endpoint};
//! use solapi_cash_core::{BaseUrl, Operation};
//!
//! let base = BaseUrl::parse("http://127.0.0.1:8080")?;
//! let request = Balance::new().request(&base)?;
//! assert_eq!(request.uri(), "http://127.0.0.1:8080/cash/v1/balance");
//! assert_eq!(Balance::new().operation(), Operation::Balance);
//!
//! let answer = http::Response::new(br#"{"balance": 10130.5, "point": 0}"#.to_vec());
//! assert_eq!(Balance::new().read(&answer)?.balance.unwrap().to_string(), "10130.5");
//! # Ok::<(), Box<dyn std::error::Error>>(())
//! ```
//!
//! Adding an endpoint: one file here (a type, its request, its reader), a variant of
//! [`Operation`], and a named method in each client (`docs/architecture.md` has the whole
//! checklist).

mod balance;
mod history;
mod history_text;
mod payments;
mod recharge;

use http::{Request, Response};
use solapi_cash_types::models::RechargeRequest;

pub use balance::Balance;
pub(crate) use history::ExportPage;
pub use history::History;
pub use history_text::{HistoryText, SentPage};
pub use payments::Payments;
pub use recharge::Recharge;

use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;

mod sealed {
    pub trait Sealed {}
}

/// One endpoint: what to send and how to read the answer. Implemented by the endpoint types
/// of this module only (sealed), so that new facts can be added without a breaking release.
pub trait Endpoint: sealed::Sealed {
    /// What a successful answer decodes to.
    type Output;

    /// Which endpoint this is.
    fn operation(&self) -> Operation;

    /// The request, unsigned (the engine adds `Authorization` to every attempt), or an
    /// invalid-input error for a value that cannot be sent.
    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error>;

    /// Reads an answer: a success body decoded exactly, or the typed [`Error`] of any other
    /// answer (kind, status, API code and message, and whether it may have been applied).
    fn read(&self, response: &Response<Vec<u8>>) -> Result<Self::Output, Error>;

    /// For an endpoint that moves money: the recharge this is, which an error of unknown
    /// outcome carries so that it can be reconciled.
    fn recharge_request(&self) -> Option<&RechargeRequest> {
        None
    }

    /// The history entry a successful answer says it wrote. The engine remembers it, so
    /// that reconciling a later recharge of the same amount does not mistake it for that
    /// recharge's entry.
    fn written_entry(output: &Self::Output) -> Option<&str> {
        let _ = output;
        None
    }
}

#[cfg(test)]
mod tests;
