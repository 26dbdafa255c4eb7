//! The server's command line: each flag also read from its environment variable, with defaults
//! that work on a laptop.

use std::net::IpAddr;
use std::path::PathBuf;

use clap::Parser;

use super::payment::file::PaymentFile;
use super::team::Team;

/// How `orchard-server` runs.
#[derive(Debug, Clone, Parser)]
#[command(
    name = "orchard-server",
    version,
    about = "Orchard's JSON API and storefront server"
)]
pub struct Config {
    /// Address to listen on (use port 0 for any free port).
    #[arg(long, env = "ORCHARD_ADDR", default_value = "127.0.0.1:8080")]
    pub addr: String,

    /// Database URL: `sqlite://path` (created if missing) or `postgres://…`.
    #[arg(long, env = "ORCHARD_DATABASE", default_value = "sqlite://orchard.db")]
    pub database: String,

    /// The producer's content file (TOML).
    #[arg(long, env = "ORCHARD_CONTENT", default_value = "content/drolma.toml")]
    pub content: PathBuf,

    /// The built client (Trunk's output folder).
    #[arg(long, env = "ORCHARD_DIST", default_value = "dist")]
    pub dist: PathBuf,

    /// Order attempts allowed per client (an IPv4 address, an IPv6 /64) per minute, in bursts of
    /// a tenth of that (5 to 20); 0 turns it off. The default is sized for carrier-grade NAT, where
    /// many buyers share one address (see `limits.rs`).
    #[arg(long, env = "ORCHARD_RATE_LIMIT_PER_MINUTE", default_value_t = 120)]
    pub rate_limit_per_minute: u32,

    /// Wrong team tokens one client may send in a minute (all at once, then one every
    /// 60/n seconds) before every team request from it is refused with 429 for a while. The
    /// shed's phones may share one address: a phone left polling with a revoked token locks the
    /// others out sooner with a lower number.
    #[arg(long, env = "ORCHARD_ADMIN_FAILURES_PER_MINUTE", default_value_t = super::limits::ADMIN_FAILURES_PER_MINUTE, value_parser = clap::value_parser!(u32).range(1..))]
    pub admin_failures_per_minute: u32,

    /// Orders waiting for the database at once before new ones are refused with 503.
    #[arg(long, env = "ORCHARD_MAX_PENDING_ORDERS", default_value_t = 2048)]
    pub max_pending_orders: usize,

    /// Claims whose bodies (up to three 5 MiB photos) are read at once, server-wide; one more
    /// waits 2 s for a turn, then is answered 503 `overloaded` before its body is read. Each
    /// turn holds at most one claim's photos until the claim is written, so this bounds what
    /// claims take in memory: 4 turns × ~15 MB at most, and one photo decoded at a time (about
    /// 68 MiB at 16 MP, `photos::DECODES`), however many phones (or attackers) send claims at
    /// once. Claims come days after a sale, a few per hundred orders, each uploaded in
    /// seconds: 4 at once serve dozens a minute, and a phone turned away keeps its claim and sends
    /// it again by itself. Raise it only with the memory to match.
    #[arg(long, env = "ORCHARD_MAX_CLAIM_UPLOADS", default_value_t = 4, value_parser = clap::value_parser!(u32).range(1..=1024))]
    pub max_claim_uploads: u32,

