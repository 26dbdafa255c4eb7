//! `GET /api/openapi.json`: the API described for the programs that talk to a shop (a courier's
//! system, the county's e-commerce service point, a buyer's mini-program). The document is made
//! from the code: each route is registered through `utoipa_axum::routes!` from its handler's
//! `#[utoipa::path]`, so a route cannot exist without its description; the bodies' schemas are
//! derived from the domain's types; the refusals of each operation are the `ApiError`s it can
//! answer (`errors.rs`), with their status and code taken from `ApiError` itself.

mod errors;
mod kinds;
mod scoped;

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::response::{IntoResponse, Response};
use axum::Extension;
use bytes::Bytes;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::openapi::OpenApi;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::error::JSON_UTF8;
use super::state::AppState;

/// The security scheme of the team's routes: a member's token (the owner's is
/// `ORCHARD_ADMIN_TOKEN`).
pub const TEAM_TOKEN: &str = "team_token";
/// The security scheme of a buyer's order lookup: the token the order's 201 answered.
pub const ORDER_TOKEN: &str = "order_token";

/// What the document says of the shop as a whole.
#[derive(utoipa::OpenApi)]
#[openapi(
    info(
        title = "Orchard",
        description = "A storefront that takes one producer's harvest straight to buyers' \
            phones: the sale and its boxes, orders (idempotent, never oversold), the buyer's \
            private lookup, and the producer's team (orders by page, moves one or many, courier \
            numbers, labels, pick list, stock). Every refusal has the shape \
            `{\"error\": {\"code\", \"message\", \"fields\"?}}`; money is integer fen; times \
            are RFC 3339 in UTC.",
        license(name = "MIT OR Apache-2.0")
    ),
    components(schemas(crate::domain::ErrorBody, crate::domain::ErrorDetail)),
    tags(
        (name = "buyers", description = "The storefront and orders: no account, a token per order."),
        (name = "team", description = "The producer's team: a member's bearer token."),
        (name = "operations", description = "Health and this document."),
        (name = "providers", description = "WeChat Pay's and Alipay's notifications and WeChat's OAuth callback: the payment providers' doors, verified before they are believed.")
    )
)]
struct Base;

/// The document of `router` (whose paths start at the server's root), finished: the security
/// schemes and every operation's refusals. It panics when an operation has no entry in
/// `errors::refusals`: the test of the document starts the router, so a route added without
/// saying how it refuses cannot land.
pub fn finish(routes: OpenApi) -> Document {
    let mut doc = <Base as utoipa::OpenApi>::openapi();
    doc.merge(routes);
    let components = doc.components.get_or_insert_with(Default::default);
    for name in [TEAM_TOKEN, ORDER_TOKEN] {
        components.add_security_scheme(
            name,
            SecurityScheme::Http(HttpBuilder::new().scheme(HttpAuthScheme::Bearer).build()),
        );
    }
    let mut json = serde_json::to_value(&doc).expect("an OpenAPI document is JSON");
    errors::describe(&mut json);
    link_placed_orders(&mut json);
    scoped::add_producer_copies(&mut json);
    Document(Bytes::from(
        serde_json::to_vec(&json).expect("an OpenAPI document is JSON"),
    ))
}

/// A placed order's id leads to the operations on one order: its lookup (with the order's token,
/// which a generic client does not have: then 404, as for any wrong token) and the team's move.
/// Tools that walk the document's links (Schemathesis's stateful phase) follow them.
fn link_placed_orders(doc: &mut serde_json::Value) {
    let Some(created) = doc.pointer_mut("/paths/~1api~1orders/post/responses/201") else {
        return;
    };
    let by_id = |operation: &str| {
        serde_json::json!({
            "operationId": operation,
            "parameters": {"id": "$response.body#/id"}
        })
    };
    created["links"] = serde_json::json!({
        "LookUpTheOrder": by_id("order_lookup"),
        "MoveTheOrder": by_id("team_move"),
    });
}

/// The finished document, rendered once.
#[derive(Clone)]
pub struct Document(Bytes);

/// `/openapi.json`, to be nested under `/api`; the router that serves it needs the `Document`
/// as an extension (it describes this route too, so it is made after the routes).
pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(openapi))
}

/// The OpenAPI 3.1 document of this API.
#[utoipa::path(
    get,
    path = "/openapi.json",
    operation_id = "openapi",
    tag = "operations",
    responses((status = 200, description = "This document (OpenAPI 3.1).", content_type = "application/json"))
)]
async fn openapi(Extension(Document(body)): Extension<Document>) -> Response {
    (
        [
            (CONTENT_TYPE, JSON_UTF8),
            (CACHE_CONTROL, "public, max-age=300"),
        ],
        body,
    )
        .into_response()
}
