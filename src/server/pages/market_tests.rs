//! The market's home, rendered as a buyer's phone gets it.

use axum::http::{StatusCode, Uri};

use super::{market_home, render_market};
use crate::domain::{
    families_lifted, BoxOffer, Impact, Localized, MarketView, Producer, SaleInfo, SaleState,
    Storefront,
};
use crate::server::pages::market_head::asking;
use crate::server::pages::negotiate::Lang;
use crate::server::time::{parse_rfc3339_ms, rfc3339};

/// 2027-11-11T00:00:00Z, when the tests look at the market.
fn now() -> i64 {
    parse_rfc3339_ms("2027-11-11T00:00:00Z").unwrap()
}

fn texts(zh: &str, en: &str, fr: &str) -> Localized {
    [("zh", zh), ("en", en), ("fr", fr)]
        .map(|(l, t)| (l.to_owned(), t.to_owned()))
        .into()
}

/// A producer's storefront: `state`, the sale closing or opening `minutes` from now, one 5 kg box
/// at ¥68.00 with `left` boxes, and `kg_sold` over `orders` orders.
fn storefront(
    name: Localized,
    state: SaleState,
    minutes: i64,
    left: u32,
    kg_sold: u64,
) -> Storefront {
    let at = rfc3339(now() + minutes * 60_000);
    let (opens_at, closes_at) = match state {
        SaleState::Upcoming => (at, None),
        _ => (rfc3339(now() - 60_000), Some(at)),
    };
    let mut producer = Producer {
        name,
        place: texts("乡城", "Xiangcheng", "Xiangcheng (fr)"),
        ..Producer::default()
    };
    producer.media.picture = "/media/p.svg".into();
    Storefront {
        server_time: rfc3339(now()),
        sale: SaleInfo {
            state,
            opens_at,
            closes_at,
            harvest_at: rfc3339(now()),
        },
        boxes: vec![BoxOffer {
            id: "5kg".into(),
            weight_kg: 5,
            price_fen: 6800,
            available: left,
        }],
        impact: Impact {
            orders: kg_sold / 5,
            kg_sold,
            kg_per_family: 2000,
            families_lifted: families_lifted(kg_sold, 2000),
        },
        payment_methods: vec![crate::domain::PaymentMethod::Cod],
        producer,
    }
}

/// Drolma's sale open (closing in 2 days, 3 hours and 4 minutes, 1,187 boxes left) and Tsering's
/// opening in 90 minutes (1 box left): 4,100 kg sold, 820 orders, 2 families.
fn two() -> MarketView {
    let minutes = 2 * 1440 + 3 * 60 + 4;
    MarketView::new(
        texts(
            "乡城县助农集市",
            "Xiangcheng county market",
            "Marché du comté de Xiangcheng",
        ),
        texts("四川乡城县", "Xiangcheng county", "Comté de Xiangcheng"),
        [
            (
                "drolma".to_owned(),
                storefront(
                    texts("卓玛", "Drolma", "Drolma"),
                    SaleState::Open,
                    minutes,
                    1187,
                    4000,
                ),
            ),
            (
                "tsering".to_owned(),
                storefront(
                    texts("泽仁一家", "Tsering's family", "La famille de Tsering"),
                    SaleState::Upcoming,
                    90,
                    1,
                    100,
                ),
            ),
        ],
    )
}

#[test]
fn the_home_says_the_county_its_totals_and_each_producer_in_every_language() {
    let cases = [
        (
            Lang::Zh,
            [
                "乡城县助农集市",
                "820 份订单",
                "已售 4,100 公斤",
                "2 户家庭脱贫",
                "还剩 1,187 箱",
                "还剩 1 箱",
                "5 公斤装 · ¥68.00",
                "2 天 3 小时 4 分后结束",
                "0 天 1 小时 30 分后开售",
            ],
        ),
        (
            Lang::En,
            [
                "Xiangcheng county market",
                "820 orders",
                "4,100 kg sold",
                "2 families lifted out of poverty",
                "1,187 boxes left",
                "1 box left",
                "5 kg box · ¥68.00",
                "closes in 2 d 3 h 4 min",
                "Sale opens in 0 d 1 h 30 min",
            ],
        ),
        (
            Lang::Fr,
            [
                "Marché du comté de Xiangcheng",
                "820 commandes",
                "4\u{202f}100 kg vendus",
                "2 familles sorties de la pauvreté",
                "Encore 1\u{202f}187 caisses",
                "Encore 1 caisse",
                "Caisse de 5 kg · ¥68.00",
                "fin dans 2 j 3 h 4 min",
                "vente dans 0 j 1 h 30 min",
            ],
        ),
    ];
    for (lang, wants) in cases {
        let html = render_market(&two(), lang, now(), None);
        assert!(html.starts_with(&format!("<!doctype html><html lang=\"{}\">", lang.as_str())));
        for want in wants {
            assert!(html.contains(want), "{lang:?} lacks {want:?}");
        }
        assert!(
            html.contains("<a href=\"/p/drolma\">") && html.contains("<a href=\"/p/tsering\">")
        );
    }
    let en = render_market(&two(), Lang::En, now(), None);
    assert!(
        en.contains("<h2><a href=\"/p/tsering\">Tsering's family</a></h2>"),
        "{en}"
    );
}

