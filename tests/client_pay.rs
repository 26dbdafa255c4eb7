//! Paying, in a real browser (headless Chromium, a computer by its User-Agent): the order form's
//! ways to pay, the form refusing a way the producer does not take as the API does, and the
//! tracking page's payment (the time left, the QR code to scan, paid, cancelled unpaid, a refund
//! with its amount) in the buyer's words, and the team's one line of an order's payment.
#![cfg(target_arch = "wasm32")]

#[path = "pay_fixtures/mod.rs"]
mod pay_fixtures;

use leptos::prelude::*;
use orchard::client::components::OrderForm;
use orchard::client::i18n::{provide_i18n, Locale};
use orchard::client::order_flow::{FieldProblem, FormInput};
use orchard::client::pages::admin::pay_words::payment_words;
use orchard::client::pages::PaymentPanel;
use orchard::client::storage::PlacedWith;
use orchard::domain::{
    BoxOffer, CancelReason, FieldError, OrderStatus, OrderView, PaymentMethod, PaymentNext,
    PaymentStatus, PaymentView, RefundStatus, RefundView,
};
use pay_fixtures::order;
use wasm_bindgen::JsCast;
use wasm_bindgen_test::*;

wasm_bindgen_test_configure!(run_in_browser);

fn fresh_root() -> web_sys::HtmlElement {
    let root = document().create_element("div").unwrap();
    document().body().unwrap().append_child(&root).unwrap();
    root.unchecked_into()
}

fn boxes() -> Vec<BoxOffer> {
    vec![BoxOffer {
        id: "5kg".into(),
        weight_kg: 5,
        price_fen: 6800,
        available: 3,
    }]
}

/// The order form of a producer paid in `methods`, in English; its ways to pay as (label, checked,
/// disabled).
fn form_methods(methods: Vec<PaymentMethod>) -> Vec<(String, bool, bool)> {
    let root = fresh_root();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_i18n().set_locale(Locale::En);
        view! {
            <OrderForm boxes=boxes() open=true ref_tag=String::new() producer=PlacedWith::default()
                methods=methods.clone() on_placed=Callback::new(|_| ()) on_queued=Callback::new(|_| ())/>
        }
    });
    let inputs = root.query_selector_all("input[name=payment]").unwrap();
    let found = (0..inputs.length())
        .map(|i| {
            let input: web_sys::HtmlInputElement = inputs.item(i).unwrap().unchecked_into();
            let label = input.parent_element().unwrap().text_content().unwrap();
            (label, input.checked(), input.disabled())
        })
        .collect();
    drop(handle);
    root.remove();
    found
}

#[wasm_bindgen_test]
fn a_shop_paid_on_delivery_only_shows_no_way_to_pay_as_before() {
    assert_eq!(form_methods(vec![PaymentMethod::Cod]), []);
}

#[wasm_bindgen_test]
fn on_a_computer_the_form_offers_each_way_in_the_producers_order_the_first_chosen() {
    let shown = form_methods(vec![
        PaymentMethod::Wechat,
        PaymentMethod::Alipay,
        PaymentMethod::Cod,
    ]);
    let expected = [
        ("WeChat Pay", true, false),
        ("Alipay", false, false),
        ("Pay on delivery", false, false),
    ];
    let expected: Vec<_> = expected
        .into_iter()
        .map(|(l, c, d)| (l.to_owned(), c, d))
        .collect();
    assert_eq!(shown, expected);
}

#[wasm_bindgen_test]
fn the_form_refuses_a_way_the_producer_does_not_take_on_its_field_as_the_api_does() {
    let form = FormInput {
        box_id: "5kg".into(),
        quantity: 1,
        name: "Tashi".into(),
        phone: "13800138000".into(),
        address: "12 Chunxi Road".into(),
        payment: Some(PaymentMethod::Alipay),
        ..FormInput::default()
    };
    let problems = form
        .check_with(&boxes(), &[PaymentMethod::Wechat])
        .unwrap_err();
    assert_eq!(
        problems.get("payment"),
        Some(&FieldProblem::Rule(FieldError::PaymentNotAccepted))
    );
    let request = form
        .check_with(&boxes(), &[PaymentMethod::Wechat, PaymentMethod::Alipay])
        .expect("Alipay is taken");
    assert_eq!(request.payment, serde_json::json!("alipay"));
}

/// What a phone's camera reads from the QR code an SVG path draws (`M{x} {y}h1v1h-1z` a dark
/// module, on a white square `side` modules wide), at 4 pixels a module.
fn scanned(path: &str, side: usize) -> Option<String> {
    const PX: usize = 4;
    let width = side * PX;
    let mut grey = vec![255u8; width * width];
    for square in path.split('M').filter(|s| !s.is_empty()) {
        let corner = square.trim_end_matches("h1v1h-1z");
        let (x, y) = corner.split_once(' ')?;
        let (x, y): (usize, usize) = (x.parse().ok()?, y.parse().ok()?);
        for row in y * PX..(y + 1) * PX {
            grey[row * width + x * PX..row * width + (x + 1) * PX].fill(0);
        }
    }
    orchard::qr::read_qr(&grey, width, width)
}

