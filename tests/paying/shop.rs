//! A shop that takes WeChat Pay and Alipay, served in this process on 127.0.0.1 (its public
//! address known before it opens, so the providers' notify and return addresses reach it), with
//! both providers' local simulators, on SQLite or on PostgreSQL.

use std::net::SocketAddr;
use std::path::Path;

use clap::Parser;
use orchard::server::payment::keys::{PrivateKey, PublicKey};
use orchard::server::{AppState, Config, Content};
use reqwest::header::{HeaderMap, HeaderValue, USER_AGENT};
use reqwest::redirect::Policy;
use serde_json::{json, Value};
use tokio::task::JoinHandle;

use crate::alipay_sim::AlipaySim;
use crate::common::{at, content_toml, postgres, Sandbox, ADMIN_TOKEN};
use crate::wechat_sim::{self, Config as WechatConfig, WechatSim};

/// The Alipay app the simulator knows.
pub const ALIPAY_APP_ID: &str = "2021000000000001";

/// Where a phone is, as its User-Agent says.
pub const IN_WECHAT: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) \
     AppleWebKit/605.1.15 (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47";
pub const PHONE: &str = "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 (KHTML, like Gecko) \
     Chrome/124.0 Mobile Safari/537.36";
pub const COMPUTER: &str = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like \
     Gecko) Chrome/124.0 Safari/537.36";

pub struct Shop {
    pub store: &'static str,
    pub sandbox: Sandbox,
    #[allow(dead_code)]
    pub state: AppState,
    pub base: String,
    pub wechat: WechatSim,
    pub alipay: AlipaySim,
    server: JoinHandle<()>,
}

fn fixture_path(name: &str) -> String {
    format!(
        "{}/tests/fixtures/payment/{name}",
        env!("CARGO_MANIFEST_DIR")
    )
}

/// The payment file for producer `content` (the content file's name) on the two simulators.
fn payment_file(dir: &Path, wechat: &WechatSim, alipay: &AlipaySim) -> String {
    let c = wechat.config();
    let text = format!(
        "[wechat.content]\nappid = \"{}\"\nmchid = \"{}\"\napp_secret = \"{}\"\n\
         merchant_serial = \"{}\"\nmerchant_key = \"{}\"\napiv3_key = \"{}\"\n\
         platform_key = \"{}\"\nplatform_key_id = \"{}\"\napi_base = \"{base}\"\n\
         oauth_base = \"{base}\"\nsns_base = \"{base}\"\n\n\
         [alipay.content]\napp_id = \"{ALIPAY_APP_ID}\"\napp_private_key = \"{}\"\n\
         alipay_public_key = \"{}\"\ngateway = \"{}\"\n",
        c.appid,
        c.mchid,
        c.app_secret,
        c.merchant_serial,
        fixture_path("merchant_key.pem"),
        wechat_sim::APIV3_KEY,
        fixture_path("provider_pub.pem"),
        c.platform_key_id,
        fixture_path("merchant_key.pem"),
        fixture_path("provider_pub.pem"),
        alipay.gateway(),
        base = wechat.base(),
    );
    let path = dir.join("payment.toml");
    std::fs::write(&path, text).unwrap();
    path.display().to_string()
}

impl Shop {
    /// A shop on SQLite taking `methods` (TOML list) with a window of `window` minutes.
    pub async fn open(methods: &str, window: u32) -> Self {
        Self::open_on(None, methods, window, &[]).await
    }

    /// One on SQLite and one on PostgreSQL.
    pub async fn on_both_stores(methods: &str, window: u32) -> Vec<Self> {
        Self::on_both_stores_with(methods, window, &[]).await
    }

    /// As `on_both_stores`, the server started with `flags` too.
    pub async fn on_both_stores_with(methods: &str, window: u32, flags: &[&str]) -> Vec<Self> {
        let pg = postgres::fresh_database().await;
        vec![
            Self::open_on(None, methods, window, flags).await,
            Self::open_on(Some(pg), methods, window, flags).await,
        ]
    }

