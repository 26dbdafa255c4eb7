//! Notifications, received by a tiny merchant endpoint that verifies them with `wechat_sign` as
//! the server must (signature, time, then `decrypt`) and answers 204, or 401 `{"code": "FAIL"}`.

use std::sync::{Arc, Mutex};

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::routing::post;
use axum::{Json, Router};
use orchard::server::payment::wechat_sign::{decrypt, ApiV3Key, Platform, Resource, SignedHeaders};
use serde_json::{json, Value};

use super::wechat_sim::{Tamper, APIV3_KEY, PLATFORM_KEY_ID};
use super::{now, Shop, WechatSim};
use crate::wechat_sim::Config;

/// What the endpoint made of one notification: the refusal, or the event and its plaintext.
type Received = Result<(Value, Value), String>;
/// The endpoint's state: the merchant's keys, and what it received.
type Inbox = (Arc<Shop>, Arc<Mutex<Vec<Received>>>);

struct Endpoint {
    url: String,
    received: Arc<Mutex<Vec<Received>>>,
    stop: tokio::sync::oneshot::Sender<()>,
}

async fn receive(
    State((shop, received)): State<Inbox>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let platform = Platform {
        key_id: PLATFORM_KEY_ID,
        key: &shop.platform,
    };
    let read = SignedHeaders::from_map(&headers)
        .and_then(|signed| signed.verify(platform, &body, now()))
        .map_err(|refusal| refusal.to_string())
        .and_then(|()| {
            let event: Value = serde_json::from_slice(&body).map_err(|e| e.to_string())?;
            let resource: Resource =
                serde_json::from_value(event["resource"].clone()).map_err(|e| e.to_string())?;
            let key = ApiV3Key::parse(APIV3_KEY).unwrap();
            let plain = decrypt(&key, &resource).map_err(|e| e.to_string())?;
            Ok((
                event,
                serde_json::from_str(&plain).map_err(|e| e.to_string())?,
            ))
        });
    let answer = match &read {
        Ok(_) => StatusCode::NO_CONTENT.into_response(),
        Err(why) => {
            let body = json!({ "code": "FAIL", "message": why });
            (StatusCode::UNAUTHORIZED, Json(body)).into_response()
        }
    };
    received.lock().unwrap().push(read);
    answer
}

impl Endpoint {
    async fn start() -> Self {
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
        let url = format!(
            "http://{}/api/pay/wechat/drolma",
            listener.local_addr().unwrap()
        );
        let received = Arc::new(Mutex::new(Vec::new()));
        let app = Router::new()
            .route("/api/pay/wechat/drolma", post(receive))
            .with_state((Arc::new(Shop::new()), received.clone()));
        let (stop, stopped) = tokio::sync::oneshot::channel::<()>();
        tokio::spawn(async move {
            let serve = axum::serve(listener, app);
            let _ = serve
                .with_graceful_shutdown(async { drop(stopped.await) })
                .await;
        });
        Self {
            url,
            received,
            stop,
        }
    }

    fn received(&self) -> Vec<Received> {
        self.received.lock().unwrap().clone()
    }
}

async fn place_to(shop: &Shop, sim: &WechatSim, endpoint: &Endpoint, no: &str, total: i64) {
    let body = super::order("jsapi", no, total, &endpoint.url);
    let answer = shop
        .call(sim, "POST", "/v3/pay/transactions/jsapi", Some(&body))
        .await;
    assert_eq!(answer.status, 200);
}

#[tokio::test]
async fn a_paid_order_notifies_the_merchant_and_the_notification_verifies_and_decrypts() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let endpoint = Endpoint::start().await;
    place_to(&shop, &sim, &endpoint, "ORCH-notify-01", 2400).await;
    let delivery = sim.pay("ORCH-notify-01").await;
    assert_eq!((delivery.status, delivery.tamper), (204, Tamper::None));
    let received = endpoint.received();
    let (event, transaction) = received[0].as_ref().expect("a notification believed");
    assert_eq!(event["event_type"], "TRANSACTION.SUCCESS");
    assert_eq!(event["resource_type"], "encrypt-resource");
    assert_eq!(event["resource"]["original_type"], "transaction");
    assert_eq!(transaction["out_trade_no"], "ORCH-notify-01");
    assert_eq!(transaction["trade_state"], "SUCCESS");
    assert_eq!(transaction["amount"]["total"], 2400);
    assert_eq!(
        transaction["payer"]["openid"],
        "oUpF8uMuAJO_M2pxb1Q9zNjWeS6o"
    );
    assert_eq!(sim.trade_state("ORCH-notify-01"), Some("SUCCESS"));
    let _ = endpoint.stop.send(());
    sim.stop().await;
}

