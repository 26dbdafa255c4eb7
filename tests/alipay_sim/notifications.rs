//! The simulator's asynchronous notifications, received by a tiny merchant endpoint that verifies
//! them with `verify_notification` as the app does: honest, repeated, late, forged, with a wrong
//! amount or app id, and Alipay's retry of any not answered `success`.

use std::sync::{Arc, Mutex};

use axum::extract::State;
use axum::routing::post;
use axum::{Form, Router};
use orchard::server::payment::alipay_sign::{verify_notification, Params, VerifyError};
use tokio::net::TcpListener;

use super::sim::{AlipaySim, Twist};
use super::{alipay_public, open, start, wap_pay, TradeStatus, APP_ID};

/// What the endpoint received (each with its verification) and what it answers.
#[derive(Default)]
struct Inbox {
    received: Vec<(Params, Result<(), VerifyError>)>,
    answer: String,
}

/// The merchant's notify address: verifies each notification, keeps it, answers `inbox.answer`.
async fn merchant(inbox: Arc<Mutex<Inbox>>) -> String {
    async fn notified(
        State(inbox): State<Arc<Mutex<Inbox>>>,
        Form(fields): Form<Params>,
    ) -> String {
        let verified = verify_notification(&fields, &super::alipay_public());
        let mut inbox = inbox.lock().unwrap();
        inbox.received.push((fields, verified));
        inbox.answer.clone()
    }
    let listener = TcpListener::bind("127.0.0.1:0").await.unwrap();
    let url = format!(
        "http://{}/api/pay/alipay/drolma",
        listener.local_addr().unwrap()
    );
    let app = Router::new()
        .route("/api/pay/alipay/drolma", post(notified))
        .with_state(inbox);
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    url
}

/// A simulator, a merchant answering `answer`, and a trade of 258.00 notifying it.
async fn trade_with_merchant(answer: &str) -> (AlipaySim, Arc<Mutex<Inbox>>) {
    let sim = start().await;
    let inbox = Arc::new(Mutex::new(Inbox {
        answer: answer.to_owned(),
        ..Inbox::default()
    }));
    let url = merchant(inbox.clone()).await;
    let (_, page) = open(&sim, &wap_pay("ord_n1", 25800, &url)).await;
    assert!(page.contains("cashier"), "{page}");
    (sim, inbox)
}

#[tokio::test]
async fn a_payment_notifies_the_merchant_with_fields_that_verify_as_alipays() {
    let (sim, inbox) = trade_with_merchant("success").await;
    let delivery = sim.pay("ord_n1").await.unwrap();
    assert!(delivery.acknowledged, "{delivery:?}");
    let inbox = inbox.lock().unwrap();
    let (fields, verified) = &inbox.received[0];
    assert_eq!(verified, &Ok(()));
    assert_eq!(fields, &delivery.fields);
    let trade = sim.trade("ord_n1").unwrap();
    for (name, value) in [
        ("notify_type", "trade_status_sync"),
        ("app_id", APP_ID),
        ("out_trade_no", "ord_n1"),
        ("trade_no", trade.trade_no.as_str()),
        ("trade_status", "TRADE_SUCCESS"),
        ("total_amount", "258.00"),
        ("charset", "utf-8"),
        ("version", "1.0"),
        ("sign_type", "RSA2"),
    ] {
        assert_eq!(fields.get(name).map(String::as_str), Some(value), "{name}");
    }
    assert_eq!(fields["notify_id"].len(), 32);
    assert!(sim.unacknowledged().is_empty());
}

#[tokio::test]
async fn a_repeated_notification_is_the_same_notification_sent_again() {
    let (sim, inbox) = trade_with_merchant("success").await;
    let first = sim.pay("ord_n1").await.unwrap();
    let again = sim.deliver(&first.fields).await.unwrap();
    assert!(again.acknowledged);
    let inbox = inbox.lock().unwrap();
    assert_eq!(inbox.received.len(), 2);
    assert_eq!(inbox.received[0].0, inbox.received[1].0);
    assert_eq!(inbox.received[1].1, Ok(()));
}

#[tokio::test]
async fn a_late_notification_arrives_after_the_payment_it_tells_of() {
    let (sim, inbox) = trade_with_merchant("success").await;
    let held = sim.pay_quietly("ord_n1").unwrap();
    assert!(inbox.lock().unwrap().received.is_empty());
    assert_eq!(
        sim.trade("ord_n1").unwrap().status,
        TradeStatus::TradeSuccess
    );
    let late = sim.deliver(&held).await.unwrap();
    assert!(late.acknowledged);
    assert_eq!(inbox.lock().unwrap().received[0].1, Ok(()));
}

#[tokio::test]
async fn forged_and_unsigned_notifications_do_not_verify() {
    let (sim, inbox) = trade_with_merchant("fail").await;
    sim.pay_quietly("ord_n1").unwrap();
    for twist in [Twist::Tampered, Twist::Unsigned] {
        let fields = sim.notification("ord_n1", twist).unwrap();
        sim.deliver(&fields).await.unwrap();
    }
    let inbox = inbox.lock().unwrap();
    assert_eq!(inbox.received[0].1, Err(VerifyError::BadSignature));
    assert_eq!(inbox.received[1].1, Err(VerifyError::MissingSign));
}

#[tokio::test]
async fn a_wrong_amount_or_app_id_verifies_but_names_what_the_merchant_must_refuse() {
    let (sim, inbox) = trade_with_merchant("success").await;
    sim.pay_quietly("ord_n1").unwrap();
    let amount = sim.notification("ord_n1", Twist::WrongAmount).unwrap();
    let app = sim.notification("ord_n1", Twist::WrongAppId).unwrap();
    sim.deliver(&amount).await.unwrap();
    sim.deliver(&app).await.unwrap();
    let inbox = inbox.lock().unwrap();
    assert_eq!(inbox.received[0].1, Ok(()));
    assert_eq!(inbox.received[0].0["total_amount"], "258.01");
    assert_eq!(inbox.received[1].1, Ok(()));
    assert_ne!(inbox.received[1].0["app_id"], APP_ID);
    assert!(verify_notification(&amount, &alipay_public()).is_ok());
}

#[tokio::test]
async fn a_notification_not_answered_exactly_success_is_sent_again_until_it_is() {
    let (sim, inbox) = trade_with_merchant("SUCCESS").await;
    let first = sim.pay("ord_n1").await.unwrap();
    assert!(!first.acknowledged);
    assert_eq!(sim.unacknowledged(), vec![first.fields.clone()]);
    inbox.lock().unwrap().answer = "success".to_owned();
    let retried = sim.retry().await;
    assert_eq!(retried.len(), 1);
    assert!(retried[0].acknowledged);
    assert_eq!(retried[0].fields, first.fields);
    assert!(sim.unacknowledged().is_empty());
    assert_eq!(sim.deliveries().len(), 2);
}
