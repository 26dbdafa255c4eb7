//! A buyer's claim and the team's resolution on PostgreSQL, each in the transaction of its own
//! that `writer.rs` commits. Filing locks the order's row first (`FOR UPDATE`): two claims on
//! one order, on any instances, count its open claims one after the other, so the fourth open
//! claim is refused whatever the concurrency, and a retry with the same key waits for the first
//! and finds its claim. Resolving locks the claim's order's row too, then reads the order's
//! refunds so far: two refunds on one order, on any instances, are checked one after the other,
//! so they never add up past its total; and the `UPDATE` is conditional, so two resolutions of
//! one claim cannot both find it open.

use sqlx::PgConnection;

use super::super::claims::{self, claim_order, ClaimFiling, ClaimResolving};
use super::super::columns::Columns;
use super::super::model::{Outcome, ProducerId, Refused};
use super::super::sql::Arg;
use super::apply::{execute, first};
use crate::domain::ClaimCreated;
use crate::server::time::now_ms;
use crate::server::tokens;

/// `$1`: an order's id, `$2`: its producer: its `seq` and status, its row locked until the
/// transaction ends.
const ORDER_FOR_UPDATE: &str =
    "SELECT seq, status FROM orders WHERE id = $1 AND producer = $2 FOR UPDATE";
/// `claims::CLAIM_ORDER`, the order's row locked until the transaction ends.
const CLAIM_ORDER_FOR_UPDATE: &str = concat!(claim_order!(), " FOR UPDATE OF o");

/// Files a claim under the order's row lock: the key's earlier claim if any, else the window
/// and the open claims, then the claim and its photos.
pub async fn file(
    conn: &mut PgConnection,
    p: ProducerId,
    f: &ClaimFiling,
) -> Result<Outcome<ClaimCreated>, sqlx::Error> {
    let me = Arg::Int(p.0);
    let Some(order) = first(conn, ORDER_FOR_UPDATE, &[Arg::Text(&f.order_id), me]).await? else {
        return Ok(Err(Refused::NotFound.into()));
    };
    let (seq, status) = (order.int("seq")?, order.status("status")?);
    let key = [Arg::Int(seq), Arg::Text(&f.key_hash), me];
    if let Some(earlier) = first(conn, claims::BY_KEY, &key).await? {
        let replay = f.replay(earlier.text("id")?, &earlier.text("fingerprint")?);
        return Ok(replay.map(|c| (c, vec![])).map_err(Into::into));
    }
    let by_order = [Arg::Int(seq), me];
    let delivered = first(conn, claims::DELIVERED_AT, &by_order).await?;
    let delivered = delivered.map(|r| r.maybe_int("delivered_ms"));
    let delivered = delivered.transpose()?.flatten();
    let open = first(conn, claims::OPEN, &by_order).await?;
    let open = open.map(|r| r.int("open_claims")).transpose()?.unwrap_or(0);
    if let Err(refused) = f.check(status, delivered, open) {
        return Ok(Err(refused.into()));
    }
    let id = tokens::new_order_id();
    let inserted = first(conn, claims::INSERT, &f.insert_args(&id, seq, now_ms(), p)).await?;
    let claim_seq = inserted.ok_or(sqlx::Error::RowNotFound)?.int("seq")?;
    for photo in f.photo_args(claim_seq, p) {
        execute(conn, claims::INSERT_PHOTO, &photo).await?;
    }
    Ok(Ok((ClaimFiling::created(id), vec![])))
}

/// Resolves a claim still open under its order's row lock, a refund only within what the
/// order's earlier refunds left; a resolved or unknown claim is refused.
pub async fn resolve(
    conn: &mut PgConnection,
    p: ProducerId,
    r: &ClaimResolving,
) -> Result<Outcome<()>, sqlx::Error> {
    let me = Arg::Int(p.0);
    let Some(claim) = first(conn, CLAIM_ORDER_FOR_UPDATE, &[Arg::Text(&r.id), me]).await? else {
        return Ok(Err(Refused::NotFound.into()));
    };
    let status = claim.text("status")?;
    let (seq, total) = (claim.int("order_seq")?, claim.int("total_fen")?);
    let refunded = first(conn, claims::REFUNDED, &[Arg::Int(seq), me]).await?;
    let refunded = refunded.map(|row| row.int("refunded_fen"));
    let refunded = refunded.transpose()?.unwrap_or(0);
    if let Err(refused) = r.check(&status, total, refunded) {
        return Ok(Err(refused.into()));
    }
    if execute(conn, claims::RESOLVE, &r.args(now_ms(), p)).await? != 1 {
        return Ok(Err(Refused::ClaimResolved.into()));
    }
    Ok(Ok(((), vec![])))
}
