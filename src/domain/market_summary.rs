//! `GET /api/admin/market`: the market's numbers for its operator, each producer's summary and
//! the totals across them.

use serde::{Deserialize, Serialize};

use super::team::Summary;

/// One producer's summary, by slug.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProducerSummary {
    pub slug: String,
    pub summary: Summary,
}

/// The market's totals: orders not cancelled, kilograms, fen and families lifted (each
/// producer's by its own rule, added up).
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketTotals {
    pub orders: u64,
    pub kg_sold: u64,
    pub revenue_fen: i64,
    pub families_lifted: u64,
}

/// The answer: every producer's summary, in the market's order, and the totals.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MarketSummary {
    pub producers: Vec<ProducerSummary>,
    pub totals: MarketTotals,
}

impl MarketSummary {
    /// The market's numbers from its producers' summaries.
    pub fn of(producers: Vec<ProducerSummary>) -> Self {
        let totals = producers
            .iter()
            .fold(MarketTotals::default(), |t, p| MarketTotals {
                orders: t.orders + p.summary.orders,
                kg_sold: t.kg_sold + p.summary.kg_sold,
                revenue_fen: t.revenue_fen + p.summary.revenue_fen,
                families_lifted: t.families_lifted + p.summary.families_lifted,
            });
        Self { producers, totals }
    }
}