#[test]
fn the_home_is_whole_without_webassembly_and_its_pictures_do_not_shift_or_all_load_at_once() {
    let html = render_market(&two(), Lang::En, now(), None);
    assert!(
        !html.contains(".wasm") && !html.contains("<link rel=\"stylesheet\""),
        "no request before the first paint"
    );
    assert!(
        html.contains("<style>") && html.contains("--apple"),
        "the house style is inlined"
    );
    assert_eq!(html.matches("width=\"640\" height=\"360\"").count(), 2);
    assert_eq!(
        html.matches("fetchpriority=\"high\"").count(),
        1,
        "the first picture first"
    );
    assert_eq!(
        html.matches("loading=\"lazy\"").count(),
        1,
        "the others only near view"
    );
    assert!(
        html.contains("data-until=") && html.contains("<script>setInterval("),
        "the countdown ticks"
    );
}

#[test]
fn the_share_card_names_the_market_with_absolute_links_on_the_public_url() {
    let html = render_market(&two(), Lang::Fr, now(), Some("https://market.example"));
    for want in [
        "<title>Marché du comté de Xiangcheng : en direct des producteurs</title>",
        "<meta property=\"og:title\" content=\"Marché du comté de Xiangcheng : en direct des producteurs\">",
        "<meta property=\"og:url\" content=\"https://market.example/\">",
        "<meta property=\"og:image\" content=\"https://market.example/icons/og-card.png\">",
        "<meta property=\"og:locale\" content=\"fr_FR\">",
        "<link rel=\"alternate\" hreflang=\"zh\" href=\"https://market.example/?lang=zh\">",
    ] {
        assert!(html.contains(want), "lacks {want}");
    }
    assert!(html.contains(
        "og:description\" content=\"Commandez directement aux familles de Comté de Xiangcheng"
    ));
}

#[test]
fn a_market_of_one_and_sales_without_a_countdown_render_without_a_script() {
    let one = MarketView::new(
        texts("卓玛", "Drolma", "Drolma"),
        texts("中德村", "Zhongde", "Zhongde"),
        [(
            "drolma".to_owned(),
            storefront(
                texts("卓玛", "Drolma", "Drolma"),
                SaleState::SoldOut,
                60,
                0,
                10,
            ),
        )],
    );
    let html = render_market(&one, Lang::En, now(), None);
    assert_eq!(html.matches("class=\"card\"").count(), 1);
    assert!(
        html.contains("Sold out") && html.contains("0 boxes left"),
        "{html}"
    );
    assert!(!html.contains("<script>"), "nothing to tick");
    let zh = render_market(&one, Lang::Zh, now(), None);
    assert!(zh.contains("已售罄"));
}

#[test]
fn a_name_with_markup_is_shown_as_text_never_run() {
    let evil = texts("<script>alert(1)</script>", "<b>Drolma</b> & \"co\"", "x");
    let view = MarketView::new(
        evil.clone(),
        evil.clone(),
        [(
            "drolma".to_owned(),
            storefront(evil, SaleState::Open, 60, 5, 0),
        )],
    );
    for lang in Lang::ALL {
        let html = render_market(&view, lang, now(), None);
        assert!(
            !html.contains("<script>alert") && !html.contains("<b>Drolma"),
            "{lang:?}: {html}"
        );
    }
    let en = render_market(&view, Lang::En, now(), None);
    assert!(
        en.contains("&lt;b&gt;Drolma&lt;/b&gt; &amp; &quot;co&quot;"),
        "{en}"
    );
}

#[test]
fn the_home_answers_in_the_buyers_language_marked_for_the_service_worker() {
    let uri: Uri = "/".parse().unwrap();
    let response = market_home(&two(), &uri, &asking("fr-FR,fr;q=0.9"), now(), None);
    assert_eq!(response.status(), StatusCode::OK);
    let h = response.headers();
    assert_eq!(h["content-language"], "fr");
    assert_eq!(h["x-orchard-page"], "market");
    assert!(h["content-type"].to_str().unwrap().starts_with("text/html"));
    assert!(
        h["content-security-policy"]
            .to_str()
            .unwrap()
            .contains("'sha256-"),
        "the countdown's script is allowed"
    );
    assert!(!h.contains_key("set-cookie"));
    let asked: Uri = "/?lang=en".parse().unwrap();
    let response = market_home(&two(), &asked, &asking("fr"), now(), None);
    assert_eq!(response.headers()["content-language"], "en");
    assert!(response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .starts_with("lang=en"));
}
