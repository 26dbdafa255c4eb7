//! The Content-Security-Policy follows the page it comes with: each page allows exactly its own
//! inline scripts (Trunk's loader), also after `dist/` is rebuilt under a running server, when
//! Trunk has written a new loader. (Every other answer allows no inline script: `static_files`.)

use std::collections::BTreeSet;
use std::path::Path;
use std::time::{Duration, SystemTime};

use axum::http::{HeaderMap, StatusCode};

use crate::common::Sandbox;
use crate::helpers::{request, TestApp};

/// The SHA-256 source of an inline script, as a CSP names it.
fn source(script: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(script);
    format!(
        "'sha256-{}'",
        base64::engine::general_purpose::STANDARD.encode(digest)
    )
}

/// The inline scripts a CSP allows.
fn allowed(headers: &HeaderMap) -> BTreeSet<String> {
    let csp = headers["content-security-policy"].to_str().unwrap();
    csp.split([' ', ';'])
        .filter(|s| s.starts_with("'sha256-"))
        .map(str::to_owned)
        .collect()
}

/// The body's inline scripts (those without `src`), as sources.
fn inline_scripts(html: &str) -> BTreeSet<String> {
    html.split("<script")
        .skip(1)
        .filter_map(|s| s.split_once('>'))
        .filter(|(tag, _)| !tag.contains("src="))
        .filter_map(|(_, rest)| rest.split_once("</script>"))
        .map(|(script, _)| source(script))
        .collect()
}

/// Writes `page` (under `dist`) with a Trunk-like loader `script` inline, dated `modified`.
fn write_page(dist: &Path, page: &str, script: &str, modified: SystemTime) {
    let html = format!(
        "<!doctype html><html lang=\"en\"><head><title>Orchard</title>\
         <script type=\"module\">{script}</script><script src=\"/x.js\"></script></head>\
         <body><h1>Drolma</h1></body></html>"
    );
    let path = dist.join(page);
    std::fs::create_dir_all(path.parent().unwrap()).unwrap();
    std::fs::write(&path, html).unwrap();
    let file = std::fs::File::options().write(true).open(&path).unwrap();
    file.set_modified(modified).unwrap();
}

/// `GET path` with `headers`: the status, the headers and the body as text.
async fn get(
    app: &TestApp,
    path: &str,
    headers: &[(&str, &str)],
) -> (StatusCode, HeaderMap, String) {
    let reply = app.send(request("GET", path, headers, None)).await;
    let body = String::from_utf8_lossy(&reply.body).into_owned();
    (reply.status, reply.headers, body)
}

const OLD: &str = "import init from '/app-0123456789abcdef.js'; await init();";
const NEW: &str =
    "import init from '/app-fedcba9876543210.js'; await init('/app-fedcba9876543210_bg.wasm');";
const OLD_TEAM: &str = "import init from '/admin/team-0123456789abcdef.js'; await init();";
const NEW_TEAM: &str = "import init from '/admin/team-fedcba9876543210.js'; await init();";

#[tokio::test]
async fn a_page_rebuilt_under_a_running_server_is_sent_with_its_new_inline_script_allowed() {
    let sandbox = Sandbox::open_sale(5, 5);
    let dist = sandbox.path().join("dist");
    let built = SystemTime::now() - Duration::from_secs(3600);
    write_page(&dist, "index.html", OLD, built);
    write_page(&dist, "admin/index.html", OLD_TEAM, built);
    let app = TestApp::with(sandbox, &[]).await;

    let (status, headers, body) = get(&app, "/", &[]).await;
    assert_eq!(status, StatusCode::OK);
    assert!(body.contains(OLD), "{body}");
    assert_eq!(
        allowed(&headers),
        inline_scripts(&body),
        "the page's own script"
    );
    assert_eq!(allowed(&headers), BTreeSet::from([source(OLD)]));
    let (_, headers, _) = get(&app, "/admin", &[]).await;
    assert_eq!(allowed(&headers), BTreeSet::from([source(OLD_TEAM)]));

    // The deploy: Trunk writes the pages again, each with a new loader, a minute later.
    let rebuilt = built + Duration::from_secs(60);
    write_page(&dist, "index.html", NEW, rebuilt);
    write_page(&dist, "admin/index.html", NEW_TEAM, rebuilt);

    let (_, headers, body) = get(&app, "/", &[]).await;
    assert!(
        body.contains(NEW) && !body.contains(OLD),
        "the new page: {body}"
    );
    assert_eq!(allowed(&headers), inline_scripts(&body));
    for lang in ["", "?lang=fr", "?lang=zh"] {
        for encoding in ["identity", "br", "gzip"] {
            let path = format!("/{lang}");
            let (status, headers, _) = get(&app, &path, &[("accept-encoding", encoding)]).await;
            assert_eq!(status, StatusCode::OK, "{path} {encoding}");
            assert_eq!(
                allowed(&headers),
                BTreeSet::from([source(NEW)]),
                "{path} {encoding}: the new loader only, never the old"
            );
        }
    }
    let (_, headers, body) = get(&app, "/admin", &[]).await;
    assert!(body.contains(NEW_TEAM), "{body}");
    assert_eq!(allowed(&headers), BTreeSet::from([source(NEW_TEAM)]));
}
