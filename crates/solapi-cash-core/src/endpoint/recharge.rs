//! [`Recharge`]: `POST /cash/v1/balance`.

use http::{HeaderValue, Request, Response};
use solapi_cash_types::models::{MfaData, RechargeRequest, RechargeResponse};

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::wire::{decode, request};

/// A recharge: `{amount, paymentId}`, and the second factor's `x-mfa-data` header when
/// answering a challenge. The one endpoint that moves money: the engine never sends it again
/// once it may have reached the server.
#[derive(Debug, Clone, PartialEq)]
pub struct Recharge {
    request: RechargeRequest,
    mfa: Option<MfaData>,
}

impl Recharge {
    /// A recharge, without a second factor.
    pub fn new(request: RechargeRequest) -> Recharge {
        Recharge { request, mfa: None }
    }

    /// The same recharge answering a second-factor challenge.
    pub fn with_mfa(mut self, mfa: MfaData) -> Recharge {
        self.mfa = Some(mfa);
        self
    }

    /// The recharge's body.
    pub fn recharge(&self) -> &RechargeRequest {
        &self.request
    }
}

impl sealed::Sealed for Recharge {}

impl Endpoint for Recharge {
    type Output = RechargeResponse;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::Recharge)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::Recharge;
        // The amount is `Won`: whole and positive by construction.
        if self.request.payment_id.trim().is_empty() {
            return Err(Error::invalid_input(op, "the payment id is empty"));
        }
        let body = serde_json::to_vec(&self.request)
            .map_err(|e| Error::invalid_input(op, format!("cannot encode the body: {e}")))?;
        let mut builder = request::builder(op, base, "", true);
        if let Some(mfa) = &self.mfa {
            let text = mfa.to_header_value();
            let value = match crate::sendable::header_problem(&text, &[]) {
                None => HeaderValue::from_str(&text).ok(),
                Some(_) => None,
            };
            let Some(mut value) = value else {
                return Err(Error::invalid_input(
                    op,
                    "the second-factor code or transaction id holds characters that cannot be sent in a header (only printable ASCII)",
                ));
            };
            value.set_sensitive(true);
            builder = builder.header(MfaData::HEADER, value);
        }
        request::finish(op, builder, body)
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<RechargeResponse, Error> {
        decode::read_json(Operation::Recharge, response)
    }

    fn recharge_request(&self) -> Option<&RechargeRequest> {
        Some(&self.request)
    }

    fn written_entry(output: &RechargeResponse) -> Option<&str> {
        Some(&output.history_id)
    }
}
