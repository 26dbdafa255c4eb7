//! The server under test: the release binary on a free loopback port with a fresh temporary
//! database and a content file whose sale is open, and the CPU counters read around each run.

use std::io::{BufRead, BufReader};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

/// The admin token the server is started with (to list the orders at the end).
pub const ADMIN_TOKEN: &str = "load-admin-token-of-32-characters-or-more";
/// The stock of the 5 kg box, as large as the content file allows (`Stock::MAX`).
pub const INITIAL_STOCK: u64 = 1_000_000;

/// A running server on a temporary database, killed when dropped.
pub struct Server {
    pub child: Child,
    pub base: String,
    _dir: tempfile::TempDir,
}

impl Server {
    pub fn start(extra: &[&str]) -> Self {
        Self::start_on(None, extra)
    }

    /// A server on `database` (e.g. a shared PostgreSQL), or on a fresh SQLite file if `None`.
    pub fn start_on(database: Option<&str>, extra: &[&str]) -> Self {
        Self::start_with(database, None, extra)
    }

    /// As `start_on`, and with `nofile` the server's `ulimit -n` (soft and hard: it cannot raise
    /// it), if given; the load generator keeps its own limit.
    pub fn start_with(database: Option<&str>, nofile: Option<u64>, extra: &[&str]) -> Self {
        Self::start_content(database, nofile, shop_content, extra)
    }

    /// As `start_with`, with the content `write_content` writes into the server's temporary
    /// folder (it answers the path to pass as `--content`).
    pub fn start_content(
        database: Option<&str>,
        nofile: Option<u64>,
        write_content: impl FnOnce(&Path) -> PathBuf,
        extra: &[&str],
    ) -> Self {
        let target = std::env::var("CARGO_TARGET_DIR").unwrap_or_else(|_| "target".into());
        let bin = std::env::var_os("ORCHARD_SERVER_BIN")
            .map(PathBuf::from)
            .unwrap_or_else(|| PathBuf::from(target).join("release/orchard-server"));
        if !bin.exists() {
            eprintln!(
                "{} is missing: build it first with `cargo build --release --bin orchard-server` \
                 (with the same CARGO_TARGET_DIR)",
                bin.display()
            );
            std::process::exit(2);
        }
        let dir = tempfile::tempdir().expect("a temporary folder");
        let content = write_content(dir.path());
        std::fs::create_dir_all(dir.path().join("dist")).unwrap();
        let db = database
            .map(str::to_owned)
            .unwrap_or_else(|| format!("sqlite://{}", dir.path().join("orchard.db").display()));
        let mut command = match nofile {
            Some(n) => {
                let mut sh = Command::new("sh");
                sh.arg("-c")
                    .arg(format!("ulimit -n {n} && exec \"$0\" \"$@\""))
                    .arg(&bin);
                sh
            }
            None => Command::new(&bin),
        };
        let mut child = command
            .args([
                "--addr",
                "127.0.0.1:0",
                "--database",
                &db,
                "--rate-limit-per-minute",
                "0",
            ])
            .arg("--content")
            .arg(content)
            .arg("--dist")
            .arg(dir.path().join("dist"))
            .args(extra)
            .env("ORCHARD_ADMIN_TOKEN", ADMIN_TOKEN)
            .env(
                "ORCHARD_LOG",
                std::env::var("ORCHARD_LOG").unwrap_or_else(|_| "warn,orchard=info".into()),
            )
            .env("NO_COLOR", "1")
            .stdout(Stdio::null())
            .stderr(Stdio::piped())
            .spawn()
            .expect("the server starts");
        let stderr = child.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            let mut shown = 0;
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on ").nth(1) {
                    let _ = tx.send(url.split_whitespace().next().unwrap_or_default().to_owned());
                } else if line.contains("descriptor limit") {
                    eprintln!("server: {line}");
                } else if !line.contains(" INFO ") && shown < 5 {
                    shown += 1;
                    eprintln!("server: {line}");
                }
            }
        });
        let base = rx
            .recv_timeout(Duration::from_secs(30))
            .expect("the server says where it listens");
        Server {
            child,
            base,
            _dir: dir,
        }
    }

    /// The server's peak resident memory (VmHWM) in MB.
    pub fn peak_rss_mb(&self) -> f64 {
        memory_mb(self.child.id(), "VmHWM:")
    }
}

/// Today's content file, one producer (a market of one), into `dir`: a sale that is open and the
/// largest stock of two boxes.
pub fn shop_content(dir: &Path) -> PathBuf {
    let content = format!(
        "[producer]\nname = {{ en = \"Load\" }}\nplace = {{ en = \"Here\" }}\npicture = \"/p.svg\"\n\
         [producer.story]\nen = [\"A benchmark.\"]\n[sale]\nopens_at = \"2020-01-01T00:00:00Z\"\n\
         harvest_at = \"2020-01-01T00:00:00Z\"\n[impact]\nkg_per_family = 2000\n\
         [[boxes]]\nid = \"5kg\"\nweight_kg = 5\nprice_fen = 6800\nstock = {INITIAL_STOCK}\n\
         [[boxes]]\nid = \"10kg\"\nweight_kg = 10\nprice_fen = 12800\nstock = {INITIAL_STOCK}\n"
    );
    let path = dir.join("content.toml");
    std::fs::write(&path, content).unwrap();
    path
}

/// A memory line of process `pid`'s status (`VmRSS:` now, `VmHWM:` its peak), in MB.
pub fn memory_mb(pid: u32, field: &str) -> f64 {
    let status = std::fs::read_to_string(format!("/proc/{pid}/status")).unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix(field))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(f64::NAN, |kb| kb / 1024.0)
}

/// CPU time (clock ticks) of the whole machine, of the server and of this process, to tell how
/// much of the machine other programs took during a run.
pub fn cpu_ticks(server: u32) -> [u64; 3] {
    let busy = std::fs::read_to_string("/proc/stat")
        .ok()
        .and_then(|s| {
            let fields: Vec<u64> = s
                .lines()
                .next()?
                .split_whitespace()
                .skip(1)
                .filter_map(|f| f.parse().ok())
                .collect();
            // user nice system idle iowait irq softirq steal: busy is all but idle and iowait.
            Some(fields.iter().take(8).sum::<u64>() - fields.get(3)? - fields.get(4)?)
        })
        .unwrap_or(0);
    let process = |pid: String| {
        std::fs::read_to_string(format!("/proc/{pid}/stat"))
            .ok()
            .and_then(|s| {
                let after = s.rsplit_once(')')?.1.split_whitespace().collect::<Vec<_>>();
                Some(after.get(11)?.parse::<u64>().ok()? + after.get(12)?.parse::<u64>().ok()?)
            })
            .unwrap_or(0)
    };
    [busy, process(server.to_string()), process("self".into())]
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