    /// Claim bodies one client (an IPv4 address, an IPv6 /64, as the rate limit counts) sends at
    /// once; one more waits 2 s for a turn, then is answered 429 `rate_limited`; 0 turns the cap
    /// off. 2, not 1: behind carrier-grade NAT two buyers on one address may well send a claim in
    /// the same minute; and one client can never hold all of `--max-claim-uploads`.
    #[arg(
        long,
        env = "ORCHARD_MAX_CLAIM_UPLOADS_PER_CLIENT",
        default_value_t = 2
    )]
    pub max_claim_uploads_per_client: u32,

    /// Open connections at most, in total; a new one beyond it is closed at once. Lowered at start
    /// to fit under the file-descriptor limit, with room for the database and files (the log says
    /// the cap in force).
    #[arg(long, env = "ORCHARD_MAX_CONNECTIONS", default_value_t = 10_000, value_parser = clap::value_parser!(u32).range(1..))]
    pub max_connections: u32,

    /// Open connections at most from one client (an IPv4 address, an IPv6 /64, as the rate limit
    /// counts); beyond it a new one is closed at once; 0 turns the cap off. High on purpose:
    /// Chinese mobile carriers put many phones behind one IPv4 address (carrier-grade NAT), a
    /// link shared in a group chat brings them at once, and each browser opens up to 6
    /// connections. `--trusted-proxy` peers are not capped per client (cap in the proxy).
    #[arg(
        long,
        env = "ORCHARD_MAX_CONNECTIONS_PER_CLIENT",
        default_value_t = 256
    )]
    pub max_connections_per_client: u32,

    /// Seconds a client has to send a request's headers, from the moment its connection opens or
    /// its previous answer went out; so it is also how long an idle keep-alive connection stays.
    #[arg(long, env = "ORCHARD_HEADER_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub header_timeout_secs: u64,

    /// Seconds a client has to send a request's whole body once its headers are in (not reset
    /// by each chunk, so a trickle cannot stretch it); slower answers 408 `request_timeout`.
    /// API bodies are at most 16 KiB: a second or two even on a weak 2G link. A claim's body (its
    /// photos) has 12 times this.
    #[arg(long, env = "ORCHARD_BODY_TIMEOUT_SECS", default_value_t = 10, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub body_timeout_secs: u64,

    /// Seconds an answer's write may wait on its client (one that stopped reading) before the
    /// connection is dropped; the clock restarts with every write that goes through, as nginx's
    /// `send_timeout` (30 s in `deploy/nginx.conf`). A phone that lost its signal mid-download
    /// holds its connection no longer than this.
    #[arg(long, env = "ORCHARD_SEND_TIMEOUT_SECS", default_value_t = 30, value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub send_timeout_secs: u64,

    /// PostgreSQL only: the most connections this instance opens (reads and writes share them).
    /// Keep instances × this below the server's `max_connections` (100 by default).
    #[arg(long, env = "ORCHARD_PG_POOL_SIZE", default_value_t = 16)]
    pub pg_pool_size: u32,

    /// Send Strict-Transport-Security: set it when the shop is served over HTTPS (behind TLS).
    #[arg(long, env = "ORCHARD_HSTS", default_value_t = false)]
    pub hsts: bool,

    /// Reverse proxies (comma-separated IPs) whose `X-Forwarded-For` is believed: the client is
    /// the right-most address in it that is not one of them. Without it, the TCP peer is the client.
    #[arg(long, env = "ORCHARD_TRUSTED_PROXY", value_delimiter = ',')]
    pub trusted_proxy: Vec<IpAddr>,

    /// The most writes the writer commits in one transaction; `1` commits each order alone (to
    /// measure what group commit buys).
    #[arg(long, env = "ORCHARD_MAX_BATCH", default_value_t = 512, value_parser = clap::value_parser!(u16).range(1..=4096))]
    pub max_batch: u16,

    /// Threads serving HTTP (default: one per core). The writer has a thread of its own besides.
    /// On 2 cores, 1 and 2 measured the same on a quiet machine (BENCHMARKS.md).
    #[arg(long, env = "ORCHARD_WORKERS")]
    pub workers: Option<usize>,

    /// The origin buyers reach the shop at (`https://apples.example`): share cards (`og:url`,
    /// `og:image`), the canonical and language links and the share button's links are absolute on
    /// it. Without it they are relative, which link-preview crawlers do not resolve.
    #[arg(long, env = "ORCHARD_PUBLIC_URL")]
    pub public_url: Option<String>,

    /// Log as JSON lines instead of text.
    #[arg(long, env = "ORCHARD_LOG_JSON", default_value_t = false)]
    pub log_json: bool,

    /// The team's members and roles (TOML, `[[member]] name, role, token_sha256`; README).
    #[arg(long, env = "ORCHARD_TEAM_FILE")]
    pub team_file: Option<PathBuf>,

    /// The producers' merchant credentials for WeChat Pay and Alipay (TOML; README, "Payment").
    #[arg(long, env = "ORCHARD_PAYMENT_FILE")]
    pub payment_file: Option<PathBuf>,

    /// How often the orders not paid in their window are closed, in seconds (each is asked of
    /// its provider first: a payment made in time is kept).
    #[arg(long, env = "ORCHARD_PAYMENT_SWEEP_SECONDS", default_value_t = 20,
          value_parser = clap::value_parser!(u64).range(1..=3600))]
    pub payment_sweep_seconds: u64,

    /// How long a refund still pending or failed waits before its provider is asked again, in
    /// seconds (under the same refund id: never paid twice); asked so for a week.
    #[arg(long, env = "ORCHARD_REFUND_RETRY_SECONDS", default_value_t = 600,
          value_parser = clap::value_parser!(u64).range(1..=86_400))]
    pub refund_retry_seconds: u64,

    /// The admin token: from `ORCHARD_ADMIN_TOKEN` only, never a flag (flags show in `ps`).
    #[arg(skip)]
    pub admin_token: Option<String>,
}

