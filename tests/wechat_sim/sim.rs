//! A local WeChat Pay API v3 simulator (issue #29, item 8), for the tests: an axum app on
//! 127.0.0.1 and a free port, started and stopped by the test, speaking as WeChat Pay's
//! documents say ("JSAPI下单", "H5下单", "Native下单", "查询订单", "关闭订单", "申请退款",
//! "支付通知", "网页授权"): the merchant's `Authorization` verified on every API call (401
//! `SIGN_ERROR` otherwise), every API answer, errors too, signed with the platform key in the
//! `Wechatpay-*` headers, notifications sealed with the APIv3 key and signed. One address serves
//! `api_base`, `oauth_base` and `sns_base`.
//!
//! The test drives what a buyer and WeChat would do through the handle's methods (`pay`,
//! `notify` with a `Tamper`, `finish_refund`, `fail_refunds`, `set_buyer`), not over HTTP.
//! Another test crate includes it with `#[path = "../wechat_sim/sim.rs"] mod wechat_sim;`.
// Each including crate uses a part of the handle.
#![allow(dead_code)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex, MutexGuard};

use axum::routing::{get, post};
use axum::Router;
use orchard::server::payment::keys::{PrivateKey, PublicKey};
use orchard::server::payment::wechat_sign::ApiV3Key;
use rand::distributions::{Alphanumeric, DistString};
use tokio::sync::oneshot;

#[path = "sim/h5.rs"]
mod h5;
#[path = "sim/http.rs"]
mod http;
#[path = "sim/notify.rs"]
mod notify;
#[path = "sim/oauth.rs"]
mod oauth;
#[path = "sim/orders.rs"]
mod orders;
#[path = "sim/refunds.rs"]
mod refunds;

use http::{error, signed};
pub use notify::{Delivery, Tamper};

/// The official account's id the simulator knows.
pub const APPID: &str = "wx8888888888888888";
/// The merchant's id.
pub const MCHID: &str = "1900000109";
/// The official account's secret (OAuth's `secret`).
pub const APP_SECRET: &str = "orchard-sim-app-secret";
/// The merchant key's serial number, as the merchant platform shows it.
pub const MERCHANT_SERIAL: &str = "3775B6A45ACD588826D15E583A95F5DD2FA1A3D2";
/// The platform key's id (public-key mode).
pub const PLATFORM_KEY_ID: &str = "PUB_KEY_ID_0119000001092026120700000000";
/// The merchant's APIv3 key: 32 characters used as their bytes.
pub const APIV3_KEY: &str = "orchardSimApiV3Key0123456789abcd";

/// What the simulator knows of its one merchant, and the platform's private key.
pub struct Config {
    pub appid: String,
    pub mchid: String,
    pub app_secret: String,
    pub merchant_serial: String,
    /// Verifies the merchant's `Authorization`.
    pub merchant_key: PublicKey,
    /// Signs every answer and notification.
    pub platform_key: PrivateKey,
    pub platform_key_id: String,
    pub apiv3_key: ApiV3Key,
}

/// A file of tests/fixtures/payment/.
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/payment/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

impl Config {
    /// The constants above with the fixtures' keys: `merchant_*` the merchant's, `provider_*`
    /// the platform's.
    pub fn fixtures() -> Self {
        Self {
            appid: APPID.to_owned(),
            mchid: MCHID.to_owned(),
            app_secret: APP_SECRET.to_owned(),
            merchant_serial: MERCHANT_SERIAL.to_owned(),
            merchant_key: PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap(),
            platform_key: PrivateKey::from_pem(&fixture("provider_key.pem")).unwrap(),
            platform_key_id: PLATFORM_KEY_ID.to_owned(),
            apiv3_key: ApiV3Key::parse(APIV3_KEY).unwrap(),
        }
    }
}

/// What the simulator remembers between calls.
#[derive(Default)]
struct Books {
    orders: HashMap<String, orders::Order>,
    refunds: HashMap<String, refunds::Refund>,
    /// OAuth codes not yet exchanged, and the openid each stands for.
    codes: HashMap<String, String>,
    /// Who authorizes next (`set_buyer`).
    buyer_openid: String,
    fail_refunds: bool,
    deliveries: Vec<Delivery>,
    /// How long every API call takes before it is answered (`set_delay`: a slow provider).
    delay: std::time::Duration,
}

