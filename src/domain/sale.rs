//! The sale's state at a moment, and the impact arithmetic. Times are Unix milliseconds here;
//! the edges (server, client) turn them into RFC 3339 text and back.

use serde::{Deserialize, Serialize};

/// Where the sale stands.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SaleState {
    /// Before `opens_at`: orders are refused with `sale_not_open`.
    Upcoming,
    /// Orders are taken.
    Open,
    /// Every box is gone.
    SoldOut,
    /// After `closes_at`: orders are refused with `sale_closed`.
    Closed,
}

impl SaleState {
    /// The state at `now_ms` for the sale's times and the boxes still available.
    pub fn at(now_ms: i64, opens_ms: i64, closes_ms: Option<i64>, boxes_left: u64) -> Self {
        if now_ms < opens_ms {
            Self::Upcoming
        } else if closes_ms.is_some_and(|c| now_ms >= c) {
            Self::Closed
        } else if boxes_left == 0 {
            Self::SoldOut
        } else {
            Self::Open
        }
    }

    /// The state as the API writes it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Upcoming => "upcoming",
            Self::Open => "open",
            Self::SoldOut => "sold_out",
            Self::Closed => "closed",
        }
    }

    /// The state `as_str` wrote, if it is one.
    pub fn parse(name: &str) -> Option<Self> {
        [Self::Upcoming, Self::Open, Self::SoldOut, Self::Closed]
            .into_iter()
            .find(|s| s.as_str() == name)
    }
}

/// Families lifted out of poverty: one per `kg_per_family` kilograms sold, rounded down.
pub fn families_lifted(kg_sold: u64, kg_per_family: u64) -> u64 {
    kg_sold.checked_div(kg_per_family).unwrap_or(0)
}

impl<'de> Deserialize<'de> for SaleState {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::by_name::by_name(d, "a sale state", Self::parse)
    }
}
