//! How the team resolves a claim (a refund of some fen, a box sent again, or a refusal with its
//! reason), the request that says so and its parse, the bound on an order's refunds
//! (`refund_room`, `Resolution::fits`), and the claim list's query.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::claim::ClaimMessage;
use super::field_error::{FieldError, FieldErrors};
use super::team::{Cursor, OrderListQuery};

/// A claim is open until the team resolves it.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimStatus {
    Open,
    Resolved,
}

impl ClaimStatus {
    /// The status as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Open => "open",
            Self::Resolved => "resolved",
        }
    }

    /// Reads a status written by `as_str`.
    pub fn parse(raw: &str) -> Option<Self> {
        [Self::Open, Self::Resolved]
            .into_iter()
            .find(|s| s.as_str() == raw)
    }
}

/// What the team did about a claim.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum OutcomeKind {
    /// Money back (`refund_fen`).
    Refund,
    /// Another box is on its way.
    Resend,
    /// The claim is refused, for the reason in the outcome's message.
    Rejected,
}

impl OutcomeKind {
    /// Every outcome, in the order the team's form offers them.
    pub const ALL: [Self; 3] = [Self::Refund, Self::Resend, Self::Rejected];

    /// The outcome as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Refund => "refund",
            Self::Resend => "resend",
            Self::Rejected => "rejected",
        }
    }

    /// Reads an outcome written by `as_str`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|o| o.as_str() == raw)
    }
}

/// The body of `POST /api/admin/claims/{id}` as it arrives: loose JSON, so that a missing or
/// mistyped field is a field error (422).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({
    "outcome": "refund", "refund_fen": 2000, "message": "每个坏果退 5 元，抱歉！"
})))]
pub struct ResolveRequest {
    /// `refund`, `resend` or `rejected`.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = OutcomeKind, required = true))]
    pub outcome: Value,
    /// With `refund`: the fen given back, from 1 to what the order's earlier refunds left of its
    /// total (more is 409 `refund_too_large` with `remaining_fen`).
    #[serde(default, skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<i64>, minimum = 1, required = false))]
    pub refund_fen: Value,
    /// A word for the buyer (at most 500 characters); the reason, required, with `rejected`.
    #[serde(default, skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<String>, required = false))]
    pub message: Value,
}

/// A valid resolution.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Resolution {
    pub outcome: OutcomeKind,
    /// The fen given back, with a refund only.
    pub refund_fen: Option<i64>,
    pub message: Option<ClaimMessage>,
}

fn whole_fen(value: &Value, max: i64) -> Result<i64, FieldError> {
    let range = FieldError::OutOfRange { min: 1, max };
    match value {
        Value::Null => Err(FieldError::Required),
        Value::Number(n) => match n.as_i64() {
            Some(fen) if (1..=max).contains(&fen) => Ok(fen),
            Some(_) => Err(range),
            None if n.as_u64().is_some() => Err(range),
            None => Err(FieldError::NotAWholeNumber),
        },
        _ => Err(FieldError::NotAWholeNumber),
    }
}

/// A refund typed in yuan by the team (`20`, `20.5`, `20.50`) in fen: at most two decimals.
pub fn yuan_to_fen(raw: &str) -> Result<i64, FieldError> {
    let raw = raw.trim();
    if raw.is_empty() {
        return Err(FieldError::Required);
    }
    let (whole, cents) = raw.split_once('.').unwrap_or((raw, ""));
    let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
    if whole.is_empty() || whole.len() > 9 || cents.len() > 2 || !digits(whole) || !digits(cents) {
        return Err(FieldError::NotAWholeNumber);
    }
    let whole: i64 = whole.parse().map_err(|_| FieldError::NotAWholeNumber)?;
    let cents: i64 = format!("{cents:0<2}").parse().unwrap_or(0);
    Ok(whole * 100 + cents)
}

