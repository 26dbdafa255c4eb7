//! Every HTML page in the buyer's language from the first byte, through the real router: the
//! language chosen by `?lang=`, the `lang` cookie and `Accept-Language` (Chinese by default),
//! the share card and first screen in it, absolute share links on `--public-url`, and bad input
//! falling back to negotiation without ever reaching the page unescaped.

use axum::http::{header, HeaderMap, StatusCode};

use crate::common::{at, content_with_producer, Sandbox};
use crate::helpers::{request, TestApp};

const INLINE: &str = "import init from '/orchard-0123456789abcdef.js'; await init();";

/// The producer in three languages, with two paragraphs of story in Chinese.
const PRODUCER: &str = r#"[producer]
name = { zh = "卓玛", en = "Drolma", fr = "Drolma" }
place = { zh = "四川甘孜州乡城县中德村", en = "Zhongde village, Xiangcheng", fr = "Village de Zhongde" }
greeting = "བཀྲ་ཤིས་བདེ་ལེགས"
picture = "/media/drolma-tree.svg"
[producer.story]
zh = ["卓玛奶奶每天绕着苹果树走一圈。", "第二段。"]
en = ["Drolma walks around her apple tree every day.", "Second."]
fr = ["Drolma fait le tour de son pommier chaque jour."]
"#;

/// `PRODUCER` with the tests' usual sale, open now, and 10 boxes of 5 kg.
fn content() -> String {
    content_with_producer(PRODUCER, &at(-3600), 10, 0)
}

/// A sandbox whose dist holds the real page templates, as Trunk leaves them (plus its loader).
fn sandbox() -> Sandbox {
    let sandbox = Sandbox::new(&content());
    let dist = sandbox.path().join("dist");
    let loader = format!("<script type=\"module\">{INLINE}</script></head>");
    for (file, template) in [
        ("index.html", include_str!("../../index.html")),
        ("mine/index.html", include_str!("../../mine/index.html")),
        ("admin/index.html", include_str!("../../admin/index.html")),
        ("scan/index.html", include_str!("../../scan/index.html")),
        ("owner/index.html", include_str!("../../owner/index.html")),
    ] {
        let file = dist.join(file);
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, template.replace("</head>", &loader)).unwrap();
    }
    sandbox
}

async fn app(extra: &[&str]) -> TestApp {
    TestApp::with(sandbox(), extra).await
}

async fn page(app: &TestApp, path: &str, headers: &[(&str, &str)]) -> (HeaderMap, String) {
    let r = app.send(request("GET", path, headers, None)).await;
    assert_eq!(r.status, StatusCode::OK, "{path}");
    let text = match r
        .headers
        .get(header::CONTENT_ENCODING)
        .map(|v| v.to_str().unwrap())
    {
        Some("br") => {
            let mut out = Vec::new();
            brotli::BrotliDecompress(&mut &r.body[..], &mut out).unwrap();
            String::from_utf8(out).unwrap()
        }
        None => r.text(),
        Some(other) => panic!("unexpected encoding {other}"),
    };
    (r.headers, text)
}

/// Asserts that each `property` of the share card is there once, with its `content`.
fn assert_meta(html: &str, card: &[(&str, &str)]) {
    for (property, content) in card {
        assert_eq!(meta(html, property), [*content], "{property}");
    }
}

fn meta(html: &str, property: &str) -> Vec<String> {
    let needle = format!("property=\"{property}\" content=\"");
    html.match_indices(&needle)
        .map(|(i, _)| {
            let rest = &html[i + needle.len()..];
            rest[..rest.find('"').unwrap()].to_owned()
        })
        .collect()
}

