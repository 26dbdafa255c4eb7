//! The built client as the server serves it: caching per kind of file, precompressed brotli and
//! gzip, the wasm content type, range requests, the client-route fallback, API compression, and
//! the security headers on every response.

use axum::http::{header, HeaderMap, StatusCode};

use crate::common::Sandbox;
use crate::helpers::{request, Reply, TestApp};

const INLINE: &str = "import init from '/app-0123456789abcdef.js'; await init();";
const ADMIN_INLINE: &str = "import init from '/admin/team-0123456789abcdef.js'; await init();";
const MINE_INLINE: &str = "import init from '/mine/mine-0123456789abcdef.js'; await init();";
const OWNER_INLINE: &str = "import init from '/owner/owner-0123456789abcdef.js'; await init();";
const SCAN_INLINE: &str = "import init from '/scan/scan-0123456789abcdef.js'; await init();";

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
    std::fs::create_dir_all(dist.join("scan")).unwrap();
    let scan = format!("<!doctype html><title>Scan</title><script type=\"module\">{SCAN_INLINE}</script><h1>Scan</h1>");
    std::fs::write(dist.join("scan/index.html"), scan).unwrap();
    std::fs::create_dir_all(dist.join("owner")).unwrap();
    let owner = format!("<!doctype html><title>Owner</title><script type=\"module\">{OWNER_INLINE}</script><h1>Numbers</h1>");
    std::fs::write(dist.join("owner/index.html"), owner).unwrap();
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

async fn app(hsts: bool) -> TestApp {
    let sandbox = Sandbox::open_sale(5, 5);
    write_dist(&sandbox);
    let flags: &[&str] = if hsts { &["--hsts"] } else { &[] };
    TestApp::with(sandbox, flags).await
}

/// `GET path` with `headers`: the status, the headers and the body's bytes.
async fn get(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, Vec<u8>) {
    let Reply {
        status,
        headers,
        body,
        ..
    } = app.send(request("GET", path, headers, None)).await;
    (status, headers, body.to_vec())
}