    async fn open_on(database: Option<String>, methods: &str, window: u32, more: &[&str]) -> Self {
        let wechat = WechatSim::start(WechatConfig::fixtures()).await;
        let app_public = PublicKey::from_pem(&crate::alipay_sim::fixture("merchant_pub.pem"));
        let alipay_key = PrivateKey::from_pem(&crate::alipay_sim::fixture("provider_key.pem"));
        let alipay =
            AlipaySim::start(ALIPAY_APP_ID, app_public.unwrap(), alipay_key.unwrap()).await;
        let content = content_toml(&at(-3600), None, 40, 40)
            + &format!("\n[payment]\nmethods = {methods}\nwindow_minutes = {window}\n");
        let mut sandbox = Sandbox::new(&content);
        let store = if database.is_some() {
            "postgres"
        } else {
            "sqlite"
        };
        if let Some(url) = database {
            sandbox = sandbox.with_database(url);
        }
        let file = payment_file(sandbox.path(), &wechat, &alipay);
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let base = format!("http://{}", listener.local_addr().unwrap());
        let mut argv = vec!["orchard-server".to_string()];
        argv.extend(sandbox.args());
        let flags = ["--payment-file", &file, "--public-url", &base];
        argv.extend(flags.iter().map(|s| s.to_string()));
        argv.extend(["--payment-sweep-seconds".into(), "1".into()]);
        argv.extend(more.iter().map(|s| s.to_string()));
        let mut config = Config::parse_from(argv);
        config.admin_token = Some(ADMIN_TOKEN.into());
        let content = Content::load(&config.content).unwrap();
        let state = AppState::open(config, content).await.unwrap();
        let app =
            orchard::server::app(state.clone()).into_make_service_with_connect_info::<SocketAddr>();
        let server = tokio::spawn(async move {
            axum::serve(listener, app).await.unwrap();
        });
        Self {
            store,
            sandbox,
            state,
            base,
            wechat,
            alipay,
            server,
        }
    }

    /// A client that does not follow redirects, as a phone of `agent`.
    pub fn phone(agent: &str) -> reqwest::Client {
        let mut headers = HeaderMap::new();
        headers.insert(USER_AGENT, HeaderValue::from_str(agent).unwrap());
        reqwest::Client::builder()
            .default_headers(headers)
            .redirect(Policy::none())
            .build()
            .unwrap()
    }

    /// Places an order of one 5 kg box paid with `method` from a phone of `agent`: (status, body).
    pub async fn place(&self, agent: &str, key: &str, method: &str) -> (u16, Value) {
        let body = json!({
            "box_id": "5kg", "quantity": 1, "name": "卓玛的买家", "phone": "13800138000",
            "address": "四川省成都市武侯区人民南路四段 12 号", "payment": method,
        });
        let answer = Self::phone(agent)
            .post(format!("{}/api/orders", self.base))
            .header("Idempotency-Key", key)
            .json(&body)
            .send()
            .await
            .unwrap();
        let status = answer.status().as_u16();
        (status, answer.json().await.unwrap_or(Value::Null))
    }

    /// The buyer's lookup of `order` (a 201's body) from a phone of `agent`.
    pub async fn lookup(&self, agent: &str, order: &Value) -> Value {
        let answer = Self::phone(agent)
            .get(format!(
                "{}/api/orders/{}",
                self.base,
                order["id"].as_str().unwrap()
            ))
            .bearer_auth(order["token"].as_str().unwrap())
            .send()
            .await
            .unwrap();
        assert_eq!(answer.status(), 200, "{}", self.store);
        answer.json().await.unwrap()
    }

    /// The storefront's answer.
    pub async fn storefront(&self) -> Value {
        let answer = reqwest::get(format!("{}/api/storefront", self.base)).await;
        answer.unwrap().json().await.unwrap()
    }

    /// The 5 kg boxes left, as the storefront says.
    pub async fn left(&self) -> u64 {
        let front = self.storefront().await;
        let boxes = front["boxes"].as_array().unwrap();
        boxes.iter().find(|b| b["id"] == "5kg").unwrap()["available"]
            .as_u64()
            .unwrap()
    }

    /// A team read (owner's token).
    pub async fn admin(&self, path: &str) -> reqwest::Response {
        reqwest::Client::new()
            .get(format!("{}{path}", self.base))
            .bearer_auth(ADMIN_TOKEN)
            .send()
            .await
            .unwrap()
    }

    /// Ends order `id`'s payment window now, behind the server's back (as time passing would).
    pub async fn end_window(&self, id: &str) {
        let sql = format!("UPDATE orders SET pay_expires_ms = 1 WHERE id = '{id}'");
        match &self.sandbox.database {
            None => {
                let conn = rusqlite::Connection::open(self.sandbox.path().join("orchard.db"));
                conn.unwrap().execute_batch(&sql).unwrap();
            }
            Some(url) => {
                let mut conn = postgres::market_connection(url).await;
                sqlx::query(&sql).execute(&mut conn).await.unwrap();
            }
        }
    }

    /// Waits (at most ten seconds) until `order`'s lookup satisfies `done`.
    pub async fn until(&self, order: &Value, done: impl Fn(&Value) -> bool) -> Value {
        for _ in 0..100 {
            let view = self.lookup(COMPUTER, order).await;
            if done(&view) {
                return view;
            }
            tokio::time::sleep(std::time::Duration::from_millis(100)).await;
        }
        panic!(
            "{}: the order never got there: {}",
            self.store,
            self.lookup(COMPUTER, order).await
        );
    }
}

impl Drop for Shop {
    fn drop(&mut self) {
        self.server.abort();
    }
}
