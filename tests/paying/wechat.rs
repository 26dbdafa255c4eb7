//! WeChat Pay in its three situations, and its notifications: paid once however often they
//! come; a forged, stale or wrong one refused as WeChat Pay documents and changing nothing.

use orchard::domain::JsapiParams;
use orchard::server::payment::keys::PublicKey;
use serde_json::Value;

use crate::shop::{Shop, COMPUTER, IN_WECHAT, PHONE};
use crate::wechat_sim::{fixture, Tamper};

/// The statuses of `view`'s history, in order.
fn journey(view: &Value) -> Vec<String> {
    view["history"]
        .as_array()
        .unwrap()
        .iter()
        .map(|c| c["status"].as_str().unwrap().to_owned())
        .collect()
}

#[tokio::test]
async fn an_order_paid_by_wechat_h5_waits_holding_its_box_then_is_received_once_however_often_it_is_told(
) {
    for shop in Shop::on_both_stores(r#"["wechat", "alipay", "cod"]"#, 15).await {
        let store = shop.store;
        let (status, order) = shop.place(PHONE, "h5-order-1", "wechat").await;
        assert_eq!(status, 201, "{store}: {order}");
        assert_eq!(order["status"], "awaiting_payment", "{store}");
        let payment = &order["payment"];
        assert_eq!(
            (payment["method"].as_str(), payment["status"].as_str()),
            (Some("wechat"), Some("pending"))
        );
        assert!(payment["expires_at"].is_string(), "{store}: {payment}");
        assert_eq!(payment["next"]["kind"], "redirect", "{store}: {payment}");
        let url = payment["next"]["url"].as_str().unwrap();
        assert!(url.starts_with(shop.wechat.base()), "{store}: {url}");
        let back = format!("{}/orders/{}", shop.base, order["id"].as_str().unwrap());
        let back: String = form_urlencoded::byte_serialize(back.as_bytes()).collect();
        assert!(
            url.ends_with(&format!("&redirect_url={back}")),
            "{store}: {url}"
        );
        assert_eq!(shop.left().await, 39, "{store}: the box is held");
        let front = shop.storefront().await;
        assert_eq!(front["impact"]["orders"], 0, "{store}: held, not sold yet");
        let methods = &front["payment_methods"];
        assert_eq!(
            *methods,
            serde_json::json!(["wechat", "alipay", "cod"]),
            "{store}"
        );

        let id = order["id"].as_str().unwrap();
        let first = shop.wechat.pay(id).await;
        assert_eq!(first.status, 204, "{store}: {}", first.answer);
        for _ in 0..3 {
            let again = shop.wechat.notify(id, Tamper::None).await;
            assert_eq!(again.status, 204, "{store}: {}", again.answer);
        }
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["status"], "received", "{store}: {view}");
        assert_eq!(view["payment"]["status"], "paid", "{store}: {view}");
        assert!(
            view["payment"].get("next").is_none(),
            "{store}: nothing left to do"
        );
        assert_eq!(journey(&view), ["awaiting_payment", "received"], "{store}");
        assert_eq!(shop.left().await, 39, "{store}: sold once");
        let front = shop.storefront().await;
        assert_eq!(front["impact"]["orders"], 1, "{store}: sold once paid");
        assert_eq!(front["impact"]["kg_sold"], 5, "{store}");
        let summary: Value = shop.admin("/api/admin/summary").await.json().await.unwrap();
        assert_eq!(summary["by_status"]["received"], 1, "{store}: {summary}");
        assert_eq!(summary["revenue_fen"], 6800, "{store}: {summary}");
    }
}

