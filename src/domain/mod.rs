//! Shared types and rules: money, the buyer's fields, boxes, the sale, orders and the JSON API
//! shapes. Pure (no IO, no framework): it compiles for wasm32 and native, and the order form
//! and the API call the very same parse functions.

mod api;
mod by_name;
mod claim;
mod claim_outcome;
mod claim_view;
mod error_code;
mod field_error;
mod fields;
mod gift;
mod market;
mod market_summary;
mod money;
mod order;
mod payment;
mod payment_view;
mod producer_content;
mod producer_form;
mod producer_parts;
mod producer_patch;
mod rfc3339;
mod sale;
mod shortfall;
mod status;
mod stock;
mod team;
mod team_writes;
mod text;
mod tracking_upload;
mod words;

pub use api::{
    AdminOrder, AdminOrderList, BoxOffer, ErrorBody, ErrorDetail, Impact, Localized, OrderCreated,
    OrderView, Producer, SaleInfo, StatusChange, StockUpdate, Storefront, StoryMedia,
};
pub use claim::{
    may_claim, photo_fits, Apples, ClaimKind, ClaimMessage, ClaimRefusal, NewClaim, PhotoType,
    CLAIM_WINDOW_MS, MAX_OPEN_CLAIMS, MAX_PHOTOS, MAX_PHOTO_BYTES, MAX_PHOTO_MEGAPIXELS,
    MAX_PHOTO_PIXELS, MAX_PHOTO_SIDE, PHOTO_TOO_LARGE,
};
pub use claim_outcome::{
    refund_room, yuan_to_fen, ClaimListParams, ClaimListQuery, ClaimStatus, OutcomeKind,
    Resolution, ResolveRequest,
};
pub use claim_view::{AdminClaim, AdminClaimList, ClaimCreated, ClaimView};
pub use error_code::ErrorCode;
pub use field_error::{FieldError, FieldErrors};
pub use fields::{
    Address, BoxId, BuyerName, GiftMessage, IdempotencyKey, Note, Phone, Quantity, RefTag, Slug,
    TrackingNumber,
};
pub use gift::{GiftRecipient, Recipient};
pub use market::{MarketImpact, MarketProducer, MarketView};
pub use market_summary::{MarketSummary, MarketTotals, ProducerSummary};
pub use money::Money;
pub use order::{NewOrder, OrderRequest};
pub use payment::{PaymentMethod, PaymentTerms, DEFAULT_WINDOW_MINUTES, MAX_WINDOW_MINUTES};
pub use payment_view::{
    is_oauth_state, JsapiParams, PaymentNext, PaymentStatus, PaymentView, RefundStatus, RefundView,
    Situation,
};
pub use producer_content::{ContentLimits, ProducerContent};
pub use producer_form::{
    BoxForm, LimitsForm, NewBoxSpec, NewProducer, NewProducerRequest, ProducerCreated, SaleDates,
    SaleForm,
};
pub use producer_parts::{
    greeting_text, name_text, paragraph_text, place_text, site_path, PathErrors, Story, MAX_BOX_KG,
    MAX_BOX_KINDS, MAX_LIMIT_PER_PHONE, MAX_PARAGRAPHS,
};
pub use producer_patch::{
    BoxChange, BoxPatchForm, ContentPatch, ContentPatchRequest, MediaPatchForm, PictureStored,
    SalePatchForm,
};
pub use rfc3339::parse_rfc3339_ms;
pub use sale::{families_lifted, SaleState};
pub use shortfall::{
    CancelReason, Shortfall, ShortfallRequest, ShortfallResult, MAX_SHORTFALL_ORDERS,
};
pub use status::{MoveRefusal, OrderStatus, StatusMove, StatusMoveRequest};
pub use stock::Stock;
pub use team::{
    BoxTally, Cursor, OrderFilter, OrderListParams, OrderListQuery, PickBox, Picklist, Search,
    StatusCounts, Summary,
};
pub use team_writes::{
    BulkMove, BulkMoveRequest, BulkMoveResult, BulkStep, MemberInfo, OrderId, Role, WriteRefusal,
    BULK_IDS_RANGE, MAX_BULK_IDS, NOT_AN_ORDER_ID,
};
pub use tracking_upload::{courier_number, TrackingLine, TrackingUploadResult, TRACKING_HEADER};
pub use words::{fill, placeholders, Lang, Message, Plural};
