//! The built client: Trunk's `dist/` with precompressed brotli/gzip, range requests, long-lived
//! caching for content-hashed files, `no-cache` for the shell (index.html, manifest, service
//! worker), and the storefront's page for every other path so client routes survive a reload.
//! The pages themselves, in the buyer's language, come from `pages`.

use std::path::Path;
use std::sync::Arc;

use axum::extract::{Request, State};
use axum::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use axum::http::{HeaderName, HeaderValue};
use axum::middleware::Next;
use axum::response::Response;
use tower_http::services::ServeDir;

/// The static file service; every path that is not a file goes to `pages` (the storefront's
/// page in the buyer's language, so client routes survive a reload).
pub fn service<F>(dist: &Path, pages: F) -> ServeDir<F> {
    ServeDir::new(dist)
        .precompressed_br()
        .precompressed_gzip()
        .append_index_html_on_directories(false)
        .fallback(pages)
}

/// Whether a file name carries Trunk's content hash (`name-0123456789abcdef.ext`,
/// `name-0123456789abcdef_bg.wasm`), so its content can never change under that name. Trunk
/// writes the 64-bit hash without leading zeros (one build in sixteen has 15 digits or fewer);
/// fewer than 12 is taken for a plain name (`icon-192.png`), at worst a hash once in 65,536.
pub fn is_hashed(path: &str) -> bool {
    let file = path.rsplit('/').next().unwrap_or_default();
    let stem = file
        .split('.')
        .next()
        .unwrap_or_default()
        .trim_end_matches("_bg");
    stem.rsplit_once('-').is_some_and(|(name, hash)| {
        !name.is_empty()
            && (12..=16).contains(&hash.len())
            && hash.bytes().all(|b| b.is_ascii_hexdigit())
    })
}

/// Caching for one static path.
fn cache_control(path: &str) -> &'static str {
    if is_hashed(path) {
        "public, max-age=31536000, immutable"
    } else if path.starts_with("/media/") || path.starts_with("/icons/") {
        "public, max-age=86400"
    } else {
        "no-cache"
    }
}

/// The headers every response carries. A page carries its own Content-Security-Policy
/// (`page_policy`, kept with each rendered copy); every other response the policy that allows no
/// inline script at all.
#[derive(Debug, Clone)]
pub struct SecurityHeaders {
    csp: HeaderValue,
    hsts: bool,
}

/// SHA-256 sources (`'sha256-…'`) of the inline scripts in a page: Trunk writes one to load the
/// WebAssembly, and the page's Content-Security-Policy allows exactly those and nothing else
/// inline.
pub fn inline_script_hashes(html: &str) -> Vec<String> {
    use base64::Engine;
    use sha2::{Digest, Sha256};
    let mut hashes = Vec::new();
    let mut rest = html;
    while let Some(start) = rest.find("<script") {
        rest = &rest[start..];
        let Some(tag_end) = rest.find('>') else { break };
        let tag = &rest[..tag_end];
        rest = &rest[tag_end + 1..];
        let Some(close) = rest.find("</script>") else {
            break;
        };
        if !tag.contains(" src=") {
            let digest = Sha256::digest(&rest.as_bytes()[..close]);
            hashes.push(format!(
                "'sha256-{}'",
                base64::engine::general_purpose::STANDARD.encode(digest)
            ));
        }
        rest = &rest[close..];
    }
    hashes
}

/// The Content-Security-Policy allowing `scripts` (SHA-256 sources) inline, and no other inline
/// script.
fn policy(scripts: &[String]) -> HeaderValue {
    let csp = format!(
        "default-src 'self'; script-src 'self' 'wasm-unsafe-eval'{}{}; style-src 'self' 'unsafe-inline'; \
         img-src 'self' data: blob:; media-src 'self'; connect-src 'self'; font-src 'self'; \
         manifest-src 'self'; worker-src 'self'; object-src 'none'; base-uri 'self'; \
         form-action 'self'; frame-ancestors 'none'",
        if scripts.is_empty() { "" } else { " " },
        scripts.join(" ")
    );
    HeaderValue::from_str(&csp).unwrap_or(HeaderValue::from_static("default-src 'self'"))
}

