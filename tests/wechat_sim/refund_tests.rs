//! Refunds (one per out_refund_no, PROCESSING then SUCCESS or ABNORMAL, never more than was
//! paid) and snsapi_base OAuth (a code gives the buyer's openid once).

use std::collections::HashMap;

use serde_json::{json, Value};

use super::wechat_sim::{Config, WechatSim, APPID, APP_SECRET};
use super::{place, Shop};

fn refund(out_trade_no: &str, out_refund_no: &str, fen: i64, total: i64) -> Value {
    json!({
        "out_trade_no": out_trade_no, "out_refund_no": out_refund_no, "reason": "short harvest",
        "amount": { "refund": fen, "total": total, "currency": "CNY" },
    })
}

const REFUNDS: &str = "/v3/refund/domestic/refunds";

#[tokio::test]
async fn a_refund_is_processing_then_success_and_asking_again_gives_the_same_refund() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    place(&shop, &sim, "jsapi", "ORCH-refund-01", 3000).await;
    let unpaid = refund("ORCH-refund-01", "CLAIM-0001", 1000, 3000);
    let refused = shop.call(&sim, "POST", REFUNDS, Some(&unpaid)).await;
    assert_eq!((refused.status, refused.verified), (400, Ok(())));
    sim.mark_paid("ORCH-refund-01");
    let asked = shop.call(&sim, "POST", REFUNDS, Some(&unpaid)).await;
    assert_eq!((asked.status, asked.verified), (200, Ok(())));
    assert_eq!(asked.body["status"], "PROCESSING");
    assert_eq!(asked.body["amount"]["refund"], 1000);
    assert_eq!(sim.trade_state("ORCH-refund-01"), Some("REFUND"));
    let again = shop.call(&sim, "POST", REFUNDS, Some(&unpaid)).await;
    assert_eq!(again.body["refund_id"], asked.body["refund_id"]);
    let changed = refund("ORCH-refund-01", "CLAIM-0001", 1500, 3000);
    let other = shop.call(&sim, "POST", REFUNDS, Some(&changed)).await;
    assert_eq!(
        (other.status, other.body["code"].clone()),
        (400, json!("INVALID_REQUEST"))
    );
    assert!(
        sim.finish_refund("CLAIM-0001").await.is_none(),
        "no notify_url given"
    );
    let looked = shop
        .call(&sim, "GET", &format!("{REFUNDS}/CLAIM-0001"), None)
        .await;
    assert_eq!((looked.status, looked.verified), (200, Ok(())));
    assert_eq!(looked.body["status"], "SUCCESS");
    assert!(looked.body["success_time"].is_string());
    let unknown = shop
        .call(&sim, "GET", &format!("{REFUNDS}/CLAIM-9999"), None)
        .await;
    assert_eq!(
        (unknown.status, unknown.body["code"].clone()),
        (404, json!("RESOURCE_NOT_EXISTS"))
    );
    sim.stop().await;
}

#[tokio::test]
async fn a_refund_over_what_was_paid_is_refused_and_a_failing_refund_ends_abnormal() {
    let (sim, shop) = (WechatSim::start(Config::fixtures()).await, Shop::new());
    place(&shop, &sim, "h5", "ORCH-refund-02", 2000).await;
    sim.mark_paid("ORCH-refund-02");
    let first = refund("ORCH-refund-02", "CLAIM-0002", 1500, 2000);
    assert_eq!(
        shop.call(&sim, "POST", REFUNDS, Some(&first)).await.status,
        200
    );
    let beyond = refund("ORCH-refund-02", "CLAIM-0003", 501, 2000);
    let over = shop.call(&sim, "POST", REFUNDS, Some(&beyond)).await;
    assert_eq!((over.status, over.verified), (400, Ok(())));
    assert_eq!(over.body["code"], "INVALID_REQUEST");
    let wrong_total = refund("ORCH-refund-02", "CLAIM-0004", 100, 2100);
    let mismatched = shop.call(&sim, "POST", REFUNDS, Some(&wrong_total)).await;
    assert_eq!(
        (mismatched.status, mismatched.body["code"].clone()),
        (400, json!("PARAM_ERROR"))
    );
    let nobody = refund("ORCH-nobody-01", "CLAIM-0005", 100, 2000);
    assert_eq!(
        shop.call(&sim, "POST", REFUNDS, Some(&nobody)).await.status,
        404
    );
    sim.fail_refunds(true);
    sim.finish_refund("CLAIM-0002").await;
    let looked = shop
        .call(&sim, "GET", &format!("{REFUNDS}/CLAIM-0002"), None)
        .await;
    assert_eq!(looked.body["status"], "ABNORMAL");
    let rest = refund("ORCH-refund-02", "CLAIM-0006", 2000, 2000);
    let retried = shop.call(&sim, "POST", REFUNDS, Some(&rest)).await;
    assert_eq!(
        retried.status, 200,
        "a failed refund no longer counts against the order"
    );
    sim.stop().await;
}

#[tokio::test]
async fn an_oauth_code_gives_the_buyers_openid_once() {
    let sim = WechatSim::start(Config::fixtures()).await;
    sim.set_buyer("oBuyerDrolma000000000000042");
    let client = reqwest::Client::builder()
        .redirect(reqwest::redirect::Policy::none())
        .build()
        .unwrap();
    let back = "https://orchard.example/api/pay/wechat/drolma/oauth";
    let authorize = format!("{}/connect/oauth2/authorize", sim.base());
    let query = [
        ("appid", APPID),
        ("redirect_uri", back),
        ("response_type", "code"),
        ("scope", "snsapi_base"),
        ("state", "Ord3rStat3Unguessable42"),
    ];
    let answer = client.get(&authorize).query(&query).send().await.unwrap();
    assert_eq!(answer.status(), 302);
    let location = answer.headers()["location"].to_str().unwrap().to_owned();
    let (to, params) = location.split_once('?').unwrap();
    assert_eq!(to, back);
    let params: HashMap<String, String> = form_urlencoded::parse(params.as_bytes())
        .into_owned()
        .collect();
    assert_eq!(params["state"], "Ord3rStat3Unguessable42");
    let wrong_scope = [("scope", "snsapi_userinfo"), query[0], query[1], query[2]];
    let refused = client
        .get(&authorize)
        .query(&wrong_scope)
        .send()
        .await
        .unwrap();
    assert_eq!(refused.status(), 400);
    let token = |code: String, secret: &'static str| {
        let url = format!("{}/sns/oauth2/access_token", sim.base());
        let grant = [("appid", APPID.to_owned()), ("secret", secret.to_owned())];
        let rest = [
            ("code", code),
            ("grant_type", "authorization_code".to_owned()),
        ];
        let request = client.get(url).query(&grant).query(&rest);
        async move { request.send().await.unwrap().json::<Value>().await.unwrap() }
    };
    let wrong_secret = token(params["code"].clone(), "not-the-secret").await;
    assert_eq!(wrong_secret["errcode"], 40125);
    let first = token(params["code"].clone(), APP_SECRET).await;
    assert_eq!(first["openid"], "oBuyerDrolma000000000000042");
    assert_eq!(first["scope"], "snsapi_base");
    let reused = token(params["code"].clone(), APP_SECRET).await;
    assert_eq!(reused["errcode"], 40029);
    let made_up = token("madeUpCode".to_owned(), APP_SECRET).await;
    assert_eq!(made_up["errcode"], 40029);
    sim.stop().await;
}
