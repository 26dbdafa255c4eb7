//! What a route asks the writer: one `Work` a write, each a `Job` holding the request and the
//! `Reply` its caller waits on (each kind of write answers its own type). Both backends' writers
//! take them from here and each hands the request to the function that writes it.

use super::claims::{ClaimFiling, ClaimResolving};
use super::content_writes::{ContentWrite, PictureWrite};
use super::model::{Placed, ProducerId, Reply};
use super::payments::{PaymentDone, PaymentWrite};
use super::placement::Placement;
use super::producers::{NewProducer, Registered};
use crate::domain::{
    BulkMove, BulkMoveResult, ClaimCreated, Shortfall, ShortfallResult, StatusMove, TrackingLine,
    TrackingUploadResult,
};

/// A write's request and the caller waiting for its answer.
pub struct Job<R, T> {
    /// The producer whose rows it writes (and whose storefront numbers it changes).
    pub producer: ProducerId,
    /// What to write.
    pub ask: R,
    /// Where the answer goes, after the commit.
    pub reply: Reply<T>,
}

/// One write, with the request waiting for its answer.
pub enum Work {
    /// Take the stock and write the order, or answer the key's earlier order.
    Place(Job<Placement, Placed>),
    /// Move an order along its journey.
    Move(Job<StatusWrite, ()>),
    /// Move many orders from one status to another, each only if it is still there.
    BulkMove(Job<BulkWrite, BulkMoveResult>),
    /// Ship each packed order of the courier's lines with its tracking number.
    Ship(Job<ShipWrite, TrackingUploadResult>),
    /// Cancel (or, for a dry run, name) the newest received orders of a box for a short harvest.
    Shortfall(Job<ShortfallWrite, ShortfallResult>),
    /// Set the boxes left of one kind.
    SetStock(Job<StockWrite, ()>),
    /// Write a buyer's claim and its photos, or answer the claim its key made.
    FileClaim(Job<ClaimFiling, ClaimCreated>),
    /// Resolve a claim still open.
    ResolveClaim(Job<ClaimResolving, ()>),
    /// Put a new producer and its boxes on the market.
    CreateProducer(Job<NewProducer, Registered>),
    /// Write a producer's edited content and the boxes it changes.
    EditContent(Job<ContentWrite, ()>),
    /// Keep every size of a producer's uploaded picture.
    StorePicture(Job<PictureWrite, ()>),
    /// Write what the payment port learnt of an order's payment.
    Pay(Job<PaymentWrite, PaymentDone>),
}

/// Move order `id` as `change` says.
#[derive(Debug)]
pub struct StatusWrite {
    pub id: String,
    pub change: StatusMove,
    /// The team member who moves it (`owner` for the admin token).
    pub by: String,
}

/// Move the orders of `moving`, by team member `by`.
#[derive(Debug)]
pub struct BulkWrite {
    pub moving: BulkMove,
    pub by: String,
}

/// Ship the orders of the courier's `lines`, by team member `by`.
#[derive(Debug)]
pub struct ShipWrite {
    pub lines: Vec<TrackingLine>,
    pub by: String,
}

/// A short harvest of box `box_id`, by team member `by`.
#[derive(Debug)]
pub struct ShortfallWrite {
    pub box_id: String,
    pub shortfall: Shortfall,
    pub by: String,
}

/// Box `box_id` has `stock` boxes left.
#[derive(Debug)]
pub struct StockWrite {
    pub box_id: String,
    pub stock: u32,
}
