//! `POST /api/orders/{id}/claims`: a buyer reports a problem with an order (bruised or rotten
//! fruit, a missing or wrong box) with up to three photos, with the order's token; the same
//! `Idempotency-Key` answers the same claim. The claim is durable once answered: the writer
//! commits it before the 201.
//!
//! A body is up to 15 MB, so nothing of it is read until the claim may be written: the token,
//! the key, then whether the order takes a claim now (one read: 409 `claim_not_allowed` at once,
//! but never for a retry of a claim the key filed), then a turn to send it (`claim_gate`: 429 or
//! 503 with `Retry-After` after a short wait). The turn is held until the claim is written. A
//! refusal leaves the body unread: the connection reads the rest away and closes after the
//! answer (`server::linger`), so the client or a proxy reads the refusal, not a reset.

use axum::extract::multipart::MultipartRejection;
use axum::extract::{DefaultBodyLimit, Multipart, Path, State};
use axum::http::header::CACHE_CONTROL;
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use tower_http::set_header::SetResponseHeaderLayer;
use utoipa_axum::router::{OpenApiRouter, UtoipaMethodRouterExt};
use utoipa_axum::routes;

use super::claim_form::{self, ClaimForm};
use super::orders::{idempotency_key, open_order};
use super::{Bearer, ClientIp};
use crate::domain::{ClaimCreated, ClaimKind};
use crate::server::app_json::AppJson;
use crate::server::body_deadline::longer_bodies;
use crate::server::error::{ApiError, MAX_CLAIM_BODY_BYTES};
use crate::server::state::AppState;
use crate::server::store::ClaimFiling;
use crate::server::tokens;

/// How many body deadlines a claim's body gets: up to three photos, not a 16 KiB JSON body, over
/// a phone's weak uplink (a few hundred KB a photo once shrunk on the phone).
const CLAIM_BODY_DEADLINES: u32 = 12;

/// The claim route, with a body limit of its own (three photos at their largest) and
/// `CLAIM_BODY_DEADLINES` times the time any other body has to arrive, answering
/// `Cache-Control: no-store` as the order's other routes do.
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new()
        .routes(routes!(file).layer(DefaultBodyLimit::max(MAX_CLAIM_BODY_BYTES)))
        .route_layer(axum::middleware::from_fn(
            longer_bodies::<CLAIM_BODY_DEADLINES>,
        ))
        .layer(SetResponseHeaderLayer::overriding(
            CACHE_CONTROL,
            HeaderValue::from_static("no-store"),
        ))
}

/// The form of a claim, as the document describes it.
#[derive(utoipa::ToSchema)]
#[allow(dead_code)]
struct ClaimUpload {
    /// What went wrong.
    kind: ClaimKind,
    /// How many apples (1–1000), if the buyer counts them.
    #[schema(minimum = 1, maximum = 1000)]
    apples: Option<u32>,
    /// What happened, at most 500 characters.
    #[schema(max_length = 500)]
    message: Option<String>,
    /// 0–3 photos, each a JPEG, PNG or WebP image of at most 5 MiB (checked by content).
    #[schema(value_type = Vec<String>, format = Binary, max_items = 3, required = false)]
    photo: Vec<Vec<u8>>,
}

/// Files a claim about an order: idempotent by key, checked by content, durable once answered,
/// its body read only once the order takes it and a turn is free.
#[utoipa::path(
    post,
    path = "/orders/{id}/claims",
    operation_id = "file_claim",
    tag = "buyers",
    params(
        ("id" = String, Path, description = "The order's id."),
        ("Idempotency-Key" = String, Header, description = "1–64 of `[A-Za-z0-9_-]`, the same on every retry of one claim: the same key answers the same claim and writes nothing.")
    ),
    security(("order_token" = [])),
    request_body(content = ClaimUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "The claim (or, for a retry, the same claim), open.", body = ClaimCreated, headers(
        ("Cache-Control" = String, description = "`no-store`, errors too.")
    )))
)]
async fn file(
    State(state): State<AppState>,
    Path(id): Path<String>,
    ClientIp(ip): ClientIp,
    Bearer(token): Bearer,
    headers: HeaderMap,
    multipart: Result<Multipart, MultipartRejection>,
) -> Result<(StatusCode, AppJson<ClaimCreated>), ApiError> {
    open_order(&state, &id, token).await?;
    let key = idempotency_key(&headers)?;
    let key_hash = tokens::key_hash(key.as_str());
    let shop = state.shops.default_shop();
    shop.store.claim_allowed(&id, &key_hash).await?;
    let _turn = state.claim_gate.admit(ip).await?;
    let ClaimForm { claim, photos } = claim_form::read(&headers, multipart).await?;
    let filing = ClaimFiling {
        order_id: id,
        key_hash,
        fingerprint: ClaimFiling::fingerprint(&claim, &photos),
        claim,
        photos,
    };
    let created = shop.writer.file_claim(filing).await?;
    Ok((StatusCode::CREATED, AppJson(created)))
}
