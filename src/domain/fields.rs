//! The buyer's fields as newtypes: each is made only by its `parse`, so a value that exists is
//! a valid one. The order form and the API call these same functions.

use std::fmt;

/// Why one field was refused; `Display` gives the English message the API sends.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FieldError {
    /// Nothing was given where something is needed.
    Required,
    /// Fewer characters than the rule allows.
    TooShort { min: usize },
    /// More characters than the rule allows.
    TooLong { max: usize },
    /// A control character (newline, tab, NUL…) somewhere in the text.
    ControlCharacter,
    /// A whole number was expected.
    NotAWholeNumber,
    /// A number outside the allowed range.
    OutOfRange { min: i64, max: i64 },
    /// Not a mainland mobile number nor an international one.
    InvalidPhone,
    /// A character outside the allowed set.
    InvalidCharacters { allowed: &'static str },
    /// Text was expected (the JSON had a number, a list…).
    NotText,
    /// No box of that id is on sale.
    UnknownBox,
    /// Not a status the team can move an order to.
    NotAMove,
    /// Not an order status at all.
    UnknownStatus,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => write!(f, "This field is required."),
            Self::TooShort { min } => write!(f, "Use at least {min} characters."),
            Self::TooLong { max } => write!(f, "Use at most {max} characters."),
            Self::ControlCharacter => write!(f, "Remove the control characters (line breaks, tabs)."),
            Self::NotAWholeNumber => write!(f, "Give a whole number."),
            Self::OutOfRange { min, max } => write!(f, "Choose a number from {min} to {max}."),
            Self::InvalidPhone => write!(
                f,
                "Give a mainland mobile number (11 digits starting 13–19) or an international number starting with + and 8–15 digits."
            ),
            Self::InvalidCharacters { allowed } => write!(f, "Use only {allowed}."),
            Self::NotText => write!(f, "Give this field as text."),
            Self::UnknownBox => write!(f, "There is no box with this id on sale."),
            Self::NotAMove => write!(f, "Choose one of packed, shipped, delivered or cancelled."),
            Self::UnknownStatus => {
                write!(f, "Give the status the order had when you looked at it.")
            }
        }
    }
}

fn refuse_control(raw: &str) -> Result<(), FieldError> {
    if raw.chars().any(char::is_control) {
        Err(FieldError::ControlCharacter)
    } else {
        Ok(())
    }
}

/// Trims, refuses control characters and checks the length in characters (not bytes).
fn bounded_text(raw: &str, min: usize, max: usize) -> Result<String, FieldError> {
    refuse_control(raw)?;
    let text = raw.trim();
    let count = text.chars().count();
    if count == 0 && min > 0 {
        return Err(FieldError::Required);
    }
    if count < min {
        return Err(FieldError::TooShort { min });
    }
    if count > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(text.to_owned())
}

fn token_chars(
    raw: &str,
    max: usize,
    allowed: &'static str,
    ok: fn(char) -> bool,
) -> Result<String, FieldError> {
    refuse_control(raw)?;
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
    /// The buyer's name: 1–64 characters after trimming, any script.
    BuyerName
);
text_newtype!(
    /// A phone number, kept without spaces and dashes: `1[3-9]` + 9 digits, or `+` and 8–15 digits.
    Phone
);
text_newtype!(
    /// The delivery address: 5–200 characters after trimming.
    Address
);
text_newtype!(
    /// An optional message to the producer: at most 200 characters.
    Note
);
text_newtype!(
    /// A share or campaign tag from the opened link: at most 64 of `[A-Za-z0-9_-]`.
    RefTag
);
text_newtype!(
    /// A courier's tracking number: 1–64 characters after trimming.
    TrackingNumber
);
text_newtype!(
    /// A box's id: 1–32 of `[a-z0-9-]`.
    BoxId
);
text_newtype!(
    /// The client's `Idempotency-Key`: 1–64 of `[A-Za-z0-9_-]`.
    IdempotencyKey
);

impl BuyerName {
    /// Parses a name typed by the buyer.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text(raw, 1, 64).map(Self)
    }
}

impl Address {
    /// Parses a delivery address.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text(raw, 5, 200).map(Self)
    }
}

impl TrackingNumber {
    /// Parses a tracking number typed by the team.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        bounded_text(raw, 1, 64).map(Self)
    }
}

impl Note {
    /// Parses the optional message; blank means no message.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        let text = bounded_text(raw, 0, 200)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }
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

impl IdempotencyKey {
    /// Parses the `Idempotency-Key` header value.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        token_chars(raw, 64, "letters, digits, _ and -", is_url_safe).map(Self)
    }
}

impl Phone {
    /// Parses a phone number; spaces and dashes are ignored and dropped.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        refuse_control(raw)?;
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