struct Shared {
    config: Config,
    base: String,
    books: Mutex<Books>,
    client: reqwest::Client,
}

impl Shared {
    fn books(&self) -> MutexGuard<'_, Books> {
        self.books
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }
}

/// A running simulator; `stop` it at the end of the test (dropping it stops it too).
pub struct WechatSim {
    shared: Arc<Shared>,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

impl WechatSim {
    /// Listens on 127.0.0.1 and a free port.
    pub async fn start(config: Config) -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let books = Books {
            buyer_openid: "oSimBuyer0000000000000000001".to_owned(),
            ..Books::default()
        };
        let shared = Arc::new(Shared {
            config,
            base,
            books: Mutex::new(books),
            client: reqwest::Client::new(),
        });
        // The API: every call the merchant's (`http::merchant_only`), every answer signed.
        let api = Router::new()
            .route("/v3/pay/transactions/{kind}", post(orders::create))
            .route("/v3/pay/transactions/out-trade-no/{id}", get(orders::query))
            .route(
                "/v3/pay/transactions/out-trade-no/{id}/close",
                post(orders::close),
            )
            .route("/v3/refund/domestic/refunds", post(refunds::create))
            .route("/v3/refund/domestic/refunds/{id}", get(refunds::query))
            .route_layer(axum::middleware::from_fn_with_state(
                shared.clone(),
                http::merchant_only,
            ));
        // The buyer's pages and WeChat's OAuth, which no merchant signs.
        let app = Router::new()
            .merge(api)
            .route("/cgi-bin/mmpayweb-bin/checkmweb", get(h5::cashier))
            .route("/connect/oauth2/authorize", get(oauth::authorize))
            .route("/sns/oauth2/access_token", get(oauth::access_token))
            .with_state(shared.clone());
        let (stop, stopped) = oneshot::channel::<()>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async {
                    let _ = stopped.await;
                })
                .await
                .unwrap();
        });
        Self {
            shared,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// `http://127.0.0.1:port`: the payment file's `api_base`, `oauth_base` and `sns_base`.
    pub fn base(&self) -> &str {
        &self.shared.base
    }

    pub fn config(&self) -> &Config {
        &self.shared.config
    }

    /// Stops listening and waits for the server to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            server.await.unwrap();
        }
    }

    /// The openid the next OAuth authorization stands for.
    pub fn set_buyer(&self, openid: &str) {
        self.shared.books().buyer_openid = openid.to_owned();
    }

    /// From now on, every API call waits `delay` before it is answered: a slow provider.
    pub fn set_delay(&self, delay: std::time::Duration) {
        self.shared.books().delay = delay;
    }

    /// From now on, refunds end `ABNORMAL` rather than `SUCCESS` (or not, with `false`).
    pub fn fail_refunds(&self, fail: bool) {
        self.shared.books().fail_refunds = fail;
    }

    /// An order's `trade_state` (`NOTPAY`, `SUCCESS`, `CLOSED`, `REFUND`), if it exists.
    pub fn trade_state(&self, out_trade_no: &str) -> Option<&'static str> {
        let books = self.shared.books();
        books.orders.get(out_trade_no).map(|order| order.state)
    }

    /// Every notification sent so far, in order, with what the merchant answered.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.books().deliveries.clone()
    }
}

impl Drop for WechatSim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

/// Beijing time in RFC 3339, as WeChat Pay writes `create_time` and `success_time`.
fn beijing_now() -> String {
    let offset = time::UtcOffset::from_hms(8, 0, 0).unwrap();
    let now = time::OffsetDateTime::now_utc().to_offset(offset);
    let now = now.replace_nanosecond(0).unwrap();
    now.format(&time::format_description::well_known::Rfc3339)
        .unwrap()
}

fn random(len: usize) -> String {
    Alphanumeric.sample_string(&mut rand::thread_rng(), len)
}