/// The Content-Security-Policy of one page as sent: it allows exactly that page's inline
/// scripts, so a page rendered again from a rebuilt `dist/` comes with its new loader allowed
/// (and the old one no longer).
pub fn page_policy(html: &str) -> HeaderValue {
    policy(&inline_script_hashes(html))
}

/// The Permissions-Policy of a response: the phone's camera for this origin if `camera` (a page
/// whose bundle may use it, `crate::bundles`), else none; never the microphone, the position or
/// payments.
pub fn permissions_policy(camera: bool) -> HeaderValue {
    HeaderValue::from_static(if camera {
        "camera=(self), microphone=(), geolocation=(), payment=()"
    } else {
        "camera=(), microphone=(), geolocation=(), payment=()"
    })
}

impl SecurityHeaders {
    /// The headers of every response; `hsts` when the shop runs behind TLS.
    pub fn new(hsts: bool) -> Self {
        Self {
            csp: policy(&[]),
            hsts,
        }
    }
}

/// Security headers on every response, and caching rules on the static ones.
pub async fn security_headers(
    State(policy): State<Arc<SecurityHeaders>>,
    req: Request,
    next: Next,
) -> Response {
    let path = req.uri().path().to_owned();
    let mut response = next.run(req).await;
    let headers = response.headers_mut();
    let set = |headers: &mut axum::http::HeaderMap, name: &'static str, value: &'static str| {
        headers
            .entry(HeaderName::from_static(name))
            .or_insert(HeaderValue::from_static(value));
    };
    // A page, or an answer with a policy of its own (a claim's photo), keeps it.
    headers
        .entry(HeaderName::from_static("content-security-policy"))
        .or_insert(policy.csp.clone());
    if policy.hsts {
        set(
            headers,
            "strict-transport-security",
            "max-age=31536000; includeSubDomains",
        );
    }
    set(headers, "x-content-type-options", "nosniff");
    set(
        headers,
        "referrer-policy",
        "strict-origin-when-cross-origin",
    );
    // A page whose bundle may use the camera said so (`pages`); nothing else may, nor anything
    // embedded.
    headers
        .entry(HeaderName::from_static("permissions-policy"))
        .or_insert(permissions_policy(false));
    if !path.starts_with("/api/") && path != "/healthz" {
        let is_html = headers
            .get(CONTENT_TYPE)
            .and_then(|v| v.to_str().ok())
            .is_some_and(|v| v.starts_with("text/html"));
        let rule = if is_html {
            "no-cache"
        } else {
            cache_control(&path)
        };
        headers.insert(CACHE_CONTROL, HeaderValue::from_static(rule));
        // Brotli, gzip and plain copies share each URL: caches must keep them apart.
        headers
            .entry(axum::http::header::VARY)
            .or_insert(HeaderValue::from_static("accept-encoding"));
    }
    response
}

#[cfg(test)]
mod tests {
    use super::is_hashed;

    #[test]
    fn only_trunk_hashed_names_count_as_immutable() {
        let cases = [
            ("/orchard-3f2a9c0d1e4b5a67.js", true),
            ("/orchard-3f2a9c0d1e4b5a67_bg.wasm", true),
            ("/main-0123456789abcdef.css", true),
            ("/main-7ecc1d32b5ac99f.css", true),
            ("/icons/icon-192.png", false),
            ("/icons/icon-maskable-512.png", false),
            ("/index.html", false),
            ("/sw.js", false),
            ("/manifest.webmanifest", false),
            ("/media/drolma-tree.svg", false),
            ("/orchard-xyz.js", false),
        ];
        for (path, want) in cases {
            assert_eq!(is_hashed(path), want, "{path}");
        }
    }
}
