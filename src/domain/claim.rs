//! A buyer's claim about bad fruit (bruised or rotten apples, a missing or wrong box) and the
//! rules the tracking page's form and the API share: its kind, how many apples, the message,
//! the photos (checked by their content, never by their name or declared type), when an order
//! may be claimed, and how the team resolves a claim.

use std::fmt;

use serde::{Deserialize, Serialize};

use super::field_error::{FieldError, FieldErrors};
use super::status::OrderStatus;
use super::text::bounded_text;

/// What went wrong with the box.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "lowercase")]
pub enum ClaimKind {
    /// Bruised or rotten apples.
    Damaged,
    /// The box (or part of it) never arrived.
    Missing,
    /// Another box than the one ordered.
    Wrong,
    /// Anything else.
    Other,
}

impl ClaimKind {
    /// Every kind, in the order the form offers them.
    pub const ALL: [Self; 4] = [Self::Damaged, Self::Missing, Self::Wrong, Self::Other];

    /// The kind as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Damaged => "damaged",
            Self::Missing => "missing",
            Self::Wrong => "wrong",
            Self::Other => "other",
        }
    }

    /// Parses the form's `kind`.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::Required);
        }
        Self::ALL
            .into_iter()
            .find(|k| k.as_str() == raw)
            .ok_or(FieldError::UnknownClaimKind)
    }
}

/// How many apples the claim is about: 1–1000, or none said.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Apples(u32);

impl Apples {
    /// The fewest apples a claim names.
    pub const MIN: i64 = 1;
    /// The most apples a claim names.
    pub const MAX: i64 = 1000;

    /// Parses the form's `apples`; blank means not said.
    pub fn parse_text(raw: &str) -> Result<Option<Self>, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Ok(None);
        }
        let n: i64 = raw.parse().map_err(|_| FieldError::NotAWholeNumber)?;
        if (Self::MIN..=Self::MAX).contains(&n) {
            Ok(Some(Self(n as u32)))
        } else {
            Err(FieldError::OutOfRange {
                min: Self::MIN,
                max: Self::MAX,
            })
        }
    }

    /// The number of apples.
    pub fn get(self) -> u32 {
        self.0
    }
}

/// A free-text message of a claim or of its outcome: at most 500 characters once trimmed, in NFC.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ClaimMessage(String);

impl ClaimMessage {
    /// The longest message.
    pub const MAX: usize = 500;

    /// Parses a message; blank means none.
    pub fn parse(raw: &str) -> Result<Option<Self>, FieldError> {
        let text = bounded_text(raw, 0, Self::MAX, false)?;
        Ok((!text.is_empty()).then_some(Self(text)))
    }

    /// The message as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for ClaimMessage {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// How long after its delivery an order may still be claimed: 14 days.
pub const CLAIM_WINDOW_MS: i64 = 14 * 24 * 3600 * 1000;
/// The claims of one order that may be open at once.
pub const MAX_OPEN_CLAIMS: usize = 3;

/// Why an order takes no claim now.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ClaimRefusal {
    /// Not shipped yet, cancelled, or delivered more than 14 days ago.
    OutOfWindow,
    /// Three claims of the order are still open.
    TooManyOpen,
}

/// Whether an order in `status`, delivered at `delivered_ms` (if it was), with `open` claims
/// still open, takes a new claim at `now_ms`.
pub fn may_claim(
    status: OrderStatus,
    delivered_ms: Option<i64>,
    open: usize,
    now_ms: i64,
) -> Result<(), ClaimRefusal> {
    let in_window = match status {
        OrderStatus::Shipped => true,
        OrderStatus::Delivered => delivered_ms.is_some_and(|at| now_ms - at <= CLAIM_WINDOW_MS),
        OrderStatus::AwaitingPayment
        | OrderStatus::Received
        | OrderStatus::Packed
        | OrderStatus::Cancelled => false,
    };
    if !in_window {
        return Err(ClaimRefusal::OutOfWindow);
    }
    if open >= MAX_OPEN_CLAIMS {
        return Err(ClaimRefusal::TooManyOpen);
    }
    Ok(())
}

