//! The WeChat Pay API v3 simulator (sim.rs) driven as a merchant would drive WeChat Pay, with
//! the server's own `wechat_sign`: requests signed with the merchant key, every answer verified
//! with the platform key before it is read. Each check of the simulator is proved by breaking it.
#![cfg(not(target_arch = "wasm32"))]
#![cfg(not(target_arch = "wasm32"))]

#[path = "sim.rs"]
mod wechat_sim;

#[path = "notify_tests.rs"]
mod notify_tests;
#[path = "refund_tests.rs"]
mod refund_tests;

use orchard::server::payment::keys::{PrivateKey, PublicKey};
use orchard::server::payment::wechat_sign::{
    authorization, Merchant, Platform, Refusal, SignedHeaders, Stamp,
};
use serde_json::{json, Value};
use wechat_sim::{fixture, Config, WechatSim, APPID, MCHID, MERCHANT_SERIAL, PLATFORM_KEY_ID};

/// The merchant's side: its key, the platform's public key, an HTTP client.
struct Shop {
    key: PrivateKey,
    platform: PublicKey,
    client: reqwest::Client,
}

/// An answer as received: its status, its body as JSON (`Null` if empty), and whether its
/// `Wechatpay-*` headers verify with the platform key.
struct Answer {
    status: u16,
    body: Value,
    verified: Result<(), Refusal>,
}

fn now() -> i64 {
    time::OffsetDateTime::now_utc().unix_timestamp()
}

impl Shop {
    fn new() -> Self {
        Self {
            key: PrivateKey::from_pem(&fixture("merchant_key.pem")).unwrap(),
            platform: PublicKey::from_pem(&fixture("provider_pub.pem")).unwrap(),
            client: reqwest::Client::new(),
        }
    }

    /// The `Authorization` header the merchant sends for this request.
    fn sign(&self, method: &str, url: &str, body: &str) -> String {
        self.sign_at(now(), method, url, body)
    }

    /// The same, signed at `timestamp`.
    fn sign_at(&self, timestamp: i64, method: &str, url: &str, body: &str) -> String {
        let merchant = Merchant {
            mchid: MCHID,
            serial_no: MERCHANT_SERIAL,
            key: &self.key,
        };
        let stamp = Stamp {
            timestamp,
            nonce: "593BEC0C930BF1AFEB40B4A08C8FB242",
        };
        authorization(merchant, method, url, stamp, body)
    }

    /// A request signed as it is sent.
    async fn call(&self, sim: &WechatSim, method: &str, url: &str, body: Option<&Value>) -> Answer {
        let body = body.map(Value::to_string).unwrap_or_default();
        let signature = self.sign(method, url, &body);
        self.send(sim, method, url, body, Some(signature)).await
    }

    /// A request with whatever `Authorization` the test gives (or none).
    async fn send(
        &self,
        sim: &WechatSim,
        method: &str,
        url: &str,
        body: String,
        authorization: Option<String>,
    ) -> Answer {
        let method = reqwest::Method::from_bytes(method.as_bytes()).unwrap();
        let mut request = self.client.request(method, format!("{}{url}", sim.base()));
        request = request.header("Accept", "application/json");
        if !body.is_empty() {
            request = request
                .header("Content-Type", "application/json")
                .body(body);
        }
        if let Some(authorization) = authorization {
            request = request.header("Authorization", authorization);
        }
        let answer = request.send().await.unwrap();
        let status = answer.status().as_u16();
        let headers = SignedHeaders::from_map(answer.headers());
        let bytes = answer.bytes().await.unwrap();
        let platform = Platform {
            key_id: PLATFORM_KEY_ID,
            key: &self.platform,
        };
        let verified = headers.and_then(|headers| headers.verify(platform, &bytes, now()));
        let body = serde_json::from_slice(&bytes).unwrap_or(Value::Null);
        Answer {
            status,
            body,
            verified,
        }
    }
}

