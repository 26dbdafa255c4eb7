//! Money given back through the provider: a payment after its order closed, a paid order the
//! team cancels or a short harvest cancels, a claim resolved with a refund. Each refund is
//! named by the order or the claim (the provider's refund number: a retry never pays twice),
//! written pending before the provider is asked and written again with its answer.

use std::sync::Arc;

use crate::domain::RefundStatus;
use crate::server::payment::port::{PaymentProvider, PortError};
use crate::server::payment::providers::Payments;
use crate::server::shops::Shop;
use crate::server::store::{
    OrderState, PaymentChange, PaymentDone, PaymentWrite, RefundReason, StoreError,
};
use crate::server::time::now_ms;

/// One refund of an order: its id (the claim's or the order's: the provider's refund number, so
/// a retry is the same refund), how much and why.
#[derive(Debug, Clone, Copy)]
pub struct Refund<'a> {
    pub id: &'a str,
    pub fen: i64,
    pub reason: RefundReason,
}

impl Refund<'_> {
    /// This refund, now in `status`.
    fn now(self, status: RefundStatus) -> PaymentChange {
        PaymentChange::Refund {
            id: self.id.to_owned(),
            fen: self.fen,
            status,
            reason: self.reason,
            at_ms: now_ms(),
        }
    }
}

/// Gives back `refund` of paid order `id` through its provider, its state written before and
/// after.
pub async fn refund(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    state: &OrderState,
    refund: Refund<'_>,
) -> Result<RefundStatus, StoreError> {
    write(shop, id, refund.now(RefundStatus::RefundPending)).await?;
    ask(payments, shop, id, state, refund).await
}

/// Asks order `id`'s provider for `refund` (again, if it was asked before: the provider knows it
/// by its id and never pays it twice) and writes what it answered.
pub(super) async fn ask(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    state: &OrderState,
    refund: Refund<'_>,
) -> Result<RefundStatus, StoreError> {
    let method = state.payment.as_ref().map(|p| p.method);
    let provider = method.and_then(|m| payments.provider(&shop.slug, m));
    let notify_url = method.map(|m| payments.notify_url(&shop.slug, m));
    let asked = match (provider, notify_url) {
        (Some(provider), Some(url)) => {
            let total = state.total_fen;
            provider
                .refund(id, refund.id, refund.fen, total, &url)
                .await
        }
        _ => Err(PortError("no provider for the order's method".into())),
    };
    let status = asked.unwrap_or_else(|e| {
        tracing::warn!(order = id, refund = refund.id, error = %e, "a refund failed");
        RefundStatus::RefundFailed
    });
    write(shop, id, refund.now(status)).await?;
    Ok(status)
}

/// Gives back through its provider the whole of order `id`, cancelled by the team (or a short
/// harvest), if it was paid online; its refund's state after asking (none if nothing was paid).
pub async fn refund_whole(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    reason: RefundReason,
) -> Result<Option<RefundStatus>, StoreError> {
    let Some(state) = paid_online(shop, id).await? else {
        return Ok(None);
    };
    let whole = Refund {
        id,
        fen: state.total_fen,
        reason,
    };
    refund(payments, shop, id, &state, whole).await.map(Some)
}

/// `refund_whole` for each of `ids`, one after the other in the background (a bulk cancel may
/// name thousands, each refund one call to a provider).
pub fn refund_all(
    payments: Arc<Payments>,
    shop: Arc<Shop>,
    ids: Vec<String>,
    reason: RefundReason,
) {
    tokio::spawn(async move {
        for id in ids {
            if let Err(e) = refund_whole(&payments, &shop, &id, reason).await {
                tracing::warn!(order = id, error = ?e, "refunding a cancelled order");
            }
        }
    });
}

/// Gives back claim `claim`'s refund of `fen` on order `id` through its provider, if the order
/// was paid online.
pub async fn refund_claim(
    payments: &Payments,
    shop: &Shop,
    id: &str,
    claim: &str,
    fen: i64,
) -> Result<(), StoreError> {
    let Some(state) = paid_online(shop, id).await? else {
        return Ok(());
    };
    let given = Refund {
        id: claim,
        fen,
        reason: RefundReason::Claim,
    };
    refund(payments, shop, id, &state, given).await.map(drop)
}

/// Order `id` of `shop` if a provider took its payment (nothing to give back otherwise).
async fn paid_online(shop: &Shop, id: &str) -> Result<Option<OrderState>, StoreError> {
    let state = shop.store.order_state(id).await?;
    Ok(state.filter(|s| s.payment.as_ref().is_some_and(|p| p.txn.is_some())))
}

/// Writes `change` of order `id`.
pub(super) async fn write(
    shop: &Shop,
    id: &str,
    change: PaymentChange,
) -> Result<PaymentDone, StoreError> {
    let order = id.to_owned();
    shop.writer.pay(PaymentWrite { order, change }).await
}
