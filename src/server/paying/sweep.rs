//! The closing sweep: every few seconds, the orders of the whole market whose payment window
//! passed, each asked of its provider and closed (or kept, if it was paid in time).

use std::sync::{Arc, Weak};
use std::time::Duration;

use super::settle::settle;
use crate::server::payment::providers::Payments;
use crate::server::shops::Shops;
use crate::server::time::now_ms;

/// The most orders one sweep closes.
const SWEEP_BATCH: i64 = 200;

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