#[tokio::test]
async fn a_chinese_phone_gets_the_storefront_in_chinese_from_the_first_byte() {
    let app = app(&[]).await;
    let (h, html) = page(&app, "/", &[("accept-language", "zh-CN,zh;q=0.9,en;q=0.8")]).await;
    assert!(html.contains("<html lang=\"zh\">"), "{html}");
    assert!(
        html.contains("<title>卓玛的苹果 · 果园直送</title>"),
        "{html}"
    );
    let card = [
        ("og:title", "卓玛的苹果，从她的树上直接送到你家"),
        ("og:locale", "zh_CN"),
    ];
    assert_meta(&html, &card);
    assert!(
        html.contains("<h1>卓玛</h1>") && html.contains("四川甘孜州乡城县中德村"),
        "{html}"
    );
    assert!(
        html.contains("<p>卓玛奶奶每天绕着苹果树走一圈。</p>"),
        "the story's first lines"
    );
    assert!(
        !html.contains("第二段"),
        "only the first paragraph before the app"
    );
    assert!(
        html.contains("lang=\"bo\">བཀྲ་ཤིས་བདེ་ལེགས<"),
        "the greeting keeps lang=bo"
    );
    assert!(html.contains("果园加载中"), "the loading line");
    assert!(
        !html.contains("Drolma's apples"),
        "no English left in the card: {html}"
    );
    assert!(
        html.contains(INLINE),
        "Trunk's loader is kept byte for byte (the CSP hashes it)"
    );
    assert_eq!(h[header::CONTENT_LANGUAGE], "zh");
    let vary = h[header::VARY].to_str().unwrap().to_ascii_lowercase();
    assert!(
        vary.contains("accept-language") && vary.contains("cookie"),
        "{vary}"
    );
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
}

#[tokio::test]
async fn the_query_then_the_cookie_then_the_browser_pick_the_language_and_chinese_is_the_default() {
    let app = app(&[]).await;
    type Case<'a> = (&'a str, &'a [(&'a str, &'a str)], &'a str);
    let cases: &[Case] = &[
        ("/", &[], "zh"),
        ("/", &[("accept-language", "en-US,en;q=0.9")], "en"),
        ("/", &[("accept-language", "de-DE,fr;q=0.8")], "fr"),
        ("/?lang=fr", &[("accept-language", "en")], "fr"),
        (
            "/",
            &[("cookie", "lang=en"), ("accept-language", "zh-CN")],
            "en",
        ),
        ("/?lang=zh", &[("cookie", "lang=en")], "zh"),
        (
            "/?lang=%3Cscript%3Ealert(1)%3C/script%3E",
            &[("accept-language", "fr")],
            "fr",
        ),
        (
            "/",
            &[
                ("cookie", "lang=\"><script>x</script>"),
                ("accept-language", "en"),
            ],
            "en",
        ),
        ("/deep/client/route", &[("accept-language", "fr")], "fr"),
        ("/index.html", &[("accept-language", "en")], "en"),
    ];
    for (path, headers, want) in cases {
        let (_, html) = page(&app, path, headers).await;
        assert!(
            html.contains(&format!("<html lang=\"{want}\"")),
            "{path} {headers:?}"
        );
        assert!(
            !html.contains("alert(1)") && !html.contains("<script>x"),
            "never echoed"
        );
    }
    let long = "xx;q=0.5,".repeat(5000);
    let (_, html) = page(&app, "/", &[("accept-language", long.as_str())]).await;
    assert!(
        html.contains("<html lang=\"zh\""),
        "an absurd header falls back"
    );
}

#[tokio::test]
async fn share_links_are_absolute_on_the_public_url_with_a_link_to_each_language() {
    let public = app(&["--public-url", "https://apples.example/"]).await;
    let (_, html) = page(&public, "/", &[("accept-language", "en")]).await;
    let card = [
        ("og:url", "https://apples.example/"),
        ("og:image", "https://apples.example/icons/og-card.png"),
        ("og:title", "Drolma's apples, straight from her tree"),
        ("og:image:width", "1200"),
    ];
    assert_meta(&html, &card);
    assert!(html
        .contains("name=\"twitter:image\" content=\"https://apples.example/icons/og-card.png\""));
    assert!(html.contains("<link rel=\"canonical\" href=\"https://apples.example/?lang=en\">"));
    for lang in ["zh", "en", "fr"] {
        let link = format!("hreflang=\"{lang}\" href=\"https://apples.example/?lang={lang}\"");
        assert!(html.contains(&link), "{link}");
    }
    assert!(html.contains("hreflang=\"x-default\" href=\"https://apples.example/\""));
    assert!(
        html.contains("data-origin=\"https://apples.example\""),
        "the share button's origin"
    );

    let relative = app(&[]).await;
    let (_, html) = page(&relative, "/", &[]).await;
    assert_eq!(
        meta(&html, "og:url"),
        ["/"],
        "without --public-url, as before"
    );
    assert!(!html.contains("data-origin"));
}

