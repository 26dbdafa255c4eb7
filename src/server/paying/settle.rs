//! What a provider says of an order awaiting its payment, acted on: asked (a lookup, the
//! sweep) or told (a verified notification).

use super::refunds::{refund, write, Refund};
use crate::domain::{OrderStatus, PaymentMethod};
use crate::server::payment::port::{Notice, PaymentProvider, Remote};
use crate::server::payment::providers::Payments;
use crate::server::shops::Shop;
use crate::server::store::{OrderState, PaymentChange, PaymentDone, RefundReason, StoreError};
use crate::server::time::now_ms;

/// How long after its window an order whose provider cannot be reached is closed all the same
/// (a payment that arrives later is refunded, as any late one).
pub const UNREACHABLE_GRACE_MS: i64 = 10 * 60 * 1000;

/// Asks the provider about order `id` while it awaits its payment: paid, it is written paid;
/// past its window, it is closed there and here. A provider that does not answer changes
/// nothing (but an order long past its window is closed here all the same). Whether it wrote.
pub async fn settle(payments: &Payments, shop: &Shop, id: &str) -> Result<bool, StoreError> {
    let Some(state) = shop.store.order_state(id).await? else {
        return Ok(false);
    };
    let (Some(payment), OrderStatus::AwaitingPayment) = (&state.payment, state.status) else {
        return Ok(false);
    };
    let now = now_ms();
    // Its credentials gone from the payment file since: nobody can take its payment any more.
    let Some(provider) = payments.provider(&shop.slug, payment.method) else {
        let due = now >= payment.expires_ms;
        if due {
            write(shop, id, PaymentChange::Close { at_ms: now }).await?;
        }
        return Ok(due);
    };
    match provider.query(id).await {
        Ok(Remote::Paid { txn, fen }) if fen == state.total_fen => {
            return paid(payments, shop, id, &state, txn).await.map(|()| true);
        }
        Ok(Remote::Paid { fen, .. }) => {
            tracing::error!(
                order = id,
                fen,
                total = state.total_fen,
                "paid another amount"
            );
            return Ok(false);
        }
        // Closed there already (its own deadline passed, or it was never to be paid): nothing
        // can pay it any more. Alipay refuses to close a closed trade, so it is not asked to.
        Ok(Remote::Closed) => {}
        Ok(Remote::Pending) if now < payment.expires_ms => return Ok(false),
        Ok(Remote::Pending) => {
            if let Err(e) = provider.close(id).await {
                tracing::warn!(order = id, error = %e, "could not close at the provider");
                if now < payment.expires_ms + UNREACHABLE_GRACE_MS {
                    return Ok(false);
                }
            }
        }
        Err(e) => {
            tracing::warn!(order = id, error = %e, "could not ask the provider");
            if now < payment.expires_ms + UNREACHABLE_GRACE_MS {
                return Ok(false);
            }
        }
    }
    let change = PaymentChange::Close { at_ms: now };
    write(shop, id, change).await.map(|_| true)
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
        let late = Refund {
            id,
            fen,
            reason: RefundReason::Late,
        };
        refund(payments, shop, id, state, late).await?;
    }
    Ok(())
}
