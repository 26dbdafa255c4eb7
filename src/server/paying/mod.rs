//! Paying an order (issue #29), between the routes, the payment port and the writer: the hold an
//! online order is placed with, the way to pay it now, what the provider says of it (asked on a
//! lookup, told by a notification, or found by the closing sweep), and refunds. The writer never
//! waits on a provider: each provider call here is made outside the writer, and only what it
//! answered is written (`Writer::pay`), in one short write.

mod refunds;
mod settle;
mod sweep;

use rand::distributions::{Alphanumeric, DistString};

use super::payment::port::{Payable, PaymentProvider};
use super::payment::providers::Payments;
use super::shops::Shop;
use super::store::{Hold, OrderState};
use super::time::now_ms;
use crate::domain::{OrderStatus, PaymentMethod, PaymentNext, PaymentTerms, Situation};
pub use refunds::{refund_all, refund_claim, refund_whole};
pub use settle::{notified, settle, NotifyError};
pub use sweep::{spawn_sweep, Sweeping};

/// The hold of an order paid with `method` under `terms`, placed now (none on delivery).
pub fn hold(terms: &PaymentTerms, method: PaymentMethod) -> Option<Box<Hold>> {
    method.is_online().then(|| {
        Box::new(Hold {
            method,
            expires_ms: now_ms() + i64::from(terms.window_minutes) * 60_000,
            state: Alphanumeric.sample_string(&mut rand::thread_rng(), 32),
        })
    })
}

/// Where the phone is and comes from, for the way to pay.
pub struct Phone {
    pub situation: Situation,
    pub ip: String,
}

/// The way to pay order `id` (as `state`) from `phone` while it awaits its payment; none once
/// paid or closed, or when the provider did not answer (the page asks again).
pub async fn way_to_pay(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    state: &OrderState,
    phone: &Phone,
) -> Option<PaymentNext> {
    let payment = state.payment.as_ref()?;
    if state.status != OrderStatus::AwaitingPayment {
        return None;
    }
    let provider = payments.provider(&shop.slug, payment.method)?;
    let content = shop.content.get();
    let name = content
        .producer
        .name
        .get("zh")
        .or(content.producer.name.values().next());
    let description = format!(
        "{} · {}",
        name.map_or("Orchard", String::as_str),
        state.box_id
    );
    let notify_url = payments.notify_url(&shop.slug, payment.method);
    let return_url = payments.return_url(id);
    let oauth_url = payments.oauth_url(&shop.slug);
    let order = Payable {
        id,
        description: &description,
        total_fen: state.total_fen,
        expires_ms: payment.expires_ms,
        situation: phone.situation,
        openid: payment.openid.as_deref(),
        client_ip: phone.ip.clone(),
        oauth_state: &payment.state,
        notify_url: &notify_url,
        return_url: &return_url,
        oauth_url: &oauth_url,
    };
    match provider.start(&order).await {
        Ok(next) => Some(next),
        Err(e) => {
            tracing::warn!(order = id, error = %e, "could not start a payment");
            None
        }
    }
}
