//! The service's own words: error codes and messages as SOLAPI's documentation gives them,
//! each with its source. Where the documentation has no text for a case, the emulator's
//! messages (elsewhere) are its own, in English, and docs/emulator.md marks them *inferred*.
//!
//! Sources, all in the documentation repository `solapi/documents` at commit
//! `c203145f100f4d23b46a79a7825ba5ea14d38bed` (2022-09-19, the newest stored):
//! - `authentication/api-key.md`: the four signature errors, each "HTTP Status Code: 403",
//!   with the one-line descriptions used here as messages.
//! - `api-reference/cash-api/undefined-6.md` (결제, `POST /cash/v1/balance`): 400
//!   `InvalidPaymentId` and 402 `BalanceInsufficient`, the latter for "돈이 부족해 결제가
//!   취소된 경우" (the payment was cancelled for lack of money: a refused card).
//! - `api-reference/cash-api/undefined-3.md` (a cash settings endpoint): 403 `Forbidden`
//!   "잘못된 접근입니다." for "로그인한 사용자가 아닐 경우" (a caller who is not signed in).
//! - `api-reference/cash-api/undefined-5.md` (잔액 출금, a withdrawal): 400 `ValidationError`
//!   "금액은 양의 정수만 입력 가능합니다." and 403 `Forbidden` "보유하신 금액이 부족합니다.".

/// `InvalidAPIKey`: "not a valid API key".
pub(crate) const INVALID_API_KEY: &str = "유효한 API Key가 아님";
/// `SignatureDoesNotMatch`: "the signature made does not match".
pub(crate) const SIGNATURE_DOES_NOT_MATCH: &str = "생성한 Signature가 일치하지 않음";
/// `RequestTimeTooSkewed`: "the time is more than 15 minutes off the server's".
pub(crate) const REQUEST_TIME_TOO_SKEWED: &str = "시간 값이 서버 시간을 15분 이상 벗어남";
/// `DuplicatedSignature`: "the same signature within 15 minutes".
pub(crate) const DUPLICATED_SIGNATURE: &str = "15분 안에 동일한 signature 값";
/// `InvalidPaymentId` on a recharge: "the paymentId is not valid".
pub(crate) const INVALID_PAYMENT_ID: &str = "paymentId 가 유효하지 않습니다.";
/// `BalanceInsufficient` on a recharge whose card payment was refused: "not enough money".
pub(crate) const BALANCE_INSUFFICIENT: &str = "보유 잔액이 부족합니다.";
/// `ValidationError` on a withdrawal whose amount is not a positive whole number: "the amount
/// takes positive integers only" (cash-api/undefined-5.md; the emulator answers it for a
/// transfer's amount too, *inferred*).
pub(crate) const AMOUNT_POSITIVE_INTEGER: &str = "금액은 양의 정수만 입력 가능합니다.";
/// `Forbidden` on a withdrawal above the balance: "the balance you hold is not enough"
/// (cash-api/undefined-5.md; for a transfer too, *inferred*).
pub(crate) const BALANCE_TOO_LOW: &str = "보유하신 금액이 부족합니다.";
/// `Forbidden` for a caller without credentials: "wrong access".
pub(crate) const FORBIDDEN: &str = "잘못된 접근입니다.";

/// The documented message of a signature error code, `None` for other codes.
pub(crate) fn signature_error(code: &str) -> Option<&'static str> {
    match code {
        "InvalidAPIKey" => Some(INVALID_API_KEY),
        "SignatureDoesNotMatch" => Some(SIGNATURE_DOES_NOT_MATCH),
        "RequestTimeTooSkewed" => Some(REQUEST_TIME_TOO_SKEWED),
        "DuplicatedSignature" => Some(DUPLICATED_SIGNATURE),
        _ => None,
    }
}

/// The documented text first (clients and people who know it find it), then what exactly
/// was wrong, since the documented text alone does not say.
pub(crate) fn with_detail(documented: &str, detail: &str) -> String {
    format!("{documented} ({detail})")
}
