//! Helpers for the server's tests: content files with chosen sale times, a sandbox folder with a
//! fresh temporary database (the API tests' `TestApp` opens its state), and the real
//! `orchard-server` binary on a free port with an HTTP client to call it.
// Each test binary uses a part of these helpers.
#![allow(dead_code, unused_imports)]

pub mod black_png;
mod calls;
pub mod postgres;
mod races;

pub use calls::{admin_get, client, id_and_token, order_body, place};
pub use races::{buyers_race, one_key_race};

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::sync::{Arc, Mutex};
use std::time::{Duration, SystemTime, UNIX_EPOCH};

use clap::Parser;
use orchard::server::{AppState, Config, Content};
use tempfile::TempDir;

pub const ADMIN_TOKEN: &str = "test-admin-secret-of-32-characters-or-more";

/// RFC 3339 for now + `offset_secs`.
pub fn at(offset_secs: i64) -> String {
    let now = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .unwrap()
        .as_secs() as i64
        + offset_secs;
    let fmt = time::format_description::well_known::Rfc3339;
    time::OffsetDateTime::from_unix_timestamp(now)
        .unwrap()
        .format(&fmt)
        .unwrap()
}

/// `producer` (a whole `[producer]` table) with `content_toml`'s sale, impact and boxes.
pub fn content_with_producer(
    producer: &str,
    opens_at: &str,
    stock_5: u32,
    stock_10: u32,
) -> String {
    let usual = content_toml(opens_at, None, stock_5, stock_10);
    let sale = &usual[usual.find("[sale]").unwrap()..];
    format!("{producer}\n{sale}")
}

/// Content with boxes `5kg` (¥68, `stock_5`) and `10kg` (¥128, `stock_10`), opening at
/// `opens_at` and closing at `closes_at` if given.
pub fn content_toml(
    opens_at: &str,
    closes_at: Option<&str>,
    stock_5: u32,
    stock_10: u32,
) -> String {
    let closes = closes_at
        .map(|c| format!("closes_at = \"{c}\"\n"))
        .unwrap_or_default();
    format!(
        r#"[producer]
name = {{ en = "Drolma", zh = "卓玛", fr = "Drolma" }}
place = {{ en = "Zhongde village" }}
greeting = "བཀྲ་ཤིས་བདེ་ལེགས"
picture = "/media/drolma-tree.svg"
[producer.story]
en = ["Drolma waits under her apple tree."]

[sale]
opens_at = "{opens_at}"
{closes}harvest_at = "2026-10-31T00:00:00+08:00"

[impact]
kg_per_family = 2000

[[boxes]]
id = "5kg"
weight_kg = 5
price_fen = 6800
stock = {stock_5}

[[boxes]]
id = "10kg"
weight_kg = 10
price_fen = 12800
stock = {stock_10}
"#
    )
}

/// A temporary folder holding the content file, the database and a tiny dist/.
pub struct Sandbox {
    pub dir: TempDir,
    /// A database URL other than the folder's SQLite file (a PostgreSQL database).
    pub database: Option<String>,
}

impl Sandbox {
    pub fn new(content: &str) -> Self {
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("content.toml"), content).unwrap();
        let dist = dir.path().join("dist");
        std::fs::create_dir_all(dist.join("media")).unwrap();
        std::fs::write(
            dist.join("index.html"),
            "<!doctype html><title>Orchard</title><h1>Drolma</h1>",
        )
        .unwrap();
        // The two other bundles' pages (the buyer's orders, the team's page).
        for bundle in ["mine", "admin"] {
            std::fs::create_dir_all(dist.join(bundle)).unwrap();
            let page = format!("<!doctype html><title>Orchard</title><h1>{bundle}</h1>");
            std::fs::write(dist.join(bundle).join("index.html"), page).unwrap();
        }
        Self {
            dir,
            database: None,
        }
    }

    /// The same sandbox on another database (e.g. `postgres::fresh_database()`).
    pub fn with_database(mut self, url: String) -> Self {
        self.database = Some(url);
        self
    }

    pub fn open_sale(stock_5: u32, stock_10: u32) -> Self {
        Self::new(&content_toml(&at(-3600), None, stock_5, stock_10))
    }

    pub fn path(&self) -> &Path {
        self.dir.path()
    }

    pub fn content(&self) -> PathBuf {
        self.path().join("content.toml")
    }

    pub fn database(&self) -> String {
        if let Some(url) = &self.database {
            return url.clone();
        }
        format!("sqlite://{}", self.path().join("orchard.db").display())
    }

    pub fn args(&self) -> Vec<String> {
        vec![
            "--database".into(),
            self.database(),
            "--content".into(),
            self.content().display().to_string(),
            "--dist".into(),
            self.path().join("dist").display().to_string(),
        ]
    }

    /// The app's state, as the server builds it, with the admin token set.
    pub async fn state(&self, extra: &[&str]) -> AppState {
        let mut argv = vec!["orchard-server".to_string()];
        argv.extend(self.args());
        argv.extend(extra.iter().map(|s| s.to_string()));
        let mut config = Config::parse_from(argv);
        config.admin_token = Some(ADMIN_TOKEN.into());
        let content = Content::load(&config.content).unwrap();
        AppState::open(config, content).await.unwrap()
    }

    /// Starts the real binary on a free port; stopped (SIGKILL) when dropped.
    pub fn spawn(&self, extra: &[&str]) -> Server {
        self.spawn_command(Command::new(env!("CARGO_BIN_EXE_orchard-server")), extra)
    }

    /// As `spawn`, with at most `limit` file descriptors (soft and hard, as `ulimit -n` sets
    /// them): a server that cannot raise its limit, as on a host that starts services at 1024.
    pub fn spawn_with_fd_limit(&self, limit: u32, extra: &[&str]) -> Server {
        let mut command = Command::new("sh");
        command
            .arg("-c")
            .arg(format!("ulimit -n {limit} && exec \"$0\" \"$@\""))
            .arg(env!("CARGO_BIN_EXE_orchard-server"));
        self.spawn_command(command, extra)
    }

    fn spawn_command(&self, mut command: Command, extra: &[&str]) -> Server {
        let mut child = command
            .args(self.args())
            .args(["--addr", "127.0.0.1:0"])
            .args(extra)
            .env("ORCHARD_ADMIN_TOKEN", ADMIN_TOKEN)
            .env("ORCHARD_LOG", "info")
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("orchard-server starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        let log = Arc::new(Mutex::new(String::new()));
        let kept = Arc::clone(&log);
        std::thread::spawn(move || {
            let mut sent = false;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                {
                    let mut kept = kept.lock().unwrap();
                    kept.push_str(&line);
                    kept.push('\n');
                }
                if !sent {
                    if let Some(url) = line.split("listening on ").nth(1) {
                        // Text or JSON logs (`…listening on http://…"`).
                        let url = url.split([' ', '"']).next().unwrap_or_default();
                        let _ = tx.send(url.to_owned());
                        sent = true;
                    }
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("orchard-server says where it listens");
        Server { child, base, log }
    }
}

/// A running `orchard-server`.
pub struct Server {
    pub child: Child,
    pub base: String,
    log: Arc<Mutex<String>>,
}

impl Server {
    /// Everything the server has written to its log (stderr) so far.
    pub fn log(&self) -> String {
        self.log.lock().unwrap().clone()
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }

    pub fn kill(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.kill();
    }
}
