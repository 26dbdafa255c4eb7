#!/usr/bin/env bash
# Installs whatever is missing, builds the client and the server, and runs the shop at
# http://127.0.0.1:8080 on SQLite (orchard.db). Ctrl-C stops it.
source "$(dirname "$0")/setup.sh"
ensure_rust_client_tools
build_client
say "cargo build --release --bin orchard-server"
cd "$ROOT"
cargo build --release --bin orchard-server
say "Orchard is at http://127.0.0.1:8080"
exec ./target/release/orchard-server "$@"
