//! The market's home page (`/` with two producers or more): the county's name and place, its
//! totals, and a card per producer (picture, name, village, the boxes on sale with their prices
//! and how many are left, the sale's state and countdown) linking to `/p/{slug}`, with the
//! market's share card. Complete HTML from the first byte in the buyer's language, rendered from
//! `GET /api/market`'s own `MarketView`; a few lines of inline script tick the countdown.

use axum::http::{HeaderMap, HeaderValue, StatusCode, Uri};
use axum::response::Response;

use super::market_head::{answer, document, language_links, meta, share_tags, MARKET_PAGE_HEADER};
use super::negotiate::Lang;
use super::page::{grouped, pick, PageKey};
use super::render::escape;
use crate::domain::{fill, MarketProducer, MarketView, Message, Money, SaleState};
use crate::server::time::parse_rfc3339_ms;

/// Ticks every countdown (`data-until`, Unix ms; `data-words`, the line with `{d}`, `{h}`, `{m}`)
/// by the phone's clock, so a copy kept offline still counts right.
const TICK: &str = "setInterval(()=>{for(const e of document.querySelectorAll(\"[data-until]\")){\
const m=Math.max(0,Math.floor((+e.dataset.until-Date.now())/6e4));\
e.textContent=e.dataset.words.replace(\"{d}\",Math.floor(m/1440)).replace(\"{h}\",Math.floor(m/60)%24).replace(\"{m}\",m%60)}},3e4)";

/// The market's home for this request, in its language (`?lang=`, the `lang` cookie,
/// `Accept-Language`) and compressed as it accepts, marked for the service worker to keep.
pub fn market_home(
    view: &MarketView,
    uri: &Uri,
    headers: &HeaderMap,
    now_ms: i64,
    public_url: Option<&str>,
) -> Response {
    let mut response = answer(StatusCode::OK, uri, headers, |lang| {
        render_market(view, lang, now_ms, public_url)
    });
    response
        .headers_mut()
        .insert(MARKET_PAGE_HEADER, HeaderValue::from_static("market"));
    response
}

/// The market's home in `lang` at `now_ms`; `public_url` (no trailing slash) makes the share
/// card's links absolute.
pub fn render_market(
    view: &MarketView,
    lang: Lang,
    now_ms: i64,
    public_url: Option<&str>,
) -> String {
    let (name, place) = (pick(&view.name, lang), pick(&view.place, lang));
    let args = [("name", name.to_owned()), ("place", place.to_owned())];
    let say = |key: PageKey| fill(key.text(lang), &args);
    let count = |key: PageKey, n: u64| {
        let form = key.form(lang, lang.plural(n));
        escape(&fill(form, &[("count", grouped(n, lang))]))
    };
    let totals = [
        count(PageKey::market_orders, view.impact.orders),
        count(PageKey::market_kg_sold, view.impact.kg_sold),
        count(PageKey::market_families, view.impact.families_lifted),
    ]
    .map(|said| format!("<li>{said}</li>"))
    .concat();
    let cards: String = view
        .producers
        .iter()
        .enumerate()
        .map(|(i, producer)| card(producer, i == 0, lang, now_ms))
        .collect();
    let ticking = view
        .producers
        .iter()
        .any(|p| countdown_to(p, now_ms).is_some());
    let body = format!(
        "<main><header><h1>{name}</h1><p class=\"place\">{place}</p></header>\
         <section aria-labelledby=\"totals\"><h2 id=\"totals\">{totals_title}</h2>\
         <ul class=\"totals\">{totals}</ul></section>\
         <section aria-labelledby=\"producers\"><h2 id=\"producers\">{producers_title}</h2>\
         <ul class=\"cards\">{cards}</ul></section></main>{script}",
        name = escape(name),
        place = escape(place),
        totals_title = escape(&say(PageKey::market_totals)),
        producers_title = escape(&say(PageKey::market_producers)),
        script = if ticking {
            format!("<script>{TICK}</script>")
        } else {
            String::new()
        },
    );
    let title = say(PageKey::market_title);
    let head = share_card(lang, &title, &say, public_url);
    document(lang, &title, &head, &body, "/")
}

