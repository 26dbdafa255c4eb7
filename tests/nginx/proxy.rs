//! Debian's nginx running the shipped `deploy/nginx.conf` in front of one test server: the file
//! is included as it is, with only its `listen` port, its upstream's servers and its access
//! log's path replaced (each replace must happen once, so a change of the file's shape breaks
//! the test rather than testing something else), under a top-level configuration that keeps
//! the pid, logs and temporary files in a folder of the test's own.

use std::fs::File;
use std::net::{TcpListener, TcpStream};
use std::path::Path;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use rustix::process::{kill_process, Pid, Signal};
use tempfile::TempDir;

/// The configuration this repository ships.
const SHIPPED: &str = include_str!("../../deploy/nginx.conf");
/// Debian's nginx (`apt-get install nginx`; scripts/setup.sh installs it).
const NGINX: &str = "/usr/sbin/nginx";

/// A free port on the loopback (free when asked: nginx binds it a moment later).
pub fn free_port() -> u16 {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    listener.local_addr().unwrap().port()
}

/// `text` with `from` replaced by `to`, which must be there exactly once.
fn replace_once(text: &str, from: &str, to: &str) -> String {
    let found = text.matches(from).count();
    assert_eq!(found, 1, "deploy/nginx.conf should hold {from:?} once");
    text.replacen(from, to, 1)
}

/// The shipped file in front of `upstream` (`127.0.0.1:PORT`), listening on `port`, logging
/// into `dir`.
pub fn shipped_conf(port: u16, upstream: &str, dir: &Path) -> String {
    let conf = replace_once(
        SHIPPED,
        "    listen 80;\n",
        &format!("    listen 127.0.0.1:{port};\n"),
    );
    let conf = replace_once(
        &conf,
        "    server 127.0.0.1:8081 max_fails=3 fail_timeout=10s;\n    \
         server 127.0.0.1:8082 max_fails=3 fail_timeout=10s;\n",
        &format!("    server {upstream} max_fails=3 fail_timeout=10s;\n"),
    );
    replace_once(
        &conf,
        "access_log /var/log/nginx/orchard.access.log orchard_no_query;",
        &format!("access_log {}/access.log orchard_no_query;", dir.display()),
    )
}

/// The top-level configuration: everything nginx writes stays in `dir`.
fn main_conf(dir: &Path) -> String {
    let dir = dir.display();
    format!(
        "user root;\nworker_processes 1;\npid {dir}/nginx.pid;\nerror_log {dir}/error.log warn;\n\
         events {{ worker_connections 1024; }}\n\
         http {{\n\
         client_body_temp_path {dir}/client_body;\nproxy_temp_path {dir}/proxy;\n\
         fastcgi_temp_path {dir}/fastcgi;\nuwsgi_temp_path {dir}/uwsgi;\nscgi_temp_path {dir}/scgi;\n\
         include {dir}/orchard.conf;\n}}\n"
    )
}

/// A running nginx (its master process), stopped when dropped.
pub struct Nginx {
    child: Child,
    dir: TempDir,
    /// `http://127.0.0.1:PORT`, where it listens.
    pub base: String,
}

impl Nginx {
    /// Starts nginx with the shipped file in front of `upstream` (`http://127.0.0.1:PORT`, as
    /// `Server::base` says it) and waits until it accepts connections.
    pub fn start(upstream: &str) -> Self {
        let upstream = upstream.trim_start_matches("http://");
        let dir = tempfile::tempdir().unwrap();
        let port = free_port();
        let path = dir.path();
        std::fs::write(
            path.join("orchard.conf"),
            shipped_conf(port, upstream, path),
        )
        .unwrap();
        std::fs::write(path.join("nginx.conf"), main_conf(path)).unwrap();
        let output = File::create(path.join("stderr.log")).unwrap();
        let child = Command::new(NGINX)
            .arg("-p")
            .arg(path)
            .arg("-c")
            .arg(path.join("nginx.conf"))
            .arg("-e")
            .arg(path.join("error.log"))
            .args(["-g", "daemon off;"])
            .stdin(Stdio::null())
            .stdout(Stdio::null())
            .stderr(output)
            .spawn()
            .unwrap_or_else(|e| panic!("{NGINX} starts (scripts/setup.sh installs it): {e}"));
        let mut nginx = Self {
            child,
            dir,
            base: format!("http://127.0.0.1:{port}"),
        };
        nginx.wait_until_listening(port);
        nginx
    }

    /// Returns once nginx accepts a connection on `port`; fails with its logs if it exits.
    fn wait_until_listening(&mut self, port: u16) {
        let deadline = Instant::now() + Duration::from_secs(20);
        while TcpStream::connect(("127.0.0.1", port)).is_err() {
            if let Ok(Some(status)) = self.child.try_wait() {
                panic!("nginx exited ({status}): {}", self.logs());
            }
            assert!(
                Instant::now() < deadline,
                "nginx never listened: {}",
                self.logs()
            );
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// What nginx wrote to its error log and its standard error.
    pub fn logs(&self) -> String {
        let read =
            |name: &str| std::fs::read_to_string(self.dir.path().join(name)).unwrap_or_default();
        format!("{}{}", read("stderr.log"), read("error.log"))
    }

    pub fn url(&self, path: &str) -> String {
        format!("{}{}", self.base, path)
    }
}

impl Drop for Nginx {
    /// A fast shutdown (SIGTERM: the master stops its worker and exits), SIGKILL if it lingers.
    fn drop(&mut self) {
        let _ = kill_process(Pid::from_child(&self.child), Signal::TERM);
        let deadline = Instant::now() + Duration::from_secs(5);
        while Instant::now() < deadline {
            if let Ok(Some(_)) = self.child.try_wait() {
                return;
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
