//! A browser driven through WebDriver: WebKitGTK's MiniBrowser (WebKitWebDriver, on an Xvfb
//! display of its own) or Firefox ESR headless (geckodriver), each in Chinese, in a phone-sized
//! window.

use std::io::Read;
use std::net::TcpListener;
use std::path::Path;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use fantoccini::{Client, ClientBuilder};
use serde_json::json;

use super::page::Step;
use super::shop::Started;
use super::Browser;

const MINI_BROWSER: &str = "/usr/lib/x86_64-linux-gnu/webkit2gtk-4.1/MiniBrowser";

/// A browser driven through WebDriver, with the driver (and for WebKit the X display) it needs.
pub struct Session {
    pub client: Client,
    _driver: Started,
    _display: Option<Started>,
}

impl Session {
    pub async fn start(browser: Browser, logs: &Path) -> Step<Self> {
        let port = free_port();
        let log = std::fs::File::create(logs.join("driver.log")).unwrap();
        let (display, driver, capabilities) = match browser {
            Browser::WebKit => {
                let (display, number) = start_display()?;
                let driver = Started::spawn(
                    Command::new("WebKitWebDriver")
                        .arg(format!("--port={port}"))
                        .env("DISPLAY", format!(":{number}"))
                        // WebKitGTK sends Accept-Language from the locale (setup.sh makes it).
                        .env("LC_ALL", "zh_CN.UTF-8")
                        .stdout(log.try_clone().unwrap())
                        .stderr(log),
                );
                let capabilities = json!({
                    "browserName": "MiniBrowser",
                    "webkitgtk:browserOptions": { "binary": MINI_BROWSER, "args": ["--automation"] },
                });
                (Some(display), driver, capabilities)
            }
            Browser::Firefox => {
                let driver = Started::spawn(
                    Command::new("geckodriver")
                        .args(["--host", "127.0.0.1", "--port", &port.to_string()])
                        .stdout(log.try_clone().unwrap())
                        .stderr(log),
                );
                let capabilities = json!({
                    "browserName": "firefox",
                    "moz:firefoxOptions": {
                        "binary": "/usr/bin/firefox-esr",
                        "args": ["-headless"],
                        "prefs": { "intl.accept_languages": "zh-CN, zh" },
                    },
                });
                (None, driver, capabilities)
            }
        };
        let webdriver = format!("http://127.0.0.1:{port}");
        let deadline = Instant::now() + Duration::from_secs(20);
        let client = loop {
            let mut builder =
                ClientBuilder::new(hyper_util::client::legacy::connect::HttpConnector::new());
            let capabilities = capabilities.as_object().unwrap().clone();
            match builder.capabilities(capabilities).connect(&webdriver).await {
                Ok(client) => break client,
                Err(e) if Instant::now() > deadline => {
                    return Err(format!("no {browser:?} session from {webdriver}: {e}"))
                }
                Err(_) => tokio::time::sleep(Duration::from_millis(250)).await,
            }
        };
        client
            .set_window_size(390, 844)
            .await
            .map_err(|e| format!("size the window: {e}"))?;
        Ok(Self {
            client,
            _driver: driver,
            _display: display,
        })
    }
}

/// Xvfb on a display number it picks itself (`-displayfd`), for the WebKit browser.
fn start_display() -> Step<(Started, u32)> {
    let mut xvfb = Started::spawn(
        Command::new("Xvfb")
            .args([
                "-displayfd",
                "1",
                "-screen",
                "0",
                "1280x1024x24",
                "-nolisten",
                "tcp",
            ])
            .stdout(Stdio::piped())
            .stderr(Stdio::null()),
    );
    let mut stdout = xvfb.0.stdout.take().unwrap();
    let (tx, rx) = std::sync::mpsc::channel();
    std::thread::spawn(move || {
        let mut line = Vec::new();
        let mut byte = [0u8];
        while stdout.read(&mut byte).map(|n| n == 1).unwrap_or(false) && byte[0] != b'\n' {
            line.push(byte[0]);
        }
        let _ = tx.send(String::from_utf8_lossy(&line).trim().to_owned());
    });
    let number = rx
        .recv_timeout(Duration::from_secs(10))
        .ok()
        .and_then(|n| n.parse().ok())
        .ok_or("Xvfb did not say which display it took")?;
    Ok((xvfb, number))
}

fn free_port() -> u16 {
    TcpListener::bind("127.0.0.1:0")
        .unwrap()
        .local_addr()
        .unwrap()
        .port()
}