#[tokio::test]
async fn hashed_assets_are_immutable_and_the_shell_is_revalidated() {
    let app = app(false).await;
    const IMMUTABLE: &str = "public, max-age=31536000, immutable";
    let cases = [
        ("/app-0123456789abcdef.js", IMMUTABLE),
        ("/app-0123456789abcdef_bg.wasm", IMMUTABLE),
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
    let app = app(false).await;
    for (accepted, encoding, bytes) in [
        ("br, gzip", "br", b"BROTLI-BYTES".as_slice()),
        ("gzip", "gzip", b"GZIP-BYTES".as_slice()),
    ] {
        let (_, h, body) = get(
            &app,
            "/app-0123456789abcdef.js",
            &[("accept-encoding", accepted)],
        )
        .await;
        assert_eq!(
            (
                h[header::CONTENT_ENCODING].to_str().unwrap(),
                body.as_slice()
            ),
            (encoding, bytes)
        );
    }
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
    let wasm = "/app-0123456789abcdef_bg.wasm";
    let (_, h, _) = get(&app(false).await, wasm, &[]).await;
    assert_eq!(h[header::CONTENT_TYPE], "application/wasm");
}

#[tokio::test]
async fn the_video_answers_range_requests() {
    let app = app(false).await;
    let (status, h, body) = get(&app, "/media/clip.mp4", &[("range", "bytes=10-19")]).await;
    assert_eq!(status, StatusCode::PARTIAL_CONTENT);
    assert_eq!(h[header::CONTENT_RANGE], "bytes 10-19/256");
    assert_eq!(body, (10u8..=19).collect::<Vec<u8>>());
    let (status, _, _) = get(&app, "/media/clip.mp4", &[("range", "bytes=900-999")]).await;
    assert_eq!(status, StatusCode::RANGE_NOT_SATISFIABLE);
}

#[tokio::test]
async fn client_routes_get_index_html_but_api_paths_never_do() {
    let app = app(false).await;
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
async fn assert_bundle_page(app: &TestApp, paths: &[&str], heading: &str) {
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
    let app = app(false).await;
    let paths = [
        "/my-orders",
        "/orders/K7Q2M9XD4PRA",
        "/orders/K7Q2M9XD4PRA?t=abc",
    ];
    assert_bundle_page(&app, &paths, "<h1>My orders</h1>").await;
}

#[tokio::test]
async fn the_team_page_is_its_own_bundle_and_never_the_buyers_page() {
    let app = app(false).await;
    assert_bundle_page(&app, &["/admin", "/admin/"], "<h1>Orders</h1>").await;
}

#[tokio::test]
async fn scan_to_pack_is_a_bundle_of_its_own_apart_from_the_order_list() {
    let app = app(false).await;
    assert_bundle_page(&app, &["/admin/scan", "/scan/index.html"], "<h1>Scan</h1>").await;
}

#[tokio::test]
async fn the_owners_page_is_a_bundle_of_its_own_apart_from_the_helpers_team_page() {
    let app = app(false).await;
    let paths = ["/admin/owner", "/owner/index.html"];
    assert_bundle_page(&app, &paths, "<h1>Numbers</h1>").await;
}

#[tokio::test]
async fn api_answers_are_compressed_on_the_fly() {
    let gzip = [("accept-encoding", "gzip")];
    let (status, h, _) = get(&app(false).await, "/api/storefront", &gzip).await;
    assert_eq!(status, StatusCode::OK);
    assert_eq!(h[header::CONTENT_ENCODING], "gzip");
}

#[tokio::test]
async fn only_the_team_page_may_use_the_camera() {
    let app = app(false).await;
    let policy = |h: &HeaderMap| h["permissions-policy"].to_str().unwrap().to_owned();
    for path in ["/admin", "/admin/", "/admin/index.html", "/admin/scan"] {
        let (_, h, _) = get(&app, path, &[]).await;
        assert!(
            policy(&h).contains("camera=(self)"),
            "{path}: {}",
            policy(&h)
        );
        assert!(policy(&h).contains("microphone=()"), "{path}");
    }
    for path in ["/", "/my-orders", "/administrator", "/api/admin/orders"] {
        let (_, h, _) = get(&app, path, &[]).await;
        assert!(policy(&h).contains("camera=()"), "{path}: {}", policy(&h));
    }
}

#[tokio::test]
async fn every_response_carries_the_security_headers() {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let app = app(false).await;
    let hash = |script: &str| {
        format!(
            "'sha256-{}'",
            base64::engine::general_purpose::STANDARD.encode(Sha256::digest(script))
        )
    };
    // Each page allows its own loader and no other bundle's; other answers no inline script.
    let cases = [
        ("/", Some(INLINE)),
        ("/my-orders", Some(MINE_INLINE)),
        ("/admin", Some(ADMIN_INLINE)),
        ("/admin/scan", Some(SCAN_INLINE)),
        ("/admin/owner", Some(OWNER_INLINE)),
        ("/app-0123456789abcdef.js", None),
        ("/api/storefront", None),
        ("/api/nothing", None),
        ("/healthz", None),
    ];
    for (path, inline) in cases {
        let (_, h, _) = get(&app, path, &[]).await;
        let csp = h["content-security-policy"].to_str().unwrap();
        assert!(csp.contains("default-src 'self'"), "{path}: {csp}");
        let scripts = match inline {
            Some(script) => format!(" {}", hash(script)),
            None => String::new(),
        };
        assert!(
            csp.contains(&format!("script-src 'self' 'wasm-unsafe-eval'{scripts};")),
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
                .contains("microphone=()"),
            "{path}"
        );
        assert!(
            h.get("strict-transport-security").is_none(),
            "no HSTS unless configured"
        );
    }
    let app = self::app(true).await;
    let (_, h, _) = get(&app, "/", &[]).await;
    assert!(h["strict-transport-security"]
        .to_str()
        .unwrap()
        .starts_with("max-age="));
}
