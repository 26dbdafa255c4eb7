//! What each write does on the writer thread's connection, inside the batch's transaction:
//! placing an order (no savepoint: every refusal comes before its first write) and the team's
//! status moves and stock changes (each in a savepoint `writer.rs` opens). The outer error is
//! the database failing, which rolls the whole batch back; the inner one is this write's own
//! answer.

use rusqlite::{params_from_iter, Connection, OptionalExtension};

use std::collections::HashMap;

use super::super::bulk::{self, Found, Plan, Step};
use super::super::columns::{Columns, Lite};
use super::super::model::{stock_set, Outcome, Placed, ProducerId, Refused, StoreError};
use super::super::placement::{KeyRecord, OrderState, Placement};
use super::super::producers::{NewProducer, Registered, INSERT_PRODUCER};
use super::super::shortfall as cut;
use super::super::sql::{self, insert_order_args, Arg};
use super::super::tallies::stock_of;
use super::super::work::{BulkWrite, ShipWrite, ShortfallWrite, StatusWrite, StockWrite};
use super::sql as sqlite;
use crate::domain::{
    BulkMoveResult, OrderId, OrderStatus, ShortfallResult, StatusMove, TrackingUploadResult,
};
use crate::server::time::now_ms;
use crate::server::tokens;

/// Runs `sql` with `args`; returns the rows it changed.
pub(super) fn execute(conn: &Connection, sql: &str, args: &[Arg<'_>]) -> rusqlite::Result<usize> {
    conn.prepare_cached(sql)?.execute(params_from_iter(args))
}

/// Runs `sql` with `args` and reads its first row, if any, with `read`.
pub(super) fn first<T>(
    conn: &Connection,
    sql: &str,
    args: &[Arg<'_>],
    read: impl FnOnce(&Lite) -> rusqlite::Result<T>,
) -> rusqlite::Result<Option<T>> {
    conn.prepare_cached(sql)?
        .query_row(params_from_iter(args), |r| read(&Lite(r)))
        .optional()
}

/// What idempotency key `key` (as the client sent it) already placed with producer `producer`,
/// if anything.
pub fn find_key(
    conn: &Connection,
    producer: ProducerId,
    key: &str,
) -> rusqlite::Result<Option<KeyRecord>> {
    let hash = tokens::key_hash(key);
    let args = [Arg::Text(&hash), Arg::Int(producer.0)];
    first(conn, sql::KEY_RECORD, &args, |r| KeyRecord::read(r, key))
}

/// Places an order with producer `producer`: the key first (this thread is the only writer, so
/// nothing can slip in between), then the limit per phone, then the stock, then the row.
pub fn place(
    conn: &Connection,
    producer: ProducerId,
    p: &Placement,
) -> rusqlite::Result<Outcome<Placed>> {
    if let Some(earlier) = find_key(conn, producer, &p.key)? {
        return Ok(p.replay(earlier));
    }
    let me = Arg::Int(producer.0);
    if p.max_boxes_per_phone.is_some() {
        let [phone, other] = p.phone_spellings();
        let spellings = [Arg::Text(&phone), Arg::Text(&other), me];
        let had = first(conn, sql::PHONE_BOXES, &spellings, |r| r.int("boxes"))?.unwrap_or(0);
        if let Some(refused) = p.over_limit(had) {
            return Ok(Err(refused.into()));
        }
    }
    let (box_id, quantity) = (p.order.box_id.as_str(), p.order.quantity.get());
    let wanted = [Arg::Int(i64::from(quantity)), Arg::Text(box_id), me];
    if execute(conn, sql::TAKE_STOCK, &wanted)? != 1 {
        let left = first(conn, sql::STOCK, &[Arg::Text(box_id), me], |r| {
            r.int("stock")
        })?;
        return Ok(Err(Refused::short(left.map(stock_of)).into()));
    }
    let row = p.new_row();
    execute(
        conn,
        sqlite::INSERT_ORDER,
        &insert_order_args(p, &row, producer),
    )?;
    Ok(p.placed(row))
}

/// Moves producer `p`'s order `id` if the journey allows it and nobody moved it since the helper
/// looked.
pub fn move_status(
    conn: &Connection,
    p: ProducerId,
    w: &StatusWrite,
) -> rusqlite::Result<Outcome<()>> {
    let StatusWrite { id, change, by } = w;
    let args = [Arg::Text(id), Arg::Int(p.0)];
    let Some(state) = first(conn, sql::ORDER, &args, |r| OrderState::read(r))? else {
        return Ok(Err(Refused::NotFound.into()));
    };
    if let Err(refused) = state.check(id, change) {
        return Ok(Err(refused.into()));
    }
    if let Err(changed) = write_move(conn, p, &state, change, now_ms(), by)? {
        return Ok(Err(changed));
    }
    Ok(Ok(((), state.moved(change.to))))
}

/// Writes one checked move: the status (if the order is still as read), its event, and the
/// stock a cancel gives back.
fn write_move(
    conn: &Connection,
    p: ProducerId,
    state: &OrderState,
    change: &StatusMove,
    at_ms: i64,
    by: &str,
) -> rusqlite::Result<Result<(), StoreError>> {
    let moving = sql::moving(state, change, at_ms, by, p);
    if execute(conn, sql::MOVE_STATUS, &moving.status)? != 1 {
        let changed = "the order changed under the writer";
        return Ok(Err(StoreError::Database(changed.into())));
    }
    execute(conn, sql::ADD_EVENT, &moving.event)?;
    if let Some(back) = &moving.give_back {
        execute(conn, sqlite::RETURN_STOCK, back)?;
    }
    Ok(Ok(()))
}

/// Producer `p`'s orders of `ids` that exist, by id (each read by its unique index: no round
/// trip here); another producer's id is not found, as an unknown one.
fn find<'a>(
    conn: &Connection,
    p: ProducerId,
    ids: impl Iterator<Item = &'a OrderId>,
) -> rusqlite::Result<HashMap<String, Found>> {
    let mut found = HashMap::new();
    for id in ids {
        let args = [Arg::Text(id.as_str()), Arg::Int(p.0)];
        let row = first(conn, sql::ORDER, &args, |r| Found::read(r))?;
        found.extend(row);
    }
    Ok(found)
}

/// Writes every step of a planned bulk write; any failure leaves the savepoint to roll back.
fn write_plan<T>(
    conn: &Connection,
    p: ProducerId,
    plan: Plan<T>,
    by: &str,
) -> rusqlite::Result<Outcome<T>> {
    let at_ms = now_ms();
    for Step { state, change } in &plan.steps {
        if let Err(changed) = write_move(conn, p, state, change, at_ms, by)? {
            return Ok(Err(changed));
        }
    }
    Ok(Ok(plan.finish()))
}

/// Moves the orders of `moving` still in its `from`, all in this write's savepoint.
pub fn bulk_move(
    conn: &Connection,
    p: ProducerId,
    w: &BulkWrite,
) -> rusqlite::Result<Outcome<BulkMoveResult>> {
    let BulkWrite { moving, by } = w;
    let found = find(conn, p, moving.ids.iter())?;
    write_plan(conn, p, bulk::plan_move(moving, found), by)
}

/// Ships the packed orders of `lines` with their numbers, all in this write's savepoint.
pub fn ship(
    conn: &Connection,
    p: ProducerId,
    w: &ShipWrite,
) -> rusqlite::Result<Outcome<TrackingUploadResult>> {
    let ShipWrite { lines, by } = w;
    let found = find(conn, p, lines.iter().map(|l| &l.id))?;
    write_plan(conn, p, bulk::plan_ship(lines, found), by)
}

/// Names the newest received orders of box `box_id` that free `shortfall.boxes` (a preview), or
/// cancels exactly the orders its confirm names, or none if one has moved (all in this write's
/// savepoint); their stock is not given back.
pub fn shortfall(
    conn: &Connection,
    p: ProducerId,
    w: &ShortfallWrite,
) -> rusqlite::Result<Outcome<ShortfallResult>> {
    let ShortfallWrite {
        box_id,
        shortfall,
        by,
    } = w;
    let me = Arg::Int(p.0);
    if first(conn, sql::STOCK, &[Arg::Text(box_id), me], |r| {
        r.int("stock")
    })?
    .is_none()
    {
        return Ok(Err(Refused::NotFound.into()));
    }
    let Some(named) = &shortfall.confirm else {
        let newest = [
            Arg::Text(box_id),
            me,
            Arg::Int(i64::from(shortfall.read_at_most())),
        ];
        let mut statement = conn.prepare_cached(cut::NEWEST_RECEIVED)?;
        let found = statement
            .query_map(params_from_iter(&newest), |r| Found::read(&Lite(r)))?
            .collect::<rusqlite::Result<Vec<_>>>()?;
        return Ok(Ok(cut::preview(shortfall, found).finish()));
    };
    let plan = match cut::confirm(box_id, named, find(conn, p, named.iter())?) {
        Ok(plan) => plan,
        Err(refused) => return Ok(Err(refused.into())),
    };
    let at_ms = now_ms();
    for state in &plan.cancels {
        if execute(conn, cut::CANCEL_SHORT, &[Arg::Int(state.seq), me])? != 1 {
            let changed = "the order changed under the writer";
            return Ok(Err(StoreError::Database(changed.into())));
        }
        let event = [
            Arg::Int(state.seq),
            Arg::Text(OrderStatus::Cancelled.as_str()),
            Arg::Int(at_ms),
            Arg::Text(by),
            me,
        ];
        execute(conn, sql::ADD_EVENT, &event)?;
    }
    Ok(Ok(plan.finish()))
}

/// Sets the boxes left of one of producer `p`'s kinds, if the box exists.
pub fn set_stock(
    conn: &Connection,
    p: ProducerId,
    w: &StockWrite,
) -> rusqlite::Result<Outcome<()>> {
    let args = [
        Arg::Int(i64::from(w.stock)),
        Arg::Text(&w.box_id),
        Arg::Int(p.0),
    ];
    if execute(conn, sql::SET_STOCK, &args)? != 1 {
        return Ok(Err(Refused::NotFound.into()));
    }
    Ok(stock_set(&w.box_id, w.stock))
}

/// Writes a new producer and its boxes (all in this write's savepoint); a slug taken is
/// refused. The handle that asked is no producer's yet: `_asking` is not read.
pub fn create_producer(
    conn: &Connection,
    _asking: ProducerId,
    n: &NewProducer,
) -> rusqlite::Result<Outcome<Registered>> {
    let Some(id) = first(conn, INSERT_PRODUCER, &n.insert_args(), |r| r.int("id"))? else {
        return Ok(Err(Refused::SlugTaken.into()));
    };
    let id = ProducerId(id);
    for args in n.box_args(id) {
        execute(conn, sql::SEED_BOX, &args)?;
    }
    Ok(Ok((n.registered(id), vec![])))
}

/// Forgets the replay salts of orders placed before `before_ms`.
pub fn forget_replay_salts(conn: &Connection, before_ms: i64) -> rusqlite::Result<usize> {
    execute(conn, sql::FORGET_REPLAY_SALTS, &[Arg::Int(before_ms)])
}
