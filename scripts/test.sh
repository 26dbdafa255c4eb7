#!/usr/bin/env bash
# Installs whatever is missing and runs every test: formatting and lints on both targets, the
# native tests (domain, API, real-server races and crash), the client's tests in headless
# Chromium, then the release server attacked by Schemathesis from its OpenAPI document on both
# stores, then the release build in real browsers: Chromium with Playwright, then WebKit and
# Firefox through WebDriver (tests/browsers/).
source "$(dirname "$0")/setup.sh"
ensure_rust_client_tools
ensure_browser_tools
ensure_webdriver_browsers
ensure_schemathesis
cd "$ROOT"

say "cargo fmt --check"
cargo fmt --check
say "cargo clippy (native and wasm32)"
cargo clippy --all-targets --quiet -- -D warnings
cargo clippy --all-targets --quiet --target wasm32-unknown-unknown -- -D warnings

say "cargo test (native)"
bash scripts/with-postgres.sh cargo test
say "deploy/nginx.conf in Debian's nginx in front of the server (tests/nginx/main.rs)"
cargo test --test nginx -- --ignored --test-threads 1

say "cargo test (wasm32, headless Chromium)"
CHROMEDRIVER=/usr/bin/chromedriver cargo test --target wasm32-unknown-unknown

build_client
say "bundle sizes (every bundle's first load against its brotli budget, src/bundles.rs)"
bash "$ROOT/scripts/size-report.sh"
say "cargo build --release --bin orchard-server"
cargo build --release --bin orchard-server
say "cargo build --release --example pay_sims (the payment providers' simulators for the browsers)"
cargo build --release --example pay_sims

say "Schemathesis against /api/openapi.json (release server, SQLite then PostgreSQL)"
bash "$ROOT/scripts/schemathesis.sh" sqlite
bash "$ROOT/scripts/with-postgres.sh" bash "$ROOT/scripts/schemathesis.sh" postgres

say "Playwright (end2end/)"
cd "$ROOT/end2end"
npx playwright test

say "WebKit and Firefox through WebDriver (tests/browsers/)"
cd "$ROOT"
# Each journey has its own deadline and stops what it started; this one is the last resort.
timeout -k 10 600 cargo test --test browsers -- --ignored --test-threads 1
