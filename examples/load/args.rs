//! The benchmark's command line (see the top of main.rs).

use super::claim_body::FloodPhoto;

/// What to run.
pub struct Args {
    pub buyers: usize,
    pub seconds: u64,
    pub storefront: bool,
    pub overload: bool,
    pub client_threads: usize,
    pub group_commit_only: bool,
    pub postgres: Option<String>,
    /// Connections trickling their headers while the buyers order (0: none).
    pub slow_clients: usize,
    /// How many source addresses (127.0.0.2 and up) the slow clients come from.
    pub slow_addresses: u8,
    /// `ulimit -n` for the server only (the load generator needs more than it).
    pub server_nofile: Option<u64>,
    /// The team's side on a shop of this many orders (0: not this run).
    pub team: u64,
    /// With `team`: fill up to this many orders for the CSV export.
    pub team_csv: u64,
    /// Connections trickling claims of three photos while the buyers order (0: not this run).
    pub claim_flood: usize,
    /// How many source addresses (127.0.0.2 and up) the claim flood comes from.
    pub flood_addresses: u8,
    /// How fast each flooding connection sends, in KiB/s.
    pub trickle_kib: usize,
    /// The claim flood's photos: a real JPEG of a size, or random bytes.
    pub flood_photo: FloodPhoto,
    /// More flags for the server, split at spaces.
    pub server_args: String,
    /// A market of two producers: one flooded, the other's buyers measured (`market.rs`).
    pub market: bool,
    /// With `market`: the flooding buyers, retrying at once (0: ten times `buyers`).
    pub flood_buyers: usize,
    /// With `market`: the measured producer's orders per second.
    pub steady_rate: u64,
    /// A market of 100 producers and 300,000 orders, its reads timed (`market_scale.rs`).
    pub market_scale: bool,
    /// With `market_scale`: the timed requests of each kind.
    pub requests: usize,
    /// The order path with WeChat Pay's simulator as the provider (`paying.rs`).
    pub paying: bool,
    /// With `paying`: how long the slow provider of the third run takes per call.
    pub provider_delay_ms: u64,
}

/// Parses `std::env::args()`; panics on an unknown flag.
pub fn args() -> Args {
    let mut a = Args {
        buyers: 64,
        seconds: 10,
        storefront: false,
        overload: false,
        client_threads: 1,
        group_commit_only: false,
        postgres: None,
        slow_clients: 0,
        slow_addresses: 1,
        server_nofile: None,
        team: 0,
        team_csv: 0,
        claim_flood: 0,
        flood_addresses: 48,
        trickle_kib: 1024,
        flood_photo: FloodPhoto::WORST,
        server_args: String::new(),
        market: false,
        flood_buyers: 0,
        steady_rate: 100,
        market_scale: false,
        requests: 200,
        paying: false,
        provider_delay_ms: 300,
    };
    let mut it = std::env::args().skip(1);
    while let Some(flag) = it.next() {
        let mut num = |name: &str| -> u64 {
            it.next()
                .and_then(|v| v.parse().ok())
                .unwrap_or_else(|| panic!("{name} takes a number"))
        };
        match flag.as_str() {
            "--buyers" => a.buyers = num("--buyers") as usize,
            "--seconds" => a.seconds = num("--seconds").clamp(1, 120),
            "--client-threads" => a.client_threads = num("--client-threads").max(1) as usize,
            "--storefront" => a.storefront = true,
            "--overload" => a.overload = true,
            "--group-commit-only" => a.group_commit_only = true,
            "--postgres" => a.postgres = it.next(),
            "--slow-clients" => a.slow_clients = num("--slow-clients").min(20_000) as usize,
            "--slow-addresses" => a.slow_addresses = num("--slow-addresses").clamp(1, 250) as u8,
            "--server-nofile" => a.server_nofile = Some(num("--server-nofile")),
            "--team" => a.team = num("--team").clamp(5_000, 200_000),
            "--team-csv" => a.team_csv = num("--team-csv").min(500_000),
            "--claim-flood" => a.claim_flood = num("--claim-flood").min(240) as usize,
            "--flood-addresses" => a.flood_addresses = num("--flood-addresses").clamp(1, 240) as u8,
            "--trickle-kib" => a.trickle_kib = num("--trickle-kib").clamp(1, 1 << 20) as usize,
            "--flood-photo" => {
                a.flood_photo = it
                    .next()
                    .as_deref()
                    .and_then(FloodPhoto::parse)
                    .expect("--flood-photo takes WxH (e.g. 4000x3000) or random")
            }
            "--server-args" => a.server_args = it.next().unwrap_or_default(),
            "--market" => a.market = true,
            "--flood-buyers" => a.flood_buyers = num("--flood-buyers").min(20_000) as usize,
            "--steady-rate" => a.steady_rate = num("--steady-rate").clamp(1, 5000),
            "--market-scale" => a.market_scale = true,
            "--requests" => a.requests = num("--requests").clamp(10, 100_000) as usize,
            "--paying" => a.paying = true,
            "--provider-delay-ms" => a.provider_delay_ms = num("--provider-delay-ms").min(10_000),
            other => panic!("unknown flag {other}; see the top of examples/load/main.rs"),
        }
    }
    a.buyers = a.buyers.clamp(1, 2000);
    a
}
