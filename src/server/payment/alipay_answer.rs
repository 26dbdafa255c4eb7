//! Alipay's synchronous answers: `{"<method, . as _>_response": {…}, "sign": "…"}`, signed (RSA2,
//! Alipay's key) over the exact text of the `…_response` value as sent. Spacing and key order
//! matter, so that value is read as raw text (serde_json's `RawValue`) and verified before
//! anything in it is parsed; never re-serialized. The provider's side, for the local simulator,
//! signs an answer the same way.

use std::collections::BTreeMap;

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::value::RawValue;

use super::alipay_sign::VerifyError;
use super::keys::{PrivateKey, PublicKey};

/// The `code` of an answer Alipay accepted.
const SUCCESS_CODE: &str = "10000";

/// What Alipay said when it refused a call: its `code` (not "10000"), `msg`, `sub_code`, `sub_msg`.
#[derive(Debug, Clone, PartialEq, Eq, Deserialize)]
pub struct Refusal {
    /// The gateway's code, e.g. "40004" (business failed).
    pub code: String,
    /// The gateway's words for the code.
    #[serde(default)]
    pub msg: String,
    /// The business reason, e.g. "ACQ.TRADE_NOT_EXIST".
    #[serde(default)]
    pub sub_code: Option<String>,
    /// The business reason in words.
    #[serde(default)]
    pub sub_msg: Option<String>,
}

/// Why a synchronous answer gives nothing to read.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum AnswerError {
    /// Not verified as Alipay's: nothing in it is believed.
    Unverified(VerifyError),
    /// Verified: Alipay refused the call.
    Refused(Refusal),
    /// Verified and accepted, but not the content the caller reads.
    Unreadable,
}

impl From<VerifyError> for AnswerError {
    fn from(error: VerifyError) -> Self {
        Self::Unverified(error)
    }
}

/// The name of a method's answer member: `alipay.trade.query` → `alipay_trade_query_response`.
pub fn response_member(method: &str) -> String {
    format!("{}_response", method.replace('.', "_"))
}

/// The exact text of the answer's `…_response` value, once its `sign` verifies over it.
fn verified_response<'b>(
    method: &str,
    body: &'b str,
    alipay_key: &PublicKey,
) -> Result<&'b str, VerifyError> {
    let members: BTreeMap<String, &'b RawValue> =
        serde_json::from_str(body).map_err(|_| VerifyError::NotJson)?;
    let response = members
        .get(&response_member(method))
        .ok_or(VerifyError::MissingResponse)?
        .get();
    let sign = members
        .get("sign")
        .and_then(|sign| serde_json::from_str::<String>(sign.get()).ok())
        .filter(|sign| !sign.is_empty())
        .ok_or(VerifyError::MissingSign)?;
    if alipay_key.verifies_base64(response.as_bytes(), &sign) {
        Ok(response)
    } else {
        Err(VerifyError::BadSignature)
    }
}

/// A synchronous answer to `method`, verified with Alipay's public key over the `…_response`
/// text as sent, then read: `T` when Alipay accepted the call (`code` "10000"), its `Refusal`
/// when it did not (a refusal is verified too, so a forged one changes nothing either).
pub fn verify_answer<T: DeserializeOwned>(
    method: &str,
    body: &str,
    alipay_key: &PublicKey,
) -> Result<T, AnswerError> {
    let response = verified_response(method, body, alipay_key)?;
    let status: Refusal = serde_json::from_str(response).map_err(|_| AnswerError::Unreadable)?;
    if status.code != SUCCESS_CODE {
        return Err(AnswerError::Refused(status));
    }
    serde_json::from_str(response).map_err(|_| AnswerError::Unreadable)
}

/// The provider's side: the body answering `method` with `response` (a JSON object's text, kept
/// exactly as given) and Alipay's signature over that text, the inverse of `verify_answer`.
pub fn signed_answer(method: &str, response: &str, alipay_key: &PrivateKey) -> String {
    let sign = alipay_key.sign_base64(response.as_bytes());
    format!(
        "{{\"{}\":{response},\"sign\":\"{sign}\"}}",
        response_member(method)
    )
}

#[cfg(test)]
#[path = "alipay_answer_tests.rs"]
mod tests;
