//! Which of the shop's languages a request for a page gets: `?lang=` first, then the `lang`
//! cookie the language buttons set, then the best of `Accept-Language`, else the shop's default
//! (`Lang::DEFAULT`, Chinese: most buyers are Chinese, and a crawler that says nothing gets the
//! card they will see; the browser falls back to it too). Anything
//! unknown or malformed is skipped, never an error, and every header is read within a bounded
//! cost: only its first `MAX_HEADER_BYTES` and first `MAX_ENTRIES` entries count.

/// The most bytes of a `Cookie` or `Accept-Language` header looked at.
const MAX_HEADER_BYTES: usize = 4096;
/// The most entries (cookies, languages) looked at in one header.
const MAX_ENTRIES: usize = 32;

pub use crate::domain::Lang;

/// What the server's pages need of a language besides its tag.
impl Lang {
    /// `Set-Cookie` keeping this language for the visit (no `Max-Age`: gone with the session).
    pub fn session_cookie(self) -> &'static str {
        match self {
            Lang::Zh => "lang=zh; Path=/; SameSite=Lax",
            Lang::En => "lang=en; Path=/; SameSite=Lax",
            Lang::Fr => "lang=fr; Path=/; SameSite=Lax",
        }
    }

    /// The Open Graph locale (`og:locale`).
    pub fn og_locale(self) -> &'static str {
        match self {
            Lang::Zh => "zh_CN",
            Lang::En => "en_US",
            Lang::Fr => "fr_FR",
        }
    }
}

/// The page's language for this query string, `Cookie` and `Accept-Language`.
pub fn negotiate(query: Option<&str>, cookie: Option<&str>, accept: Option<&str>) -> Lang {
    asked(query)
        .or_else(|| kept(cookie))
        .or_else(|| accept.and_then(preferred))
        .unwrap_or(Lang::DEFAULT)
}

/// The language a query string asks for (`?lang=fr`), if it names one of the shop's.
pub fn asked(query: Option<&str>) -> Option<Lang> {
    query
        .and_then(|q| pairs(q, '&').find(|(k, _)| *k == "lang"))
        .and_then(|(_, v)| Lang::from_tag(v))
}

/// The language the `lang` cookie keeps, if it names one of the shop's.
pub fn kept(cookie: Option<&str>) -> Option<Lang> {
    cookie
        .and_then(|c| pairs(c, ';').find(|(k, _)| *k == "lang"))
        .and_then(|(_, v)| Lang::from_tag(v))
}

/// `key=value` pairs of a bounded header or query, trimmed.
fn pairs(text: &str, separator: char) -> impl Iterator<Item = (&str, &str)> {
    bounded(text)
        .split(separator)
        .take(MAX_ENTRIES)
        .filter_map(|pair| pair.split_once('='))
        .map(|(k, v)| (k.trim(), v.trim()))
}

fn bounded(text: &str) -> &str {
    let mut end = text.len().min(MAX_HEADER_BYTES);
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    &text[..end]
}

/// The shop's language the browser likes best: the highest `q` (first wins a tie); entries with
/// a bad or zero `q` do not count.
fn preferred(accept: &str) -> Option<Lang> {
    let mut best: Option<(Lang, u16)> = None;
    for entry in bounded(accept).split(',').take(MAX_ENTRIES) {
        let mut parts = entry.split(';');
        let Some(lang) = Lang::from_tag(parts.next().unwrap_or_default()) else {
            continue;
        };
        let q = parts
            .find_map(|p| p.trim().strip_prefix("q="))
            .map_or(Some(1000), quality);
        if let Some(q) = q.filter(|q| *q > 0) {
            if best.is_none_or(|(_, b)| q > b) {
                best = Some((lang, q));
            }
        }
    }
    best.map(|(lang, _)| lang)
}

/// A q-value (`0`, `0.8`, `1.000`) in thousandths, or `None` when it is not one.
fn quality(raw: &str) -> Option<u16> {
    let raw = raw.trim();
    let (whole, fraction) = raw.split_once('.').unwrap_or((raw, ""));
    if fraction.len() > 3 || !fraction.bytes().all(|b| b.is_ascii_digit()) {
        return None;
    }
    let thousandths = format!("{fraction:0<3}").parse::<u16>().ok()?;
    match whole {
        "0" => Some(thousandths),
        "1" if thousandths == 0 => Some(1000),
        _ => None,
    }
}

#[cfg(test)]
mod tests {
    use super::{negotiate, Lang};

    #[test]
    fn the_query_then_the_cookie_then_the_browser_then_chinese_choose_the_language() {
        type Case<'a> = (Option<&'a str>, Option<&'a str>, Option<&'a str>, Lang);
        let cases: &[Case] = &[
            (None, None, None, Lang::Zh),
            (None, None, Some("zh-CN,zh;q=0.9"), Lang::Zh),
            (None, None, Some("en-US,en;q=0.9,zh;q=0.8"), Lang::En),
            (None, None, Some("de-DE,fr;q=0.5,en;q=0.4"), Lang::Fr),
            (None, None, Some("de, ja"), Lang::Zh),
            (None, None, Some("*"), Lang::Zh),
            (None, None, Some("zh;q=0.2, fr;q=0.7"), Lang::Fr),
            (None, None, Some("en;q=0, fr;q=0.001"), Lang::Fr),
            (None, None, Some("en;q=2, fr;q=abc, zh-TW;q=0.3"), Lang::Zh),
            (None, None, Some("en;q=1.5, fr;q=0.9"), Lang::Fr),
            (None, Some("theme=dark; lang=fr"), Some("en"), Lang::Fr),
            (None, Some("lang=xx"), Some("en"), Lang::En),
            (None, Some("lang=<script>"), None, Lang::Zh),
            (Some("lang=en"), Some("lang=fr"), Some("zh"), Lang::En),
            (Some("ref=douyin&lang=FR"), None, None, Lang::Fr),
            (Some("lang=klingon"), Some("lang=fr"), None, Lang::Fr),
            (Some("lang="), None, Some("en"), Lang::En),
        ];
        for (query, cookie, accept, want) in cases {
            assert_eq!(
                negotiate(*query, *cookie, *accept),
                *want,
                "?{query:?} cookie {cookie:?} accept {accept:?}"
            );
        }
    }

    #[test]
    fn an_absurd_accept_language_is_read_only_so_far() {
        let long = format!("{}fr", "xx;q=0.1,".repeat(10_000));
        assert_eq!(
            negotiate(None, None, Some(&long)),
            Lang::Zh,
            "fr is past the bound"
        );
        let multibyte = "中".repeat(5000);
        assert_eq!(
            negotiate(None, Some(&multibyte), Some(&multibyte)),
            Lang::Zh
        );
    }
}
