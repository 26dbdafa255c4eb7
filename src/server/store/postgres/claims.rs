//! A buyer's claim and the team's resolution on PostgreSQL, each in the transaction of its own
//! that `writer.rs` commits. Filing locks the order's row first (`FOR UPDATE`): two claims on
//! one order, on any instances, count its open claims one after the other, so the fourth open
//! claim is refused whatever the concurrency, and a retry with the same key waits for the first
//! and finds its claim. Resolving is one conditional `UPDATE`: two resolutions of one claim
//! cannot both find it open.

use sqlx::PgConnection;

use super::super::claims::{self, ClaimFiling, ClaimResolving};
use super::super::model::{Outcome, Refused};
use super::super::rows::Columns;
use super::super::sql::Arg;
use super::apply::{execute, first};
use crate::domain::ClaimCreated;
use crate::server::time::now_ms;
use crate::server::tokens;

/// `$1`: an order's id: its `seq` and status, its row locked until the transaction ends.
const ORDER_FOR_UPDATE: &str = "SELECT seq, status FROM orders WHERE id = $1 FOR UPDATE";

/// Files a claim under the order's row lock: the key's earlier claim if any, else the window
/// and the open claims, then the claim and its photos.
pub async fn file(
    conn: &mut PgConnection,
    f: &ClaimFiling,
) -> Result<Outcome<ClaimCreated>, sqlx::Error> {
    let Some(order) = first(conn, ORDER_FOR_UPDATE, &[Arg::Text(&f.order_id)]).await? else {
        return Ok(Err(Refused::NotFound.into()));
    };
    let (seq, status) = (order.int(0)?, order.status(1)?);
    let key = [Arg::Int(seq), Arg::Text(&f.key_hash)];
    if let Some(earlier) = first(conn, claims::BY_KEY, &key).await? {
        let replay = f.replay(earlier.text(0)?, &earlier.text(1)?);
        return Ok(replay.map(|c| (c, vec![])).map_err(Into::into));
    }
    let by_order = [Arg::Int(seq)];
    let delivered = first(conn, claims::DELIVERED_AT, &by_order).await?;
    let delivered = delivered.map(|r| r.maybe_int(0)).transpose()?.flatten();
    let open = first(conn, claims::OPEN, &by_order).await?;
    let open = open.map(|r| r.int(0)).transpose()?.unwrap_or(0);
    if let Err(refused) = f.check(status, delivered, open) {
        return Ok(Err(refused.into()));
    }
    let id = tokens::new_order_id();
    let inserted = first(conn, claims::INSERT, &f.insert_args(&id, seq, now_ms())).await?;
    let claim_seq = inserted.ok_or(sqlx::Error::RowNotFound)?.int(0)?;
    for photo in f.photo_args(claim_seq) {
        execute(conn, claims::INSERT_PHOTO, &photo).await?;
    }
    Ok(Ok((ClaimFiling::created(id), vec![])))
}

/// Resolves a claim still open; a resolved or unknown one is refused.
pub async fn resolve(
    conn: &mut PgConnection,
    r: &ClaimResolving,
) -> Result<Outcome<()>, sqlx::Error> {
    if execute(conn, claims::RESOLVE, &r.args(now_ms())).await? == 1 {
        return Ok(Ok(((), vec![])));
    }
    let status = first(conn, claims::STATUS, &[Arg::Text(&r.id)]).await?;
    let status = status.map(|row| row.text(0)).transpose()?;
    Ok(Err(claims::not_resolved(status).into()))
}