/// The image types a claim's photo may be, as found in its bytes.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoType {
    Jpeg,
    Png,
    Webp,
}

/// The largest photo a claim takes: 5 MiB.
pub const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// The most photos one claim takes.
pub const MAX_PHOTOS: usize = 3;
/// The longest side of a photo the server decodes, in pixels.
pub const MAX_PHOTO_SIDE: u32 = 4096;
/// The most megapixels of a photo the server decodes.
pub const MAX_PHOTO_MEGAPIXELS: u32 = 16;
/// The most pixels of a photo the server decodes (64 MB as RGBA).
pub const MAX_PHOTO_PIXELS: u64 = MAX_PHOTO_MEGAPIXELS as u64 * 1_000_000;
/// Why a photo past `MAX_PHOTO_SIDE` or `MAX_PHOTO_PIXELS` is refused.
pub const PHOTO_TOO_LARGE: FieldError = FieldError::PhotoTooLarge {
    max_side: MAX_PHOTO_SIDE,
    max_megapixels: MAX_PHOTO_MEGAPIXELS,
};

impl PhotoType {
    /// The `Content-Type` the photo is served with.
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// Reads a stored `content_type` back.
    pub fn from_content_type(raw: &str) -> Option<Self> {
        [Self::Jpeg, Self::Png, Self::Webp]
            .into_iter()
            .find(|t| t.content_type() == raw)
    }

    /// The type of a photo by its magic bytes, if it is a JPEG, PNG or WebP image whose header
    /// gives a size within the limits (`photo_fits`): read from the header alone, so a photo
    /// too large to decode is refused before any of its pixels are.
    pub fn of(bytes: &[u8]) -> Result<Self, FieldError> {
        let kind = match imagesize::image_type(bytes) {
            Ok(imagesize::ImageType::Jpeg) => Self::Jpeg,
            Ok(imagesize::ImageType::Png) => Self::Png,
            Ok(imagesize::ImageType::Webp) => Self::Webp,
            _ => return Err(FieldError::NotAPhoto),
        };
        let size = imagesize::blob_size(bytes).map_err(|_| FieldError::NotAPhoto)?;
        photo_fits(size.width as u64, size.height as u64)?;
        Ok(kind)
    }
}

/// Whether a photo of `width` × `height` pixels may be decoded: at least 1 pixel a side, at most
/// `MAX_PHOTO_SIDE` a side and `MAX_PHOTO_PIXELS` in all.
pub fn photo_fits(width: u64, height: u64) -> Result<(), FieldError> {
    if width == 0 || height == 0 {
        return Err(FieldError::NotAPhoto);
    }
    let side = u64::from(MAX_PHOTO_SIDE);
    if width > side || height > side || width.saturating_mul(height) > MAX_PHOTO_PIXELS {
        return Err(PHOTO_TOO_LARGE);
    }
    Ok(())
}

/// A valid claim: what the buyer says, without its photos.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewClaim {
    pub kind: ClaimKind,
    pub apples: Option<Apples>,
    pub message: Option<ClaimMessage>,
}

impl NewClaim {
    /// Parses the form's text fields together, so the buyer sees every mistake at once.
    pub fn parse(kind: &str, apples: &str, message: &str) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let kind = ClaimKind::parse(kind).map_err(|e| errors.insert("kind", e));
        let apples = Apples::parse_text(apples).map_err(|e| errors.insert("apples", e));
        let message = ClaimMessage::parse(message).map_err(|e| errors.insert("message", e));
        match (kind, apples, message) {
            (Ok(kind), Ok(apples), Ok(message)) => Ok(Self {
                kind,
                apples,
                message,
            }),
            _ => Err(errors),
        }
    }
}

#[cfg(test)]
#[path = "claim_tests.rs"]
mod tests;
