//! What a page says in one language: the words of `locales/pages/{lang}.json` (`PageKey`, one
//! table per language written and checked by build.rs, as the browser bundles' are) filled with
//! the content file's name, place and story, the share card's tags and the first screen, put
//! into Trunk's template by `render`.

use std::collections::BTreeMap;

use super::market_head::{language_links, meta, share_tags};
use super::render::{self, escape};
use crate::domain::{fill, Lang, Message, Plural};
use crate::server::content::Content;

include!(concat!(env!("OUT_DIR"), "/pages.rs"));

/// The content's text in `lang`, else English, else any.
pub(super) fn pick(map: &BTreeMap<String, String>, lang: Lang) -> &str {
    map.get(lang.as_str())
        .or_else(|| map.get("en"))
        .or_else(|| map.values().next())
        .map_or("", String::as_str)
}

/// `n` with its thousands grouped as the language writes them (2,000; 2 000).
pub(super) fn grouped(n: u64, lang: Lang) -> String {
    let digits = n.to_string();
    let separator = if lang == Lang::Fr { "\u{202f}" } else { "," };
    let mut out = String::new();
    for (i, d) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push_str(separator);
        }
        out.push(d);
    }
    out
}

/// The page message the bundle table names by its key (`title`, `mine_loading`…); a name
/// `locales/pages/` does not have is a mistake in src/bundles.rs, which a test catches.
fn named(key: &str) -> PageKey {
    PageKey::ALL
        .into_iter()
        .find(|k| format!("{k:?}") == key)
        .unwrap_or_else(|| panic!("src/bundles.rs names `{key}`, which locales/pages/ has not"))
}

/// Whose page it is: a producer (the storefront's story and share card are theirs) and whether
/// it is served at that producer's own address (`/p/{slug}`) rather than at `/`.
pub(super) struct Place<'a> {
    pub slug: &'a str,
    pub content: &'a Content,
    pub named: bool,
}

impl Place<'_> {
    /// What tells its copies apart: the slug at a producer's own address, else nothing.
    pub fn key(&self) -> &str {
        if self.named {
            self.slug
        } else {
            ""
        }
    }

    /// Its address, from the site's root.
    fn path(&self) -> String {
        if self.named {
            format!("/p/{}", self.slug)
        } else {
            "/".to_owned()
        }
    }
}

/// One page in one language.
pub(super) fn page(
    template: &str,
    bundle: &'static crate::bundles::Bundle,
    lang: Lang,
    whose: &Place,
    public_url: Option<&str>,
) -> String {
    let content = whose.content;
    let p = &content.producer;
    let (name, place) = (pick(&p.name, lang), pick(&p.place, lang));
    let kg = grouped(content.kg_per_family, lang);
    let args = [
        ("name", name.to_owned()),
        ("place", place.to_owned()),
        ("kg", kg),
    ];
    let say = |key: PageKey| fill(key.text(lang), &args);
    let origin = public_url.map(|u| format!(" data-origin=\"{}\"", escape(u)));
    let html_tag = format!(
        "<html lang=\"{}\"{}>",
        lang.as_str(),
        origin.unwrap_or_default()
    );
    let html = render::set_html_tag(template, &html_tag);
    let title = say(named(bundle.title));
    let loading = bundle.loading.map_or(String::new(), |key| say(named(key)));
    let html = render::replace_between(&html, "<title>", "</title>", &escape(&title));
    let html = if loading.is_empty() {
        html
    } else {
        render::set_loading_line(&html, &loading)
    };
    if *bundle != crate::bundles::STOREFRONT {
        return html;
    }
    let html = render::drop_meta(&html, render::is_card_meta);
    let video = p.media.video.as_deref();
    let producer = format!(
        "<meta name=\"orchard-producer\" content=\"{}\">",
        escape(whose.slug)
    );
    let card = card(lang, &say, public_url, &whose.path(), video);
    let html = render::insert_after_title(&html, &format!("{producer}{card}"));
    let story = p
        .story
        .get(lang.as_str())
        .or_else(|| p.story.get("en"))
        .and_then(|s| s.first())
        .map_or(String::new(), |s| escape(s));
    let shell = format!(
        "<div id=\"shell\"><main class=\"page home\"><header class=\"hero\"><img src=\"{picture}\" \
         width=\"640\" height=\"360\" fetchpriority=\"high\" alt=\"{alt}\"><div class=\"hero-text\">\
         <p class=\"greeting\" lang=\"bo\">{greeting}</p><h1>{name}</h1><p class=\"place\">{place}</p>\
         </div></header><section class=\"story\"><p>{story}</p></section><p class=\"loading\">{loading}</p>\
         </main></div>",
        picture = escape(&p.media.picture),
        alt = escape(&say(PageKey::image_alt)),
        greeting = escape(&p.greeting),
        name = escape(name),
        place = escape(place),
        loading = escape(&loading),
    );
    render::replace_until(&html, "shell", "app", &shell)
}

