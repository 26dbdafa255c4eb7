//! The team's writes in bulk and who makes them: an order's id (`OrderId`), a bulk status move
//! (`BulkMove`, parsed from `BulkMoveRequest`) and its answer (`BulkMoveResult`), why one order
//! or line of a bulk write was not applied (`WriteRefusal`), and a member's `Role`. The courier's
//! CSV is in `tracking_upload`. The server and the team's page call the same parse functions.

use std::collections::{BTreeMap, HashSet};
use std::fmt;

use serde::{Deserialize, Serialize};

use super::error_code::ErrorCode;
use super::field_error::{FieldError, FieldErrors};
use super::status::{MoveRefusal, OrderStatus};

/// The most orders one bulk move may name.
pub const MAX_BULK_IDS: usize = 10_000;

/// Why text is not an order id.
pub const NOT_AN_ORDER_ID: FieldError = FieldError::InvalidCharacters {
    allowed: "order ids of 12 letters and digits (no I, L, O or U), such as 7KQ2M9XD4PRA",
};

/// Why a bulk move names too few or too many orders.
pub const BULK_IDS_RANGE: FieldError = FieldError::OutOfRange {
    min: 1,
    max: MAX_BULK_IDS as i64,
};

/// An order's id as the server makes it: 12 symbols of Crockford's base32 (`0-9`, `A-Z` without
/// I, L, O, U). Lower case is read as upper case, as Crockford's alphabet says.
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct OrderId(String);

impl OrderId {
    /// How many symbols an order id has.
    pub const LEN: usize = 12;

    /// Parses an order id as typed, scanned or sent.
    pub fn parse(raw: &str) -> Result<Self, FieldError> {
        let id = raw.to_ascii_uppercase();
        let symbol =
            |b: u8| b.is_ascii_digit() || (b.is_ascii_uppercase() && !b"ILOU".contains(&b));
        if id.len() == Self::LEN && id.bytes().all(symbol) {
            Ok(Self(id))
        } else {
            Err(NOT_AN_ORDER_ID)
        }
    }

    /// The id as text.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for OrderId {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

/// Why one order of a bulk write, or one line of an upload, was not applied.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum WriteRefusal {
    /// The line is not `order_id,tracking_number` with a valid id and number.
    Invalid,
    /// No order has this id.
    NotFound,
    /// The order is not where the helper said (someone moved it, or it is not packed yet, or it
    /// was shipped with another number).
    StatusConflict,
    /// The journey does not go from the order's status to the one asked.
    InvalidTransition,
}

impl WriteRefusal {
    /// The code the API answers for it.
    pub fn code(self) -> ErrorCode {
        match self {
            Self::Invalid => ErrorCode::Invalid,
            Self::NotFound => ErrorCode::NotFound,
            Self::StatusConflict => ErrorCode::StatusConflict,
            Self::InvalidTransition => ErrorCode::InvalidTransition,
        }
    }
}

impl From<MoveRefusal> for WriteRefusal {
    fn from(why: MoveRefusal) -> Self {
        match why {
            MoveRefusal::Moved => Self::StatusConflict,
            MoveRefusal::NotAllowed => Self::InvalidTransition,
        }
    }
}

/// The body of `POST /api/admin/orders/status` as it arrives.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({"ids": ["K7Q2M9XD4PRA"], "from": "received", "status": "packed"})))]
pub struct BulkMoveRequest {
    /// The orders to move (1–10,000).
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(min_items = 1, max_items = 10_000))]
    pub ids: Vec<String>,
    /// The status the helper saw them in: an order moves only if it is still there.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = OrderStatus))]
    pub from: String,
    /// Where they go.
    #[serde(default)]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = OrderStatus))]
    pub status: String,
}

/// A valid bulk move, before it meets the orders.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BulkMove {
    /// The orders, each once, in the order first named.
    pub ids: Vec<OrderId>,
    /// The status the helper saw them in.
    pub from: OrderStatus,
    /// Where they go (never `received`).
    pub to: OrderStatus,
}