/// One producer's card; the first one's picture is fetched first, the others' only near view.
fn card(producer: &MarketProducer, first: bool, lang: Lang, now_ms: i64) -> String {
    let name = pick(&producer.name, lang);
    let loading = if first {
        "fetchpriority=\"high\""
    } else {
        "loading=\"lazy\" decoding=\"async\""
    };
    let boxes: String = producer
        .boxes
        .iter()
        .map(|b| {
            let offer = fill(
                PageKey::market_box.text(lang),
                &[
                    ("kg", grouped(u64::from(b.weight_kg), lang)),
                    ("price", Money::from_fen(b.price_fen).display_yuan()),
                ],
            );
            let n = u64::from(b.available);
            let left = PageKey::market_boxes_left.form(lang, lang.plural(n));
            let left = fill(left, &[("count", grouped(n, lang))]);
            format!("<li>{} · {}</li>", escape(&offer), escape(&left))
        })
        .collect();
    format!(
        "<li class=\"card\"><img src=\"{picture}\" width=\"640\" height=\"360\" {loading} alt=\"{alt}\">\
         <div class=\"card-text\"><h2><a href=\"/p/{slug}\">{name}</a></h2><p class=\"place\">{place}</p>\
         <p class=\"sale\">{sale}</p><ul>{boxes}</ul></div></li>",
        picture = escape(&producer.picture),
        alt = escape(name),
        slug = escape(&producer.slug),
        name = escape(name),
        place = escape(pick(&producer.place, lang)),
        sale = sale_line(producer, lang, now_ms),
    )
}

/// The milestone a producer's countdown runs to, with the line that says it: the opening of an
/// upcoming sale, the close of an open one that has one.
fn countdown_to(producer: &MarketProducer, now_ms: i64) -> Option<(i64, PageKey)> {
    let sale = &producer.sale;
    let (at, key) = match sale.state {
        SaleState::Upcoming => (&sale.opens_at, PageKey::market_upcoming),
        SaleState::Open => (sale.closes_at.as_ref()?, PageKey::market_open_until),
        SaleState::SoldOut | SaleState::Closed => return None,
    };
    let at = parse_rfc3339_ms(at)?;
    (at > now_ms).then_some((at, key))
}

/// The sale's state, and its countdown (server-rendered, ticked by `TICK`), escaped.
fn sale_line(producer: &MarketProducer, lang: Lang, now_ms: i64) -> String {
    if let Some((at, key)) = countdown_to(producer, now_ms) {
        let minutes = (at - now_ms) / 60_000;
        let time = |d: String, h: String, m: String| {
            let countdown = fill(
                PageKey::market_countdown.text(lang),
                &[("d", d), ("h", h), ("m", m)],
            );
            fill(key.text(lang), &[("time", countdown)])
        };
        let now = time(
            (minutes / 1440).to_string(),
            (minutes / 60 % 24).to_string(),
            (minutes % 60).to_string(),
        );
        let words = time("{d}".into(), "{h}".into(), "{m}".into());
        return format!(
            "<span data-until=\"{at}\" data-words=\"{}\">{}</span>",
            escape(&words),
            escape(&now)
        );
    }
    let key = match producer.sale.state {
        SaleState::Upcoming | SaleState::Open => PageKey::market_open,
        SaleState::SoldOut => PageKey::market_sold_out,
        SaleState::Closed => PageKey::market_closed,
    };
    escape(key.text(lang))
}

/// The description, the market's share card and the links to each language.
fn share_card(
    lang: Lang,
    title: &str,
    say: &dyn Fn(PageKey) -> String,
    public_url: Option<&str>,
) -> String {
    let base = public_url.unwrap_or("");
    let description = say(PageKey::market_description);
    let alt = say(PageKey::market_image_alt);
    let mut tags = vec![meta("name", "description", &description)];
    tags.extend(share_tags(lang, (base, "/"), title, &description, &alt));
    tags.extend(language_links(lang, base, "/"));
    tags.concat()
}

#[cfg(test)]
#[path = "market_tests.rs"]
mod tests;
