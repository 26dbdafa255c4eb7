//! The buyer's side of paying, natively (the rules are plain Rust, included from the client):
//! which methods the order form offers where the phone is, where the phone goes once an order is
//! placed, what "Pay now" does with each next step, what the tracking page says of a payment, the
//! time left to pay, and the browser's read of every next step the server writes.

#[path = "../src/client/payment.rs"]
mod payment;

#[path = "../src/client/json/next_wire.rs"]
mod next_wire;

#[path = "pay_fixtures/mod.rs"]
mod pay_fixtures;

/// What the included files read as `crate::domain` in the client.
mod domain {
    pub use orchard::domain::*;
}

use domain::{
    CancelReason, JsapiParams, OrderView, PaymentMethod, PaymentNext, PaymentStatus, PaymentView,
    RefundStatus, RefundView, Situation,
};
use pay_fixtures::order;
use payment::{
    after_order, asks_again, first_choice, offers, pay_state, pay_step, shows_methods, time_left,
    Offer, PayState, PayStep,
};
use PaymentMethod::{Alipay, Cod, Wechat};

const WECHAT_UA: &str = "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 \
     (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.47(0x18002f2c) NetType/WIFI Language/zh_CN";
const PHONE_UA: &str = "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like \
     Gecko) Chrome/120.0.0.0 Mobile Safari/537.36";
const COMPUTER_UA: &str = "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, \
     like Gecko) Chrome/120.0.0.0 Safari/537.36";

fn params() -> JsapiParams {
    JsapiParams {
        app_id: "wx8888888888888888".into(),
        time_stamp: "1414561699".into(),
        nonce_str: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS".into(),
        package: "prepay_id=wx201410272009395522657a690389285100".into(),
        sign_type: "RSA".into(),
        pay_sign: "oR9d8PuhnIc+YZ8cBHFCwfgpaK9gd7vaRvkYD7rthRAZ".into(),
    }
}

fn pending(method: PaymentMethod, next: Option<PaymentNext>) -> PaymentView {
    PaymentView {
        method,
        status: PaymentStatus::Pending,
        expires_at: Some("2026-12-07T16:00:00Z".into()),
        next,
    }
}

#[test]
fn each_situation_is_offered_the_producers_methods_and_alipay_inside_wechat_only_as_open_in_browser(
) {
    let all = [Wechat, Alipay, Cod];
    let here = |ua: &str| -> Vec<(PaymentMethod, bool)> {
        let offered = offers(&all, Situation::of_user_agent(ua));
        offered.iter().map(|o| (o.method, o.here)).collect()
    };
    assert_eq!(
        here(WECHAT_UA),
        [(Wechat, true), (Alipay, false), (Cod, true)]
    );
    assert_eq!(
        here(PHONE_UA),
        [(Wechat, true), (Alipay, true), (Cod, true)]
    );
    assert_eq!(
        here(COMPUTER_UA),
        [(Wechat, true), (Alipay, true), (Cod, true)]
    );
}

#[test]
fn the_first_method_that_works_where_the_phone_is_is_chosen_before_the_buyer_picks() {
    let inside_wechat =
        |methods: &[PaymentMethod]| first_choice(&offers(methods, Situation::Wechat));
    assert_eq!(inside_wechat(&[Alipay, Wechat, Cod]), Some(Wechat));
    assert_eq!(
        inside_wechat(&[Alipay]),
        None,
        "nothing chosen: the form explains"
    );
    let in_a_browser = first_choice(&offers(&[Alipay, Wechat], Situation::PhoneBrowser));
    assert_eq!(in_a_browser, Some(Alipay));
}

#[test]
fn a_shop_paid_on_delivery_only_shows_no_methods_and_a_choice_or_an_explanation_shows_them() {
    let shown = |methods: &[PaymentMethod], situation| shows_methods(&offers(methods, situation));
    assert!(!shown(&[Cod], Situation::Wechat));
    assert!(
        !shown(&[Wechat], Situation::Computer),
        "one way, nothing to choose"
    );
    assert!(shown(&[Wechat, Cod], Situation::PhoneBrowser));
    assert!(
        shown(&[Alipay], Situation::Wechat),
        "Alipay inside WeChat is explained"
    );
    assert!(!shows_methods(&[Offer {
        method: Alipay,
        here: true
    }]));
}

#[test]
fn a_placed_order_goes_to_its_payments_page_or_its_tracking_page_and_paid_on_delivery_stays() {
    let tracking = "/orders/A7K2M9Q4X8P3#t=secret";
    let go = |next| after_order(Some(&pending(Wechat, next)), tracking);
    let h5 = "https://wx.tenpay.com/cgi-bin/mmpayweb-bin/checkmweb?prepay_id=wx1";
    assert_eq!(
        go(Some(PaymentNext::Redirect { url: h5.into() })).as_deref(),
        Some(h5)
    );
    let oauth = "https://open.weixin.qq.com/connect/oauth2/authorize?appid=wx8";
    let signed_in = go(Some(PaymentNext::WechatOauth { url: oauth.into() }));
    assert_eq!(signed_in.as_deref(), Some(oauth));
    let code = PaymentNext::Qr {
        code_url: "weixin://wxpay/bizpayurl?pr=abc".into(),
    };
    assert_eq!(
        go(Some(code)).as_deref(),
        Some(tracking),
        "the page draws the code"
    );
    let bridge = go(Some(PaymentNext::Jsapi { params: params() }));
    assert_eq!(bridge.as_deref(), Some(tracking));
    assert_eq!(go(None).as_deref(), Some(tracking));
    assert_eq!(
        after_order(None, tracking),
        None,
        "the confirmation, as before"
    );
}

