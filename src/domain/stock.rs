//! The boxes left of one kind: a whole number from 0 to `Stock::MAX`, the same rule for the
//! team's stock field, the admin API and the content file.

use serde_json::Value;

use super::field_error::FieldError;

/// Boxes left of one kind, at most a million: far above any harvest, and far below where
/// arithmetic on it could overflow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Stock(u32);

impl Stock {
    /// The most boxes of one kind a shop may hold; the databases' CHECKs say the same.
    pub const MAX: u32 = 1_000_000;

    /// Parses a whole number of boxes.
    pub fn parse(n: u64) -> Result<Self, FieldError> {
        u32::try_from(n)
            .ok()
            .filter(|n| *n <= Self::MAX)
            .map(Self)
            .ok_or(Self::out_of_range())
    }

    /// Parses the `stock` of a JSON body: a whole number, not text nor a fraction.
    pub fn parse_json(value: &Value) -> Result<Self, FieldError> {
        match value {
            Value::Null => Err(FieldError::Required),
            Value::Number(n) => match (n.as_u64(), n.as_i64()) {
                (Some(n), _) => Self::parse(n),
                (None, Some(_)) => Err(Self::out_of_range()),
                (None, None) => Err(FieldError::NotAWholeNumber),
            },
            _ => Err(FieldError::NotAWholeNumber),
        }
    }

    /// Parses the stock as typed in the team's form.
    pub fn parse_text(raw: &str) -> Result<Self, FieldError> {
        let raw = raw.trim();
        if raw.is_empty() {
            return Err(FieldError::Required);
        }
        let digits = raw.strip_prefix('-').unwrap_or(raw);
        if digits.is_empty() || !digits.bytes().all(|b| b.is_ascii_digit()) {
            return Err(FieldError::NotAWholeNumber);
        }
        if digits.len() < raw.len() {
            return Err(Self::out_of_range());
        }
        Self::parse(digits.parse().unwrap_or(u64::MAX))
    }

    /// The number of boxes.
    pub fn get(self) -> u32 {
        self.0
    }

    /// `self + more`, held at `MAX` (cancelled orders giving boxes back to a full shelf).
    pub fn plus(self, more: u32) -> Self {
        Self(self.0.saturating_add(more).min(Self::MAX))
    }

    fn out_of_range() -> FieldError {
        FieldError::OutOfRange {
            min: 0,
            max: i64::from(Self::MAX),
        }
    }
}
