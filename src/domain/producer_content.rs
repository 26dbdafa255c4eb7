//! `GET /api/producers/{slug}/admin/content`: what the team's edit form opens with. The public
//! storefront says what buyers see; this answer adds what only the team edits (the limit per
//! buyer), so a form opened from it shows every field as the producer's content has it.

use serde::{Deserialize, Serialize};

use super::api::Storefront;

/// The producer's editable content: its storefront as buyers get it, and its limits.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct ProducerContent {
    /// As `GET /api/producers/{slug}/storefront` answers it.
    pub storefront: Storefront,
    pub limits: ContentLimits,
}

/// `[limits]` of the producer's content, as `PUT …/admin/content` takes them.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
pub struct ContentLimits {
    /// The most boxes one buyer's phone may have over its orders not cancelled; `null` for no
    /// limit.
    pub max_boxes_per_phone: Option<u32>,
}