#[tokio::test]
async fn the_buyers_orders_and_the_team_page_follow_the_language_too() {
    let app = app(&[]).await;
    let (h, html) = page(
        &app,
        "/orders/K7Q2M9XD4PRA",
        &[("accept-language", "zh-CN")],
    )
    .await;
    assert!(
        html.contains("<html lang=\"zh\">")
            && html.contains("<title>我的订单 · 卓玛的苹果</title>"),
        "{html}"
    );
    assert!(html.contains("正在加载你的订单"), "{html}");
    assert_eq!(h[header::CACHE_CONTROL], "no-cache");
    let (_, html) = page(&app, "/my-orders", &[("cookie", "lang=fr")]).await;
    assert!(
        html.contains("<html lang=\"fr\">") && html.contains("Mes commandes"),
        "{html}"
    );
    let (_, html) = page(&app, "/admin", &[("accept-language", "en")]).await;
    assert!(
        html.contains("<html lang=\"en\">") && html.contains("<title>Orders · Orchard</title>"),
        "{html}"
    );
    let (_, html) = page(&app, "/admin/scan", &[("accept-language", "fr")]).await;
    assert!(
        html.contains("<title>Scanner pour emballer · Orchard</title>"),
        "{html}"
    );
    let (_, html) = page(&app, "/admin/owner", &[("accept-language", "zh-CN")]).await;
    assert!(
        html.contains("<html lang=\"zh\">")
            && html.contains("<title>数据、库存与售后 · 果园团队</title>"),
        "{html}"
    );
}

#[tokio::test]
async fn a_link_in_a_language_keeps_it_for_the_visit_and_nothing_else_sets_a_cookie() {
    let app = app(&[]).await;
    let english_phone = ("accept-language", "en-US,en;q=0.9");
    let (h, html) = page(&app, "/?lang=zh", &[english_phone]).await;
    assert!(html.contains("<html lang=\"zh\">"), "{html}");
    // A session cookie: the tracking page that follows is in Chinese too, until the browser
    // closes or a language button replaces it.
    assert_eq!(h[header::SET_COOKIE], "lang=zh; Path=/; SameSite=Lax");
    let (_, html) = page(&app, "/my-orders", &[english_phone, ("cookie", "lang=zh")]).await;
    assert!(html.contains("<html lang=\"zh\">"), "{html}");
    let (h, _) = page(&app, "/?lang=fr", &[("cookie", "lang=zh")]).await;
    assert_eq!(h[header::SET_COOKIE], "lang=fr; Path=/; SameSite=Lax");
    for (path, cookie) in [
        ("/", ""),
        ("/?lang=xx", ""),
        ("/?lang=zh", "lang=zh"),
        ("/orders/K7Q2M9XD4PRA?t=abc", ""),
    ] {
        let (h, _) = page(&app, path, &[english_phone, ("cookie", cookie)]).await;
        assert!(h.get(header::SET_COOKIE).is_none(), "{path} {cookie:?}");
    }
}

#[tokio::test]
async fn pages_are_sent_compressed_to_clients_that_accept_it() {
    let app = app(&[]).await;
    let brotli_in_french = [("accept-encoding", "gzip, br"), ("accept-language", "fr")];
    let (h, html) = page(&app, "/", &brotli_in_french).await;
    assert_eq!(h[header::CONTENT_ENCODING], "br");
    assert!(html.contains("<html lang=\"fr\">"));
    assert!(html.contains("Les pommes de Drolma"));
}
