//! Every HTML page in the buyer's language from the first byte. At start, each bundle's page
//! (every entry of `crate::bundles`, at its paths) is rendered once per language from
//! Trunk's `index.html`, the content file and `locales/pages/*.json`, and compressed; a request
//! picks its copy by `?lang=`, the `lang` cookie and `Accept-Language` (`negotiate`), so nothing
//! is rendered per request; a `?lang=` is kept for the rest of the visit in a session cookie.
//! Each copy keeps the Content-Security-Policy made from its own inline scripts, so a page
//! rendered again after a deploy is sent with its new loader allowed. The storefront's copy
//! carries the title, description, Open Graph and Twitter tags and the first screen (name,
//! place, greeting, the story's first paragraph, the loading line) in that language, absolute
//! share URLs on `--public-url`, and a link to each language; the WebAssembly then starts in the
//! same language (`<html lang>`).

mod market;
mod market_head;
mod negotiate;
mod not_found;
mod page;
mod render;

use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

use axum::extract::State;
use axum::http::header::{
    ACCEPT_ENCODING, ACCEPT_LANGUAGE, CONTENT_ENCODING, CONTENT_LANGUAGE, CONTENT_SECURITY_POLICY,
    CONTENT_TYPE, COOKIE, SET_COOKIE, VARY,
};
use axum::http::HeaderName;
use axum::http::{HeaderMap, HeaderValue, Uri};
use axum::response::{IntoResponse, Response};
use bytes::Bytes;

pub use negotiate::{negotiate, Lang};
pub use not_found::unknown_producer;
/// HTML escaping, shared with the team's printable labels.
pub use render::escape;

use super::shops::{Shop, ShopScope, Shops};

const PERMISSIONS_POLICY: HeaderName = HeaderName::from_static("permissions-policy");

/// One bundle, as the table (`crate::bundles`) declares it: where Trunk wrote its page, the
/// paths it answers, its title and whether it may use the camera.
pub type Bundle = &'static crate::bundles::Bundle;

/// One page in one language, as sent: plain, gzip and brotli, and the Content-Security-Policy
/// that allows exactly its inline scripts.
struct Variant {
    csp: HeaderValue,
    plain: Bytes,
    gzip: Bytes,
    brotli: Bytes,
}

/// One bundle's copies per language, and the template's modification time they come from.
/// A bundle's copies, with what they were made from: the template's modification time and the
/// producer's content revision (an edit renders the storefront again).
type Rendered = (
    (Option<std::time::SystemTime>, u64),
    Vec<(Lang, Arc<Variant>)>,
);

/// Every page in every language, rendered at start (another producer's storefront at its first
/// visit).
pub struct Pages {
    dist: std::path::PathBuf,
    shops: Arc<Shops>,
    public_url: Option<String>,
    /// Each bundle's copies (the storefront's per producer slug), with the template's
    /// modification time they were made from: a deploy that writes a new `index.html` under a
    /// running server is picked up at the next request (its old page would name hashed files
    /// that are gone).
    copies: std::sync::RwLock<BTreeMap<(&'static str, String), Rendered>>,
}

impl Pages {
    /// Renders every bundle's page found in `dist` (a missing one is skipped) in every
    /// language, for the default producer; `public_url` (`https://apples.example`, no trailing
    /// slash) makes share links absolute.
    pub fn render(dist: &Path, shops: Arc<Shops>, public_url: Option<&str>) -> Self {
        let pages = Self {
            dist: dist.to_owned(),
            shops,
            public_url: public_url.map(str::to_owned),
            copies: Default::default(),
        };
        let shop = pages.shops.default_shop();
        for bundle in crate::bundles::ALL {
            pages.current(bundle, &shop, false);
        }
        pages
    }

    fn stamp(&self, bundle: Bundle) -> Option<std::time::SystemTime> {
        std::fs::metadata(self.dist.join(bundle.file()))
            .and_then(|m| m.modified())
            .ok()
    }

    /// The copies of `bundle` (for `shop` if it is the storefront, at its own address if
    /// `named`) for its template as it is now, rendered again if it changed.
    fn current(&self, bundle: Bundle, shop: &Shop, named: bool) -> Vec<(Lang, Arc<Variant>)> {
        let (revision, content) = shop.content.revision();
        let stamp = (self.stamp(bundle), revision);
        let storefront = *bundle == crate::bundles::STOREFRONT;
        let place = page::Place {
            slug: &shop.slug,
            content: &content,
            named: named && storefront,
        };
        let key = (bundle.name, place.key().to_owned());
        if let Some((seen, copies)) = self
            .copies
            .read()
            .unwrap_or_else(|p| p.into_inner())
            .get(&key)
        {
            if *seen == stamp {
                return copies.clone();
            }
        }
        let copies: Vec<(Lang, Arc<Variant>)> =
            match std::fs::read_to_string(self.dist.join(bundle.file())) {
                Ok(template) => Lang::ALL
                    .into_iter()
                    .map(|lang| {
                        let html =
                            page::page(&template, bundle, lang, &place, self.public_url.as_deref());
                        (lang, Arc::new(compress(html)))
                    })
                    .collect(),
                Err(_) => Vec::new(),
            };
        self.copies
            .write()
            .unwrap_or_else(|p| p.into_inner())
            .insert(key, (stamp, copies.clone()));
        copies
    }

