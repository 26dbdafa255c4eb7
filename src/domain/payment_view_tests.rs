//! The payment's answers in DESIGN's shapes, the phone's situation and the OAuth state's rule.

use serde_json::json;

use super::*;

#[test]
fn the_user_agent_tells_wechat_a_phone_browser_and_a_computer_apart() {
    let wechat = "Mozilla/5.0 (Linux; Android 13; V2227A) AppleWebKit/537.36 (KHTML, like Gecko) \
                  Version/4.0 Chrome/107.0.5304.141 Mobile Safari/537.36 XWEB/5169 \
                  MMWEBSDK/20230805 MMWEBID/2582 MicroMessenger/8.0.42.2460(0x28002A3B) WeChat/arm64";
    let iphone_wechat =
        "Mozilla/5.0 (iPhone; CPU iPhone OS 16_6 like Mac OS X) AppleWebKit/605.1.15 \
                         (KHTML, like Gecko) Mobile/15E148 MicroMessenger/8.0.40(0x1800282a)";
    let phone = "Mozilla/5.0 (Linux; Android 13; Pixel 7) AppleWebKit/537.36 (KHTML, like Gecko) \
                 Chrome/119.0.0.0 Mobile Safari/537.36";
    let computer = "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) \
                    Chrome/119.0.0.0 Safari/537.36";
    assert_eq!(Situation::of_user_agent(wechat), Situation::Wechat);
    assert_eq!(Situation::of_user_agent(iphone_wechat), Situation::Wechat);
    assert_eq!(Situation::of_user_agent(phone), Situation::PhoneBrowser);
    assert_eq!(Situation::of_user_agent(computer), Situation::Computer);
    assert_eq!(Situation::of_user_agent(""), Situation::Computer);
}

#[test]
fn a_pending_payment_reads_as_design_says_with_each_kind_of_next_step() {
    let view = |next| PaymentView {
        method: PaymentMethod::Wechat,
        status: PaymentStatus::Pending,
        expires_at: Some("2026-11-11T00:15:00Z".into()),
        next: Some(next),
    };
    let oauth = view(PaymentNext::WechatOauth {
        url: "https://open.weixin.qq.com/connect/oauth2/authorize?…".into(),
    });
    assert_eq!(
        serde_json::to_value(&oauth).unwrap(),
        json!({"method": "wechat", "status": "pending", "expires_at": "2026-11-11T00:15:00Z",
               "next": {"kind": "wechat_oauth", "url": "https://open.weixin.qq.com/connect/oauth2/authorize?…"}})
    );
    let qr = view(PaymentNext::Qr {
        code_url: "weixin://wxpay/bizpayurl?pr=abc".into(),
    });
    assert_eq!(
        serde_json::to_value(&qr).unwrap()["next"],
        json!({"kind": "qr", "code_url": "weixin://wxpay/bizpayurl?pr=abc"})
    );
    let redirect = view(PaymentNext::Redirect {
        url: "https://wx.tenpay.com/…".into(),
    });
    assert_eq!(
        serde_json::to_value(&redirect).unwrap()["next"]["kind"],
        "redirect"
    );
    let jsapi = view(PaymentNext::Jsapi {
        params: JsapiParams {
            app_id: "wx8888888888888888".into(),
            time_stamp: "1414561699".into(),
            nonce_str: "5K8264ILTKCH16CQ2502SI8ZNMTM67VS".into(),
            package: "prepay_id=wx201410272009395522657a690389285100".into(),
            sign_type: "RSA".into(),
            pay_sign: "oR9d8Puh…".into(),
        },
    });
    assert_eq!(
        serde_json::to_value(&jsapi).unwrap()["next"],
        json!({"kind": "jsapi", "params": {"appId": "wx8888888888888888", "timeStamp": "1414561699",
               "nonceStr": "5K8264ILTKCH16CQ2502SI8ZNMTM67VS",
               "package": "prepay_id=wx201410272009395522657a690389285100",
               "signType": "RSA", "paySign": "oR9d8Puh…"}})
    );
    let back: PaymentView = serde_json::from_value(serde_json::to_value(&jsapi).unwrap()).unwrap();
    assert_eq!(back, jsapi);
}

#[test]
fn a_paid_payment_has_no_next_step_and_a_refund_reads_with_its_status_and_amount() {
    let paid = PaymentView {
        method: PaymentMethod::Alipay,
        status: PaymentStatus::Paid,
        expires_at: None,
        next: None,
    };
    assert_eq!(
        serde_json::to_value(&paid).unwrap(),
        json!({"method": "alipay", "status": "paid"})
    );
    for (status, name) in [
        (RefundStatus::RefundPending, "refund_pending"),
        (RefundStatus::Refunded, "refunded"),
        (RefundStatus::RefundFailed, "refund_failed"),
    ] {
        let refund = RefundView { status, fen: 19800 };
        assert_eq!(
            serde_json::to_value(&refund).unwrap(),
            json!({"status": name, "fen": 19800})
        );
    }
}

#[test]
fn an_oauth_state_is_16_to_128_letters_and_digits() {
    assert!(is_oauth_state(&"a1".repeat(8)));
    assert!(is_oauth_state(&"Z".repeat(128)));
    assert!(!is_oauth_state(&"a".repeat(15)), "too short");
    assert!(!is_oauth_state(&"a".repeat(129)), "too long");
    assert!(!is_oauth_state("abcdefgh-ijklmnop"), "a dash");
    assert!(!is_oauth_state("abcdefghijklmnopé"), "not ASCII");
}
