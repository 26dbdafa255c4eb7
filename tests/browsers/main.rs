//! The buyer's journey in WebKit (WebKitGTK's MiniBrowser under Xvfb, through WebKitWebDriver)
//! and Gecko (Firefox ESR headless, through geckodriver), on the release build: `dist/` and
//! `target/release/orchard-server`, serving a county market of two producers. Each browser's
//! language is Chinese, so the server's own negotiation picks the page: the market's home shows
//! in Chinese, its first card leads to Drolma's storefront, where the story shows in Chinese, an order goes through the form, the
//! confirmation shows its private link and the tracking page opens on it. Then the same on a
//! shop whose `/sw.js` is missing, so the service worker's registration fails (as in in-app
//! browsers that refuse workers), with the connection dropping as the order is sent: the order
//! waits on the phone and goes when the shop is opened again.
//!
//! Ignored by plain `cargo test` (they need the browsers, the drivers and a release build);
//! scripts/test.sh installs those (`ensure_webdriver_browsers`) and runs
//! `cargo test --test browsers -- --ignored --test-threads 1`. Every journey has a deadline: a
//! hung browser fails its test, and the display, the driver and the browser it started are
//! killed with it.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;
mod page;
mod session;
mod shop;

use std::process::Command;
use std::time::{Duration, Instant};

use fantoccini::Client;
use serde_json::json;

use page::{appears, script, script_async, tap, type_into, until, Step, APPEAR};
use session::Session;
use shop::{root, Shop};

pub const ADMIN_TOKEN: &str = "browsers-admin-secret-of-at-least-32-characters";
/// The whole of one journey, browser start included.
const JOURNEY: Duration = Duration::from_secs(90);

/// The browser engine a journey runs in.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Browser {
    WebKit,
    Firefox,
}

/// Whether the service worker can register.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Worker {
    /// The shop as built: `/sw.js` registers and controls the page.
    Registers,
    /// `/sw.js` is not there (the server answers the storefront's HTML), so registering fails.
    Fails,
}

#[tokio::test]
#[ignore = "needs WebKitWebDriver, Xvfb and a release build: scripts/test.sh runs it"]
async fn a_chinese_buyer_orders_and_follows_the_order_in_webkit() {
    run(Browser::WebKit, Worker::Registers).await;
}

#[tokio::test]
#[ignore = "needs WebKitWebDriver, Xvfb and a release build: scripts/test.sh runs it"]
async fn a_chinese_buyer_orders_in_webkit_when_the_service_worker_cannot_register() {
    run(Browser::WebKit, Worker::Fails).await;
}

#[tokio::test]
#[ignore = "needs firefox-esr, geckodriver and a release build: scripts/test.sh runs it"]
async fn a_chinese_buyer_orders_and_follows_the_order_in_firefox() {
    run(Browser::Firefox, Worker::Registers).await;
}

#[tokio::test]
#[ignore = "needs firefox-esr, geckodriver and a release build: scripts/test.sh runs it"]
async fn a_chinese_buyer_orders_in_firefox_when_the_service_worker_cannot_register() {
    run(Browser::Firefox, Worker::Fails).await;
}

/// Starts the shop and the browser, drives the journey within its deadline, and on failure says
/// what the page showed (its text, and a screenshot in `target/browsers/`) and what the driver
/// logged; everything started is stopped when this returns or panics.
async fn run(browser: Browser, worker: Worker) {
    let logs = tempfile::tempdir().unwrap();
    let mut shop = Shop::start(worker);
    let outcome = tokio::time::timeout(JOURNEY, async {
        let session = Session::start(browser, logs.path()).await?;
        let c = &session.client;
        let mut result = journey(c, &mut shop, worker).await;
        if let Err(error) = &result {
            let shot = root().join(format!("target/browsers/{browser:?}-{worker:?}.png"));
            if let Ok(png) = c.screenshot().await {
                let _ = std::fs::create_dir_all(shot.parent().unwrap());
                let _ = std::fs::write(&shot, png);
            }
            let text = script(c, "return document.body.innerText")
                .await
                .unwrap_or_default();
            let text = text.as_str().unwrap_or_default().to_owned();
            result = Err(format!(
                "{error}\n--- the page shows ({}) ---\n{text}",
                shot.display()
            ));
        }
        let _ = c.clone().close().await;
        result
    })
    .await;
    let failure = match outcome {
        Ok(Ok(())) => return,
        Ok(Err(error)) => error,
        Err(_) => format!("the journey took longer than {JOURNEY:?}"),
    };
    let driver_log = std::fs::read_to_string(logs.path().join("driver.log")).unwrap_or_default();
    let tail: Vec<&str> = driver_log.lines().rev().take(40).collect();
    let tail: Vec<&str> = tail.into_iter().rev().collect();
    panic!(
        "{browser:?}, service worker {worker:?}: {failure}\n--- driver log (last lines) ---\n{}",
        tail.join("\n")
    );
}

