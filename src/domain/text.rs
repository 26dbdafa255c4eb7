//! The rules every free-text field shares: no control, format (Cf) or line/paragraph separator
//! character anywhere; Normalization Form C before the characters are counted (and NFC is what
//! is kept); and, for a name or an address, at least one character that shows on the page.

use super::field_error::FieldError;

/// One inclusive range of characters packed in a `u32`, its first character above its length
/// less one (at most 255): half the bytes of a pair, in the storefront's download too.
const fn range(first: u32, last: u32) -> u32 {
    first << 8 | (last - first)
}

/// The characters no text field takes, as inclusive ranges: General_Category=Cf (format
/// characters), then Zl and Zp. Written out from Unicode 17.0's `DerivedGeneralCategory.txt`
/// (Cf has been these 21 ranges since Unicode 15.0): the soft hyphen, Arabic and Syriac number
/// signs, the Mongolian vowel separator, zero-width space, non-joiner and joiner, the bidi
/// marks, embeddings, overrides and isolates, word joiner and invisible operators, the BOM,
/// interlinear annotations, Egyptian hieroglyph and shorthand format controls, musical beams
/// and the tag characters; then U+2028 LINE SEPARATOR and U+2029 PARAGRAPH SEPARATOR.
const HIDDEN: [u32; 22] = [
    range(0x00AD, 0x00AD),
    range(0x0600, 0x0605),
    range(0x061C, 0x061C),
    range(0x06DD, 0x06DD),
    range(0x070F, 0x070F),
    range(0x0890, 0x0891),
    range(0x08E2, 0x08E2),
    range(0x180E, 0x180E),
    range(0x200B, 0x200F),
    range(0x202A, 0x202E),
    range(0x2060, 0x2064),
    range(0x2066, 0x206F),
    range(0xFEFF, 0xFEFF),
    range(0xFFF9, 0xFFFB),
    range(0x110BD, 0x110BD),
    range(0x110CD, 0x110CD),
    range(0x13430, 0x1343F),
    range(0x1BCA0, 0x1BCA3),
    range(0x1D173, 0x1D17A),
    range(0xE0001, 0xE0001),
    range(0xE0020, 0xE007F),
    range(0x2028, 0x2029),
];

/// Letters and symbols that draw nothing although they are neither spaces nor marks: the
/// Hangul fillers (U+115F, U+1160, U+3164, U+FFA0) and the blank Braille pattern (U+2800).
/// A macro, so that the browser's regular expression is written from the same characters.
macro_rules! blank {
    () => {
        "\u{115F}\u{1160}\u{3164}\u{FFA0}\u{2800}"
    };
}

fn is_hidden(c: char) -> bool {
    let c = u32::from(c);
    HIDDEN.iter().any(|&r| c.wrapping_sub(r >> 8) <= r & 0xFF)
}

/// Refuses control characters (Cc) and hidden ones (Cf, Zl, Zp) anywhere in `raw`.
pub(super) fn refuse_hidden(raw: &str) -> Result<(), FieldError> {
    for c in raw.chars() {
        if c.is_control() {
            return Err(FieldError::ControlCharacter);
        }
        if is_hidden(c) {
            return Err(FieldError::InvisibleCharacter);
        }
    }
    Ok(())
}

/// Refuses hidden characters, normalizes to NFC, trims, and checks the length in characters
/// (not bytes); with `visible`, something must show once the spaces, marks and fillers are set
/// aside.
pub(super) fn bounded_text(
    raw: &str,
    min: usize,
    max: usize,
    visible: bool,
) -> Result<String, FieldError> {
    refuse_hidden(raw)?;
    let normal = platform::nfc(raw);
    let text = normal.trim();
    let count = text.chars().count();
    if count == 0 && min > 0 {
        return Err(FieldError::Required);
    }
    if visible && !platform::shows(text) {
        return Err(FieldError::NothingVisible);
    }
    if count < min {
        return Err(FieldError::TooShort { min });
    }
    if count > max {
        return Err(FieldError::TooLong { max });
    }
    Ok(text.to_owned())
}

// What needs Unicode's big tables, NFC and "which characters are combining marks", comes from
// the platform, and the choice is made here, where the module is declared, not inside the
// rules: in the browser, String.prototype.normalize and a `\p{M}` regular expression use the
// tables the browser already has, so the storefront's download carries none (the
// unicode-normalization crate's would add tens of KB to it); on the server, that crate.
#[cfg(target_arch = "wasm32")]
mod platform {
    use js_sys::{JsString, RegExp};

    /// `text` in Normalization Form C, by the browser's `String.prototype.normalize`.
    pub fn nfc(text: &str) -> String {
        JsString::from(text).normalize("NFC").into()
    }

    /// Whether a character of `text` shows: one that is not White_Space, not a combining mark
    /// (General_Category M) and not a blank filler. `text` holds no hidden character, so JS's
    /// `\s` is White_Space here (it differs by U+0085, a control, and U+FEFF, a format one).
    pub fn shows(text: &str) -> bool {
        RegExp::new(concat!("[^\\s\\p{M}", blank!(), "]"), "u").test(text)
    }
}

#[cfg(not(target_arch = "wasm32"))]
mod platform {
    use unicode_normalization::char::is_combining_mark;
    use unicode_normalization::UnicodeNormalization;

    /// `text` in Normalization Form C.
    pub fn nfc(text: &str) -> String {
        text.nfc().collect()
    }

    /// Whether a character of `text` shows: one that is not White_Space, not a combining mark
    /// (General_Category M) and not a blank filler. `text` holds no hidden character.
    pub fn shows(text: &str) -> bool {
        text.chars()
            .any(|c| !c.is_whitespace() && !is_combining_mark(c) && !blank!().contains(c))
    }
}
