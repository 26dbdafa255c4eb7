//! The API's vocabulary of refusals: one `ErrorCode` per `code` an error body can carry, written
//! once (the table below) and read by the server's `ApiError`, the OpenAPI document and every
//! client, which match it as a value. On the wire it is the code's snake_case text, byte for byte;
//! a code this build does not know (a newer server's) reads as `ErrorCode::Unknown`.
//!
//! Serialize and Deserialize are written by hand over the one table: serde's derive would add a
//! second copy of the names and a variant visitor to every browser bundle.

use std::fmt;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Declares `ErrorCode` and its table from one list of `variant => "code" @ status`, each with
/// its doc.
macro_rules! error_codes {
    ($($(#[doc = $doc:literal])* $variant:ident => $code:literal @ $status:literal,)*) => {
        /// Why the API refused a request, as its JSON body's `code` says it.
        #[derive(Debug, Clone, Copy, Default, PartialEq, Eq, PartialOrd, Ord, Hash)]
        pub enum ErrorCode {
            $($(#[doc = $doc])* $variant,)*
            /// A code this build does not know (a newer server's); also what nothing yet says.
            #[default]
            Unknown,
        }

        impl ErrorCode {
            /// Every code the API answers, in the table's order (`Unknown` is none of them).
            pub const ALL: &'static [ErrorCode] = &[$(ErrorCode::$variant,)*];
            /// The wire text of each of `ALL`, in the same order.
            const CODES: &'static [&'static str] = &[$($code,)*];

            /// The HTTP status the API answers with this code (500 for `Unknown`, which the
            /// API never answers).
            pub fn status(self) -> u16 {
                match self {
                    $(Self::$variant => $status,)*
                    Self::Unknown => 500,
                }
            }
        }
    };
}

error_codes! {
    /// The body is not the JSON (or the form) expected.
    BadRequest => "bad_request" @ 400,
    /// `Idempotency-Key` missing or malformed.
    IdempotencyKeyRequired => "idempotency_key_required" @ 400,
    /// The team's token is missing or wrong.
    Unauthorized => "unauthorized" @ 401,
    /// The member's role may not do this.
    Forbidden => "forbidden" @ 403,
    /// No such resource (or a token that does not open it).
    NotFound => "not_found" @ 404,
    /// The path exists, the method does not.
    MethodNotAllowed => "method_not_allowed" @ 405,
    /// The body arrived too slowly.
    RequestTimeout => "request_timeout" @ 408,
    /// The first request with this idempotency key is still being processed.
    RequestInProgress => "request_in_progress" @ 409,
    /// Orders open later.
    SaleNotOpen => "sale_not_open" @ 409,
    /// The sale has ended.
    SaleClosed => "sale_closed" @ 409,
    /// No box of this kind is left.
    SoldOut => "sold_out" @ 409,
    /// Fewer boxes left than asked for.
    InsufficientStock => "insufficient_stock" @ 409,
    /// The buyer's phone would pass the boxes one buyer may have.
    LimitReached => "limit_reached" @ 409,
    /// The order's status cannot move that way.
    InvalidTransition => "invalid_transition" @ 409,
    /// Someone else moved the order meanwhile.
    StatusConflict => "status_conflict" @ 409,
    /// The order takes no claim now.
    ClaimNotAllowed => "claim_not_allowed" @ 409,
    /// The claim was resolved before.
    ClaimResolved => "claim_resolved" @ 409,
    /// The refund would pass the order's total.
    RefundTooLarge => "refund_too_large" @ 409,
    /// Orders of a short harvest's preview moved since.
    ShortfallChanged => "shortfall_changed" @ 409,
    /// The body is over its limit (a proxy's own 413 reads so too).
    PayloadTooLarge => "payload_too_large" @ 413,
    /// The body's content type is not the one the route takes.
    UnsupportedMediaType => "unsupported_media_type" @ 415,
    /// Fields that break the rules (or a line of a bulk write that does not read).
    Invalid => "invalid" @ 422,
    /// The idempotency key was used for another request.
    IdempotencyKeyReused => "idempotency_key_reused" @ 422,
    /// Too many requests from this address.
    RateLimited => "rate_limited" @ 429,
    /// The shop is at capacity for a moment.
    Overloaded => "overloaded" @ 503,
    /// The database (or, behind a proxy, the shop) does not answer.
    Unavailable => "unavailable" @ 503,
    /// A fault of the shop's.
    Internal => "internal" @ 500,
}

impl ErrorCode {
    /// The code as the wire spells it (`sold_out`); `unknown` for `Unknown`.
    pub fn as_str(self) -> &'static str {
        // `ALL` is in declaration order, so a variant's index is its place in `CODES`.
        Self::CODES.get(self as usize).copied().unwrap_or("unknown")
    }

    /// The code `text` names, or `Unknown` for one this build does not know.
    pub fn from_code(text: &str) -> Self {
        Self::CODES
            .iter()
            .position(|c| *c == text)
            .map_or(Self::Unknown, |i| Self::ALL[i])
    }
}

/// A code as the wire spells it (`"sold_out".into()`); unknown text is `Unknown`.
impl From<&str> for ErrorCode {
    fn from(text: &str) -> Self {
        Self::from_code(text)
    }
}

impl fmt::Display for ErrorCode {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for ErrorCode {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for ErrorCode {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        String::deserialize(deserializer).map(|text| Self::from_code(&text))
    }
}

/// The OpenAPI schema: a string, one of `ALL`'s codes (made from the table, not listed again).
#[cfg(not(target_arch = "wasm32"))]
impl utoipa::PartialSchema for ErrorCode {
    fn schema() -> utoipa::openapi::RefOr<utoipa::openapi::schema::Schema> {
        use utoipa::openapi::schema::{ObjectBuilder, Type};
        ObjectBuilder::new()
            .schema_type(Type::String)
            .description(Some(
                "Why the request was refused, for a program; a client reads a code it does not \
                 know as an unknown refusal and shows the `message`.",
            ))
            .enum_values(Some(Self::CODES.iter().copied()))
            .into()
    }
}

#[cfg(not(target_arch = "wasm32"))]
impl utoipa::ToSchema for ErrorCode {}

#[cfg(test)]
mod tests {
    use super::ErrorCode;

    #[test]
    fn every_code_round_trips_through_its_wire_text() {
        assert_eq!(ErrorCode::ALL.len(), ErrorCode::CODES.len());
        for code in ErrorCode::ALL {
            let text = serde_json::to_string(code).unwrap();
            assert_eq!(text, format!("\"{}\"", code.as_str()));
            assert_eq!(serde_json::from_str::<ErrorCode>(&text).unwrap(), *code);
            assert_eq!(ErrorCode::from_code(code.as_str()), *code);
        }
    }

    #[test]
    fn the_codes_are_distinct_snake_case_words() {
        for (i, text) in ErrorCode::CODES.iter().enumerate() {
            assert!(
                text.bytes().all(|b| b.is_ascii_lowercase() || b == b'_'),
                "{text}"
            );
            assert!(!ErrorCode::CODES[..i].contains(text), "{text} twice");
        }
    }

    #[test]
    fn a_code_this_build_does_not_know_reads_as_unknown() {
        for text in ["payment_declined", "", "SOLD_OUT", "sold_out "] {
            assert_eq!(ErrorCode::from_code(text), ErrorCode::Unknown, "{text:?}");
        }
        let read: ErrorCode = serde_json::from_str(r#""payment_declined""#).unwrap();
        assert_eq!(read, ErrorCode::Unknown);
        assert_eq!(ErrorCode::default(), ErrorCode::Unknown);
    }
}
