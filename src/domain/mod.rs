//! Shared types and rules: money, the buyer's fields, boxes, the sale, orders and the JSON API
//! shapes. Pure (no IO, no framework): it compiles for wasm32 and native, and the order form
//! and the API call the very same parse functions.

mod api;
mod fields;
mod money;
mod order;
mod sale;
mod status;
mod stock;

pub use api::{
    AdminOrder, AdminOrderList, BoxOffer, ErrorBody, ErrorDetail, Impact, Localized, OrderCreated,
    OrderView, Producer, SaleInfo, StatusChange, StockUpdate, Storefront, StoryMedia,
};
pub use fields::{
    Address, BoxId, BuyerName, FieldError, IdempotencyKey, Note, Phone, Quantity, RefTag,
    TrackingNumber,
};
pub use money::Money;
pub use order::{FieldErrors, NewOrder, OrderRequest};
pub use sale::{families_lifted, SaleState};
pub use status::{MoveRefusal, OrderStatus, StatusMove, StatusMoveRequest};
pub use stock::Stock;
