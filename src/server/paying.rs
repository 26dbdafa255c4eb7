//! Paying an order (issue #29), between the routes, the payment port and the writer: the hold an
//! online order is placed with, the way to pay it now, what the provider says of it (asked on a
//! lookup, told by a notification, or found by the closing sweep), and refunds. The writer never
//! waits on a provider: each provider call here is made outside the writer, and only what it
//! answered is written (`Writer::pay`), in one short write.

use std::sync::{Arc, Weak};
use std::time::Duration;

use rand::distributions::{Alphanumeric, DistString};

use super::payment::port::{Notice, Payable, PaymentProvider, PortError, Remote};
use super::payment::providers::Payments;
use super::shops::{Shop, Shops};
use super::store::{
    Hold, OrderState, PaymentChange, PaymentDone, PaymentWrite, RefundReason, StoreError,
};
use super::time::now_ms;
use crate::domain::{
    OrderStatus, PaymentMethod, PaymentNext, PaymentTerms, RefundStatus, Situation,
};

/// How long after its window an order whose provider cannot be reached is closed all the same
/// (a payment that arrives later is refunded, as any late one).
pub const UNREACHABLE_GRACE_MS: i64 = 10 * 60 * 1000;
/// The most orders one sweep closes.
const SWEEP_BATCH: i64 = 200;

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

/// Asks the provider about order `id` while it awaits its payment: paid, it is written paid;
/// past its window, it is closed there and here. A provider that does not answer changes
/// nothing (but an order long past its window is closed here all the same).
pub async fn settle(payments: &Payments, shop: &Shop, id: &str) -> Result<(), StoreError> {
    let Some(state) = shop.store.order_state(id).await? else {
        return Ok(());
    };
    let (Some(payment), OrderStatus::AwaitingPayment) = (&state.payment, state.status) else {
        return Ok(());
    };
    let Some(provider) = payments.provider(&shop.slug, payment.method) else {
        return Ok(());
    };
    let now = now_ms();
    match provider.query(id).await {
        Ok(Remote::Paid { txn, fen }) if fen == state.total_fen => {
            return paid(payments, shop, id, &state, txn).await;
        }
        Ok(Remote::Paid { fen, .. }) => {
            tracing::error!(
                order = id,
                fen,
                total = state.total_fen,
                "paid another amount"
            );
            return Ok(());
        }
        Ok(_) if now < payment.expires_ms => return Ok(()),
        Ok(_) => {}
        Err(e) => {
            tracing::warn!(order = id, error = %e, "could not ask the provider");
            if now < payment.expires_ms + UNREACHABLE_GRACE_MS {
                return Ok(());
            }
        }
    }
    if let Err(e) = provider.close(id).await {
        tracing::warn!(order = id, error = %e, "could not close at the provider");
        if now < payment.expires_ms + UNREACHABLE_GRACE_MS {
            return Ok(());
        }
    }
    let change = PaymentChange::Close { at_ms: now };
    write(shop, id, change).await.map(drop)
}

/// What a verified notification of producer `shop`'s provider says, acted on: a payment of the
/// order's amount is written (once, however often it comes); anything else changes nothing.
/// `Err` is a notification to refuse (an unknown order, another method, another amount).
pub async fn notified(
    payments: &Payments,
    shop: &Shop,
    method: PaymentMethod,
    notice: Notice,
) -> Result<(), NotifyError> {
    let id = match &notice {
        Notice::Payment { out_trade_no, .. } | Notice::Refund { out_trade_no, .. } => {
            out_trade_no.clone()
        }
    };
    let id = id.as_str();
    let state = shop.store.order_state(id).await?;
    let Some(state) = state.filter(|s| s.payment.as_ref().is_some_and(|p| p.method == method))
    else {
        return Err(NotifyError::Mismatch("no such order paid this way"));
    };
    match notice {
        Notice::Payment {
            remote: Remote::Paid { txn, fen },
            ..
        } if fen == state.total_fen => Ok(paid(payments, shop, id, &state, txn).await?),
        Notice::Payment {
            remote: Remote::Paid { .. },
            ..
        } => Err(NotifyError::Mismatch("another amount than the order's")),
        Notice::Payment { .. } => Ok(()),
        Notice::Refund {
            refund_id, status, ..
        } => {
            let change = PaymentChange::RefundEnded {
                id: refund_id,
                status,
                at_ms: now_ms(),
            };
            write(shop, id, change).await?;
            Ok(())
        }
    }
}

