//! Every bundle of the table (`orchard::bundles::ALL`) as the server serves it: each of its page
//! paths answers its own page, revalidated, with the Content-Security-Policy of that page's
//! loader and the camera only where the table allows it.

use axum::http::{header, StatusCode};
use orchard::bundles::{self, Bundle};

use crate::common::Sandbox;
use crate::helpers::TestApp;

/// The loader Trunk would write into `bundle`'s page.
fn loader(bundle: &Bundle) -> String {
    format!(
        "import init from '{}{}-0123456789abcdef.js'; await init();",
        bundle.public_url(),
        bundle.bin
    )
}

/// A shop whose `dist/` holds a page of its own for every bundle of the table.
async fn shop() -> TestApp {
    let sandbox = Sandbox::open_sale(5, 5);
    let dist = sandbox.path().join("dist");
    for bundle in bundles::ALL {
        let page = format!(
            "<!doctype html><title>Orchard</title><script type=\"module\">{}</script><h1>page of {}</h1>",
            loader(bundle),
            bundle.name
        );
        let file = dist.join(bundle.file());
        std::fs::create_dir_all(file.parent().unwrap()).unwrap();
        std::fs::write(file, page).unwrap();
    }
    std::fs::write(
        dist.join("admin/orchard-admin-0123456789abcdef.js"),
        "init()",
    )
    .unwrap();
    TestApp::with(sandbox, &[]).await
}

/// The SHA-256 source a Content-Security-Policy names `script` by.
fn hash(script: &str) -> String {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let digest = Sha256::digest(script);
    let encoded = base64::engine::general_purpose::STANDARD.encode(digest);
    format!("'sha256-{encoded}'")
}

#[tokio::test]
async fn every_path_of_every_bundle_answers_its_page_with_its_loader_and_its_camera_rule() {
    let app = shop().await;
    for bundle in bundles::ALL {
        for pattern in bundle.paths {
            // The sandbox's producer is named after its file, `content.toml`.
            let path = pattern
                .replace("{id}", "K7Q2M9XD4PRA")
                .replace("{slug}", "content");
            let reply = app.get(&path).await;
            assert_eq!(reply.status, StatusCode::OK, "{path}");
            let body = reply.text();
            assert!(
                body.contains(&format!("<h1>page of {}</h1>", bundle.name)),
                "{path}: {body}"
            );
            assert_eq!(reply.headers[header::CACHE_CONTROL], "no-cache", "{path}");
            let csp = reply.headers[header::CONTENT_SECURITY_POLICY]
                .to_str()
                .unwrap();
            let scripts = format!(
                "script-src 'self' 'wasm-unsafe-eval' {};",
                hash(&loader(bundle))
            );
            assert!(csp.contains(&scripts), "{path}: {csp}");
            let permissions = reply.headers["permissions-policy"].to_str().unwrap();
            let camera = if bundle.camera {
                "camera=(self)"
            } else {
                "camera=()"
            };
            assert!(permissions.starts_with(camera), "{path}: {permissions}");
            assert!(permissions.contains("microphone=()"), "{path}");
        }
    }
}

#[tokio::test]
async fn a_path_no_bundle_claims_answers_the_storefront_without_the_camera() {
    let app = shop().await;
    for path in [
        "/admin/nothing-here",
        "/orders/",
        "/orders/K7Q2/extra",
        "/mine/",
    ] {
        let reply = app.get(path).await;
        assert_eq!(reply.status, StatusCode::OK, "{path}");
        assert!(
            reply.text().contains("<h1>page of storefront</h1>"),
            "{path}"
        );
        let permissions = reply.headers["permissions-policy"].to_str().unwrap();
        assert!(
            permissions.starts_with("camera=()"),
            "{path}: {permissions}"
        );
    }
    // The files of a bundle that may use the camera are not pages: they never carry it.
    let reply = app.get("/admin/orchard-admin-0123456789abcdef.js").await;
    let permissions = reply.headers["permissions-policy"].to_str().unwrap();
    assert!(permissions.starts_with("camera=()"), "{permissions}");
    assert!(
        reply.content_type().contains("javascript"),
        "{}",
        reply.text()
    );
}
