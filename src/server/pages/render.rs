//! Rewriting one of Trunk's pages (minified or not) for one language: `<html lang>`, the title,
//! the share card's tags in place of the template's, and the first screen. Only the parts named
//! are touched: Trunk's loader, styles and inline script stay byte for byte (the CSP hashes them).
//! Every text put in is escaped.

/// `text` safe inside an element or a double-quoted attribute (every attribute written here is
/// double-quoted, so `'` may stay as it is).
pub fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            c => out.push(c),
        }
    }
    out
}

/// Replaces the `<html …>` tag with `tag` (left alone when the page has none).
pub fn set_html_tag(html: &str, tag: &str) -> String {
    match html
        .find("<html")
        .and_then(|s| Some((s, s + html[s..].find('>')?)))
    {
        Some((start, end)) => format!("{}{tag}{}", &html[..start], &html[end + 1..]),
        None => html.to_owned(),
    }
}

/// Replaces what is between `open` and the next `close` (both kept); unchanged when absent.
pub fn replace_between(html: &str, open: &str, close: &str, inner: &str) -> String {
    let Some(start) = html.find(open).map(|s| s + open.len()) else {
        return html.to_owned();
    };
    let Some(len) = html[start..].find(close) else {
        return html.to_owned();
    };
    format!("{}{inner}{}", &html[..start], &html[start + len..])
}

/// Drops every `<meta …>` tag for which `drop` is true (given the tag's text).
pub fn drop_meta(html: &str, drop: impl Fn(&str) -> bool) -> String {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(start) = rest.find("<meta") {
        let Some(len) = rest[start..].find('>') else {
            break;
        };
        let tag = &rest[start..start + len + 1];
        out.push_str(&rest[..start]);
        if !drop(tag) {
            out.push_str(tag);
        }
        rest = &rest[start + len + 1..];
    }
    out.push_str(rest);
    out
}

/// Whether a meta tag belongs to the share card or the description (either quoting style).
pub fn is_card_meta(tag: &str) -> bool {
    let tag = tag.replace('"', "");
    tag.contains("property=og:")
        || tag.contains("name=twitter:")
        || tag.contains("name=description")
        || tag.contains("name=application-name")
        || tag.contains("name=apple-mobile-web-app-title")
}

/// Puts `tags` right after `</title>` (at the end of the head when there is no title).
pub fn insert_after_title(html: &str, tags: &str) -> String {
    if let Some(at) = html.find("</title>").map(|i| i + "</title>".len()) {
        return format!("{}{tags}{}", &html[..at], &html[at..]);
    }
    match html.find("</head>") {
        Some(at) => format!("{}{tags}{}", &html[..at], &html[at..]),
        None => html.to_owned(),
    }
}

/// Replaces the element with id `id` (`<div id=shell>` or `<div id="shell">`) up to the start of
/// the element with id `next`, with `replacement`; unchanged when either is missing.
pub fn replace_until(html: &str, id: &str, next: &str, replacement: &str) -> String {
    let find = |name: &str| {
        [format!("<div id=\"{name}\""), format!("<div id={name}")]
            .iter()
            .find_map(|p| html.find(p.as_str()))
    };
    match (find(id), find(next)) {
        (Some(start), Some(end)) if start < end => {
            format!("{}{replacement}{}", &html[..start], &html[end..])
        }
        _ => html.to_owned(),
    }
}

/// Replaces the text of the first `<p class="loading">` (either quoting style).
pub fn set_loading_line(html: &str, text: &str) -> String {
    for open in ["<p class=\"loading\">", "<p class=loading>"] {
        if html.contains(open) {
            return replace_between(html, open, "</p>", &escape(text));
        }
    }
    html.to_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_template_parts_are_found_in_quoted_and_minified_html_alike() {
        for html in [
            r#"<!doctype html><html lang="en"><head><title>Old</title><meta name="description" content="x"><meta property="og:title" content="y"><meta charset="utf-8"></head><body><div id="shell"><h1>Old</h1></div><div id="app"></div></body></html>"#,
            "<!doctype html><html lang=en><head><title>Old</title><meta content=x name=description><meta content=y property=og:title><meta charset=utf-8></head><body><div id=shell><h1>Old</h1></div><div id=app></div></body></html>",
        ] {
            let page = set_html_tag(html, "<html lang=\"zh\">");
            let page = replace_between(&page, "<title>", "</title>", "新");
            let page = drop_meta(&page, is_card_meta);
            let page = insert_after_title(&page, "<meta property=\"og:title\" content=\"z\">");
            let page = replace_until(&page, "shell", "app", "<div id=\"shell\"><h1>卓玛</h1></div>");
            assert!(page.contains("<html lang=\"zh\"><head><title>新</title><meta property=\"og:title\" content=\"z\">"), "{page}");
            assert!(page.contains("charset"), "other metas stay: {page}");
            assert!(!page.contains("content=x") && !page.contains("content=\"x\""), "{page}");
            assert!(page.contains("<div id=\"shell\"><h1>卓玛</h1></div><div id"), "{page}");
            assert!(!page.contains("Old"), "{page}");
        }
    }

    #[test]
    fn text_put_into_a_page_is_escaped() {
        assert_eq!(
            escape(r#"<script>"x" & 'y'</script>"#),
            "&lt;script&gt;&quot;x&quot; &amp; 'y'&lt;/script&gt;"
        );
        let page = set_loading_line("<p class=loading>Old</p>", "<b>");
        assert_eq!(page, "<p class=loading>&lt;b&gt;</p>");
    }

    #[test]
    fn a_page_without_the_template_parts_is_served_as_it_is() {
        let tiny = "<!doctype html><title>Orchard</title><h1>Drolma</h1>";
        assert_eq!(set_html_tag(tiny, "<html lang=\"zh\">"), tiny);
        assert_eq!(replace_until(tiny, "shell", "app", "x"), tiny);
        assert_eq!(set_loading_line(tiny, "x"), tiny);
    }
}