/// The description, the share card and the links to each language.
fn card(
    lang: Lang,
    say: &dyn Fn(PageKey) -> String,
    public_url: Option<&str>,
    path: &str,
    video: Option<&str>,
) -> String {
    let base = public_url.unwrap_or("");
    let description = say(PageKey::description);
    let app_name = say(PageKey::app_name);
    let mut tags = vec![
        meta("name", "description", &description),
        meta("name", "application-name", &app_name),
        meta("name", "apple-mobile-web-app-title", &app_name),
    ];
    let (title, shared) = (say(PageKey::share_title), say(PageKey::share_description));
    let alt = say(PageKey::image_alt);
    tags.extend(share_tags(lang, (base, path), &title, &shared, &alt));
    if let Some(v) = video {
        tags.push(meta("property", "og:video", &format!("{base}{v}")));
        tags.push(meta("property", "og:video:type", "video/mp4"));
    }
    tags.extend(language_links(lang, base, path));
    tags.concat()
}

#[cfg(test)]
mod tests {
    use super::{fill, grouped, named, Lang, Message, PageKey};

    #[test]
    fn numbers_in_the_card_are_grouped_as_each_language_writes_them() {
        assert_eq!(grouped(2000, Lang::En), "2,000");
        assert_eq!(grouped(2000, Lang::Zh), "2,000");
        assert_eq!(grouped(1234567, Lang::Fr), "1\u{202f}234\u{202f}567");
        assert_eq!(grouped(500, Lang::En), "500");
    }

    #[test]
    fn every_page_message_reads_whole_in_every_language_once_filled() {
        let args = [
            ("name", "卓玛".to_owned()),
            ("place", "Nyingchi".to_owned()),
            ("kg", "2,000".to_owned()),
            ("count", "3".to_owned()),
            ("price", "¥68.00".to_owned()),
            ("time", "2 d".to_owned()),
            ("d", "2".to_owned()),
            ("h", "5".to_owned()),
            ("m", "9".to_owned()),
            ("id", "K7Q2M9XD4PRA".to_owned()),
            ("total", "¥136.00".to_owned()),
        ];
        for lang in Lang::ALL {
            for key in PageKey::ALL {
                let said = fill(key.text(lang), &args);
                assert!(!said.trim().is_empty(), "{lang:?} {key:?}");
                assert!(!said.contains("{{"), "{lang:?} {key:?}: {said}");
                if lang != Lang::En {
                    assert_ne!(said, fill(key.text(Lang::En), &args), "{lang:?} {key:?}");
                }
            }
        }
    }

    #[test]
    fn every_bundle_names_a_title_and_loading_line_the_pages_have() {
        for bundle in crate::bundles::ALL {
            let said = named(bundle.title).text(Lang::En);
            assert!(!said.is_empty(), "{}", bundle.name);
            if let Some(loading) = bundle.loading {
                assert!(!named(loading).text(Lang::En).is_empty(), "{}", bundle.name);
            }
        }
    }
}
