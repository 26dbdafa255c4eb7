//! The sweep: every few seconds, the orders of the whole market whose payment window passed,
//! each asked of its provider and closed (or kept, if it was paid in time); then the refunds not
//! given back yet, asked again (one the server stopped before asking, one whose provider's word
//! never came, one that failed for a reason that passes, such as the merchant's balance).

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::refunds::{ask, Refund};
use super::settle::settle;
use crate::server::payment::providers::Payments;
use crate::server::shops::Shops;
use crate::server::store::UnsettledRefund;
use crate::server::time::now_ms;

/// The most orders one sweep closes.
const SWEEP_BATCH: i64 = 200;
/// The most refunds one sweep asks again.
const REFUND_BATCH: i64 = 50;
/// How long after it began a refund is still asked again: a week (then the team sees it
/// pending or failed and settles it with the provider by hand).
const REFUND_RETRY_FOR_MS: i64 = 7 * 24 * 3600 * 1000;

/// How often the sweep runs, and how long a refund waits between two askings.
#[derive(Debug, Clone, Copy)]
pub struct Sweeping {
    pub every: Duration,
    pub refund_after: Duration,
}

/// Sweeps the whole market every `sweeping.every`, for as long as the market lives.
pub fn spawn_sweep(shops: &Arc<Shops>, payments: Arc<Payments>, sweeping: Sweeping) {
    let market: Weak<Shops> = Arc::downgrade(shops);
    tokio::spawn(async move {
        loop {
            tokio::time::sleep(sweeping.every).await;
            let Some(shops) = market.upgrade() else {
                return;
            };
            sweep(&shops, &payments).await;
            retry_refunds(&shops, &payments, sweeping.refund_after).await;
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

/// Each refund still pending or failed, last asked `after` ago or more, asked of its provider
/// again under its own id (never paid twice) and its answer written.
pub async fn retry_refunds(shops: &Shops, payments: &Payments, after: Duration) {
    let now = now_ms();
    let asked_by = now.saturating_sub(i64::try_from(after.as_millis()).unwrap_or(i64::MAX));
    let store = shops.default_shop().store.clone();
    let since = now - REFUND_RETRY_FOR_MS;
    let unsettled = match store.unsettled_refunds(asked_by, since, REFUND_BATCH).await {
        Ok(unsettled) => unsettled,
        Err(e) => {
            tracing::warn!(error = ?e, "reading the refunds not given back yet");
            return;
        }
    };
    for refund in unsettled {
        if let Err(e) = retry(shops, payments, &refund).await {
            tracing::warn!(refund = refund.id, error = ?e, "asking a refund again");
        }
    }
}

/// `refund` asked again.
async fn retry(
    shops: &Shops,
    payments: &Payments,
    refund: &UnsettledRefund,
) -> Result<(), crate::server::store::StoreError> {
    let Some(shop) = shops.by_id(refund.producer) else {
        return Ok(());
    };
    let Some(state) = shop.store.order_state(&refund.order).await? else {
        return Ok(());
    };
    let again = Refund {
        id: &refund.id,
        fen: refund.fen,
        reason: refund.reason,
    };
    let status = ask(payments, &shop, &refund.order, &state, again).await?;
    let (order, id) = (&refund.order, &refund.id);
    tracing::info!(
        order,
        refund = id,
        status = status.as_str(),
        "a refund asked again"
    );
    Ok(())
}
