//! The built client as the server serves it: caching per kind of file, precompressed brotli and
//! gzip, the wasm content type, range requests, the client-route fallback, API compression, and
//! the security headers on every response.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use axum::body::Body;
use axum::http::{header, Request, StatusCode};
use common::Sandbox;
use http_body_util::BodyExt;
use tower::ServiceExt;

const INLINE: &str = "import init from '/app-0123456789abcdef.js'; await init();";
const ADMIN_INLINE: &str = "import init from '/admin/team-0123456789abcdef.js'; await init();";
const MINE_INLINE: &str = "import init from '/mine/mine-0123456789abcdef.js'; await init();";

fn write_dist(sandbox: &Sandbox) {
    let dist = sandbox.path().join("dist");
    let html = format!("<!doctype html><title>Orchard</title><script type=\"module\">{INLINE}</script><script src=\"/x.js\"></script><h1>Drolma</h1>");
    std::fs::write(dist.join("index.html"), html).unwrap();
    std::fs::create_dir_all(dist.join("admin")).unwrap();
    let admin = format!("<!doctype html><title>Team</title><script type=\"module\">{ADMIN_INLINE}</script><h1>Orders</h1>");
    std::fs::write(dist.join("admin/index.html"), admin).unwrap();
    std::fs::create_dir_all(dist.join("mine")).unwrap();
    let mine = format!("<!doctype html><title>Mine</title><script type=\"module\">{MINE_INLINE}</script><h1>My orders</h1>");
    std::fs::write(dist.join("mine/index.html"), mine).unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js"), "console.log('plain')").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.br"), "BROTLI-BYTES").unwrap();
    std::fs::write(dist.join("app-0123456789abcdef.js.gz"), "GZIP-BYTES").unwrap();
    std::fs::write(
        dist.join("app-0123456789abcdef_bg.wasm"),
        b"\0asm\x01\0\0\0",
    )
    .unwrap();
    std::fs::write(dist.join("manifest.webmanifest"), "{}").unwrap();
    std::fs::write(
        dist.join("sw.js"),
        "self.addEventListener('fetch', () => {});",
    )
    .unwrap();
    std::fs::write(
        dist.join("media/clip.mp4"),
        (0u8..=255).collect::<Vec<u8>>(),
    )
    .unwrap();
}

async fn app(hsts: bool) -> (Sandbox, axum::Router) {
    let sandbox = Sandbox::open_sale(5, 5);
    write_dist(&sandbox);
    let args: &[&str] = if hsts { &["--hsts"] } else { &[] };
    let app = orchard::server::app(sandbox.state(args).await);
    (sandbox, app)
}