/// An order's body as the merchant places it; `kind` is `jsapi`, `h5` or `native`.
fn order(kind: &str, out_trade_no: &str, total: i64, notify_url: &str) -> Value {
    let mut body = json!({
        "appid": APPID, "mchid": MCHID, "description": "Orchard - 2 boxes of apples",
        "out_trade_no": out_trade_no, "notify_url": notify_url,
        "amount": { "total": total, "currency": "CNY" },
    });
    match kind {
        "jsapi" => body["payer"] = json!({ "openid": "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o" }),
        "h5" => {
            let h5_info = json!({ "type": "Wap" });
            body["scene_info"] = json!({ "payer_client_ip": "127.0.0.1", "h5_info": h5_info });
        }
        _ => {}
    }
    body
}

const NOTIFY: &str = "https://orchard.example/api/pay/wechat/drolma";

async fn place(shop: &Shop, sim: &WechatSim, kind: &str, no: &str, total: i64) -> Answer {
    let body = order(kind, no, total, NOTIFY);
    shop.call(
        sim,
        "POST",
        &format!("/v3/pay/transactions/{kind}"),
        Some(&body),
    )
    .await
}

#[tokio::test]
async fn signed_jsapi_h5_and_native_orders_are_answered_and_the_answers_verify() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let jsapi = place(&shop, &sim, "jsapi", "ORCH-jsapi-0001", 2400).await;
    assert_eq!((jsapi.status, jsapi.verified), (200, Ok(())));
    assert!(jsapi.body["prepay_id"].as_str().unwrap().starts_with("wx"));
    let h5 = place(&shop, &sim, "h5", "ORCH-h5-0001", 2400).await;
    assert_eq!((h5.status, h5.verified), (200, Ok(())));
    assert!(h5.body["h5_url"].as_str().unwrap().contains("prepay_id="));
    let native = place(&shop, &sim, "native", "ORCH-native-0001", 2400).await;
    assert_eq!((native.status, native.verified), (200, Ok(())));
    let code_url = native.body["code_url"].as_str().unwrap();
    assert!(code_url.starts_with("weixin://wxpay/bizpayurl?pr="));
    assert_eq!(sim.trade_state("ORCH-native-0001"), Some("NOTPAY"));
    sim.stop().await;
}

#[tokio::test]
async fn an_unsigned_or_wrongly_signed_request_is_refused_sign_error_and_changes_nothing() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let url = "/v3/pay/transactions/native";
    let body = order("native", "ORCH-forged-01", 100, NOTIFY).to_string();
    let signed_for_another_body = shop.sign("POST", url, &body.replace("100", "1"));
    let signed_for_another_url = shop.sign("POST", "/v3/pay/transactions/h5", &body);
    let mut wrong_serial = shop.sign("POST", url, &body);
    wrong_serial =
        wrong_serial.replace(MERCHANT_SERIAL, "0000000000000000000000000000000000000000");
    for authorization in [
        None,
        Some("Bearer abc".to_owned()),
        Some(signed_for_another_body),
        Some(signed_for_another_url),
        Some(wrong_serial),
        Some(shop.sign_at(now() - 600, "POST", url, &body)),
    ] {
        let answer = shop
            .send(&sim, "POST", url, body.clone(), authorization)
            .await;
        assert_eq!((answer.status, answer.verified), (401, Ok(())));
        assert_eq!(answer.body["code"], "SIGN_ERROR");
        assert!(answer.body["message"].is_string());
    }
    let query = format!("/v3/pay/transactions/out-trade-no/ORCH-forged-01?mchid={MCHID}");
    let unsigned = shop.send(&sim, "GET", &query, String::new(), None).await;
    assert_eq!(unsigned.status, 401);
    assert_eq!(sim.trade_state("ORCH-forged-01"), None);
    sim.stop().await;
}

