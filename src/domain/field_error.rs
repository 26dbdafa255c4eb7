//! Why a field was refused: one `FieldError` for every rule of the buyer's fields (and of the
//! team's status moves), shared by the rules (`fields`, `text`, `status`), the API's 422 and the
//! order form's messages; `FieldErrors`, the map of them a whole form is refused with, and the
//! two steps every parse takes (`text`: the field is text; `keep`: note its error, go on).

use std::collections::BTreeMap;
use std::fmt;

use serde_json::Value;

/// Field name → why it was refused, in the order the form shows them.
pub type FieldErrors = BTreeMap<&'static str, FieldError>;

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
    /// An invisible character somewhere in the text: a format character (zero-width space,
    /// bidi mark or override, soft hyphen, BOM…) or a line or paragraph separator.
    InvisibleCharacter,
    /// Only spaces, combining marks or blank fillers: nothing would show on the label.
    NothingVisible,
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
    /// `true` or `false` was expected.
    NotTrueOrFalse,
    /// An object was expected (a gift's recipient as `{"name", "phone", "address"}`).
    NotAnObject,
    /// No box of that id is on sale.
    UnknownBox,
    /// Not a status the team can move an order to.
    NotAMove,
    /// Not an order status at all.
    UnknownStatus,
    /// Not a kind of claim (damaged, missing, wrong, other).
    UnknownClaimKind,
    /// Not a JPEG, PNG or WebP image by its content, or one without a size.
    NotAPhoto,
    /// A photo larger than the server decodes (pixels a side, megapixels in all).
    PhotoTooLarge { max_side: u32, max_megapixels: u32 },
    /// More photos than a claim takes.
    TooManyPhotos { max: usize },
    /// A part of a claim's form that the API does not take.
    UnknownPart,
    /// Not a way the team resolves a claim (refund, resend, rejected).
    NotAnOutcome,
    /// Not an RFC 3339 time such as `2027-11-11T00:00:00+08:00`.
    NotATime,
    /// A sale's end that does not come after its opening.
    ClosesBeforeOpens,
    /// The same id twice in one list (a producer's boxes).
    Duplicate,
    /// A producer's slug another producer already has.
    Taken,
    /// A text keyed by a language the market does not speak (only `zh`, `en`, `fr`).
    UnknownLanguage,
    /// A list was expected (a story's paragraphs, the boxes).
    NotAList,
    /// A longer list than the rule allows.
    TooManyItems { max: usize },
    /// Not a path on this site (`/media/…`, `/api/…`): a picture's address.
    NotASitePath,
    /// A box's stock given with a content edit: it is set with the stock endpoint alone, so
    /// that an edit from an older copy of the page never undoes the orders taken since.
    StockSetApart,
    /// Not a way this producer is paid (`[payment] methods`).
    PaymentNotAccepted,
}

impl fmt::Display for FieldError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::Required => write!(f, "This field is required."),
            Self::TooShort { min } => write!(f, "Use at least {min} characters."),
            Self::TooLong { max } => write!(f, "Use at most {max} characters."),
            Self::ControlCharacter => write!(f, "Remove the control characters (line breaks, tabs)."),
            Self::InvisibleCharacter => write!(
                f,
                "Remove the invisible characters (zero-width spaces, text-direction marks, line or paragraph separators)."
            ),
            Self::NothingVisible => write!(f, "Write at least one visible letter, digit or sign."),
            Self::NotAWholeNumber => write!(f, "Give a whole number."),
            Self::OutOfRange { min, max } => write!(f, "Choose a number from {min} to {max}."),
            Self::InvalidPhone => write!(
                f,
                "Give a mainland mobile number (11 digits starting 13–19) or an international number starting with + and 8–15 digits."
            ),
            Self::InvalidCharacters { allowed } => write!(f, "Use only {allowed}."),
            Self::NotText => write!(f, "Give this field as text."),
            Self::NotTrueOrFalse => write!(f, "Give true or false."),
            Self::NotAnObject => {
                write!(f, "Give this field as an object with name, phone and address.")
            }
            Self::UnknownBox => write!(f, "There is no box with this id on sale."),
            Self::NotAMove => write!(f, "Choose one of packed, shipped, delivered or cancelled."),
            Self::UnknownStatus => {
                write!(f, "Give the status the order had when you looked at it.")
            }
            Self::UnknownClaimKind => write!(f, "Choose one of damaged, missing, wrong or other."),
            Self::NotAPhoto => write!(f, "Send a photo as a JPEG, PNG or WebP image."),
            Self::PhotoTooLarge {
                max_side,
                max_megapixels,
            } => write!(
                f,
                "Send a photo of at most {max_side} pixels a side and {max_megapixels} megapixels."
            ),
            Self::TooManyPhotos { max } => write!(f, "Send at most {max} photos."),
            Self::UnknownPart => write!(
                f,
                "This form takes only the parts kind, apples, message and photo."
            ),
            Self::NotAnOutcome => write!(f, "Choose one of refund, resend or rejected."),
            Self::NotATime => write!(
                f,
                "Give a date and time such as 2027-11-11T00:00:00+08:00 (RFC 3339)."
            ),
            Self::ClosesBeforeOpens => write!(f, "The sale must close after it opens."),
            Self::Duplicate => write!(f, "This id is already in the list."),
            Self::Taken => write!(f, "Another producer already has this name in links."),
            Self::UnknownLanguage => write!(f, "Write texts in zh, en or fr only."),
            Self::NotAList => write!(f, "Give this field as a list."),
            Self::TooManyItems { max } => write!(f, "Give at most {max} items."),
            Self::NotASitePath => write!(
                f,
                "Give an address on this site starting with /, such as a picture's upload URL."
            ),
            Self::PaymentNotAccepted => {
                write!(f, "Choose one of the ways this producer is paid.")
            }
            Self::StockSetApart => write!(
                f,
                "Set the stock of a box on sale with the stock form, not with the content."
            ),
        }
    }
}

/// A field that must be text (or, if `optional`, may be absent or `null`).
pub(super) fn text(value: &Value, optional: bool) -> Result<Option<&str>, FieldError> {
    match value {
        Value::String(s) => Ok(Some(s)),
        Value::Null if optional => Ok(None),
        Value::Null => Err(FieldError::Required),
        _ => Err(FieldError::NotText),
    }
}

/// `result`'s value, or `None` with its error kept under `field`.
pub(super) fn keep<T>(
    errors: &mut FieldErrors,
    field: &'static str,
    result: Result<T, FieldError>,
) -> Option<T> {
    result.map_err(|e| errors.insert(field, e)).ok()
}