#[test]
fn pay_now_opens_the_providers_page_calls_wechats_sheet_or_draws_the_code() {
    let url = "https://mclient.alipay.com/cashier/mobilepay.htm?x=1";
    assert_eq!(
        pay_step(&PaymentNext::Redirect { url: url.into() }),
        PayStep::Open(url.into())
    );
    assert_eq!(
        pay_step(&PaymentNext::Jsapi { params: params() }),
        PayStep::Bridge(params())
    );
    let code_url = "weixin://wxpay/bizpayurl?pr=abc";
    assert_eq!(
        pay_step(&PaymentNext::Qr {
            code_url: code_url.into()
        }),
        PayStep::Scan(code_url.into())
    );
}

#[test]
fn the_time_left_to_pay_reads_as_a_clock_rounded_up_and_ends_at_zero() {
    let at = 1_000_000;
    assert_eq!(time_left(at, at + 15 * 60_000).as_deref(), Some("15:00"));
    assert_eq!(time_left(at, at + 61_001).as_deref(), Some("01:02"));
    assert_eq!(time_left(at, at + 1).as_deref(), Some("00:01"));
    assert_eq!(time_left(at, at + 3_723_000).as_deref(), Some("1:02:03"));
    assert_eq!(time_left(at, at), None);
    assert_eq!(time_left(at + 5, at), None);
}

#[test]
fn the_tracking_page_says_waiting_paid_closed_unpaid_or_refunded_and_nothing_for_cash() {
    let code = PaymentNext::Qr {
        code_url: "weixin://wxpay/bizpayurl?pr=abc".into(),
    };
    let waiting = order(Some(pending(Wechat, Some(code.clone()))), None);
    assert_eq!(
        pay_state(&waiting),
        Some(PayState::Awaiting {
            expires_at: Some("2026-12-07T16:00:00Z".into()),
            next: Some(code)
        })
    );
    assert!(asks_again(&waiting));
    let with = |status, cancel, refund| OrderView {
        cancel_reason: cancel,
        ..order(
            Some(PaymentView {
                status,
                next: None,
                ..pending(Alipay, None)
            }),
            refund,
        )
    };
    let paid = with(PaymentStatus::Paid, None, None);
    assert_eq!(pay_state(&paid), Some(PayState::Paid));
    assert!(!asks_again(&paid));
    let unpaid = Some(CancelReason::Unpaid);
    let closed = with(PaymentStatus::Closed, unpaid, None);
    assert_eq!(pay_state(&closed), Some(PayState::ClosedUnpaid));
    assert!(!asks_again(&closed));
    let late = RefundView {
        status: RefundStatus::RefundPending,
        fen: 6800,
    };
    let paid_late = with(PaymentStatus::Closed, unpaid, Some(late.clone()));
    assert_eq!(pay_state(&paid_late), Some(PayState::ClosedPaidLate));
    let cancelled_without_payment = OrderView {
        cancel_reason: unpaid,
        ..order(None, None)
    };
    assert_eq!(
        pay_state(&cancelled_without_payment),
        Some(PayState::ClosedUnpaid)
    );
    let refunded = with(PaymentStatus::Refunded, None, Some(late));
    assert_eq!(pay_state(&refunded), Some(PayState::Refunded));
    assert_eq!(
        pay_state(&order(None, None)),
        None,
        "paid on delivery: nothing new"
    );
    let harvest_short = OrderView {
        cancel_reason: Some(CancelReason::HarvestShort),
        ..order(None, None)
    };
    assert_eq!(pay_state(&harvest_short), None);
}

#[test]
fn the_browser_reads_every_next_step_the_server_writes_and_refuses_an_unknown_one() {
    let steps = [
        PaymentNext::WechatOauth {
            url: "https://open.weixin.qq.com/connect/oauth2/authorize?x=1".into(),
        },
        PaymentNext::Jsapi { params: params() },
        PaymentNext::Redirect {
            url: "https://wx.tenpay.com/x".into(),
        },
        PaymentNext::Qr {
            code_url: "weixin://wxpay/bizpayurl?pr=abc".into(),
        },
    ];
    for step in steps {
        let text = serde_json::to_string(&step).unwrap();
        let wire: next_wire::PaymentNextWire = serde_json::from_str(&text).unwrap();
        assert_eq!(wire.step(), Ok(step), "{text}");
    }
    let unknown: next_wire::PaymentNextWire =
        serde_json::from_str(r#"{"kind": "pigeon", "url": "x"}"#).unwrap();
    assert!(unknown.step().is_err());
    let bare: next_wire::PaymentNextWire = serde_json::from_str(r#"{"kind": "qr"}"#).unwrap();
    assert!(bare.step().is_err());
}
