//! Where an order is on its way to the buyer, and how the team moves it: the statuses, the
//! journey's rule (`can_move_to`, `check_move`), and a status move as it arrives and parsed.

use serde::{Deserialize, Serialize};

use super::field_error::{FieldError, FieldErrors};
use super::fields::TrackingNumber;

/// Where an order is on its way to the buyer.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Placed to be paid online: its boxes are held for the payment window; paid, it is
    /// `received`; not paid in time, `cancelled` (`unpaid`). The team does not move it.
    AwaitingPayment,
    /// Taken (paid, or to be paid on delivery); nothing done yet.
    Received,
    /// In its box, waiting for the truck.
    Packed,
    /// On the road.
    Shipped,
    /// In the buyer's hands.
    Delivered,
    /// Called off; its boxes went back on sale.
    Cancelled,
}

impl OrderStatus {
    /// Every status, in the order of the journey.
    pub const ALL: [Self; 6] = [
        Self::AwaitingPayment,
        Self::Received,
        Self::Packed,
        Self::Shipped,
        Self::Delivered,
        Self::Cancelled,
    ];

    /// The status as the API and the database write it.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::AwaitingPayment => "awaiting_payment",
            Self::Received => "received",
            Self::Packed => "packed",
            Self::Shipped => "shipped",
            Self::Delivered => "delivered",
            Self::Cancelled => "cancelled",
        }
    }

    /// Reads a status written by `as_str`.
    pub fn parse(raw: &str) -> Option<Self> {
        Self::ALL.into_iter().find(|s| s.as_str() == raw)
    }

    fn rank(self) -> Option<u8> {
        match self {
            Self::AwaitingPayment => None,
            Self::Received => Some(0),
            Self::Packed => Some(1),
            Self::Shipped => Some(2),
            Self::Delivered => Some(3),
            Self::Cancelled => None,
        }
    }

    /// Whether the team may move an order from `self` to `next`: forward along the journey,
    /// or cancelled while it has not left the village (received or packed). An order awaiting
    /// its payment is moved by its payment alone (paid, or closed unpaid), never by the team.
    pub fn can_move_to(self, next: Self) -> bool {
        if self == Self::AwaitingPayment || next == Self::AwaitingPayment {
            return false;
        }
        match (self.rank(), next.rank()) {
            (Some(from), Some(to)) => to > from,
            (Some(from), None) => from <= 1,
            (None, _) => false,
        }
    }

    /// Whether moving to this status gives the boxes back to the stock.
    pub fn returns_stock(self) -> bool {
        self == Self::Cancelled
    }

    /// The team's rule for moving an order now in `self` to `to`, asked by a helper who saw it
    /// in `seen` (if they said): refused if someone moved it since, or if the journey does not
    /// go that way. Both stores ask this, inside the transaction that then moves the order.
    pub fn check_move(self, to: Self, seen: Option<Self>) -> Result<(), MoveRefusal> {
        if seen.is_some_and(|seen| seen != self) {
            return Err(MoveRefusal::Moved);
        }
        if !self.can_move_to(to) {
            return Err(MoveRefusal::NotAllowed);
        }
        Ok(())
    }
}

/// Why the team may not move an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum MoveRefusal {
    /// Someone moved it since the helper looked: it is no longer in the status they saw.
    Moved,
    /// The journey does not go from its status to the one asked.
    NotAllowed,
}

/// A valid status move, before it meets the order: where to, what the helper saw, and the
/// courier's number.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusMove {
    /// Where the order goes (never back to `received`).
    pub to: OrderStatus,
    /// The status the helper saw: if the order has moved since, the move is refused.
    pub seen: Option<OrderStatus>,
    /// The courier's tracking number, kept with the order.
    pub tracking_number: Option<TrackingNumber>,
}

impl StatusMove {
    /// Parses every field at once, as `NewOrder::parse` does for an order.
    pub fn parse(req: &StatusMoveRequest) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let to = OrderStatus::parse(&req.status)
            .filter(|s| !matches!(s, OrderStatus::Received | OrderStatus::AwaitingPayment));
        if to.is_none() {
            errors.insert("status", FieldError::NotAMove);
        }
        let seen = req.from.as_deref().map(OrderStatus::parse);
        if seen == Some(None) {
            errors.insert("from", FieldError::UnknownStatus);
        }
        let tracking_number = match req.tracking_number.as_deref() {
            Some(raw) if !raw.trim().is_empty() => TrackingNumber::parse(raw)
                .map_err(|e| errors.insert("tracking_number", e))
                .ok(),
            _ => None,
        };
        match (to, errors.is_empty()) {
            (Some(to), true) => Ok(Self {
                to,
                seen: seen.flatten(),
                tracking_number,
            }),
            _ => Err(errors),
        }
    }
}

/// The body of `POST /api/admin/orders/{id}/status` as it arrives.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({"status": "packed", "from": "received"})))]
pub struct StatusMoveRequest {
    /// Where the order goes.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = OrderStatus))]
    pub status: String,
    /// The status the helper saw; if the order has moved since, the move is refused.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<OrderStatus>))]
    pub from: Option<String>,
    /// The courier's tracking number, shown to the buyer.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub tracking_number: Option<String>,
}

impl<'de> Deserialize<'de> for OrderStatus {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        super::by_name::by_name(d, "an order status", Self::parse)
    }
}
