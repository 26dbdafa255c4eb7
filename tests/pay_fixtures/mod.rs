//! The order the payment rules' tests start from, natively (`pay_rules`) and in the browser
//! (`client_pay`): one 5 kg box awaiting its payment, with the payment and refund given.

use orchard::domain::{OrderStatus, OrderView, PaymentView, RefundView};

pub fn order(payment: Option<PaymentView>, refund: Option<RefundView>) -> OrderView {
    OrderView {
        id: "A7K2M9Q4X8P3".into(),
        status: OrderStatus::AwaitingPayment,
        box_id: "5kg".into(),
        weight_kg: 5,
        quantity: 1,
        total_fen: 6800,
        created_at: "2026-12-07T15:45:00Z".into(),
        history: Vec::new(),
        tracking_number: None,
        cancel_reason: None,
        recipient: None,
        gift_message: None,
        claims: Vec::new(),
        producer: "drolma".into(),
        payment,
        refund,
    }
}