/// Why a notification is refused.
#[derive(Debug)]
pub enum NotifyError {
    /// It does not match an order (the provider should not send it again).
    Mismatch(&'static str),
    /// The database failed: the provider sends it again later.
    Store(StoreError),
}

impl From<StoreError> for NotifyError {
    fn from(e: StoreError) -> Self {
        Self::Store(e)
    }
}

/// Writes order `id` paid as `txn`; paid after it was closed, refunds it whole.
async fn paid(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    state: &OrderState,
    txn: String,
) -> Result<(), StoreError> {
    let change = PaymentChange::Paid {
        txn,
        at_ms: now_ms(),
    };
    if let PaymentDone::Late { fen } = write(shop, id, change).await? {
        tracing::info!(order = id, fen, "paid after its window: refunding it");
        refund(payments, shop, id, state, id, fen, RefundReason::Late).await?;
    }
    Ok(())
}

/// Gives back `fen` of paid order `id` through its provider as refund `refund_id` (the
/// claim's or the order's id: a retry is the same refund), its state written before and after.
pub async fn refund(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    state: &OrderState,
    refund_id: &str,
    fen: i64,
    reason: RefundReason,
) -> Result<RefundStatus, StoreError> {
    let put = |status| PaymentChange::Refund {
        id: refund_id.to_owned(),
        fen,
        status,
        reason,
        at_ms: now_ms(),
    };
    write(shop, id, put(RefundStatus::RefundPending)).await?;
    let method = state.payment.as_ref().map(|p| p.method);
    let provider = method.and_then(|m| payments.provider(&shop.slug, m));
    let notify_url = method.map(|m| payments.notify_url(&shop.slug, m));
    let asked = match (provider, notify_url) {
        (Some(provider), Some(url)) => {
            provider
                .refund(id, refund_id, fen, state.total_fen, &url)
                .await
        }
        _ => Err(PortError("no provider for the order's method".into())),
    };
    let status = asked.unwrap_or_else(|e| {
        tracing::warn!(order = id, refund = refund_id, error = %e, "a refund failed");
        RefundStatus::RefundFailed
    });
    write(shop, id, put(status)).await?;
    Ok(status)
}

/// Writes `change` of order `id`.
async fn write(shop: &Shop, id: &str, change: PaymentChange) -> Result<PaymentDone, StoreError> {
    let order = id.to_owned();
    shop.writer.pay(PaymentWrite { order, change }).await
}

/// Closes, every `every`, the orders of the whole market whose window passed (asking their
/// provider first: a payment made in time is kept), for as long as the market lives.
pub fn spawn_sweep(shops: &Arc<Shops>, payments: Arc<Payments>, every: Duration) {
    let market: Weak<Shops> = Arc::downgrade(shops);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(every).await;
            let Some(shops) = market.upgrade() else {
                return;
            };
            sweep(&shops, &payments).await;
        }
    });
}

/// One sweep: each order whose window passed, settled.
pub async fn sweep(shops: &Shops, payments: &Payments) {
    let store = shops.default_shop().store.clone();
    let due = match store.due_payments(now_ms(), SWEEP_BATCH).await {
        Ok(due) => due,
        Err(e) => {
            tracing::warn!(error = ?e, "reading the orders whose payment window passed");
            return;
        }
    };
    for (producer, id) in due {
        let Some(shop) = shops.by_id(producer) else {
            continue;
        };
        if let Err(e) = settle(payments, &shop, &id).await {
            tracing::warn!(order = id, error = ?e, "closing an unpaid order");
        }
    }
}