async fn get(
    app: &axum::Router,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, axum::http::HeaderMap, Vec<u8>) {
    let mut req = Request::get(path);
    for (k, v) in headers {
        req = req.header(*k, *v);
    }
    let response = app
        .clone()
        .oneshot(req.body(Body::empty()).unwrap())
        .await
        .unwrap();
    let (parts, body) = response.into_parts();
    (
        parts.status,
        parts.headers,
        body.collect().await.unwrap().to_bytes().to_vec(),
    )
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_shell_is_revalidated() {
    let (_s, app) = app(false).await;
    let cases = [
        (
            "/app-0123456789abcdef.js",
            "public, max-age=31536000, immutable",
        ),
        (
            "/app-0123456789abcdef_bg.wasm",
            "public, max-age=31536000, immutable",
        ),
        ("/", "no-cache"),
        ("/index.html", "no-cache"),
        ("/manifest.webmanifest", "no-cache"),
        ("/sw.js", "no-cache"),
        ("/orders/ABC", "no-cache"),
    ];
    for (path, rule) in cases {
        let (status, headers, _) = get(&app, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(headers[header::CACHE_CONTROL], rule, "{path}");
    }
}

#[tokio::test]
async fn precompressed_files_are_served_to_clients_that_accept_them() {
    let (_s, app) = app(false).await;
    let (_, h, body) = get(
        &app,
        "/app-0123456789abcdef.js",
        &[("accept-encoding", "br, gzip")],
    )
    .await;
    assert_eq!(
        (
            h[header::CONTENT_ENCODING].to_str().unwrap(),
            body.as_slice()
        ),
        ("br", b"BROTLI-BYTES".as_slice())
    );
    let (_, h, body) = get(
        &app,
        "/app-0123456789abcdef.js",
        &[("accept-encoding", "gzip")],
    )
    .await;
    assert_eq!(
        (
            h[header::CONTENT_ENCODING].to_str().unwrap(),
            body.as_slice()
        ),
        ("gzip", b"GZIP-BYTES".as_slice())
    );
    let (_, h, body) = get(&app, "/app-0123456789abcdef.js", &[]).await;
    assert!(h.get(header::CONTENT_ENCODING).is_none());
    assert_eq!(body, b"console.log('plain')");
    assert!(h[header::VARY]
        .to_str()
        .unwrap()
        .contains("accept-encoding"));
}

#[tokio::test]
async fn wasm_is_served_as_application_wasm() {
    let (_s, app) = app(false).await;
    let (_, h, _) = get(&app, "/app-0123456789abcdef_bg.wasm", &[]).await;
    assert_eq!(h[header::CONTENT_TYPE], "application/wasm");
}

#[tokio::test]
async fn the_video_answers_range_requests() {
    let (_s, app) = app(false).await;
    let (status, h, body) = get(&app, "/media/clip.mp4", &[("range", "bytes=10-19")]).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(h[header::CONTENT_RANGE], "bytes 10-19/256");
    assert_eq!(body, (10u8..=19).collect::<Vec<u8>>());
    let (status, _, _) = get(&app, "/media/clip.mp4", &[("range", "bytes=900-999")]).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
}

#[tokio::test]
async fn client_routes_get_index_html_but_api_paths_never_do() {
    let (_s, app) = app(false).await;
    for path in ["/", "/deep/unknown/path", "/orders/K7Q2M9XD4PRA/extra"] {
        let (status, h, body) = get(&app, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert!(h[header::CONTENT_TYPE]
            .to_str()
            .unwrap()
            .starts_with("text/html"));
        assert!(String::from_utf8(body).unwrap().contains("<h1>Drolma</h1>"));
    }
    let (status, h, _) = get(&app, "/api/no-such-thing", &[]).await;
    assert_eq!(status, StatusCode::NOT_FOUND);
    assert!(h[header::CONTENT_TYPE]
        .to_str()
        .unwrap()
        .starts_with("application/json"));
}

/// Asserts that each path answers with a revalidated page of the bundle whose page has `heading`.
async fn assert_bundle_page(app: &axum::Router, paths: &[&str], heading: &str) {
    for path in paths {
        let (status, h, body) = get(app, path, &[]).await;
        assert_eq!(status, StatusCode::OK, "{path}");
        assert_eq!(h[header::CACHE_CONTROL], "no-cache", "{path}");
        let body = String::from_utf8(body).unwrap();
        assert!(body.contains(heading), "{path}: {body}");
    }
}

#[tokio::test]
async fn the_buyers_orders_are_their_own_bundle_at_their_own_paths() {
    let (_s, app) = app(false).await;
    let paths = [
        "/my-orders",
        "/orders/K7Q2M9XD4PRA",
        "/orders/K7Q2M9XD4PRA?t=abc",
    ];
    assert_bundle_page(&app, &paths, "<h1>My orders</h1>").await;
}

#[tokio::test]
async fn the_team_page_is_its_own_bundle_and_never_the_buyers_page() {
    let (_s, app) = app(false).await;
    assert_bundle_page(&app, &["/admin", "/admin/"], "<h1>Orders</h1>").await;
}

#[tokio::test]
async fn api_answers_are_compressed_on_the_fly() {
    let (_s, app) = app(false).await;
    let (status, h, _) = get(&app, "/api/storefront", &[("accept-encoding", "gzip")]).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let (_s, app) = app(false).await;
    let hash = |script: &str| {
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))
        )
    };
    let (inline, mine, admin) = (hash(INLINE), hash(MINE_INLINE), hash(ADMIN_INLINE));
    for path in [
        "/",
        "/app-0123456789abcdef.js",
        "/api/storefront",
        "/api/nothing",
        "/healthz",
    ] {
        let (_, h, _) = get(&app, path, &[]).await;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        assert!(
            csp.contains(&format!(
                "script-src 'self' 'wasm-unsafe-eval' {inline} {mine} {admin};"
            )),
            "{path}: {csp}"
        );
        assert!(
            !csp.contains("unsafe-inline';") || csp.contains("style-src 'self' 'unsafe-inline'")
        );
        assert_eq!(h["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            h["referrer-policy"], "strict-origin-when-cross-origin",
            "{path}"
        );
        assert!(
            h["permissions-policy"]
                .to_str()
                .unwrap()
                .contains("camera=()"),
            "{path}"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS unless configured"
        );
    }
    let (_s, app) = self::app(true).await;
    let (_, h, _) = get(&app, "/", &[]).await;
    assert!(h["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}
