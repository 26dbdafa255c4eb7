//! What the market's own pages share (its home and the page for an unknown producer), and the
//! share card's tags they share with the storefront's page: the document around a body, with the house style inlined (no request before the first paint), the
//! language links, and the answer as sent: in the buyer's language (`negotiate`), with the
//! Content-Security-Policy that allows exactly its inline script. Rendered per request from the
//! server's words; no WebAssembly.

use axum::http::header::{
    ACCEPT_ENCODING, ACCEPT_LANGUAGE, CACHE_CONTROL, CONTENT_ENCODING, CONTENT_LANGUAGE,
    CONTENT_SECURITY_POLICY, CONTENT_TYPE, COOKIE, SET_COOKIE, VARY,
};
use axum::http::{HeaderMap, HeaderName, HeaderValue, StatusCode, Uri};
use axum::response::{IntoResponse, Response};

use super::negotiate::{self, Lang};
use super::render::escape;
use crate::server::static_files::{page_policy, permissions_policy};

/// The header that marks a page as the market's home, so the service worker keeps its last copy
/// for use offline (`public/sw.js`).
pub const MARKET_PAGE_HEADER: HeaderName = HeaderName::from_static("x-orchard-page");

/// The house style, the one look of every page, inlined.
const BASE_CSS: &str = include_str!("../../../style/base.css");

/// The market's pages' own layout: the column, the totals and the producers' cards.
const MARKET_CSS: &str = "main{max-width:40rem;margin:0 auto;padding:0 1rem 2rem}\
.place{margin:0;color:var(--muted)}\
.totals{display:flex;flex-wrap:wrap;gap:.5rem;list-style:none;padding:0;margin:1rem 0}\
.totals li{flex:1 1 9rem;padding:.5rem .75rem;background:var(--card);border:1px solid var(--line);border-radius:.75rem}\
.totals strong{display:block;font-size:1.35rem}\
.cards{list-style:none;padding:0;margin:0;display:grid;gap:1rem}\
.card{background:var(--card);border:1px solid var(--line);border-radius:.75rem;overflow:hidden}\
.card img{display:block;width:100%;height:auto;aspect-ratio:16/9}\
.card-text{padding:0 1rem 1rem}\
.card h2{margin:.75rem 0 0}\
.card h2 a{text-decoration:none;display:block;min-height:44px}\
.card ul{padding-left:1.1rem;margin:.5rem 0}\
.sale{font-weight:600;color:var(--leaf);margin:.25rem 0}\
.languages a{min-height:44px;min-width:44px;display:inline-flex;align-items:center;justify-content:center;padding:0 .45rem;border-radius:.5rem;text-decoration:none;color:var(--ink)}\
.languages a[aria-current=true]{background:var(--apple);color:var(--apple-ink)}";

/// A whole page: `<html lang>`, the title, `head` (the description, the share card), the style,
/// then `body` and the language links to `path` in each language.
pub(super) fn document(lang: Lang, title: &str, head: &str, body: &str, path: &str) -> String {
    let languages: String = Lang::ALL
        .into_iter()
        .map(|other| {
            let current = if other == lang {
                " aria-current=\"true\""
            } else {
                ""
            };
            format!(
                "<a href=\"{path}?lang={tag}\" hreflang=\"{tag}\" lang=\"{tag}\"{current}>{name}</a>",
                path = escape(path),
                tag = other.as_str(),
                name = other.name(),
            )
        })
        .collect();
    format!(
        "<!doctype html><html lang=\"{tag}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1, viewport-fit=cover\">\
         <meta name=\"theme-color\" content=\"#b8321f\"><title>{title}</title>{head}\
         <link rel=\"manifest\" href=\"/manifest.webmanifest\">\
         <link rel=\"icon\" href=\"/icons/icon.svg\" type=\"image/svg+xml\">\
         <link rel=\"apple-touch-icon\" href=\"/icons/apple-touch-icon.png\">\
         <style>{BASE_CSS}{MARKET_CSS}</style><script src=\"/pwa.js\" defer></script></head>\
         <body>{body}<nav class=\"topbar\" aria-label=\"{word}\"><span class=\"languages\">{languages}</span></nav>\
         </body></html>",
        tag = lang.as_str(),
        title = escape(title),
        word = lang.language_word(),
    )
}

/// The page for this request as sent, `render`ed in its language (`?lang=`, the `lang` cookie,
/// `Accept-Language`) and compressed as the client accepts: its status, its own policy, never
/// stored by a cache (its numbers and countdown move), and the language a `?lang=` asked for
/// kept for the visit.
pub(super) fn answer(
    status: StatusCode,
    uri: &Uri,
    headers: &HeaderMap,
    render: impl FnOnce(Lang) -> String,
) -> Response {
    let text = |name| {
        headers
            .get(name)
            .and_then(|v: &HeaderValue| v.to_str().ok())
    };
    let lang = negotiate::negotiate(uri.query(), text(COOKIE), text(ACCEPT_LANGUAGE));
    let asked = negotiate::asked(uri.query());
    let newly_asked = asked.is_some() && asked != negotiate::kept(text(COOKIE));
    let html = render(lang);
    let csp = page_policy(&html);
    let (body, encoding) = encoded(html, text(ACCEPT_ENCODING));
    let mut response = (status, body).into_response();
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
    h.insert(CACHE_CONTROL, HeaderValue::from_static("no-cache"));
    if let Some(encoding) = encoding {
        h.insert(CONTENT_ENCODING, HeaderValue::from_static(encoding));
    }
    h.insert(CONTENT_SECURITY_POLICY, csp);
    h.insert(
        HeaderName::from_static("permissions-policy"),
        permissions_policy(false),
    );
    if newly_asked {
        h.insert(SET_COOKIE, HeaderValue::from_static(lang.session_cookie()));
    }
    response
}