/// `--public-url` as an origin without a trailing slash, or why it is not one.
pub fn public_origin(url: &str) -> Result<String, String> {
    let origin = url.trim().trim_end_matches('/');
    let host = origin
        .strip_prefix("https://")
        .or_else(|| origin.strip_prefix("http://"))
        .unwrap_or_default();
    let valid = !host.is_empty()
        && host
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"-.:[]".contains(&b));
    if valid {
        Ok(origin.to_owned())
    } else {
        Err(format!(
            "--public-url / ORCHARD_PUBLIC_URL {url:?} is not an origin like https://apples.example (scheme and host, no path)"
        ))
    }
}

/// The shortest admin token the server accepts.
pub const MIN_ADMIN_TOKEN_CHARS: usize = 32;

impl Config {
    /// Refuses a configuration the server must not run with: an admin token short enough to
    /// guess. The message says how to make a good one.
    pub fn check(&self) -> Result<(), String> {
        if let Some(url) = &self.public_url {
            public_origin(url)?;
        }
        self.team()?;
        self.payment()?;
        match &self.admin_token {
            Some(token) if token.chars().count() < MIN_ADMIN_TOKEN_CHARS => Err(format!(
                "ORCHARD_ADMIN_TOKEN has {} characters; use at least {MIN_ADMIN_TOKEN_CHARS} random ones, \
                 e.g. ORCHARD_ADMIN_TOKEN=$(head -c 32 /dev/urandom | base64 | tr -d '/+=')",
                token.chars().count()
            )),
            _ => Ok(()),
        }
    }

    /// The team file's members (none without `--team-file`), or what is wrong with the file.
    pub fn team(&self) -> Result<Team, String> {
        self.team_file
            .as_deref()
            .map_or_else(|| Ok(Team::default()), Team::load)
    }

    /// The payment file's credentials (none without `--payment-file`), or what is wrong with it
    /// (the key at fault, never a secret).
    pub fn payment(&self) -> Result<PaymentFile, String> {
        self.payment_file.as_deref().map_or_else(
            || Ok(PaymentFile::default()),
            |path| PaymentFile::load(path).map_err(|e| e.to_string()),
        )
    }

    /// The HTTP threads to start: `--workers`, or one per core.
    pub fn worker_threads(&self) -> usize {
        self.workers
            .unwrap_or_else(|| std::thread::available_parallelism().map_or(1, |n| n.get()))
            .max(1)
    }

    /// Parses the command line and the environment.
    pub fn from_env_and_args() -> Self {
        let mut config = Self::parse();
        config.admin_token = std::env::var("ORCHARD_ADMIN_TOKEN")
            .ok()
            .filter(|t| !t.is_empty());
        config
    }
}