/// The payment panel's text for `order` in `locale`, and what its QR code reads, if it draws one.
fn panel(order: OrderView, locale: Locale) -> (String, Option<String>) {
    let root = fresh_root();
    let handle = leptos::mount::mount_to(root.clone(), move || {
        provide_i18n().set_locale(locale);
        view! { <PaymentPanel order=order.clone() bridged=StoredValue::new(false) reload=Callback::new(|_| ())/> }
    });
    let text = root.text_content().unwrap();
    let qr = root.query_selector("svg.pay-qr").unwrap().map(|svg| {
        let side = svg.get_attribute("viewBox").unwrap();
        let side: usize = side.rsplit(' ').next().unwrap().parse().unwrap();
        let path = svg.query_selector("path").unwrap().unwrap();
        scanned(&path.get_attribute("d").unwrap(), side).expect("a readable code")
    });
    drop(handle);
    root.remove();
    (text, qr)
}

#[wasm_bindgen_test]
fn a_waiting_payment_on_a_computer_shows_the_time_left_and_the_code_to_scan() {
    let in_ten_minutes = js_sys::Date::new_0();
    in_ten_minutes.set_time(js_sys::Date::now() + 600_000.0);
    let waiting = PaymentView {
        method: PaymentMethod::Wechat,
        status: PaymentStatus::Pending,
        expires_at: Some(String::from(in_ten_minutes.to_iso_string())),
        next: Some(PaymentNext::Qr {
            code_url: "weixin://wxpay/bizpayurl?pr=abc123".into(),
        }),
    };
    let (text, qr) = panel(order(Some(waiting), None), Locale::En);
    assert!(text.contains("Time left to pay: 10:00"), "{text}");
    assert!(text.contains("Scan this code with WeChat"), "{text}");
    let scanned = qr.expect("the code is drawn");
    assert_eq!(
        scanned, "weixin://wxpay/bizpayurl?pr=abc123",
        "the phone reads the address"
    );
}

#[wasm_bindgen_test]
fn a_paid_order_says_how_and_an_order_cancelled_unpaid_says_nothing_was_charged() {
    let paid = PaymentView {
        method: PaymentMethod::Alipay,
        status: PaymentStatus::Paid,
        expires_at: None,
        next: None,
    };
    let (text, _) = panel(order(Some(paid.clone()), None), Locale::Zh);
    assert_eq!(text, "已用支付宝付款，谢谢！");
    let closed = OrderView {
        status: OrderStatus::Cancelled,
        cancel_reason: Some(CancelReason::Unpaid),
        ..order(
            Some(PaymentView {
                status: PaymentStatus::Closed,
                ..paid
            }),
            None,
        )
    };
    let (text, qr) = panel(closed, Locale::En);
    assert!(
        text.contains("back on sale, and nothing was charged"),
        "{text}"
    );
    assert_eq!(qr, None);
}

#[wasm_bindgen_test]
fn a_refund_shows_its_state_and_its_amount_in_yuan_and_cash_orders_show_nothing() {
    let refund = |status| {
        let paid = PaymentView {
            method: PaymentMethod::Wechat,
            status: PaymentStatus::Refunded,
            expires_at: None,
            next: None,
        };
        let refund = RefundView { status, fen: 6850 };
        panel(order(Some(paid), Some(refund)), Locale::En).0
    };
    assert_eq!(
        refund(RefundStatus::Refunded),
        "¥68.50 refunded to your account."
    );
    assert!(refund(RefundStatus::RefundPending).starts_with("Refund of ¥68.50 on its way"));
    assert!(
        refund(RefundStatus::RefundFailed).contains("The refund of ¥68.50 has not gone through")
    );
    assert_eq!(panel(order(None, None), Locale::En).0, "");
}

#[wasm_bindgen_test]
fn the_team_reads_an_orders_method_state_and_refund_in_one_line_and_nothing_for_cash() {
    let (root, i18n) = (fresh_root(), RwSignal::new(None));
    let handle = leptos::mount::mount_to(root.clone(), move || i18n.set(Some(provide_i18n())));
    let i18n = i18n.get_untracked().unwrap();
    let paid = PaymentView {
        method: PaymentMethod::Wechat,
        status: PaymentStatus::Paid,
        expires_at: None,
        next: None,
    };
    let failed = RefundView {
        status: RefundStatus::RefundFailed,
        fen: 6800,
    };
    let line = payment_words(i18n, &order(Some(paid.clone()), Some(failed))).unwrap();
    i18n.set_locale(Locale::En);
    assert_eq!(line(), "WeChat Pay · paid · refund failed ¥68.00");
    i18n.set_locale(Locale::Zh);
    assert_eq!(line(), "微信支付 · 已付款 · 退款失败 ¥68.00");
    let waiting = PaymentView {
        status: PaymentStatus::Pending,
        method: PaymentMethod::Alipay,
        ..paid
    };
    let line = payment_words(i18n, &order(Some(waiting), None)).unwrap();
    i18n.set_locale(Locale::En);
    assert_eq!(line(), "Alipay · not paid yet");
    assert!(payment_words(i18n, &order(None, None)).is_none());
    drop(handle);
    root.remove();
}
