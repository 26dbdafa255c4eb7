//! Our order rate limit (`Limits::rate`, src/server/limits.rs, called as the order route calls
//! it) against the `governor` crate, the engine under tower_governor (`RateLimiter::keyed`, its
//! default keyed store), both at the default 120 a minute in bursts of 20 and both keyed by
//! `limit_key` (an IPv4 address, an IPv6 /64). Prints the time per check (one client hammering,
//! 100,000 clients round-robin, two threads at once), the resident memory a crowd of 100,000 and
//! 1,000,000 distinct IPv6 /64s costs and whether each forgets them once they are idle, and the
//! verdicts of both on the contract's burst.
//!
//! ```sh
//! cargo run --release --example limiter_bench
//! ```

// The limiter is the native server's; for wasm32 (clippy on both targets) the example is empty.
#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::run();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

#[cfg(not(target_arch = "wasm32"))]
mod native;
