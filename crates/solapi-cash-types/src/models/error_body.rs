//! The error body of every non-2xx answer, and the second factor it may ask for.

use serde::{Deserialize, Serialize};

use crate::wire::model::wire_model;

wire_model! {
    /// The body of every non-2xx answer: `{"errorCode": "...", "errorMessage": "..."}`, plus
    /// whatever else the service adds (kept in `extra`). The code is strict (errors are
    /// classified by it); the message is descriptive (`""` when missing, `null` or not a
    /// string, the value then kept in `extra`).
    pub struct ApiErrorBody (nulls = false) {
        /// A stable code such as `ValidationError` or `SignatureDoesNotMatch`.
        error_code: String = "errorCode", required;
        /// A human message, often in Korean.
        error_message: String = "errorMessage", lenient;
        /// Present when the request needs a second factor.
        mfa: Option<MfaChallenge> = "mfa", lenient;
    }
}

impl ApiErrorBody {
    /// An error body with a code and a message.
    pub fn new(error_code: impl Into<String>, error_message: impl Into<String>) -> ApiErrorBody {
        ApiErrorBody {
            error_code: error_code.into(),
            error_message: error_message.into(),
            mfa: None,
            extra: crate::wire::Extra::new(),
        }
    }
}

wire_model! {
    /// The second-factor challenge carried by an error body: the code was sent by email and
    /// the request must be repeated with [`MfaData`].
    pub struct MfaChallenge (nulls = false) {
        /// Identifies the challenge in the second step.
        transaction_id: String = "transactionId", required;
    }
}

impl MfaChallenge {
    /// A challenge with its transaction id.
    pub fn new(transaction_id: impl Into<String>) -> MfaChallenge {
        MfaChallenge {
            transaction_id: transaction_id.into(),
            extra: crate::wire::Extra::new(),
        }
    }
}

/// The `x-mfa-data` header of the second step of a second-factor request.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
#[non_exhaustive]
pub struct MfaData {
    /// `EMAIL` for recharges.
    pub auth_type: String,
    /// From [`MfaChallenge::transaction_id`].
    pub transaction_id: String,
    /// The code the user received.
    pub token: String,
}

impl MfaData {
    /// The name of the header that carries it.
    pub const HEADER: &'static str = "x-mfa-data";

    /// The answer to an email challenge.
    pub fn email(transaction_id: impl Into<String>, code: impl Into<String>) -> MfaData {
        MfaData {
            auth_type: "EMAIL".to_owned(),
            transaction_id: transaction_id.into(),
            token: code.into(),
        }
    }

    /// The header value: compact JSON.
    pub fn to_header_value(&self) -> String {
        // Serializing three strings cannot fail.
        serde_json::to_string(self).unwrap_or_default()
    }

    /// Reads a header value (server side).
    pub fn from_header_value(value: &str) -> Result<MfaData, serde_json::Error> {
        serde_json::from_str(value)
    }
}

impl std::fmt::Debug for MfaData {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // The code is a short-lived secret.
        f.debug_struct("MfaData")
            .field("auth_type", &self.auth_type)
            .field("transaction_id", &self.transaction_id)
            .field("token", &"** redacted **")
            .finish()
    }
}
