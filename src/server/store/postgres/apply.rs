//! What each write does on PostgreSQL, inside the transaction of its own that `writer.rs`
//! commits before anyone is answered. Across instances the database holds every promise:
//! - one order per idempotency key: the order row is inserted first with `ON CONFLICT
//!   (idempotency_key) DO NOTHING`; a second transaction with the same key waits for the first,
//!   then finds its committed row and answers a replay (or 422), or inserts if the first rolled
//!   back;
//! - no oversell: stock is taken only by `UPDATE … WHERE stock >= $1`, which the CHECK backs up;
//! - no phone past the limit per buyer: the boxes of a phone are counted under a transaction
//!   lock on that phone (`pg_advisory_xact_lock`), so two orders of one phone on two instances
//!   count one after the other, each seeing the other's row once it committed;
//! - status moves lock the order row (`FOR UPDATE`) and refuse a move from a status the helper
//!   did not see.
//!
//! The outer error is the database failing; the inner one is the write's own answer. Either
//! way the transaction is rolled back unless the write succeeded.

use std::collections::{BTreeMap, HashMap};

use sqlx::postgres::PgRow;
use sqlx::PgConnection;

use super::super::bulk::{self, Found, Plan};
use super::super::columns::Columns;
use super::super::model::{stock_set, Outcome, Placed, ProducerId, Refused, Scope};
use super::super::placement::{KeyRecord, OrderState, Placement};
use super::super::producers::{NewProducer, Registered, INSERT_PRODUCER};
use super::super::sql::{self, insert_order_args, Arg, BindArgs};
use super::super::tallies::stock_of;
use super::super::work::{BulkWrite, ShipWrite, StatusWrite, StockWrite};
use super::scope;
use super::sql as pg;
use crate::domain::{BulkMoveResult, OrderStatus, Stock, TrackingUploadResult};
use crate::server::time::now_ms;
use crate::server::tokens;

/// Runs `sql` with `args`; returns the rows it changed.
pub(super) async fn execute(
    conn: &mut PgConnection,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(sql).bind_args(args).execute(conn).await?;
    Ok(done.rows_affected())
}

