//! Which producer a request is for. Before any routing, `resolve` reads the address: a request
//! to `/api/producers/{slug}/…` continues as `/api/…` and a page `/p/{slug}` as `/`, each with
//! that producer's `ShopScope` attached; every other address means the default producer. So
//! every route exists once and serves every producer, and a handler cannot name a producer
//! other than the one its request was for. An unknown slug ends the request here: 404
//! `not_found` on the API, the "no such producer" page for a page.

use std::sync::Arc;

use axum::extract::{FromRequestParts, Request, State};
use axum::http::request::Parts;
use axum::http::Uri;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::error::ApiError;
use super::shops::{Shop, Shops};
use super::state::AppState;

const API_PREFIX: &str = "/api/producers/";
const PAGE_PREFIX: &str = "/p/";

/// The producer a request is for: the one its address named, else the default one. As a
/// request's extension, it is there only when the address named it (so `/` can tell a
/// producer's storefront from the market's home).
#[derive(Clone)]
pub struct ShopScope(pub Arc<Shop>);

impl FromRequestParts<AppState> for ShopScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ShopScope>()
            .cloned()
            .unwrap_or_else(|| ShopScope(state.shops.default_shop())))
    }
}

/// Where an address leads.
#[derive(Debug, PartialEq, Eq)]
enum Target<'a> {
    /// Not a producer's address: the default producer.
    Unscoped,
    /// Producer `slug`'s API route `rest` (starting with `/`) or page.
    Api {
        slug: &'a str,
        rest: &'a str,
    },
    Page {
        slug: &'a str,
    },
}

fn target(path: &str) -> Target<'_> {
    if let Some(after) = path.strip_prefix(API_PREFIX) {
        let (slug, rest) = after.split_at(after.find('/').unwrap_or(after.len()));
        return Target::Api { slug, rest };
    }
    match path.strip_prefix(PAGE_PREFIX) {
        Some(slug) if !slug.contains('/') => Target::Page { slug },
        _ => Target::Unscoped,
    }
}

/// The middleware: attaches the producer the address names and continues at its unscoped
/// address, or answers 404 for a producer the market does not have.
pub async fn resolve(
    State(shops): State<Arc<Shops>>,
    mut request: Request,
    next: Next,
) -> Response {
    let path = request.uri().path().to_owned();
    let (slug, unscoped) = match target(&path) {
        Target::Unscoped => return next.run(request).await,
        Target::Api { slug, rest } => (slug, (!rest.is_empty()).then(|| format!("/api{rest}"))),
        Target::Page { slug } => (slug, Some("/".to_owned())),
    };
    let is_page = path.starts_with(PAGE_PREFIX);
    let (Some(shop), Some(unscoped)) = (shops.find(slug), unscoped) else {
        return if is_page {
            super::pages::no_such_producer(&request, &shops)
        } else {
            ApiError::NotFound.into_response()
        };
    };
    let query = request
        .uri()
        .query()
        .map(|q| format!("?{q}"))
        .unwrap_or_default();
    let Ok(uri) = format!("{unscoped}{query}").parse::<Uri>() else {
        return ApiError::NotFound.into_response();
    };
    *request.uri_mut() = uri;
    request.extensions_mut().insert(ShopScope(shop));
    next.run(request).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_producers_api_address_names_its_slug_and_the_route_it_continues_at() {
        assert_eq!(
            target("/api/producers/drolma/orders/abc"),
            Target::Api {
                slug: "drolma",
                rest: "/orders/abc"
            }
        );
        assert_eq!(
            target("/api/producers/drolma"),
            Target::Api {
                slug: "drolma",
                rest: ""
            }
        );
    }

    #[test]
    fn a_producers_page_is_one_segment_after_p() {
        assert_eq!(target("/p/walnuts"), Target::Page { slug: "walnuts" });
        assert_eq!(target("/p/walnuts/x"), Target::Unscoped);
        assert_eq!(target("/api/storefront"), Target::Unscoped);
        assert_eq!(target("/"), Target::Unscoped);
    }
}
