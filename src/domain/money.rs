//! Money is integer fen everywhere (1 yuan = 100 fen); it becomes yuan only when shown.

use serde::{Deserialize, Serialize};

/// An amount in fen.
#[derive(
    Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Default, Serialize, Deserialize,
)]
#[serde(transparent)]
pub struct Money(i64);

impl Money {
    /// The highest price a box may have in the content file: ¥1,000,000. Twenty boxes, and a
    /// whole sale of `Stock::MAX` of them, stay far inside an `i64` of fen.
    pub const MAX_PRICE: Self = Self(100_000_000);

    /// An amount of fen.
    pub const fn from_fen(fen: i64) -> Self {
        Self(fen)
    }

    /// The amount in fen.
    pub const fn fen(self) -> i64 {
        self.0
    }

    /// `self` times `n`, or `None` on overflow.
    pub fn times(self, n: u32) -> Option<Self> {
        self.0.checked_mul(i64::from(n)).map(Self)
    }

    /// Yuan with two decimals and no sign: `6800` → `68.00`, `-5` → `-0.05`.
    pub fn yuan_decimal(self) -> String {
        let sign = if self.0 < 0 { "-" } else { "" };
        let abs = self.0.unsigned_abs();
        format!("{sign}{}.{:02}", abs / 100, abs % 100)
    }

    /// The price as a buyer reads it: `¥68.00`.
    pub fn display_yuan(self) -> String {
        format!("¥{}", self.yuan_decimal())
    }
}
