//! `GET /api/storefront`: the story, the sale, the boxes left and the impact, from the
//! in-memory snapshot the writer keeps current, rendered once and shared (see
//! `storefront_cache`), with a weak ETag so a returning client or a CDN revalidates with a 304.

use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE, ETAG, IF_NONE_MATCH};
use axum::http::{HeaderMap, HeaderValue, StatusCode};
use axum::response::{IntoResponse, Response};
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use crate::domain::Storefront;
use crate::server::error::JSON_UTF8;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::storefront_cache::none_match;
use crate::server::time::now_ms;

/// Two seconds: long enough for a CDN or a proxy to answer a crowd that arrives from one shared
/// link (thousands of requests a second become one per edge every two seconds), short enough
/// that the boxes left are never more than a couple of seconds old. The boxes left are a hint
/// anyway: the order answer (201 or 409 with `available`) is the truth.
const STOREFRONT_CACHE_CONTROL: HeaderValue = HeaderValue::from_static("public, max-age=2");

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(storefront))
}

/// The story, the sale, the boxes left and the impact.
#[utoipa::path(
    get,
    path = "/storefront",
    operation_id = "storefront",
    tag = "buyers",
    params(("If-None-Match" = Option<String>, Header, description = "The `ETag` of an earlier answer: 304 if nothing changed.")),
    responses(
        (status = 200, description = "The storefront; the boxes left are a hint, the order's answer is the truth.", body = Storefront, headers(
            ("ETag" = String, description = "A weak tag of this answer."),
            ("Cache-Control" = String, description = "`public, max-age=2`.")
        )),
        (status = 304, description = "Unchanged since the `If-None-Match` tag.", headers(
            ("ETag" = String, description = "The same tag."),
            ("Cache-Control" = String, description = "`public, max-age=2`.")
        ))
    )
)]
async fn storefront(ShopScope(shop): ShopScope, headers: HeaderMap) -> Response {
    let now = now_ms();
    let asked = headers
        .get(IF_NONE_MATCH)
        .and_then(|v| v.to_str().ok())
        .map(str::to_owned);
    let cache = &shop.storefront;
    if let Some(asked) = &asked {
        let current = cache.get(&shop.snapshot, shop.content.revision(), now, false);
        if none_match(asked, current.etag.to_str().unwrap_or_default()) {
            return (
                StatusCode::NOT_MODIFIED,
                [
                    (ETAG, current.etag.clone()),
                    (CACHE_CONTROL, STOREFRONT_CACHE_CONTROL),
                ],
            )
                .into_response();
        }
    }
    let current = cache.get(&shop.snapshot, shop.content.revision(), now, true);
    (
        [
            (CONTENT_TYPE, HeaderValue::from_static(JSON_UTF8)),
            (ETAG, current.etag.clone()),
            (CACHE_CONTROL, STOREFRONT_CACHE_CONTROL),
        ],
        current.body.clone(),
    )
        .into_response()
}
