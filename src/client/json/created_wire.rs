//! How the browser reads a placed order (the 201). The storefront only follows an online
//! order's payment to its provider's page (or WeChat's sign-in), else shows the confirmation or
//! goes to the tracking page: it reads the payment's method and its next step's kind and
//! address, never its state, its deadline, a QR code's text nor WeChat's JSAPI parameters, which
//! the tracking page reads from the lookup. Reading all of them cost the storefront's download
//! about 2.4 KB for nothing it shows. Its only import is the domain, so the native tests include
//! this file to check it reads what the server writes.

use serde::Deserialize;

use crate::domain::{
    OrderCreated, OrderStatus, PaymentMethod, PaymentNext, PaymentStatus, PaymentView,
};

/// The fields of an `OrderCreated` the browser reads.
#[derive(Deserialize)]
pub struct OrderCreatedWire {
    id: String,
    #[serde(default)]
    producer: String,
    token: String,
    status: OrderStatus,
    box_id: String,
    quantity: u32,
    total_fen: i64,
    created_at: String,
    #[serde(default)]
    payment: Option<PaymentWire>,
}

/// An online order's payment, as far as the storefront follows it.
#[derive(Deserialize)]
struct PaymentWire {
    method: PaymentMethod,
    #[serde(default)]
    next: Option<NextWire>,
}

/// A next step's kind and, for the two the storefront follows, its address.
#[derive(Deserialize)]
struct NextWire {
    kind: String,
    #[serde(default)]
    url: Option<String>,
}

impl From<OrderCreatedWire> for OrderCreated {
    fn from(w: OrderCreatedWire) -> Self {
        let payment = w.payment.map(|p| {
            // A QR code or JSAPI parameters are the tracking page's: no step here sends the
            // phone there.
            let next = p.next.and_then(|n| match (n.kind.as_str(), n.url) {
                ("redirect", Some(url)) => Some(PaymentNext::Redirect { url }),
                ("wechat_oauth", Some(url)) => Some(PaymentNext::WechatOauth { url }),
                _ => None,
            });
            Box::new(PaymentView {
                method: p.method,
                status: PaymentStatus::Pending,
                expires_at: None,
                next,
            })
        });
        Self {
            id: w.id,
            producer: w.producer,
            token: w.token,
            status: w.status,
            box_id: w.box_id,
            quantity: w.quantity,
            total_fen: w.total_fen,
            created_at: w.created_at,
            payment,
        }
    }
}