#[tokio::test]
async fn an_order_missing_what_its_kind_needs_is_refused_param_error() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let mut no_openid = order("jsapi", "ORCH-bad-0001", 100, NOTIFY);
    no_openid.as_object_mut().unwrap().remove("payer");
    let mut no_scene = order("h5", "ORCH-bad-0002", 100, NOTIFY);
    no_scene.as_object_mut().unwrap().remove("scene_info");
    let nothing_to_pay = order("native", "ORCH-bad-0003", 0, NOTIFY);
    let mut no_description = order("native", "ORCH-bad-0004", 100, NOTIFY);
    no_description["description"] = json!("");
    let no_notify_url = order("native", "ORCH-bad-0005", 100, "");
    for (kind, body) in [
        ("jsapi", no_openid),
        ("h5", no_scene),
        ("native", nothing_to_pay),
        ("native", no_description),
        ("native", no_notify_url),
    ] {
        let url = format!("/v3/pay/transactions/{kind}");
        let answer = shop.call(&sim, "POST", &url, Some(&body)).await;
        assert_eq!((answer.status, answer.verified), (400, Ok(())), "{body}");
        assert_eq!(answer.body["code"], "PARAM_ERROR", "{body}");
    }
    let placed = place(&shop, &sim, "native", "ORCH-bad-0006", 100).await;
    assert_eq!(
        placed.status, 200,
        "the same order with every field is taken"
    );
    sim.stop().await;
}

#[tokio::test]
async fn the_same_out_trade_no_gets_the_same_answer_and_another_amount_is_invalid_request() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let first = place(&shop, &sim, "jsapi", "ORCH-again-01", 3600).await;
    let again = place(&shop, &sim, "jsapi", "ORCH-again-01", 3600).await;
    assert_eq!((again.status, again.verified), (200, Ok(())));
    assert_eq!(again.body, first.body);
    let other = place(&shop, &sim, "jsapi", "ORCH-again-01", 3700).await;
    assert_eq!((other.status, other.verified), (400, Ok(())));
    assert_eq!(other.body["code"], "INVALID_REQUEST");
    sim.stop().await;
}

#[tokio::test]
async fn query_and_close_follow_the_order_from_notpay_to_success_or_closed() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let query = |no: &str| format!("/v3/pay/transactions/out-trade-no/{no}?mchid={MCHID}");
    let unknown = shop.call(&sim, "GET", &query("ORCH-nobody-1"), None).await;
    assert_eq!((unknown.status, unknown.verified), (404, Ok(())));
    assert_eq!(unknown.body["code"], "ORDER_NOT_EXIST");
    place(&shop, &sim, "native", "ORCH-query-01", 1800).await;
    let unpaid = shop.call(&sim, "GET", &query("ORCH-query-01"), None).await;
    assert_eq!((unpaid.status, unpaid.verified), (200, Ok(())));
    assert_eq!(unpaid.body["trade_state"], "NOTPAY");
    assert_eq!(unpaid.body["amount"]["total"], 1800);
    sim.mark_paid("ORCH-query-01");
    let paid = shop.call(&sim, "GET", &query("ORCH-query-01"), None).await;
    assert_eq!(paid.body["trade_state"], "SUCCESS");
    assert_eq!(paid.body["trade_type"], "NATIVE");
    assert!(paid.body["transaction_id"].is_string() && paid.body["payer"]["openid"].is_string());
    let close = |no: &str| format!("/v3/pay/transactions/out-trade-no/{no}/close");
    let mchid = json!({ "mchid": MCHID });
    let refused = shop
        .call(&sim, "POST", &close("ORCH-query-01"), Some(&mchid))
        .await;
    assert_eq!((refused.status, refused.verified), (400, Ok(())));
    assert_eq!(refused.body["code"], "ORDER_PAID");
    place(&shop, &sim, "h5", "ORCH-query-02", 1800).await;
    let closed = shop
        .call(&sim, "POST", &close("ORCH-query-02"), Some(&mchid))
        .await;
    assert_eq!((closed.status, closed.verified), (204, Ok(())));
    let after = shop.call(&sim, "GET", &query("ORCH-query-02"), None).await;
    assert_eq!(after.body["trade_state"], "CLOSED");
    let missing = shop
        .call(&sim, "POST", &close("ORCH-nobody-1"), Some(&mchid))
        .await;
    assert_eq!(
        (missing.status, missing.verified),
        (204, Ok(())),
        "as WeChat Pay answers"
    );
    assert_eq!(sim.trade_state("ORCH-nobody-1"), None);
    sim.stop().await;
}