#[tokio::test]
async fn repeated_forged_stale_and_wrong_amount_notifications_arrive_as_described() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let endpoint = Endpoint::start().await;
    place_to(&shop, &sim, &endpoint, "ORCH-notify-02", 1200).await;
    sim.mark_paid("ORCH-notify-02");
    let late = sim.notify("ORCH-notify-02", Tamper::None).await;
    let again = sim.notify("ORCH-notify-02", Tamper::None).await;
    assert_eq!((late.status, again.status), (204, 204));
    let forged = sim.notify("ORCH-notify-02", Tamper::ForgedSignature).await;
    let stale = sim.notify("ORCH-notify-02", Tamper::StaleTimestamp).await;
    assert_eq!((forged.status, stale.status), (401, 401));
    assert!(forged.answer.contains("FAIL"), "{}", forged.answer);
    let wrong = sim.notify("ORCH-notify-02", Tamper::WrongAmount).await;
    assert_eq!(
        wrong.status, 204,
        "it verifies: only the amount tells it apart"
    );
    let received = endpoint.received();
    assert_eq!(received.len(), 5);
    let (_, first) = received[0].as_ref().unwrap();
    let (_, second) = received[1].as_ref().unwrap();
    assert_eq!(first["transaction_id"], second["transaction_id"]);
    assert!(received[2].as_ref().unwrap_err().contains("signature"));
    assert!(received[3].as_ref().unwrap_err().contains("5 minutes old"));
    let (_, misstated) = received[4].as_ref().unwrap();
    assert_eq!(misstated["amount"]["total"], 1201);
    assert_eq!(sim.deliveries().len(), 5);
    let _ = endpoint.stop.send(());
    sim.stop().await;
}

#[tokio::test]
async fn an_unreachable_notify_url_is_recorded_as_no_answer() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let endpoint = Endpoint::start().await;
    let url = endpoint.url.clone();
    let _ = endpoint.stop.send(());
    tokio::time::sleep(std::time::Duration::from_millis(50)).await;
    let body = super::order("native", "ORCH-notify-03", 500, &url);
    let answer = shop
        .call(&sim, "POST", "/v3/pay/transactions/native", Some(&body))
        .await;
    assert_eq!(answer.status, 200);
    let delivery = sim.pay("ORCH-notify-03").await;
    assert_eq!(delivery.status, 0);
    assert_eq!(sim.deliveries()[0].url, url);
    sim.stop().await;
}

#[tokio::test]
async fn opening_an_h5_url_pays_once_notifies_and_returns_to_the_redirect_url() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    let endpoint = Endpoint::start().await;
    let body = super::order("h5", "ORCH-h5pay-01", 800, &endpoint.url);
    let placed = shop
        .call(&sim, "POST", "/v3/pay/transactions/h5", Some(&body))
        .await;
    let h5_url = placed.body["h5_url"].as_str().unwrap();
    let back = "https://orchard.example/mine/ORCH-h5pay-01";
    let browser = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    for _ in 0..2 {
        let opened = browser.get(h5_url).query(&[("redirect_url", back)]);
        let opened = opened.send().await.unwrap();
        assert_eq!(opened.status(), 302);
        assert_eq!(opened.headers()["location"], back);
    }
    assert_eq!(sim.trade_state("ORCH-h5pay-01"), Some("SUCCESS"));
    let received = endpoint.received();
    assert_eq!(received.len(), 1, "paid once, notified once");
    assert_eq!(received[0].as_ref().unwrap().1["trade_type"], "MWEB");
    let body = super::order("h5", "ORCH-h5pay-02", 800, &endpoint.url);
    let placed = shop
        .call(&sim, "POST", "/v3/pay/transactions/h5", Some(&body))
        .await;
    let close = "/v3/pay/transactions/out-trade-no/ORCH-h5pay-02/close";
    let mchid = serde_json::json!({ "mchid": super::MCHID });
    assert_eq!(
        shop.call(&sim, "POST", close, Some(&mchid)).await.status,
        204
    );
    let closed = browser
        .get(placed.body["h5_url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(closed.status(), 400);
    assert_eq!(sim.trade_state("ORCH-h5pay-02"), Some("CLOSED"));
    let _ = endpoint.stop.send(());
    sim.stop().await;
}
