//! A load benchmark against the release server on this machine.
//!
//! ```sh
//! cargo build --release --bin orchard-server
//! cargo run --release --example load -- [--buyers 64] [--seconds 10] [--storefront] [--overload]
//!     [--slow-clients 1100 [--slow-addresses 1] [--server-nofile 1024]]
//!     [--team 30000 [--team-csv 100000] [--postgres URL]]
//!     [--claim-flood 48 [--flood-addresses 48] [--trickle-kib 1024] [--flood-photo 4096x3900]
//!         [--server-args "…"]]
//!     [--market [--flood-buyers 640] [--steady-rate 100] [--server-args "…"]]
//!     [--market-scale [--requests 200] [--postgres URL]]
//!     [--paying [--provider-delay-ms 300]]
//! ```
//!
//! Each run starts `target/release/orchard-server` (or `$CARGO_TARGET_DIR/release/…`) on a free
//! loopback port with a fresh temporary database, a sale that is open and a large stock, and
//! `--rate-limit-per-minute 0`; drives N concurrent buyers for S seconds, each order with a new
//! idempotency key; then prints orders/s, latency percentiles, status counts and the server's
//! peak RSS, and checks that the stock left plus the boxes ordered equals the initial stock.
//!
//! - default: two runs, group commit (`--max-batch 512`) and one commit per order
//!   (`--max-batch 1`);
//! - `--storefront`: `GET /api/storefront` requests/s, plain and with `If-None-Match`;
//! - `--overload`: 10× the buyers against `--max-pending-orders 32`, to show the 503s answered at
//!   once: once with buyers retrying at once, once with buyers waiting the `Retry-After`;
//! - `--slow-clients N` (issue #13): the buyers order while N connections from 127.0.0.2 (and up
//!   to `--slow-addresses K` addresses) send a header line every 2 s and never finish,
//!   reconnecting when dropped; `--server-nofile 1024` runs the server alone under that
//!   `ulimit -n` (the load generator holds the slow sockets, so it needs more);
//! - `--team N` (issue #15): the team's side on a shop filled with N orders (at least 5,000):
//!   the first page's bytes, summary, searches, pick list and paging timed, a bulk move of 5,000
//!   orders, and the CSV export (of `--team-csv M` orders if given) with the server's RSS; on
//!   PostgreSQL with `--postgres URL` (a fresh database on it);
//! - `--claim-flood N` (issue #26): the buyers order while N connections from 127.0.0.2 and up
//!   (`--flood-addresses K` of them) trickle claims of three photos at `--trickle-kib` KiB/s to
//!   shipped orders, one after another: the server's RSS before and at its peak, the growth, and
//!   the claims' answers (201, 429, 503, 408…). Each photo is a real JPEG the server decodes and
//!   re-encodes, by default 4096 × 3900 (just under its 16 MP) at about 4.1 MiB, encoded once at
//!   start (the time it took is printed); `--flood-photo WxH` another size (`4000x3000`),
//!   `--flood-photo random` a JPEG header then random bytes (the bodies' memory without the
//!   decoders'); `--server-args "…"` passes flags to the server (`--max-claim-uploads 1024
//!   --max-claim-uploads-per-client 0`: the flood without its turns);
//! - `--market` (issue #28): a market of two producers, each a copy of content/drolma.toml; one
//!   producer's buyers order at `--steady-rate` orders/s, quiet and then while `--flood-buyers`
//!   buyers (default ten times `--buyers`) of the other retry at once against
//!   `--max-pending-orders 32`: its served share and p99 both times, side by side with the goal
//!   (≥ 99 % served, p99 ≤ 2 × quiet), and how far over capacity the flood was (`market.rs`);
//! - `--market-scale` (issue #28): a market of 100 producers and 300,000 orders written into the
//!   server's database by bulk SQL, then the market's home, a storefront (page and API) and a
//!   producer's first team page (summary and first page of orders) asked `--requests` times
//!   each, one after another: median and p99 against 50 ms; on PostgreSQL with `--postgres URL`
//!   (`market_scale.rs`, `market_fill.rs`);
//! - `--paying` (issue #29): the order path with a provider: orders paid on delivery, orders
//!   paid with WeChat Pay H5 (its local simulator, in this process, as the merchant's API), then
//!   both at once while the simulator takes `--provider-delay-ms` a call (`paying.rs`);
//! - `--group-commit-only`: skip the one-commit-per-order run; `--client-threads N` (default 1):
//!   the load generator's threads; `ORCHARD_SERVER_BIN=path` runs another server binary (e.g. an
//!   older build, to compare); the server logs at `ORCHARD_LOG` (default `warn,orchard=info`: no
//!   line per request).

// The benchmark drives a native server with native crates; for wasm32 (clippy on both targets)
// the example is empty.
#[cfg(not(target_arch = "wasm32"))]
mod bench;

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    bench::main();
}

#[cfg(target_arch = "wasm32")]
fn main() {}
