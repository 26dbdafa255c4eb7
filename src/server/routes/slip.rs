//! `GET /api/orders/{id}/slip`: the printable slip of an order placed at a service point's
//! counter (`pages::slip`), with the order's full tracking link as a QR code and as text. The
//! token is known only when the order is made (the server keeps its hash), so the slip is asked
//! with it, as the lookup is: a wrong token or an unknown id answer 404 alike. Rendered here
//! rather than in the team's page, so the team's bundle carries no QR encoder: the server has
//! one already, for the labels.

use std::collections::BTreeMap;

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::header::{ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_TYPE, COOKIE};
use axum::http::HeaderMap;
use axum::response::IntoResponse;
use serde::Deserialize;
use utoipa_axum::router::OpenApiRouter;
use utoipa_axum::routes;

use super::admin::qr_svg;
use super::orders::open_order;
use super::Bearer;
use crate::server::config::public_origin;
use crate::server::error::ApiError;
use crate::server::pages::{negotiate, slip as render, Lang, Slip};
use crate::server::state::AppState;

pub fn router() -> OpenApiRouter<AppState> {
    OpenApiRouter::new().routes(routes!(slip))
}

/// The slip's query: its language and the page's origin.
#[derive(Debug, Default, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SlipParams {
    /// The slip's language (`zh`, `en`, `fr`); else the `lang` cookie, then `Accept-Language`.
    pub lang: Option<String>,
    /// The origin the team's page is on (`https://apples.example`): the tracking link's, when
    /// the server has no `--public-url` (which wins when it has one).
    pub origin: Option<String>,
}

/// The origin of the tracking link: the server's public URL, else the page's `origin`; a
/// 422 naming `origin` when there is neither, or the page's is no origin.
fn link_origin(public_url: Option<&str>, asked: Option<&str>) -> Result<String, ApiError> {
    if let Some(origin) = public_url.and_then(|u| public_origin(u).ok()) {
        return Ok(origin);
    }
    asked.and_then(|o| public_origin(o).ok()).ok_or_else(|| {
        ApiError::Invalid(BTreeMap::from([(
            "origin".to_owned(),
            "Give the page's origin, a scheme and a host: https://apples.example.".to_owned(),
        )]))
    })
}

/// The slip of an order, with its token.
#[utoipa::path(
    get,
    path = "/orders/{id}/slip",
    operation_id = "order_slip",
    tag = "buyers",
    params(("id" = String, Path, description = "The order's id."), SlipParams),
    description = "The printable slip of an order placed at a service point's counter, for the villager who has no smartphone: the producer, the order, the box, the total, the villager's name and the order's tracking link (`{origin}/orders/{id}#t={token}`) as a QR code and as text. Asked with the order's token, which only its 201 answered.",
    security(("order_token" = [])),
    responses((status = 200, description = "One A6 page of HTML; a wrong token answers 404 as an unknown id does.", content_type = "text/html", body = String, headers(
        ("Cache-Control" = String, description = "`no-store`: the page carries the order's token.")
    )))
)]
async fn slip(
    State(state): State<AppState>,
    Path(id): Path<String>,
    Bearer(token): Bearer,
    query: Result<Query<SlipParams>, QueryRejection>,
    headers: HeaderMap,
) -> Result<impl IntoResponse, ApiError> {
    let producer = open_order(&state, &id, token.clone()).await?;
    let Query(params) = query.map_err(|why| ApiError::BadRequest(why.body_text()))?;
    let origin = link_origin(state.config.public_url.as_deref(), params.origin.as_deref())?;
    let header = |name| headers.get(name).and_then(|v| v.to_str().ok());
    let lang = params
        .lang
        .as_deref()
        .and_then(Lang::from_tag)
        .unwrap_or_else(|| negotiate(None, header(COOKIE), header(ACCEPT_LANGUAGE)));
    let shop = state.shops.by_id(producer);
    let order = state.shops.serving(producer).store.admin_order(&id).await?;
    let (Some(shop), Some(order)) = (shop, order) else {
        return Err(ApiError::NotFound);
    };
    let v = &order.order;
    let content = shop.content.get();
    let link = format!("{origin}/orders/{}#t={}", v.id, token.unwrap_or_default());
    let facts = Slip {
        producer: &content.producer.name,
        id: &v.id,
        box_id: &v.box_id,
        quantity: v.quantity,
        total_fen: v.total_fen,
        name: &order.name,
        link: &link,
    };
    let page = render(lang, &facts, &qr_svg(&link));
    Ok((
        [
            (CONTENT_TYPE, "text/html; charset=utf-8"),
            (CACHE_CONTROL, "no-store"),
        ],
        page,
    ))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_link_is_on_the_public_url_else_on_the_pages_origin_and_never_on_no_origin() {
        let cases = [
            (
                Some("https://apples.example/"),
                Some("http://10.0.0.2:8080"),
                Some("https://apples.example"),
            ),
            (
                None,
                Some("http://10.0.0.2:8080"),
                Some("http://10.0.0.2:8080"),
            ),
            (None, Some("javascript:alert(1)"), None),
            (None, Some("https://apples.example/orders"), None),
            (None, None, None),
        ];
        for (public, asked, want) in cases {
            let got = link_origin(public, asked).ok();
            assert_eq!(got.as_deref(), want, "{public:?} {asked:?}");
        }
    }
}
