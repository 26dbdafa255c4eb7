//! The payments' half of `Store` and `Writer` (issue #29): the reads the payment port makes
//! (an order's payment, the order an OAuth `state` names, the orders whose window passed) and its one write (`Writer::pay`).

use super::columns::Columns;
use super::fetch::Fetch;
use super::handles::{on_backend, Backend, Store, Writer};
use super::model::{ProducerId, Scope, StoreError};
use super::payments::{PaymentDone, PaymentWrite, RefundReason};
use super::placement::OrderState;
use super::sql::{self, Arg};
use super::work::Work;

/// `$1`: an OAuth `state`, `$2`: its producer: the order it names.
const BY_PAY_STATE: &str = "SELECT id FROM orders WHERE pay_state = $1 AND producer = $2";
/// `$1`: now, `$2`: how many: the orders of every producer whose window passed, oldest first.
const DUE: &str = "SELECT producer, id FROM orders \
     WHERE status = 'awaiting_payment' AND pay_expires_ms <= $1 \
     ORDER BY pay_expires_ms LIMIT $2";

/// `$1`: last asked by, `$2`: begun since, `$3`: how many: the refunds of every producer not
/// given back yet (pending or failed), the longest unasked first, with their orders' ids.
const UNSETTLED_REFUNDS: &str = "SELECT r.producer AS producer, o.id AS order_id, r.id AS id, \
     r.fen AS fen, r.reason AS reason FROM refunds r \
     JOIN orders o ON o.producer = r.producer AND o.seq = r.order_seq \
     WHERE r.status <> 'refunded' AND r.updated_ms <= $1 AND r.created_ms >= $2 \
     ORDER BY r.updated_ms LIMIT $3";

/// A refund still pending or failed, to be asked of its provider again.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnsettledRefund {
    pub producer: ProducerId,
    /// The order's id.
    pub order: String,
    /// The refund's id (the claim's or the order's).
    pub id: String,
    pub fen: i64,
    pub reason: RefundReason,
}

/// Order `id` of producer `p` as the payment port needs it (its status, total, payment).
async fn order_state(
    db: &impl Fetch,
    p: ProducerId,
    id: &str,
) -> Result<Option<OrderState>, sqlx::Error> {
    let rows = db
        .fetch(sql::ORDER, &[Arg::Text(id), Arg::Int(p.0)])
        .await?;
    rows.first().map(OrderState::read).transpose()
}

/// The id of producer `p`'s order that OAuth `state` names.
async fn by_pay_state(
    db: &impl Fetch,
    p: ProducerId,
    state: &str,
) -> Result<Option<String>, sqlx::Error> {
    let rows = db
        .fetch(BY_PAY_STATE, &[Arg::Text(state), Arg::Int(p.0)])
        .await?;
    rows.first().map(|r| r.text("id")).transpose()
}

/// Up to `limit` orders of every producer whose window ended by `now_ms`.
async fn due(
    db: &impl Fetch,
    now_ms: i64,
    limit: i64,
) -> Result<Vec<(ProducerId, String)>, sqlx::Error> {
    let rows = db.fetch(DUE, &[Arg::Int(now_ms), Arg::Int(limit)]).await?;
    rows.iter()
        .map(|r| Ok((ProducerId(r.int("producer")?), r.text("id")?)))
        .collect()
}

/// Up to `limit` refunds not given back, last asked by `asked_by_ms`, begun since `since_ms`.
async fn unsettled(
    db: &impl Fetch,
    asked_by_ms: i64,
    since_ms: i64,
    limit: i64,
) -> Result<Vec<UnsettledRefund>, sqlx::Error> {
    let args = [Arg::Int(asked_by_ms), Arg::Int(since_ms), Arg::Int(limit)];
    let rows = db.fetch(UNSETTLED_REFUNDS, &args).await?;
    rows.iter()
        .map(|r| {
            Ok(UnsettledRefund {
                producer: ProducerId(r.int("producer")?),
                order: r.text("order_id")?,
                id: r.text("id")?,
                fen: r.int("fen")?,
                reason: r.parsed("reason", "refund reason", RefundReason::parse)?,
            })
        })
        .collect()
}

impl Store {
    /// Order `id` of this producer as the payment port needs it (its status, total, payment).
    pub async fn order_state(&self, id: &str) -> Result<Option<OrderState>, StoreError> {
        Ok(on_backend!(self.own(), db => order_state(&db, self.1, id).await)?)
    }

    /// The id of the order of this producer that WeChat's OAuth `state` names.
    pub async fn order_by_pay_state(&self, state: &str) -> Result<Option<String>, StoreError> {
        Ok(on_backend!(self.own(), db => by_pay_state(&db, self.1, state).await)?)
    }

    /// Up to `limit` orders of the whole market awaiting a payment whose window ended by
    /// `now_ms`, the oldest first, with their producers.
    pub async fn due_payments(
        &self,
        now_ms: i64,
        limit: i64,
    ) -> Result<Vec<(ProducerId, String)>, StoreError> {
        Ok(on_backend!(self.reading(Scope::Market), db => due(&db, now_ms, limit).await)?)
    }

    /// Up to `limit` refunds of the whole market still pending or failed, last asked of their
    /// provider by `asked_by_ms` and begun since `since_ms`, the longest unasked first.
    pub async fn unsettled_refunds(
        &self,
        asked_by_ms: i64,
        since_ms: i64,
        limit: i64,
    ) -> Result<Vec<UnsettledRefund>, StoreError> {
        Ok(on_backend!(self.reading(Scope::Market), db => {
            unsettled(&db, asked_by_ms, since_ms, limit).await
        })?)
    }
}

impl Writer {
    /// Writes what the payment port learnt of an order's payment.
    pub async fn pay(&self, write: PaymentWrite) -> Result<PaymentDone, StoreError> {
        self.submit(write, Work::Pay).await
    }
}
