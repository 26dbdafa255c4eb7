//! Both payment providers' local simulators as one process, for the browser tests (end2end/):
//! WeChat Pay (API v3, H5 cashier, OAuth) and Alipay (the gateway and its cashier), each on
//! 127.0.0.1 and a free port, with the merchant keys of tests/fixtures/payment. It prints
//!
//! ```text
//! wechat http://127.0.0.1:PORT
//! alipay http://127.0.0.1:PORT/gateway.do
//! ```
//!
//! and serves until its standard input closes (the test that started it ends).
//!
//! ```sh
//! cargo run --release --example pay_sims
//! ```

#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/alipay_sim/sim.rs"]
mod alipay_sim;
#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/wechat_sim/sim.rs"]
mod wechat_sim;

#[cfg(not(target_arch = "wasm32"))]
#[tokio::main(flavor = "current_thread")]
async fn main() {
    use orchard::server::payment::keys::{PrivateKey, PublicKey};

    let wechat = wechat_sim::WechatSim::start(wechat_sim::Config::fixtures()).await;
    let app_public = PublicKey::from_pem(&alipay_sim::fixture("merchant_pub.pem")).unwrap();
    let alipay_key = PrivateKey::from_pem(&alipay_sim::fixture("provider_key.pem")).unwrap();
    let alipay = alipay_sim::AlipaySim::start(ALIPAY_APP_ID, app_public, alipay_key).await;
    println!("wechat {}", wechat.base());
    println!("alipay {}", alipay.gateway());
    // Until whoever started it goes away.
    let _ = tokio::task::spawn_blocking(|| {
        let mut sink = Vec::new();
        std::io::Read::read_to_end(&mut std::io::stdin(), &mut sink)
    })
    .await;
    wechat.stop().await;
    alipay.stop().await;
}

/// The Alipay app the simulator knows (the payment file names it too).
#[cfg(not(target_arch = "wasm32"))]
const ALIPAY_APP_ID: &str = "2021000000000001";

#[cfg(target_arch = "wasm32")]
fn main() {}
