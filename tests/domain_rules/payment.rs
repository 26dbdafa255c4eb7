//! How an order names its way to pay: only among the producer's methods, pay on delivery when
//! it says nothing, and a body paid another way is another order (its fingerprint differs).

use orchard::domain::*;

fn order() -> OrderRequest {
    OrderRequest::from_form("5kg", 1, "卓玛", "13800138000", "中德村 1 号, 乡城", "", "")
}

fn on_sale(id: &BoxId) -> bool {
    id.as_str() == "5kg"
}

#[test]
fn an_order_that_names_no_way_to_pay_is_paid_on_delivery() {
    let parsed = NewOrder::parse_with(&order(), on_sale, &[PaymentMethod::Cod]).unwrap();
    assert_eq!(parsed.payment, PaymentMethod::Cod);
}

#[test]
fn a_way_to_pay_the_producer_does_not_take_is_refused_under_payment() {
    let wanted = order().paid_with(PaymentMethod::Alipay);
    let accepted = [PaymentMethod::Wechat, PaymentMethod::Cod];
    let errors = NewOrder::parse_with(&wanted, on_sale, &accepted).unwrap_err();
    assert_eq!(errors.get("payment"), Some(&FieldError::PaymentNotAccepted));
    let nothing_else = NewOrder::parse_with(&order(), on_sale, &[PaymentMethod::Wechat]);
    assert_eq!(
        nothing_else.unwrap_err().get("payment"),
        Some(&FieldError::PaymentNotAccepted),
        "pay on delivery, when the producer does not take it"
    );
    let mut odd = order();
    odd.payment = serde_json::json!("paypal");
    let errors = NewOrder::parse_with(&odd, on_sale, &accepted).unwrap_err();
    assert_eq!(errors.get("payment"), Some(&FieldError::PaymentNotAccepted));
    odd.payment = serde_json::json!(3);
    let errors = NewOrder::parse_with(&odd, on_sale, &accepted).unwrap_err();
    assert_eq!(errors.get("payment"), Some(&FieldError::NotText));
}

#[test]
fn the_same_order_paid_another_way_is_another_order_but_on_delivery_keeps_its_old_fingerprint() {
    let all = PaymentMethod::ALL;
    let cod = NewOrder::parse_with(&order(), on_sale, &all).unwrap();
    let explicit_cod = NewOrder::parse_with(&order().paid_with(PaymentMethod::Cod), on_sale, &all);
    let mut named_cod = order();
    named_cod.payment = serde_json::json!("cod");
    let named_cod = NewOrder::parse_with(&named_cod, on_sale, &all).unwrap();
    let wechat = NewOrder::parse_with(&order().paid_with(PaymentMethod::Wechat), on_sale, &all);
    let alipay = NewOrder::parse_with(&order().paid_with(PaymentMethod::Alipay), on_sale, &all);
    let before_payment = NewOrder::parse(&order(), on_sale).unwrap().fingerprint();
    assert_eq!(cod.fingerprint(), before_payment);
    assert_eq!(explicit_cod.unwrap().fingerprint(), before_payment);
    assert_eq!(named_cod.fingerprint(), before_payment);
    let (wechat, alipay) = (wechat.unwrap().fingerprint(), alipay.unwrap().fingerprint());
    assert_ne!(wechat, before_payment);
    assert_ne!(wechat, alipay);
}

#[test]
fn the_team_never_moves_an_order_awaiting_its_payment_nor_back_to_it() {
    for to in OrderStatus::ALL {
        assert!(!OrderStatus::AwaitingPayment.can_move_to(to), "to {to:?}");
        assert!(!to.can_move_to(OrderStatus::AwaitingPayment), "from {to:?}");
    }
    let req = StatusMoveRequest {
        status: "awaiting_payment".into(),
        from: None,
        tracking_number: None,
    };
    let errors = StatusMove::parse(&req).unwrap_err();
    assert_eq!(errors.get("status"), Some(&FieldError::NotAMove));
}

#[test]
fn an_unpaid_cancel_reads_back_as_written() {
    for reason in [CancelReason::HarvestShort, CancelReason::Unpaid] {
        assert_eq!(CancelReason::parse(reason.as_str()), Some(reason));
    }
    let json = serde_json::to_string(&CancelReason::Unpaid).unwrap();
    assert_eq!(json, "\"unpaid\"");
}
