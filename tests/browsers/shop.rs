//! The shop under test: the release server on a temporary database, a county market of two
//! producers (Drolma, the default one, and a walnut family) from files of its own, stopped and started again on the same address when the test drops the connection; and
//! `Started`, every process a test starts, killed with what it started.

use std::io::{BufRead, BufReader};
use std::os::unix::process::CommandExt;
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::Duration;

use serde_json::Value;
use tempfile::TempDir;

use super::{Worker, ADMIN_TOKEN};

/// A process started by the test, in a process group of its own, so that killing the group on
/// drop also ends what it started (the driver's browser). Firefox's crash helper starts a session
/// of its own and ends by itself once Firefox is gone.
pub struct Started(pub Child);

impl Started {
    pub fn spawn(command: &mut Command) -> Self {
        let program = command.get_program().to_string_lossy().into_owned();
        let child = command
            .process_group(0)
            .spawn()
            .unwrap_or_else(|e| panic!("start {program}: {e}"));
        Self(child)
    }
}

impl Drop for Started {
    fn drop(&mut self) {
        let group = format!("-{}", self.0.id());
        let _ = Command::new("kill").args(["-KILL", "--", &group]).status();
        let _ = self.0.wait();
    }
}

/// The crate's folder: `dist/` and `target/` are in it.
pub fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

/// The release server on a temporary database and a market file of its own.
pub struct Shop {
    base: String,
    dist: PathBuf,
    server: Option<Started>,
    dir: TempDir,
}

impl Shop {
    pub fn start(worker: Worker) -> Self {
        let built = root().join("dist/index.html");
        assert!(
            server_binary().exists() && built.exists(),
            "build first: build_client (scripts/setup.sh), cargo build --release --bin orchard-server"
        );
        let dir = tempfile::tempdir().unwrap();
        std::fs::write(dir.path().join("content.toml"), content_toml()).unwrap();
        std::fs::write(dir.path().join("walnuts.toml"), walnuts_toml()).unwrap();
        std::fs::write(dir.path().join("market.toml"), MARKET).unwrap();
        let dist = match worker {
            Worker::Registers => root().join("dist"),
            Worker::Fails => dist_without_worker(dir.path()),
        };
        let mut shop = Self {
            base: String::new(),
            dist,
            server: None,
            dir,
        };
        shop.serve("127.0.0.1:0");
        shop
    }

    /// Starts the server at `addr` and waits until it says where it listens.
    fn serve(&mut self, addr: &str) {
        let dir = self.dir.path();
        let mut child = Started::spawn(
            Command::new(server_binary())
                .args(["--addr", addr, "--rate-limit-per-minute", "0"])
                .arg("--database")
                .arg(format!("sqlite://{}", dir.join("orchard.db").display()))
                .arg("--content")
                .arg(dir.join("market.toml"))
                .arg("--dist")
                .arg(&self.dist)
                .env("ORCHARD_ADMIN_TOKEN", ADMIN_TOKEN)
                .env("NO_COLOR", "1")
                .stdout(Stdio::null())
                .stderr(Stdio::piped()),
        );
        let stderr = child.0.stderr.take().unwrap();
        let (tx, rx) = std::sync::mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stderr).lines().map_while(Result::ok) {
                if let Some(url) = line.split("listening on ").nth(1) {
                    let _ = tx.send(url.split_whitespace().next().unwrap_or_default().to_owned());
                }
            }
        });
        self.base = rx
            .recv_timeout(Duration::from_secs(20))
            .expect("orchard-server says where it listens");
        self.server = Some(child);
    }

    /// The connection drops: the server is gone.
    pub fn stop(&mut self) {
        self.server = None;
    }

    /// The connection is back: the same server, database and address.
    pub fn start_again(&mut self) {
        let addr = self.base.trim_start_matches("http://").to_owned();
        self.serve(&addr);
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{path}", self.base)
    }

    /// Every order, as the team sees it.
    pub async fn orders(&self) -> Vec<Value> {
        let answer: Value = reqwest::Client::new()
            .get(self.url("/api/admin/orders"))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
            .json()
            .await
            .unwrap();
        answer["orders"].as_array().cloned().unwrap_or_default()
    }
}

fn server_binary() -> PathBuf {
    root().join("target/release/orchard-server")
}

/// The built client without its service worker: links to everything in `dist/` but `sw.js`, so
/// `/sw.js` answers the storefront's page (HTML) and the browser refuses to register it.
fn dist_without_worker(dir: &Path) -> PathBuf {
    let copy = dir.join("dist");
    std::fs::create_dir(&copy).unwrap();
    for entry in std::fs::read_dir(root().join("dist")).unwrap() {
        let entry = entry.unwrap();
        if !entry.file_name().to_string_lossy().starts_with("sw.js") {
            std::os::unix::fs::symlink(entry.path(), copy.join(entry.file_name())).unwrap();
        }
    }
    copy
}

/// The storefront's producer, with the story in Chinese.
const PRODUCER: &str = r#"[producer]
name = { zh = "卓玛", en = "Drolma", fr = "Drolma" }
place = { zh = "四川甘孜州乡城县中德村", en = "Zhongde village, Xiangcheng county, Garzê, Sichuan", fr = "Village de Zhongde" }
greeting = "བཀྲ་ཤིས་བདེ་ལེགས"
picture = "/media/drolma-tree.svg"
video = "/media/drolma.mp4"
poster = "/media/drolma-poster.jpg"
captions = { zh = "/media/drolma.zh.vtt", en = "/media/drolma.en.vtt", fr = "/media/drolma.fr.vtt" }
[producer.story]
zh = ["卓玛奶奶每天绕着苹果树走一圈。"]
en = ["Drolma walks around her apple tree every day."]
fr = ["Drolma fait chaque jour le tour de son pommier."]
"#;

/// A sale that is open: `PRODUCER` with the tests' usual sale and 40 boxes of 5 kg.
fn content_toml() -> String {
    crate::common::content_with_producer(PRODUCER, &crate::common::at(-3600), 40, 0)
}

/// The county's market: Drolma first (the default producer, slug `drolma`), then the walnuts.
const MARKET: &str = r#"[market]
name = { zh = "乡城县助农集市", en = "Xiangcheng county market", fr = "Marché du comté de Xiangcheng" }
place = { zh = "四川甘孜州乡城县", en = "Xiangcheng county, Garzê, Sichuan", fr = "Comté de Xiangcheng" }
[[producer]]
slug = "drolma"
content = "content.toml"
[[producer]]
slug = "walnuts"
content = "walnuts.toml"
"#;

/// The second producer: a walnut family of the same county, its sale open too.
fn walnuts_toml() -> String {
    let producer = r#"[producer]
name = { zh = "次仁家的核桃", en = "Tsering's walnuts", fr = "Les noix de Tsering" }
place = { zh = "四川甘孜州乡城县", en = "Xiangcheng county, Garzê, Sichuan", fr = "Comté de Xiangcheng" }
greeting = "བཀྲ་ཤིས་བདེ་ལེགས"
picture = "/media/drolma-tree.svg"
[producer.story]
zh = ["次仁一家在山坡上种核桃。"]
en = ["Tsering's family grows walnuts on the slope."]
fr = ["La famille de Tsering cultive des noix sur la pente."]
"#;
    crate::common::content_with_producer(producer, &crate::common::at(-3600), 30, 0)
}
