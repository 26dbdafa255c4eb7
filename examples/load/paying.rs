//! `--paying` (issue #29): the order path with a payment provider. The server takes WeChat Pay
//! and pay on delivery, its merchant on the local WeChat Pay simulator (tests/wechat_sim, in this
//! process). Three runs of `--buyers` for `--seconds`: orders paid on delivery; orders paid with
//! WeChat Pay from a phone browser (each 201 carries the H5 address the simulator made for it);
//! and the two together while the simulator takes `--provider-delay-ms` to answer every call:
//! the orders paid on delivery keep their speed, as the writer never waits on a provider.

use std::path::{Path, PathBuf};
use std::time::Duration;

use super::report::{summary, Tally};
use super::server::{shop_content, Server};
use super::wechat_sim::{self, Config, WechatSim};
use super::{drive, place_order};

/// A phone browser's User-Agent: WeChat Pay H5.
const PHONE: &str = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Mobile Safari/537.36";

/// The payment file for the content's producer (`content`) on `sim`, in `dir`.
fn payment_file(dir: &Path, sim: &WechatSim) -> PathBuf {
    let fixture = |name: &str| {
        format!(
            "{}/tests/fixtures/payment/{name}",
            env!("CARGO_MANIFEST_DIR")
        )
    };
    let c = sim.config();
    let text = format!(
        "[wechat.content]\nappid = \"{}\"\nmchid = \"{}\"\napp_secret = \"{}\"\n\
         merchant_serial = \"{}\"\nmerchant_key = \"{}\"\napiv3_key = \"{}\"\n\
         platform_key = \"{}\"\nplatform_key_id = \"{}\"\napi_base = \"{base}\"\n\
         oauth_base = \"{base}\"\nsns_base = \"{base}\"\n",
        c.appid,
        c.mchid,
        c.app_secret,
        c.merchant_serial,
        fixture("merchant_key.pem"),
        wechat_sim::APIV3_KEY,
        fixture("provider_pub.pem"),
        c.platform_key_id,
        base = sim.base(),
    );
    let path = dir.join("payment.toml");
    std::fs::write(&path, text).unwrap();
    path
}

/// One order paid with WeChat Pay from a phone: its status, and 1 if it was acknowledged with
/// the way to pay.
fn place_paid(
    client: &reqwest::Client,
    url: &str,
    key: String,
) -> impl std::future::Future<Output = Result<(u16, u64), reqwest::Error>> + Send + 'static {
    let body = r#"{"box_id":"5kg","quantity":1,"name":"Tashi Dorje","phone":"138 0013 8000","address":"12 Chunxi Road, Jinjiang, Chengdu","payment":"wechat"}"#;
    let req = client
        .post(url)
        .header("content-type", "application/json")
        .header("user-agent", PHONE)
        .header("idempotency-key", key)
        .body(body);
    async move {
        let response = req.send().await?;
        let status = response.status().as_u16();
        let answer = response.bytes().await?;
        let paid = status == 201 && answer.windows(8).any(|w| w == b"redirect");
        Ok((status, u64::from(paid)))
    }
}

pub async fn run(buyers: usize, seconds: u64, delay_ms: u64) {
    let sim = WechatSim::start(Config::fixtures()).await;
    let dir = tempfile::tempdir().unwrap();
    let payment = payment_file(dir.path(), &sim);
    let payment = payment.display().to_string();
    let write_content = |dir: &Path| {
        let path = shop_content(dir);
        let mut text = std::fs::read_to_string(&path).unwrap();
        text.push_str("[payment]\nmethods = [\"wechat\", \"cod\"]\n");
        std::fs::write(&path, text).unwrap();
        path
    };
    let extra = [
        "--payment-file",
        &payment,
        "--public-url",
        "http://127.0.0.1:9",
    ];
    let server = Server::start_content(None, None, write_content, &extra);
    let url = format!("{}/api/orders", server.base);
    let run: u32 = rand::random();

    let cod = url.clone();
    let (mut t, elapsed) = drive(buyers, seconds, false, move |client, buyer, n| {
        place_order(&client, &cod, format!("cod-{run:x}-{buyer}-{n}"))
    })
    .await;
    summary(
        &format!("paid on delivery, {buyers} buyers"),
        "acknowledged orders",
        &mut t,
        elapsed,
        server.peak_rss_mb(),
    );

    let paid = url.clone();
    let (mut t, elapsed) = drive(buyers, seconds, false, move |client, buyer, n| {
        place_paid(&client, &paid, format!("wx-{run:x}-{buyer}-{n}"))
    })
    .await;
    let name = format!("WeChat Pay H5 (simulator answering at once), {buyers} buyers");
    summary(
        &name,
        "orders with their way to pay",
        &mut t,
        elapsed,
        server.peak_rss_mb(),
    );

    sim.set_delay(Duration::from_millis(delay_ms));
    let paid = url.clone();
    let slow = tokio::spawn(drive(buyers, seconds, false, move |client, buyer, n| {
        place_paid(&client, &paid, format!("slow-{run:x}-{buyer}-{n}"))
    }));
    let cod = url.clone();
    let (mut t, elapsed) = drive(buyers, seconds, false, move |client, buyer, n| {
        place_order(&client, &cod, format!("cod2-{run:x}-{buyer}-{n}"))
    })
    .await;
    let name = format!("paid on delivery, {buyers} buyers, while {buyers} more pay with WeChat Pay answering in {delay_ms} ms");
    summary(
        &name,
        "acknowledged orders",
        &mut t,
        elapsed,
        server.peak_rss_mb(),
    );
    let (mut slow, elapsed): (Tally, Duration) = slow.await.unwrap();
    let name = format!("  … and those {buyers} paying with WeChat Pay ({delay_ms} ms a call)");
    summary(
        &name,
        "orders with their way to pay",
        &mut slow,
        elapsed,
        server.peak_rss_mb(),
    );
    sim.stop().await;
}
