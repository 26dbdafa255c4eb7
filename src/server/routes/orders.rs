//! `POST /api/orders` (idempotent, validated, never oversold) and `GET /api/orders/{id}` (the
//! buyer's private lookup with the order's token).

use std::net::IpAddr;

use axum::extract::{Path, State};
use axum::http::header::{CACHE_CONTROL, USER_AGENT};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::admin::Counter;
use super::{Bearer, ClientIp};
use crate::domain::{
    IdempotencyKey, NewOrder, OrderCreated, OrderRequest, OrderStatus, OrderView, PaymentNext,
    RefTag, SaleState, Situation,
};
use crate::server::app_json::AppJson;
use crate::server::error::ApiError;
use crate::server::paying;
use crate::server::shops::Shop;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::store::{Placed, Placement, ProducerId};
use crate::server::time::{now_ms, rfc3339};
use crate::server::tokens;

/// Both routes answer with `Cache-Control: no-store`, errors too: a 201 carries the order's
/// secret token and a lookup the buyer's order, and neither may stay in a shared cache or the
/// browser's disk cache.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(place))
        .routes(routes!(lookup))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// The tag of every order placed at a service point's counter (with a team member's token).
pub const COUNTER: &str = "counter";

pub(super) fn idempotency_key(headers: &HeaderMap) -> Result<IdempotencyKey, ApiError> {
    let raw = headers
        .get("idempotency-key")
        .ok_or(ApiError::IdempotencyKeyRequired)?;
    let text = raw.to_str().map_err(|_| ApiError::IdempotencyKeyRequired)?;
    IdempotencyKey::parse(text).map_err(|_| ApiError::IdempotencyKeyRequired)
}

/// Places an order: idempotent by key, never oversold.
#[utoipa::path(
    post,
    path = "/orders",
    operation_id = "place_order",
    tag = "buyers",
    params(("Idempotency-Key" = String, Header, description = "1–64 of `[A-Za-z0-9_-]`, the same on every retry of one order: the same key and body answer the same order and take no more stock.")),
    request_body(content = OrderRequest, content_type = "application/json"),
    description = "A buyer's order, without a token; or, with a team member's token, an order placed at a service point's counter for a villager without a smartphone: its tag is `counter` and the per-client rate limit does not count it.",
    security((), ("team_token" = [])),
    responses((status = 201, description = "The order (or, for a retry, the same order) and its private token.", body = OrderCreated, headers(
        ("Cache-Control" = String, description = "`no-store`, errors too.")
    )))
)]
async fn place(
    State(state): State<AppState>,
    ShopScope(shop): ShopScope,
    Counter(counter): Counter,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
    body: Result<AppJson<OrderRequest>, ApiError>,
) -> Result<(StatusCode, AppJson<OrderCreated>), ApiError> {
    let placed = place_order(&state, &shop, counter.is_some(), ip, &headers, body).await;
    let outcome = match &placed {
        Ok(Placed::New(_)) => "created",
        Ok(Placed::Replayed(_)) => "replayed",
        Err(e) => e.code().as_str(),
    };
    metrics::counter!("orchard_orders_total", "outcome" => outcome).increment(1);
    let mut order = OrderCreated {
        producer: shop.slug.clone(),
        ..placed?.into_order()
    };
    // Paid online: the phone is told at once how to pay (the provider is asked now, after the
    // writer answered; the writer never waits on it).
    if let Some(payment) = &mut order.payment {
        let phone = phone(&headers, ip);
        payment.next = next_step(&state, &shop, &order.id, &phone).await?;
    }
    Ok((StatusCode::CREATED, AppJson(order)))
}

/// Where the buyer's phone is (`User-Agent`) and comes from.
fn phone(headers: &HeaderMap, ip: IpAddr) -> paying::Phone {
    let agent = headers.get(USER_AGENT).and_then(|v| v.to_str().ok());
    paying::Phone {
        situation: Situation::of_user_agent(agent.unwrap_or_default()),
        ip: ip.to_string(),
    }
}

/// The way to pay `shop`'s order `id` from `phone` while it awaits its payment.
async fn next_step(
    state: &AppState,
    shop: &Shop,
    id: &str,
    phone: &paying::Phone,
) -> Result<Option<PaymentNext>, ApiError> {
    let Some(order) = shop.store.order_state(id).await? else {
        return Ok(None);
    };
    Ok(paying::way_to_pay(&state.payments, shop, id, &order, phone).await)
}

