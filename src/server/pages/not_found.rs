//! The page for a producer the market does not have (`/p/nope`): status 404, in the buyer's
//! language, a line saying so and a link to the market's home. Whole without WebAssembly; the
//! path asked for appears only, escaped, in the links to the page in each language.

use axum::http::{HeaderMap, StatusCode, Uri};
use axum::response::Response;

use super::market_head::{answer, document};
use super::negotiate::Lang;
use super::page::PageKey;
use super::render::escape;
use crate::domain::Message;

/// The 404 page for an unknown producer, in this request's language.
pub fn unknown_producer(uri: &Uri, headers: &HeaderMap) -> Response {
    answer(StatusCode::NOT_FOUND, uri, headers, |lang| {
        render_unknown_producer(lang, uri.path())
    })
}

/// The 404 page in `lang`; its language links point back at `path` (a producer's path, else
/// the market's home: never another site's `//host`).
pub fn render_unknown_producer(lang: Lang, path: &str) -> String {
    let path = if path.starts_with("/p/") { path } else { "/" };
    let say = |key: PageKey| escape(key.text(lang));
    let body = format!(
        "<main><h1>{title}</h1><p>{line}</p><p><a href=\"/\">{home}</a></p></main>",
        title = say(PageKey::unknown_title),
        line = say(PageKey::unknown_line),
        home = say(PageKey::unknown_home),
    );
    let head = "<meta name=\"robots\" content=\"noindex\">";
    document(lang, PageKey::unknown_title.text(lang), head, &body, path)
}

#[cfg(test)]
#[path = "not_found_tests.rs"]
mod tests;
