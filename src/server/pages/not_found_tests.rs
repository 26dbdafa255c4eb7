//! The page for an unknown producer, rendered as a buyer's phone gets it.

use axum::http::{StatusCode, Uri};

use super::{render_unknown_producer, unknown_producer};
use crate::server::pages::market_head::asking;
use crate::server::pages::negotiate::Lang;

#[test]
fn an_unknown_producer_gets_a_404_page_in_the_buyers_language_with_the_way_home() {
    let uri: Uri = "/p/nope".parse().unwrap();
    for (accept, lang, line) in [
        ("zh-CN", "zh", "这位农户不在集市上"),
        ("en-GB", "en", "This producer is not on the market"),
        (
            "fr",
            "fr",
            "Ce producteur n'est pas, ou plus, sur le marché.",
        ),
    ] {
        let response = unknown_producer(&uri, &asking(accept));
        assert_eq!(response.status(), StatusCode::NOT_FOUND);
        assert_eq!(response.headers()["content-language"], lang);
        let html = render_unknown_producer(Lang::from_tag(lang).unwrap(), "/p/nope");
        assert!(html.contains(line), "{html}");
        assert!(html.contains(&format!("<html lang=\"{lang}\">")));
        assert!(
            html.contains("<p><a href=\"/\">"),
            "a link to the market's home"
        );
        assert!(
            html.contains("href=\"/p/nope?lang=en\""),
            "the same page in English"
        );
    }
}

#[test]
fn the_unknown_producers_page_never_links_to_another_site() {
    let html = render_unknown_producer(Lang::En, "//evil.example/x");
    assert!(!html.contains("evil.example"), "{html}");
    let html = render_unknown_producer(Lang::En, "/p/\"><script>");
    assert!(!html.contains("\"><script>"), "{html}");
}
