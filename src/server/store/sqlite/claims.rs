//! A buyer's claim and the team's resolution on the writer thread, inside the batch's
//! transaction (each in a savepoint `writer.rs` opens). Nothing else writes between these
//! statements, so the key, the window and the open claims are read first and the claim is
//! written only if all allow it; a resolution reads the order's refunds so far the same way, so
//! two refunds on one order never both pass its total.

use rusqlite::Connection;

use super::super::claims::{self, ClaimFiling, ClaimResolving};
use super::super::columns::Columns;
use super::super::model::{Outcome, ProducerId, Refused};
use super::super::sql::Arg;
use super::apply::{execute, first};
use crate::domain::ClaimCreated;
use crate::server::time::now_ms;
use crate::server::tokens;

/// Files a claim: the key's earlier claim if any, else the window and the open claims, then
/// the claim and its photos.
pub fn file(
    conn: &Connection,
    p: ProducerId,
    f: &ClaimFiling,
) -> rusqlite::Result<Outcome<ClaimCreated>> {
    let me = Arg::Int(p.0);
    let order = first(conn, claims::ORDER, &[Arg::Text(&f.order_id), me], |r| {
        Ok((r.int("seq")?, r.status("status")?))
    })?;
    let Some((seq, status)) = order else {
        return Ok(Err(Refused::NotFound.into()));
    };
    let key = [Arg::Int(seq), Arg::Text(&f.key_hash), me];
    let earlier = first(conn, claims::BY_KEY, &key, |r| {
        Ok((r.text("id")?, r.text("fingerprint")?))
    })?;
    if let Some((id, print)) = earlier {
        return Ok(f
            .replay(id, &print)
            .map(|c| (c, vec![]))
            .map_err(Into::into));
    }
    let order = [Arg::Int(seq), me];
    let delivered = first(conn, claims::DELIVERED_AT, &order, |r| {
        r.maybe_int("delivered_ms")
    })?;
    let open = first(conn, claims::OPEN, &order, |r| r.int("open_claims"))?.unwrap_or(0);
    if let Err(refused) = f.check(status, delivered.flatten(), open) {
        return Ok(Err(refused.into()));
    }
    let id = tokens::new_order_id();
    let Some(claim_seq) = first(
        conn,
        claims::INSERT,
        &f.insert_args(&id, seq, now_ms(), p),
        |r| r.int("seq"),
    )?
    else {
        return Err(rusqlite::Error::QueryReturnedNoRows);
    };
    for photo in f.photo_args(claim_seq, p) {
        execute(conn, claims::INSERT_PHOTO, &photo)?;
    }
    Ok(Ok((ClaimFiling::created(id), vec![])))
}

/// Resolves a claim still open, a refund only within what the order's earlier refunds left; a
/// resolved or unknown claim is refused.
pub fn resolve(
    conn: &Connection,
    p: ProducerId,
    r: &ClaimResolving,
) -> rusqlite::Result<Outcome<()>> {
    let me = Arg::Int(p.0);
    let claim = first(conn, claims::CLAIM_ORDER, &[Arg::Text(&r.id), me], |row| {
        Ok((
            row.text("status")?,
            row.int("order_seq")?,
            row.int("total_fen")?,
        ))
    })?;
    let Some((status, seq, total)) = claim else {
        return Ok(Err(Refused::NotFound.into()));
    };
    let refunded = first(conn, claims::REFUNDED, &[Arg::Int(seq), me], |row| {
        row.int("refunded_fen")
    })?;
    if let Err(refused) = r.check(&status, total, refunded.unwrap_or(0)) {
        return Ok(Err(refused.into()));
    }
    if execute(conn, claims::RESOLVE, &r.args(now_ms(), p))? != 1 {
        return Ok(Err(Refused::ClaimResolved.into()));
    }
    Ok(Ok(((), vec![])))
}