/// What may still be refunded on an order of `total_fen` whose resolved claims gave back
/// `refunded_fen` already: an order's refunds never add up past its total.
pub fn refund_room(total_fen: i64, refunded_fen: i64) -> i64 {
    total_fen.saturating_sub(refunded_fen).max(0)
}

impl Resolution {
    /// Whether this resolution fits an order of `total_fen` whose resolved claims refunded
    /// `refunded_fen`: a refund past what is left is refused with what is left (in fen); a resend
    /// or a rejection always fits.
    pub fn fits(&self, total_fen: i64, refunded_fen: i64) -> Result<(), i64> {
        let room = refund_room(total_fen, refunded_fen);
        match self.refund_fen {
            Some(fen) if fen > room => Err(room),
            _ => Ok(()),
        }
    }

    /// Parses the team's resolution of a claim on an order of `total_fen`: a refund gives back
    /// 1 fen to the total; a rejection says why.
    pub fn parse(req: &ResolveRequest, total_fen: i64) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let outcome = match &req.outcome {
            Value::Null => Err(FieldError::Required),
            Value::String(s) => OutcomeKind::parse(s).ok_or(FieldError::NotAnOutcome),
            _ => Err(FieldError::NotText),
        };
        let message = match &req.message {
            Value::Null => Ok(None),
            Value::String(s) => ClaimMessage::parse(s),
            _ => Err(FieldError::NotText),
        };
        let refund_fen = match outcome {
            Ok(OutcomeKind::Refund) => whole_fen(&req.refund_fen, total_fen.max(1)).map(Some),
            _ => Ok(None),
        };
        let message = match (outcome, message) {
            (Ok(OutcomeKind::Rejected), Ok(None)) => Err(FieldError::Required),
            (_, message) => message,
        };
        let outcome = outcome.map_err(|e| errors.insert("outcome", e));
        let refund_fen = refund_fen.map_err(|e| errors.insert("refund_fen", e));
        let message = message.map_err(|e| errors.insert("message", e));
        match (outcome, refund_fen, message) {
            (Ok(outcome), Ok(refund_fen), Ok(message)) => Ok(Self {
                outcome,
                refund_fen,
                message,
            }),
            _ => Err(errors),
        }
    }
}

/// The query string of `GET /api/admin/claims` as it arrives.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::IntoParams))]
#[cfg_attr(not(target_arch = "wasm32"), into_params(parameter_in = Query))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimListParams {
    /// `open` or `resolved`; empty means both.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub status: Option<String>,
    /// Claims a page: 1–200, 50 if not given.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub limit: Option<String>,
    /// Where the previous page ended (its `next_cursor`).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub cursor: Option<String>,
}

/// A query parameter's trimmed text, if it has any.
fn text(value: &Option<String>) -> Option<&str> {
    value.as_deref().map(str::trim).filter(|s| !s.is_empty())
}

/// One page of the claim list, parsed: oldest first, so the team answers in turn.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimListQuery {
    pub status: Option<ClaimStatus>,
    pub limit: u32,
    /// Only claims after this one (the next page).
    pub after: Option<Cursor>,
}

impl ClaimListQuery {
    /// Parses every parameter at once.
    pub fn parse(params: &ClaimListParams) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let status = match text(&params.status) {
            None => None,
            Some(raw) => ClaimStatus::parse(raw)
                .ok_or_else(|| {
                    let allowed = "open or resolved";
                    errors.insert("status", FieldError::InvalidCharacters { allowed })
                })
                .ok(),
        };
        let limit = match text(&params.limit) {
            None => Ok(OrderListQuery::DEFAULT_LIMIT),
            Some(raw) => OrderListQuery::limit(raw),
        };
        let limit = limit.map_err(|e| errors.insert("limit", e)).ok();
        let after = text(&params.cursor).map(Cursor::parse).transpose();
        let after = after.map_err(|e| errors.insert("cursor", e)).ok().flatten();
        match limit {
            Some(limit) if errors.is_empty() => Ok(Self {
                status,
                limit,
                after,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
#[path = "claim_outcome_tests.rs"]
mod tests;