/// What a Chinese buyer does, checked as they would see it.
async fn journey(c: &Client, shop: &mut Shop, worker: Worker) -> Step {
    c.goto(&shop.url("/"))
        .await
        .map_err(|e| format!("open the market: {e}"))?;
    // The market's home, in Chinese and without WebAssembly: its name, then each producer's
    // card; Drolma's leads to her storefront.
    appears(c, "//h1[normalize-space()='乡城县助农集市']").await?;
    appears(
        c,
        "//h2/a[@href='/p/walnuts' and normalize-space()='次仁家的核桃']",
    )
    .await?;
    let card = appears(c, "//h2/a[@href='/p/drolma' and normalize-space()='卓玛']").await?;
    tap(c, card, "Drolma's card").await?;
    // The story, in Chinese: the server's first screen, then the app (its order form) in zh.
    appears(c, "//h1[normalize-space()='卓玛']").await?;
    appears(c, "//p[contains(., '卓玛奶奶每天绕着苹果树走一圈')]").await?;
    appears(c, "//h2[normalize-space()='下单']").await?;
    let lang = script(c, "return document.documentElement.lang").await?;
    if lang != json!("zh") {
        return Err(format!("<html lang> is {lang}, not zh"));
    }
    greeting_font_loads(c).await?;

    match worker {
        Worker::Registers => {
            // Registered 3 s after load, then installed and in control of the page.
            until(
                c,
                "the service worker controls the page",
                "return !!navigator.serviceWorker.controller",
            )
            .await?;
        }
        Worker::Fails => {
            // Past the moment of registering, and nothing registered.
            tokio::time::sleep(Duration::from_millis(3500)).await;
            let registered = script_async(
                c,
                "const done = arguments[0];
                 if (!('serviceWorker' in navigator)) return done('none');
                 navigator.serviceWorker.getRegistration()
                   .then((r) => done(r ? 'registered' : 'none'), () => done('none'));",
            )
            .await?;
            if registered != json!("none") {
                return Err(format!("a service worker registered: {registered}"));
            }
        }
    }

    // The order, through the form.
    type_into(c, "姓名", "扎西多吉").await?;
    type_into(c, "手机号", "138 0013 8000").await?;
    type_into(c, "收货地址", "成都市锦江区春熙路12号").await?;
    let submit = appears(c, "//button[normalize-space()='提交订单']").await?;
    if worker == Worker::Fails {
        // The connection drops as the order is sent: it waits on the phone, without any
        // service worker, and goes when the shop opens again with the connection back.
        shop.stop();
        tap(c, submit, "the order button").await?;
        appears(
            c,
            "//*[normalize-space()='没有网络：订单已保存在这部手机上，联网后会自动发送。']",
        )
        .await?;
        shop.start_again();
        c.refresh()
            .await
            .map_err(|e| format!("open the shop again: {e}"))?;
    } else {
        tap(c, submit, "the order button").await?;
    }
    appears(c, "//h2[normalize-space()='谢谢！订单已提交。']").await?;
    let orders = shop.orders().await;
    let [order] = orders.as_slice() else {
        return Err(format!("{} orders in the shop, not one", orders.len()));
    };
    let id = order["id"].as_str().unwrap_or_default().to_owned();
    if order["name"] != json!("扎西多吉") || order["address"] != json!("成都市锦江区春熙路12号")
    {
        return Err(format!("the order does not hold what was typed: {order}"));
    }

    // The private link, then the tracking page it opens.
    let link = appears(c, &format!("//a[contains(@href, '/orders/{id}#t=')]")).await?;
    let shown = link.text().await.map_err(|e| e.to_string())?;
    if !shown.starts_with("http://127.0.0.1:") || !shown.contains(&format!("/orders/{id}#t=")) {
        return Err(format!("the private link reads {shown:?}"));
    }
    tap(c, link, "the private link").await?;
    appears(c, "//h1[normalize-space()='您的订单']").await?;
    appears(c, &format!("//*[normalize-space()='{id}']")).await?;
    appears(c, "//*[normalize-space()='已接单']").await?;
    Ok(())
}

/// On a machine without a Tibetan font (this one, unless someone installed one), the greeting's
/// web font is fetched and used; with one, nothing is fetched.
async fn greeting_font_loads(c: &Client) -> Step {
    let system_has_tibetan = Command::new("fc-list")
        .args([":lang=bo", "family"])
        .output()
        .map(|o| !o.stdout.is_empty())
        .unwrap_or(false);
    let check = "const face = [...document.fonts].find((f) => f.family.replace(/\"/g, '') === 'Orchard Tibetan');
        return face ? face.status : 'missing';";
    if system_has_tibetan {
        return Ok(());
    }
    let deadline = Instant::now() + APPEAR;
    loop {
        let status = script(c, check).await?;
        if status == json!("loaded") {
            return Ok(());
        }
        if Instant::now() > deadline {
            return Err(format!("the greeting's font is {status}, not loaded"));
        }
        tokio::time::sleep(Duration::from_millis(200)).await;
    }
}
