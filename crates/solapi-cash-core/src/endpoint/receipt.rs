//! [`Receipt`]: `GET /cash/v1/receipt?historyId=`, the statement of one recharge.

use http::{Request, Response};
use solapi_cash_types::models::check_history_id;

use super::{Endpoint, sealed};
use crate::base_url::BaseUrl;
use crate::error::Error;
use crate::operation::Operation;
use crate::wire::{decode, request};

/// The receipt (거래명세서) of the history entry `historyId`. The id is checked by the models'
/// rule ([`check_history_id`]) before anything is sent: letters and digits only, so it goes
/// into the query as it is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Receipt {
    history_id: String,
}

impl Receipt {
    /// The receipt of the history entry `history_id`.
    pub fn new(history_id: impl Into<String>) -> Receipt {
        Receipt {
            history_id: history_id.into(),
        }
    }

    /// The history entry asked for.
    pub fn history_id(&self) -> &str {
        &self.history_id
    }
}

impl sealed::Sealed for Receipt {}

impl Endpoint for Receipt {
    type Output = solapi_cash_types::models::ReceiptInfo;

    fn operation(&self) -> Option<Operation> {
        Some(Operation::Receipt)
    }

    fn request(&self, base: &BaseUrl) -> Result<Request<Vec<u8>>, Error> {
        let op = Operation::Receipt;
        check_history_id(&self.history_id).map_err(|e| Error::invalid_input(op, e))?;
        let query = format!("historyId={}", self.history_id);
        request::finish(op, request::builder(op, base, &query, false), Vec::new())
    }

    fn read(&self, response: &Response<Vec<u8>>) -> Result<Self::Output, Error> {
        decode::read_json(Operation::Receipt, response)
    }
}
