//! The transfer (`POST /cash/v1/transfer`, documents `api-reference/cash/transfer.md`): its
//! request body, checked when made, and its answer, the bare JSON string `"Success"`.

use serde::{Deserialize, Serialize};

use super::SettingsError;
use crate::won::Won;

/// The longest account id accepted (the service's are 14 digits).
pub const MAX_ACCOUNT_ID_LEN: usize = 64;

/// Checks an account id: 1 to [`MAX_ACCOUNT_ID_LEN`] ASCII letters and digits.
pub fn check_account_id(what: &str, id: &str) -> Result<(), SettingsError> {
    if id.is_empty() {
        return Err(SettingsError::new(format!("{what} must not be empty")));
    }
    if id.len() <= MAX_ACCOUNT_ID_LEN && id.bytes().all(|b| b.is_ascii_alphanumeric()) {
        return Ok(());
    }
    // Printed with `{:?}`, cut short: an account id is not a secret, but may be anything.
    let shown: String = id.chars().take(MAX_ACCOUNT_ID_LEN).collect();
    Err(SettingsError::new(format!(
        "{what} is up to {MAX_ACCOUNT_ID_LEN} letters and digits (like 19041920726336), not \
         {shown:?}"
    )))
}

/// The body of a transfer: `{targetAccountId, amount, accountId?}`. The amount is [`Won`]
/// (whole, positive); the target (and the optional sender, for a caller acting for several
/// accounts) are account ids, checked when the request is made.
///
/// ```
/// use solapi_cash_types::models::TransferRequest;
/// use solapi_cash_types::won;
///
/// let request = TransferRequest::new("214727", won!(1_000))?;
/// assert_eq!(
///     serde_json::to_string(&request)?,
///     r#"{"targetAccountId":"214727","amount":1000}"#
/// );
/// assert!(TransferRequest::new("", won!(1_000)).is_err());
/// assert!(serde_json::from_str::<TransferRequest>(r#"{"targetAccountId":"1","amount":0}"#).is_err());
/// # Ok::<(), Box<dyn std::error::Error>>(())
/// ```
///
/// A server reads the same body with its `Deserialize`: the same keys and rules.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", try_from = "TransferBody")]
pub struct TransferRequest {
    target_account_id: String,
    amount: Won,
    #[serde(skip_serializing_if = "Option::is_none")]
    account_id: Option<String>,
}

/// The body as sent, before the ids are checked.
#[derive(Deserialize)]
#[serde(rename_all = "camelCase")]
struct TransferBody {
    target_account_id: String,
    amount: Won,
    #[serde(default)]
    account_id: Option<String>,
}

impl TryFrom<TransferBody> for TransferRequest {
    type Error = SettingsError;

    fn try_from(body: TransferBody) -> Result<TransferRequest, SettingsError> {
        let request = TransferRequest::new(body.target_account_id, body.amount)?;
        match body.account_id {
            Some(from) => request.from_account(from),
            None => Ok(request),
        }
    }
}

impl TransferRequest {
    /// A transfer of `amount` to the account `target_account_id`.
    pub fn new(
        target_account_id: impl Into<String>,
        amount: Won,
    ) -> Result<TransferRequest, SettingsError> {
        let target_account_id = target_account_id.into();
        check_account_id("the target account id", &target_account_id)?;
        Ok(TransferRequest {
            target_account_id,
            amount,
            account_id: None,
        })
    }

    /// The same transfer taken from the account `account_id` (the optional `accountId`:
    /// without it, the caller's own account); the same account as the target is refused.
    pub fn from_account(
        mut self,
        account_id: impl Into<String>,
    ) -> Result<TransferRequest, SettingsError> {
        let account_id = account_id.into();
        check_account_id("the account id", &account_id)?;
        if account_id == self.target_account_id {
            return Err(SettingsError::new(
                "the target account is the account the money comes from: nothing would move",
            ));
        }
        self.account_id = Some(account_id);
        Ok(self)
    }

    /// The account that receives the money.
    pub fn target_account_id(&self) -> &str {
        &self.target_account_id
    }

    /// The amount moved.
    pub fn amount(&self) -> Won {
        self.amount
    }

    /// The account the money comes from, when given.
    pub fn account_id(&self) -> Option<&str> {
        self.account_id.as_deref()
    }
}

/// The answer to a transfer: the bare JSON string the service sends (`"Success"` in the
/// documented sample), kept as sent. Any JSON string is read; anything else is a decoding
/// error (and the transfer's outcome stays unknown until the history shows it).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Transferred {
    /// The string sent (`"Success"`).
    pub message: String,
}

impl Transferred {
    /// The documented answer, `"Success"`.
    pub const SUCCESS: &'static str = "Success";

    /// An answer holding `message` (the emulator's: [`Transferred::SUCCESS`]).
    pub fn new(message: impl Into<String>) -> Transferred {
        Transferred {
            message: message.into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::won;

    #[test]
    fn the_documented_bodies_round_trip() {
        let body: TransferRequest =
            serde_json::from_str(r#"{"amount":1000,"targetAccountId":"214727"}"#).unwrap();
        assert_eq!(body.target_account_id(), "214727");
        assert_eq!(body.amount(), won!(1000));
        let answer: Transferred = serde_json::from_str(r#""Success""#).unwrap();
        assert_eq!(answer.message, Transferred::SUCCESS);
        assert_eq!(serde_json::to_string(&answer).unwrap(), r#""Success""#);
        assert!(serde_json::from_str::<Transferred>("{}").is_err());
    }

    #[test]
    fn bad_bodies_are_refused_with_the_reason() {
        for (body, why) in [
            (
                r#"{"amount":1000,"targetAccountId":""}"#,
                "must not be empty",
            ),
            (
                r#"{"amount":1000,"targetAccountId":"a b"}"#,
                "letters and digits",
            ),
            (r#"{"amount":1000.5,"targetAccountId":"1"}"#, ""),
            (r#"{"amount":-1,"targetAccountId":"1"}"#, ""),
            (
                r#"{"amount":1,"targetAccountId":"1","accountId":"1"}"#,
                "nothing would move",
            ),
        ] {
            let e = serde_json::from_str::<TransferRequest>(body).unwrap_err();
            assert!(e.to_string().contains(why), "{body}: {e}");
        }
    }
}
