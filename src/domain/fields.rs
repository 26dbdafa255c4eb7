//! The buyer's fields as newtypes: each is made only by its `parse`, so a value that exists is
//! a valid one. The order form and the API call these same functions; the rules free text
//! shares (hidden characters, NFC, something visible) live in `text`.

use std::fmt;

use super::field_error::FieldError;
use super::text::{bounded_text, refuse_hidden};

fn token_chars(
    raw: &str,
    max: usize,
    allowed: &'static str,
    ok: fn(char) -> bool,
) -> Result<String, FieldError> {
    refuse_hidden(raw)?;
    if raw.is_empty() {
        return Err(FieldError::Required);
    }
    if raw.chars().count() > max {
        return Err(FieldError::TooLong { max });
    }
    if !raw.chars().all(ok) {
        return Err(FieldError::InvalidCharacters { allowed });
    }
    Ok(raw.to_owned())
}

fn is_url_safe(c: char) -> bool {
    c.is_ascii_alphanumeric() || c == '_' || c == '-'
}

macro_rules! text_newtype {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
        pub struct $name(String);

        impl $name {
            /// The valid value as text.
            pub fn as_str(&self) -> &str {
                &self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                f.write_str(&self.0)
            }
        }
    };
}

text_newtype!(
    /// The buyer's name: 1–64 characters after trimming, in NFC, any script, something visible.
    BuyerName
);
text_newtype!(
    /// A phone number, kept without spaces and dashes: `1[3-9]` + 9 digits, or `+` and 8–15 digits.
    Phone
);
text_newtype!(
    /// The delivery address: 5–200 characters after trimming, in NFC, something visible.
    Address
);
text_newtype!(
    /// An optional message to the producer: at most 200 characters, in NFC.
    Note
);
text_newtype!(
    /// A gift's few words to its recipient, printed on the label: at most 100 characters.
    GiftMessage
);
text_newtype!(
    /// A share or campaign tag from the opened link: at most 64 of `[A-Za-z0-9_-]`.
    RefTag
);
text_newtype!(
    /// A courier's tracking number: 1–64 characters after trimming, in NFC.
    TrackingNumber
);
text_newtype!(
    /// A box's id: 1–32 of `[a-z0-9-]`.
    BoxId
);
text_newtype!(
    /// A producer's slug, its name in links (`/p/{slug}`): 1–32 of `[a-z0-9-]`.
    Slug
);
text_newtype!(
    /// The client's `Idempotency-Key`: 1–64 of `[A-Za-z0-9_-]`.
    IdempotencyKey
);

impl BuyerName {
    /// Parses a name typed by the buyer.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text(raw, 1, 64, true).map(Self)
    }
}

impl Address {
    /// Parses a delivery address.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text(raw, 5, 200, true).map(Self)
    }
}

impl TrackingNumber {
    /// Parses a tracking number typed by the team.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text(raw, 1, 64, false).map(Self)
    }
}

impl Note {
    /// Parses the optional message; blank means no message.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        let text = bounded_text(raw, 0, 200, false)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }
}

impl GiftMessage {
    /// Parses the optional gift message; blank means none.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        let text = bounded_text(raw, 0, Self::MAX, false)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }

    /// The most characters a gift message may have.
    pub const MAX: usize = 100;
}

impl RefTag {
    /// Parses the optional share tag; empty means none.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        if raw.is_empty() {
            return Ok(None);
        }
        token_chars(raw, 64, "letters, digits, _ and -", is_url_safe).map(|t| Some(Self(t)))
    }
}

impl BoxId {
    /// Parses a box id as written in the content file and sent by the form.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        token_chars(raw, 32, "lower-case letters, digits and -", |c| {
            c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'
        })
        .map(Self)
    }
}

impl Slug {
    /// Parses a producer's slug, as the market file and the new producer's form write it.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        BoxId::parse(raw).map(|id| Self(id.0))
    }
}

impl IdempotencyKey {
    /// Parses the `Idempotency-Key` header value.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        token_chars(raw, 64, "letters, digits, _ and -", is_url_safe).map(Self)
    }
}

impl Phone {
    /// Parses a phone number; spaces and dashes are ignored and dropped.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        refuse_hidden(raw)?;
        let compact: String = raw.chars().filter(|c| *c != ' ' && *c != '-').collect();
        if compact.is_empty() {
            return Err(FieldError::Required);
        }
        let digits_only = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
        let valid = match compact.strip_prefix('+') {
            Some(rest) => (8..=15).contains(&rest.len()) && digits_only(rest),
            None => {
                let b = compact.as_bytes();
                b.len() == 11
                    && digits_only(&compact)
                    && b[0] == b'1'
                    && (b'3'..=b'9').contains(&b[1])
            }
        };
        if valid {
            Ok(Self(compact))
        } else {
            Err(FieldError::InvalidPhone)
        }
    }

    /// Every way the same phone is written once parsed: a mainland mobile with and without
    /// `+86` (spaces and dashes are already gone), any other number as it is. The limit per
    /// buyer counts the orders of all of them.
    pub fn spellings(&self) -> Vec<String> {
        let mainland = |m: &str| !m.starts_with('+') && Self::parse(m).is_ok();
        match self.0.strip_prefix("+86") {
            Some(m) if mainland(m) => vec![m.to_owned(), self.0.clone()],
            _ if mainland(&self.0) => vec![self.0.clone(), format!("+86{}", self.0)],
            _ => vec![self.0.clone()],
        }
    }
}

/// How many boxes of one kind: 1–20.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Quantity(u32);

impl Quantity {
    /// The smallest order.
    pub const MIN: i64 = 1;
    /// The largest order.
    pub const MAX: i64 = 20;

    /// Parses a whole number of boxes.
    pub fn parse(n: i64) -> Result<Self, FieldError> {
        if (Self::MIN..=Self::MAX).contains(&n) {
            Ok(Self(n as u32))
        } else {
            Err(FieldError::OutOfRange {
                min: Self::MIN,
                max: Self::MAX,
            })
        }
    }

    /// Parses the quantity as typed in a form field.
    pub fn parse_text(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::Required);
        }
        raw.parse::<i64>()
            .map_err(|_| FieldError::NotAWholeNumber)
            .and_then(Self::parse)
    }

    /// The number of boxes.
    pub fn get(self) -> u32 {
        self.0
    }
}