    /// The page of `bundle` for this request (for the producer its address named, if any), in
    /// its language.
    pub fn answer(
        &self,
        bundle: Bundle,
        uri: &Uri,
        headers: &HeaderMap,
        named: Option<&ShopScope>,
    ) -> Response {
        let text = |name| {
            headers
                .get(name)
                .and_then(|v: &HeaderValue| v.to_str().ok())
        };
        let asked = negotiate::asked(uri.query());
        let lang = negotiate(uri.query(), text(COOKIE), text(ACCEPT_LANGUAGE));
        let copies = match named {
            Some(ShopScope(shop)) if *bundle == crate::bundles::STOREFRONT => {
                self.current(bundle, shop, true)
            }
            _ => self.current(bundle, &self.shops.default_shop(), false),
        };
        let Some((_, copy)) = copies.iter().find(|(l, _)| *l == lang) else {
            return super::error::ApiError::NotFound.into_response();
        };
        let accepts = |coding: &str| {
            text(ACCEPT_ENCODING).is_some_and(|a| {
                a.split(',')
                    .any(|c| c.split(';').next().unwrap_or_default().trim() == coding)
            })
        };
        let (body, encoding) = if accepts("br") {
            (copy.brotli.clone(), Some("br"))
        } else if accepts("gzip") {
            (copy.gzip.clone(), Some("gzip"))
        } else {
            (copy.plain.clone(), None)
        };
        let mut response = body.into_response();
        let h = response.headers_mut();
        h.insert(
            CONTENT_TYPE,
            HeaderValue::from_static("text/html; charset=utf-8"),
        );
        h.insert(CONTENT_LANGUAGE, HeaderValue::from_static(lang.as_str()));
        h.insert(
            VARY,
            HeaderValue::from_static("accept-language, cookie, accept-encoding"),
        );
        if let Some(encoding) = encoding {
            h.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
        }
        h.insert(CONTENT_SECURITY_POLICY, copy.csp.clone());
        h.insert(
            PERMISSIONS_POLICY,
            super::static_files::permissions_policy(bundle.camera),
        );
        // A link's `?lang=` holds for the rest of the visit (the buyer's orders, the tracking
        // page), which its links do not repeat: a session cookie, under the name the language
        // buttons keep for a year, and readable by them (not HttpOnly) so they can replace it.
        if asked.is_some() && asked != negotiate::kept(text(COOKIE)) {
            h.insert(SET_COOKIE, HeaderValue::from_static(lang.session_cookie()));
        }
        response
    }
}

/// The routes of every bundle's pages (each path of its entry in `crate::bundles::ALL`), and the
/// storefront's page as the service for every other path that is not a file (client routes),
/// handed to the static files.
pub fn routes<S: Clone + Send + Sync + 'static>(
    pages: Arc<Pages>,
) -> (
    axum::Router<S>,
    impl tower::Service<
            axum::extract::Request,
            Response = Response,
            Error = std::convert::Infallible,
            Future: Send + 'static,
        > + Clone
        + Send
        + Sync
        + 'static,
) {
    use axum::handler::Handler as _;
    use axum::routing::get;
    let at = |bundle| get(serve).with_state((pages.clone(), bundle));
    let router = crate::bundles::ALL
        .iter()
        .flat_map(|bundle| bundle.paths.iter().map(move |path| (*path, bundle)))
        .fold(axum::Router::new(), |router, (path, bundle)| {
            router.route(path, at(bundle))
        });
    let fallback = serve.with_state((pages, &crate::bundles::STOREFRONT));
    (router, fallback)
}

/// The axum handler for one bundle's page.
pub async fn serve(
    State((pages, bundle)): State<(Arc<Pages>, Bundle)>,
    named: Option<axum::Extension<ShopScope>>,
    uri: Uri,
    headers: HeaderMap,
) -> Response {
    let home = named.is_none() && uri.path() == "/" && *bundle == crate::bundles::STOREFRONT;
    if home && pages.shops.is_market() {
        let now = super::time::now_ms();
        let view = pages.shops.view(now);
        return market::market_home(&view, &uri, &headers, now, pages.public_url.as_deref());
    }
    pages.answer(bundle, &uri, &headers, named.map(|n| n.0).as_ref())
}

/// The copy of `html` as sent, with its policy.
fn compress(html: String) -> Variant {
    use std::io::Write;
    let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    let _ = gzip.write_all(html.as_bytes());
    let gzip = gzip.finish().unwrap_or_default();
    let mut brotli = Vec::new();
    let params = brotli::enc::BrotliEncoderParams {
        quality: 11,
        ..Default::default()
    };
    let _ = brotli::BrotliCompress(&mut html.as_bytes(), &mut brotli, &params);
    Variant {
        csp: super::static_files::page_policy(&html),
        plain: Bytes::from(html),
        gzip: Bytes::from(gzip),
        brotli: Bytes::from(brotli),
    }
}
