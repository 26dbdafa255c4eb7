//! The payments' half of `Store` and `Writer` (issue #29): the reads the payment port makes
//! (an order's payment, the order an OAuth `state` names, the orders whose window passed) and its one write (`Writer::pay`).

use super::columns::Columns;
use super::fetch::Fetch;
use super::handles::{on_backend, Backend, Store, Writer};
use super::model::{ProducerId, Scope, StoreError};
use super::payments::{PaymentDone, PaymentWrite};
use super::placement::OrderState;
use super::sql::{self, Arg};
use super::work::Work;

/// `$1`: an OAuth `state`, `$2`: its producer: the order it names.
const BY_PAY_STATE: &str = "SELECT id FROM orders WHERE pay_state = $1 AND producer = $2";
/// `$1`: now, `$2`: how many: the orders of every producer whose window passed, oldest first.
const DUE: &str = "SELECT producer, id FROM orders \
     WHERE status = 'awaiting_payment' AND pay_expires_ms <= $1 \
     ORDER BY pay_expires_ms LIMIT $2";

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
}

impl Writer {
    /// Writes what the payment port learnt of an order's payment.
    pub async fn pay(&self, write: PaymentWrite) -> Result<PaymentDone, StoreError> {
        self.submit(write, Work::Pay).await
    }
}
