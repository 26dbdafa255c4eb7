//! `GET /api/admin/labels?status=…` (with the list's `q` and `ref`) or `?ids=a,b,…` (at most
//! 10,000): a printable HTML page, one 100 × 150 mm label an order (`label_page`), streamed a
//! thousand orders at a time like the CSV, each thousand read in the team's read turn and sent
//! after it is given back. Labels by ids come in the order the ids were given;
//! an id that names no order has no label.

use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::IntoResponse;
use futures_util::stream::{self, StreamExt};

use super::export::{in_turn, pages, streamed, PAGE};
use super::label_page::{labels as render, HEAD, TAIL};
use super::list::Params;
use super::Member;
use crate::domain::{FieldError, FieldErrors, OrderFilter, PaymentStatus};
use crate::server::error::ApiError;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;

/// The most ids one request may name.
const MAX_IDS: usize = 10_000;

/// The labels' page.
#[utoipa::path(
    get,
    path = "/admin/labels",
    operation_id = "team_labels",
    tag = "team",
    params(crate::domain::OrderListParams),
    security(("team_token" = [])),
    responses((status = 200, description = "Printable labels, 100 mm × 150 mm, one an order: its id as text and as a QR code, the box, the recipient and the note. A `status` or `ids` is required.", content_type = "text/html", body = String))
)]
pub(super) async fn labels(
    _: Member,
    State(state): State<AppState>,
    ShopScope(shop): ShopScope,
    Params(params): Params,
) -> Result<impl IntoResponse, ApiError> {
    let filter = OrderFilter::parse(&params).map_err(ApiError::invalid)?;
    let ids: Vec<String> = params
        .ids
        .as_deref()
        .unwrap_or_default()
        .split(',')
        .map(|id| id.trim().to_ascii_uppercase())
        .filter(|id| !id.is_empty())
        .collect();
    let refuse = |why| ApiError::invalid(FieldErrors::from([("ids", why)]));
    if ids.len() > MAX_IDS {
        return Err(refuse(FieldError::OutOfRange {
            min: 1,
            max: MAX_IDS as i64,
        }));
    }
    if ids.is_empty() && filter.status.is_none() {
        return Err(refuse(FieldError::Required));
    }
    let (store, limits) = (shop.store.clone(), state.limits.clone());
    let body = if ids.is_empty() {
        streamed(
            HEAD.into(),
            pages(store, limits, filter).boxed(),
            render,
            TAIL,
        )
    } else {
        let chunks: Vec<Vec<String>> = ids.chunks(PAGE as usize).map(<[_]>::to_vec).collect();
        let by_ids = stream::iter(chunks).then(move |chunk| {
            let (store, limits) = (store.clone(), limits.clone());
            async move {
                let mut found = in_turn(&limits, store.orders_by_ids(&chunk)).await?;
                // Only what is paid, or paid on delivery, is packed.
                found.retain(|o| {
                    let payment = o.order.payment.as_ref().map(|p| p.status);
                    !matches!(
                        payment,
                        Some(PaymentStatus::Pending | PaymentStatus::Closed)
                    )
                });
                let place = |id: &str| chunk.iter().position(|c| c == id);
                found.sort_by_key(|o| place(&o.order.id));
                Ok(found)
            }
        });
        streamed(HEAD.into(), by_ids.boxed(), render, TAIL)
    };
    Ok((
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        body,
    ))
}