#[tokio::test]
async fn a_forged_stale_or_wrong_amount_notification_is_refused_as_wechat_pay_says_and_changes_nothing(
) {
    for shop in Shop::on_both_stores(r#"["wechat"]"#, 15).await {
        let store = shop.store;
        let (_, order) = shop.place(PHONE, "forged-1", "wechat").await;
        let id = order["id"].as_str().unwrap();
        shop.wechat.mark_paid(id);
        for (tamper, status) in [
            (Tamper::ForgedSignature, 401),
            (Tamper::StaleTimestamp, 401),
            (Tamper::WrongAmount, 400),
        ] {
            let told = shop.wechat.notify(id, tamper).await;
            assert_eq!(told.status, status, "{store}: {tamper:?}: {}", told.answer);
            let answer: Value = serde_json::from_str(&told.answer).unwrap();
            assert_eq!(answer["code"], "FAIL", "{store}: {tamper:?}");
            assert!(answer["message"].is_string(), "{store}: {tamper:?}");
        }
        let summary: Value = shop.admin("/api/admin/summary").await.json().await.unwrap();
        assert_eq!(
            summary["by_status"]["awaiting_payment"], 1,
            "{store}: {summary}"
        );
        // The lookup never trusts the phone: it asks WeChat Pay, which says it is paid.
        let view = shop.lookup(PHONE, &order).await;
        assert_eq!(view["status"], "received", "{store}: {view}");
    }
}

#[tokio::test]
async fn inside_wechat_the_buyer_is_sent_through_oauth_and_then_pays_with_signed_jsapi_parameters()
{
    let shop = Shop::open(r#"["wechat", "alipay", "cod"]"#, 15).await;
    shop.wechat.set_buyer("oSimBuyerInWeChat00000000042");
    let (status, order) = shop.place(IN_WECHAT, "in-wechat-1", "wechat").await;
    assert_eq!(status, 201, "{order}");
    let next = &order["payment"]["next"];
    assert_eq!(next["kind"], "wechat_oauth", "{next}");
    let phone = Shop::phone(IN_WECHAT);
    let authorize = phone
        .get(next["url"].as_str().unwrap())
        .send()
        .await
        .unwrap();
    assert_eq!(authorize.status(), 302);
    let callback = authorize.headers()["location"].to_str().unwrap().to_owned();
    let prefix = format!("{}/api/pay/wechat/content/oauth?", shop.base);
    assert!(callback.starts_with(&prefix), "{callback}");
    let came_back = phone.get(&callback).send().await.unwrap();
    assert_eq!(came_back.status(), 303);
    let page = format!("{}/orders/{}", shop.base, order["id"].as_str().unwrap());
    assert_eq!(
        came_back.headers()["location"].to_str().unwrap(),
        page,
        "no token in it"
    );

    let view = shop.lookup(IN_WECHAT, &order).await;
    let next = &view["payment"]["next"];
    assert_eq!(next["kind"], "jsapi", "{view}");
    let params: JsapiParams = serde_json::from_value(next["params"].clone()).unwrap();
    assert!(params.package.starts_with("prepay_id="), "{params:?}");
    assert_eq!(params.sign_type, "RSA");
    let merchant = PublicKey::from_pem(&fixture("merchant_pub.pem")).unwrap();
    assert!(params.verifies(&merchant), "paySign is the merchant's");

    let unknown = phone
        .get(format!("{prefix}code=abc&state=NoSuchOrderStateAtAll123"))
        .send()
        .await
        .unwrap();
    assert_eq!(unknown.status(), 404);
}

#[tokio::test]
async fn on_a_computer_the_order_answers_a_native_code_for_a_qr_code() {
    let shop = Shop::open(r#"["wechat"]"#, 15).await;
    let (status, order) = shop.place(COMPUTER, "computer-1", "wechat").await;
    assert_eq!(status, 201, "{order}");
    let next = &order["payment"]["next"];
    assert_eq!(next["kind"], "qr", "{next}");
    assert!(
        next["code_url"].as_str().unwrap().starts_with("weixin://"),
        "{next}"
    );
}

#[tokio::test]
async fn a_way_to_pay_the_producer_does_not_take_is_refused_and_pay_on_delivery_is_as_before() {
    let shop = Shop::open(r#"["wechat", "cod"]"#, 15).await;
    let (status, refused) = shop.place(PHONE, "alipay-not-taken", "alipay").await;
    assert_eq!(status, 422, "{refused}");
    assert!(
        refused["error"]["fields"]["payment"].is_string(),
        "{refused}"
    );
    let (status, cod) = shop.place(PHONE, "cod-1", "cod").await;
    assert_eq!(status, 201, "{cod}");
    assert_eq!(cod["status"], "received");
    assert!(cod.get("payment").is_none(), "{cod}");
    let view = shop.lookup(PHONE, &cod).await;
    assert!(view.get("payment").is_none(), "{view}");
}