/// The page in the best coding `accept` (`Accept-Encoding`) names: brotli, else gzip, else as it
/// is; at a fast level, as each copy is compressed as it is sent.
fn encoded(html: String, accept: Option<&str>) -> (Vec<u8>, Option<&'static str>) {
    use std::io::Write as _;
    let named = |coding: &str| {
        accept.is_some_and(|a| {
            a.split(',')
                .any(|c| c.split(';').next().unwrap_or("").trim() == coding)
        })
    };
    if named("br") {
        let mut out = Vec::new();
        let params = brotli::enc::BrotliEncoderParams {
            quality: 5,
            ..Default::default()
        };
        if brotli::BrotliCompress(&mut html.as_bytes(), &mut out, &params).is_ok() {
            return (out, Some("br"));
        }
    } else if named("gzip") {
        let mut gzip = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::fast());
        if let Ok(out) = gzip.write_all(html.as_bytes()).and_then(|()| gzip.finish()) {
            return (out, Some("gzip"));
        }
    }
    (html.into_bytes(), None)
}

/// A `<meta>` tag, its value escaped.
pub(super) fn meta(attr: &str, key: &str, value: &str) -> String {
    format!("<meta {attr}=\"{key}\" content=\"{}\">", escape(value))
}

/// The share card's Open Graph and Twitter tags, for the shop's card picture: absolute on `base`
/// (the public URL, or "" for site paths), the page being `path` (`/`, `/p/{slug}`).
pub(super) fn share_tags(
    lang: Lang,
    (base, path): (&str, &str),
    title: &str,
    description: &str,
    image_alt: &str,
) -> Vec<String> {
    let image = format!("{base}/icons/og-card.png");
    vec![
        meta("property", "og:type", "website"),
        meta("property", "og:locale", lang.og_locale()),
        meta("property", "og:title", title),
        meta("property", "og:description", description),
        meta("property", "og:url", &format!("{base}{path}")),
        meta("property", "og:image", &image),
        meta("property", "og:image:width", "1200"),
        meta("property", "og:image:height", "630"),
        meta("property", "og:image:alt", image_alt),
        meta("name", "twitter:card", "summary_large_image"),
        meta("name", "twitter:title", title),
        meta("name", "twitter:description", description),
        meta("name", "twitter:image", &image),
    ]
}

/// The page's (`path`'s) canonical address in `lang` and its address in each language, on
/// `base`.
pub(super) fn language_links(lang: Lang, base: &str, path: &str) -> Vec<String> {
    let page = escape(&format!("{base}{path}"));
    let mut links = vec![format!(
        "<link rel=\"canonical\" href=\"{page}?lang={}\">",
        lang.as_str()
    )];
    for other in Lang::ALL {
        let tag = other.as_str();
        links.push(format!(
            "<link rel=\"alternate\" hreflang=\"{tag}\" href=\"{page}?lang={tag}\">"
        ));
    }
    links.push(format!(
        "<link rel=\"alternate\" hreflang=\"x-default\" href=\"{page}\">"
    ));
    links
}

/// A request's headers with this `Accept-Language`, for the pages' tests.
#[cfg(test)]
pub(super) fn asking(accept: &str) -> HeaderMap {
    let mut headers = HeaderMap::new();
    let value = HeaderValue::from_str(accept).expect("a header value");
    headers.insert(axum::http::header::ACCEPT_LANGUAGE, value);
    headers
}

#[cfg(test)]
mod tests {
    use super::encoded;

    #[test]
    fn a_page_is_sent_in_the_best_coding_the_phone_accepts_and_reads_back_whole() {
        let html = "<!doctype html><h1>乡城县助农集市</h1>".repeat(50);
        let (plain, none) = encoded(html.clone(), None);
        assert_eq!((plain, none), (html.clone().into_bytes(), None));
        let (br, coding) = encoded(html.clone(), Some("gzip, deflate, br"));
        assert_eq!(coding, Some("br"));
        let mut back = Vec::new();
        brotli::BrotliDecompress(&mut br.as_slice(), &mut back).unwrap();
        assert_eq!(back, html.as_bytes());
        assert!(br.len() < html.len() / 4, "{} of {}", br.len(), html.len());
        let (gzip, coding) = encoded(html.clone(), Some("gzip;q=1.0, identity"));
        assert_eq!(coding, Some("gzip"));
        let mut back = String::new();
        std::io::Read::read_to_string(
            &mut flate2::read::GzDecoder::new(gzip.as_slice()),
            &mut back,
        )
        .unwrap();
        assert_eq!(back, html);
        assert_eq!(encoded(html.clone(), Some("deflate")).1, None);
    }
}