/// The order placed (or replayed), or why not.
///
/// The rate limit comes first, before the body is read and whatever the sale's state: a client
/// over its allowance costs no parsing and no database work, so a flood before the opening is
/// refused as cheaply as one during the sale. A new key then goes straight to the writer, which
/// looks the key up inside its transaction: there is no read before it on the hot path. Only a
/// request about to be refused for the sale's times first checks whether its key already placed
/// an order, so that a retry of a placed order is answered, not refused. A request shed with 503
/// is refused at once, replay or not: under overload the server does no database work for it,
/// and the retry comes later.
async fn place_order(
    state: &AppState,
    shop: &Shop,
    at_the_counter: bool,
    ip: IpAddr,
    headers: &HeaderMap,
    body: Result<AppJson<OrderRequest>, ApiError>,
) -> Result<Placed, ApiError> {
    // A service point places many orders from one address, each for another villager.
    if !at_the_counter {
        state.limits.rate(ip)?;
    }
    let key = idempotency_key(headers)?;
    let AppJson(request) = body?;
    let content = shop.content.get();
    let accepted = &content.payment.methods;
    let mut order = NewOrder::parse_with(&request, |id| content.find_box(id).is_some(), accepted)
        .map_err(ApiError::invalid)?;
    if at_the_counter {
        order.ref_tag =
            RefTag::parse(COUNTER).map_err(|why| ApiError::internal(why.to_string()))?;
    }
    let fingerprint = tokens::hash_hex(&order.fingerprint());
    let order_payment = order.payment;

    let _claim = state.limits.claim(shop.id, key.as_str())?;
    let replay_or = |refusal: ApiError| async {
        match shop.store.find_key(key.as_str()).await? {
            Some(earlier) => Ok(Placed::Replayed(earlier.replay(&fingerprint)?)),
            None => Err(refusal),
        }
    };
    let now = now_ms();
    match SaleState::at(now, content.opens_ms, content.closes_ms, 1) {
        SaleState::Upcoming => {
            return replay_or(ApiError::SaleNotOpen {
                opens_at: rfc3339(content.opens_ms),
            })
            .await
        }
        SaleState::Closed => return replay_or(ApiError::SaleClosed).await,
        SaleState::Open | SaleState::SoldOut => {}
    }
    let spec = content.find_box(&order.box_id).ok_or(ApiError::NotFound)?;
    let total = spec
        .price
        .times(order.quantity.get())
        .ok_or_else(|| ApiError::internal("total overflows"))?;
    let _permit = state.limits.pending(shop.id).await?;
    let placement = Placement {
        order,
        key: key.to_string(),
        fingerprint: fingerprint.clone(),
        weight_kg: spec.weight_kg,
        total_fen: total.fen(),
        max_boxes_per_phone: content.max_boxes_per_phone,
        hold: paying::hold(&content.payment, order_payment),
    };
    Ok(shop.writer.place(placement).await?)
}

/// Refuses (404, as an unknown id) a `token` that does not open order `id`: the lookup and a
/// claim. The token is checked against the order's hash before anything else is read, and an
/// unknown id is compared against a hash too: a wrong token and an unknown id make the same
/// one-row read and the same comparison, so timing does not tell ids apart. The order is found
/// whichever producer of the market it belongs to; answers that producer.
pub(super) async fn open_order(
    state: &AppState,
    id: &str,
    token: Option<String>,
) -> Result<ProducerId, ApiError> {
    let presented = token.unwrap_or_default();
    let found = state.shops.default_shop().store.token_hash(id).await?;
    let hash = found.as_ref().map(|(hash, _)| hash.as_slice());
    let opens = tokens::matches_hash(&presented, hash.unwrap_or(&[0u8; 32]));
    match found {
        Some((_, producer)) if opens => Ok(producer),
        _ => Err(ApiError::NotFound),
    }
}

/// The buyer's private lookup, with the order's token (`open_order`).
#[utoipa::path(
    get,
    path = "/orders/{id}",
    operation_id = "order_lookup",
    tag = "buyers",
    params(("id" = String, Path, description = "The order's id.")),
    security(("order_token" = [])),
    responses((status = 200, description = "The order with its status history; a wrong token answers 404 as an unknown id does.", body = OrderView, headers(
        ("Cache-Control" = String, description = "`no-store`, errors too.")
    )))
)]
async fn lookup(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Bearer(token): Bearer,
    ClientIp(ip): ClientIp,
    headers: HeaderMap,
) -> Result<AppJson<OrderView>, ApiError> {
    let producer = open_order(&state, &id, token).await?;
    let shop = state.shops.by_id(producer);
    let store = &state.shops.default_shop().store;
    let mut view = store.order(&id).await?.ok_or(ApiError::NotFound)?;
    // Never trusting the phone's own return: a payment still pending is asked of its provider
    // (paid, it is written; past its window, closed), and the way to pay it is given again.
    if let (Some(shop), OrderStatus::AwaitingPayment) = (shop, view.status) {
        if paying::settle(&state.payments, &shop, &id).await? {
            view = store.order(&id).await?.ok_or(ApiError::NotFound)?;
        }
        if let Some(payment) = &mut view.payment {
            payment.next = next_step(&state, &shop, &id, &phone(&headers, ip)).await?;
        }
    }
    Ok(AppJson(view))
}