/// Runs `sql` with `args` and returns its first row, if any.
pub(super) async fn first(
    conn: &mut PgConnection,
    sql: &str,
    args: &[Arg<'_>],
) -> Result<Option<PgRow>, sqlx::Error> {
    sqlx::query(sql).bind_args(args).fetch_optional(conn).await
}

/// Places an order with producer `producer`: claims the key, then takes the stock; any refusal
/// rolls both back.
pub async fn place(
    conn: &mut PgConnection,
    producer: ProducerId,
    p: &Placement,
) -> Result<Outcome<Placed>, sqlx::Error> {
    let row = p.new_row();
    let me = Arg::Int(producer.0);
    if first(
        conn,
        pg::INSERT_ORDER,
        &insert_order_args(p, &row, producer),
    )
    .await?
    .is_none()
    {
        // The key placed an order that committed before this statement ran.
        let hash = tokens::key_hash(&p.key);
        let earlier = first(conn, sql::KEY_RECORD, &[Arg::Text(&hash), me])
            .await?
            .ok_or_else(|| {
                sqlx::Error::Protocol("an idempotency key conflicted but has no order".into())
            })?;
        return Ok(p.replay(KeyRecord::read(&earlier, &p.key)?));
    }
    let (box_id, quantity) = (p.order.box_id.as_str(), p.order.quantity.get());
    if p.max_boxes_per_phone.is_some() {
        let [phone, other] = p.phone_spellings();
        execute(conn, pg::LOCK_PHONE, &[Arg::Text(&phone), me]).await?;
        let spellings = [Arg::Text(&phone), Arg::Text(&other), me];
        let counted = first(conn, sql::PHONE_BOXES, &spellings).await?;
        // The count has this order's own row, inserted above.
        let had = counted.map(|r| r.int("boxes")).transpose()?.unwrap_or(0);
        let had = had - i64::from(quantity);
        if let Some(refused) = p.over_limit(had) {
            return Ok(Err(refused.into()));
        }
    }
    let wanted = [Arg::Int(i64::from(quantity)), Arg::Text(box_id), me];
    if execute(conn, sql::TAKE_STOCK, &wanted).await? != 1 {
        let left = first(conn, sql::STOCK, &[Arg::Text(box_id), me]).await?;
        let left = left.map(|r| r.int("stock")).transpose()?.map(stock_of);
        return Ok(Err(Refused::short(left).into()));
    }
    Ok(p.placed(row))
}

/// Moves order `id` under its row lock if the journey allows it and nobody moved it since the
/// helper looked.
pub async fn move_status(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &StatusWrite,
) -> Result<Outcome<()>, sqlx::Error> {
    let StatusWrite { id, change, by } = w;
    let Some(row) = first(conn, pg::ORDER_STATE, &[Arg::Text(id), Arg::Int(p.0)]).await? else {
        return Ok(Err(Refused::NotFound.into()));
    };
    let state = OrderState::read(&row)?;
    if let Err(refused) = state.check(id, change) {
        return Ok(Err(refused.into()));
    }
    let moving = sql::moving(&state, change, now_ms(), by, p);
    if execute(conn, sql::MOVE_STATUS, &moving.status).await? != 1 {
        let changed = "the order changed under its row lock";
        return Err(sqlx::Error::Protocol(changed.into()));
    }
    execute(conn, sql::ADD_EVENT, &moving.event).await?;
    if let Some(back) = &moving.give_back {
        execute(conn, pg::RETURN_STOCK, back).await?;
    }
    Ok(Ok(((), state.moved(change.to))))
}

/// Producer `p`'s orders of `ids` that exist, by id, locked until the transaction ends; another
/// producer's id is not found, as an unknown one.
pub(super) async fn find(
    conn: &mut PgConnection,
    p: ProducerId,
    ids: Vec<String>,
) -> Result<HashMap<String, Found>, sqlx::Error> {
    let rows = sqlx::query(pg::ORDERS_FOR_UPDATE)
        .bind(ids)
        .bind(p.0)
        .fetch_all(&mut *conn)
        .await?;
    rows.iter().map(Found::read).collect()
}

/// Moves the orders of `moving` still in its `from`: one statement reads and locks them all,
/// one moves them, one records the events, one gives back each box's stock on a cancel.
pub async fn bulk_move(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &BulkWrite,
) -> Result<Outcome<BulkMoveResult>, sqlx::Error> {
    let BulkWrite { moving, by } = w;
    let ids = moving.ids.iter().map(|id| id.as_str().to_owned()).collect();
    let plan = bulk::plan_move(moving, find(conn, p, ids).await?);
    let seqs = seqs(&plan);
    if !seqs.is_empty() {
        let done = sqlx::query(pg::BULK_MOVE_STATUS)
            .bind(moving.to.as_str())
            .bind(&seqs)
            .bind(moving.from.as_str())
            .bind(p.0)
            .execute(&mut *conn)
            .await?;
        all_moved(done.rows_affected(), &seqs)?;
    }
    record(conn, p, plan, moving.to, by).await
}

/// Ships the packed orders of `lines` with their numbers: one statement reads and locks them,
/// one ships them, one records the events.
pub async fn ship(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &ShipWrite,
) -> Result<Outcome<TrackingUploadResult>, sqlx::Error> {
    let ShipWrite { lines, by } = w;
    let ids = lines.iter().map(|l| l.id.as_str().to_owned()).collect();
    let plan = bulk::plan_ship(lines, find(conn, p, ids).await?);
    let seqs = seqs(&plan);
    if !seqs.is_empty() {
        let numbers: Vec<&str> = plan
            .steps
            .iter()
            .map(|s| s.change.tracking_number.as_ref().map_or("", |n| n.as_str()))
            .collect();
        let done = sqlx::query(pg::BULK_SHIP)
            .bind(&seqs)
            .bind(&numbers)
            .bind(p.0)
            .execute(&mut *conn)
            .await?;
        all_moved(done.rows_affected(), &seqs)?;
    }
    record(conn, p, plan, OrderStatus::Shipped, by).await
}

fn seqs<T>(plan: &Plan<T>) -> Vec<i64> {
    plan.steps.iter().map(|s| s.state.seq).collect()
}

/// Every order planned was moved: they were read under their row locks.
fn all_moved(moved: u64, seqs: &[i64]) -> Result<(), sqlx::Error> {
    if moved == seqs.len() as u64 {
        return Ok(());
    }
    let changed = "orders changed under their row locks";
    Err(sqlx::Error::Protocol(changed.into()))
}

/// Records the planned moves to `to` by `by`, and gives back each box's stock for a cancel
/// (bounded by `Stock::MAX` as one cancel is: the sum bounded once is the same).
async fn record<T>(
    conn: &mut PgConnection,
    p: ProducerId,
    plan: Plan<T>,
    to: OrderStatus,
    by: &str,
) -> Result<Outcome<T>, sqlx::Error> {
    let seqs = seqs(&plan);
    if seqs.is_empty() {
        return Ok(Ok(plan.finish()));
    }
    sqlx::query(pg::BULK_ADD_EVENTS)
        .bind(&seqs)
        .bind(to.as_str())
        .bind(now_ms())
        .bind(by)
        .bind(p.0)
        .execute(&mut *conn)
        .await?;
    if to.returns_stock() {
        let mut back: BTreeMap<&str, i64> = BTreeMap::new();
        for step in &plan.steps {
            *back.entry(&step.state.box_id).or_default() += i64::from(step.state.quantity);
        }
        for (box_id, quantity) in back {
            let args = [
                Arg::Int(quantity),
                Arg::Int(i64::from(Stock::MAX)),
                Arg::Text(box_id),
                Arg::Int(p.0),
            ];
            execute(conn, pg::RETURN_STOCK, &args).await?;
        }
    }
    Ok(Ok(plan.finish()))
}

/// Sets the boxes left of one of producer `p`'s kinds, if the box exists.
pub async fn set_stock(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &StockWrite,
) -> Result<Outcome<()>, sqlx::Error> {
    let args = [
        Arg::Int(i64::from(w.stock)),
        Arg::Text(&w.box_id),
        Arg::Int(p.0),
    ];
    if execute(conn, sql::SET_STOCK, &args).await? != 1 {
        return Ok(Err(Refused::NotFound.into()));
    }
    Ok(stock_set(&w.box_id, w.stock))
}

/// Writes a new producer and its boxes in this transaction; a slug taken (on any instance) is
/// refused. The handle that asked is no producer's yet: `_asking` is not read, and the
/// transaction, opened for the asking producer's rows, works on the new one's once it has an id.
pub async fn create_producer(
    conn: &mut PgConnection,
    _asking: ProducerId,
    n: &NewProducer,
) -> Result<Outcome<Registered>, sqlx::Error> {
    let Some(row) = first(conn, INSERT_PRODUCER, &n.insert_args()).await? else {
        return Ok(Err(Refused::SlugTaken.into()));
    };
    let id = ProducerId(row.int("id")?);
    scope::rescope(conn, Scope::Producer(id)).await?;
    for args in n.box_args(id) {
        execute(conn, sql::SEED_BOX, &args).await?;
    }
    Ok(Ok((n.registered(id), vec![])))
}

/// Forgets the replay salts of orders placed before `before_ms`.
pub async fn forget_replay_salts(
    conn: &mut PgConnection,
    before_ms: i64,
) -> Result<u64, sqlx::Error> {
    execute(conn, sql::FORGET_REPLAY_SALTS, &[Arg::Int(before_ms)]).await
}
