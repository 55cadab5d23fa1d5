//! [`Payments`]: `GET /cash/v1/payment`, the registered payment methods.

use http::{Request, Response};
use serde::{Deserialize, Serialize};

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

    fn query_string(&self) -> String {
        [("offset", self.offset), ("limit", self.limit)]
            .into_iter()
            .filter_map(|(name, value)| value.map(|v| format!("{name}={v}")))
            .collect::<Vec<_>>()
            .join("&")
    }
}

impl sealed::Sealed for Payments {}

impl Endpoint for Payments {
    type Output = PaymentMethods;

    fn operation(&self) -> Operation {
        Operation::Payments
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::Payments;
        if self.limit == Some(0) {
            return Err(Error::invalid_input(op, "limit must be at least 1"));
        }
        let builder = request::builder(op, base, &self.query_string(), false);
        request::finish(op, builder, Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<PaymentMethods, Error> {
        decode::read_json(Operation::Payments, response)
    }
}

/// The answer of `GET /cash/v1/payment`: `{"payments": [...]}`.
///
/// A minimal model until `solapi-cash-types` has the payment-method models; fields the model
/// does not know are kept in `extra`.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentMethods {
    /// The methods on this page.
    #[serde(default)]
    pub payments: Vec<PaymentMethod>,
    /// Any other keys, kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}

/// One registered payment method (documented as
/// `{"autoRecharge":0,"expDate":"2019/01","_id":"...","description":"[VISA] ..."}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[non_exhaustive]
pub struct PaymentMethod {
    /// The id a recharge's `paymentId` names (`_id` on the wire).
    #[serde(rename = "_id")]
    pub id: String,
    /// Every other field (`description`, `expDate`, `autoRecharge`, dates), kept as sent.
    #[serde(flatten)]
    pub extra: serde_json::Map<String, serde_json::Value>,
}
