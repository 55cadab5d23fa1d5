//! [`Payments`]: `GET /cash/v1/payment`, the registered payment methods.

use http::{Request, Response};
use solapi_cash_types::PaymentQuery;
use solapi_cash_types::models::PaymentList;

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::wire::{decode, request};

/// The registered payment methods (cards) of the account: where a recharge's `paymentId`
/// comes from. The service pages them with `offset` (default 0) and `limit` (default 20, at
/// least 1); unset values are not sent.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct Payments {
    offset: Option<u64>,
    limit: Option<u64>,
}

impl Payments {
    /// The first page, of the service's default size.
    pub fn new() -> Payments {
        Payments::default()
    }

    /// Methods to skip (`None`: not sent, the service starts at 0).
    pub fn offset(mut self, offset: impl Into<Option<u64>>) -> Payments {
        self.offset = offset.into();
        self
    }

    /// Methods per page, at least 1 (`None`: not sent, the service sends 20).
    pub fn limit(mut self, limit: impl Into<Option<u64>>) -> Payments {
        self.limit = limit.into();
        self
    }

    /// The query of the models crate: it encodes and validates (`limit` at least 1).
    fn query(&self) -> Result<PaymentQuery, Error> {
        PaymentQuery::builder()
            .maybe_offset(self.offset)
            .maybe_limit(self.limit)
            .build()
            .map_err(|e| Error::invalid_input(Operation::Payments, e.to_string()))
    }
}

impl sealed::Sealed for Payments {}

impl Endpoint for Payments {
    type Output = PaymentList;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::Payments)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::Payments;
        let query = self.query()?.to_query_string();
        let builder = request::builder(op, base, &query, false);
        request::finish(op, builder, Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<PaymentList, Error> {
        decode::read_json(Operation::Payments, response)
    }
}