/// What a bulk move does to one order that exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum BulkStep {
    /// It is in `from`: move it.
    Move,
    /// It is already in `to` (an earlier try moved it): count it as moved, write nothing.
    AlreadyThere,
}

impl BulkMove {
    /// Parses every field at once: 1–10,000 well-formed ids (duplicates collapsed), a known
    /// `from`, and a `status` the team can move an order to.
    pub fn parse(req: &BulkMoveRequest) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let ids = parse_ids(&req.ids)
            .map_err(|e| errors.insert("ids", e))
            .ok();
        let from = OrderStatus::parse(&req.from);
        if from.is_none() {
            errors.insert("from", FieldError::UnknownStatus);
        }
        let to = OrderStatus::parse(&req.status).filter(|s| *s != OrderStatus::Received);
        if to.is_none() {
            errors.insert("status", FieldError::NotAMove);
        }
        match (ids, from, to) {
            (Some(ids), Some(from), Some(to)) if errors.is_empty() => Ok(Self { ids, from, to }),
            _ => Err(errors),
        }
    }

    /// What this move does to an order now in `now`: moves it if it is still in `from` and the
    /// journey goes on to `to`; counts it if it is already in `to` (so a retry answers the
    /// same); else refuses it as the single move would (`OrderStatus::check_move`).
    pub fn step(&self, now: OrderStatus) -> Result<BulkStep, WriteRefusal> {
        if now == self.to && now != self.from && self.from.can_move_to(self.to) {
            return Ok(BulkStep::AlreadyThere);
        }
        now.check_move(self.to, Some(self.from))?;
        Ok(BulkStep::Move)
    }
}

/// 1–`MAX_BULK_IDS` well-formed order ids, each once in the order first named.
pub(super) fn parse_ids(raw: &[String]) -> Result<Vec<OrderId>, FieldError> {
    if raw.is_empty() {
        return Err(BULK_IDS_RANGE);
    }
    let mut seen = HashSet::with_capacity(raw.len().min(MAX_BULK_IDS));
    let mut ids = Vec::with_capacity(raw.len().min(MAX_BULK_IDS));
    for id in raw {
        let id = OrderId::parse(id)?;
        if seen.insert(id.clone()) {
            ids.push(id);
        }
    }
    if ids.len() > MAX_BULK_IDS {
        return Err(BULK_IDS_RANGE);
    }
    Ok(ids)
}

/// `200` to `POST /api/admin/orders/status`.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct BulkMoveResult {
    /// The orders now in the status asked, in the order they were named.
    pub moved: Vec<String>,
    /// Order id → why it did not move (`WriteRefusal::code`).
    pub refused: BTreeMap<String, ErrorCode>,
}

/// What a team member may do.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum Role {
    /// Everything for one producer.
    Owner,
    /// Reads the orders, labels and pick list, moves orders forward, uploads courier numbers.
    Packer,
    /// Everything for every producer of the market: the service point, and the admin token.
    Operator,
}

impl Role {
    /// Whether this role may move orders to `to`: a packer never cancels.
    pub fn may_move_to(self, to: OrderStatus) -> bool {
        self.may_manage() || to != OrderStatus::Cancelled
    }

    /// Whether this role may do what only a producer's owner may (stock, claims, a short
    /// harvest, the producer's texts): an owner, or the market's operator.
    pub fn may_manage(self) -> bool {
        matches!(self, Self::Owner | Self::Operator)
    }
}

/// `GET /api/admin/me`: who the token belongs to, so the team's page hides what the role
/// cannot do.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberInfo {
    /// The member's name (`owner` for the admin token).
    pub name: String,
    /// What they may do.
    pub role: Role,
    /// The producer they belong to (its slug); none for an operator, who serves the whole
    /// market.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub producer: Option<String>,
}
