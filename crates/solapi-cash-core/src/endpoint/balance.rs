//! [`Balance`]: `GET /cash/v1/balance`.

use http::{Request, Response};
use solapi_cash_types::models::BalanceResponse;

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::wire::{decode, request};

/// The current balance and point, with the account's settings.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Balance {
    // Room for options without a breaking release.
    _private: (),
}

impl Balance {
    /// The balance request.
    pub fn new() -> Balance {
        Balance::default()
    }
}

impl sealed::Sealed for Balance {}

impl Endpoint for Balance {
    type Output = BalanceResponse;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::Balance)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::Balance;
        request::finish(op, request::builder(op, base, "", false), Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<BalanceResponse, Error> {
        decode::read_json(Operation::Balance, response)
    }
}
