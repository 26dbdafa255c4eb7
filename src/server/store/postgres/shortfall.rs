//! A short harvest on PostgreSQL. A preview reads the newest `received` orders of the box and
//! names the fewest that free enough boxes; it locks and writes nothing. A confirm locks the
//! orders its preview named, in `seq` order as every bulk write locks (so that two writes naming
//! the same orders wait for each other instead of deadlocking), reads them under their locks,
//! and cancels exactly those, or none if one moved since (on any instance): then one statement
//! cancels them and one records their events.

use sqlx::PgConnection;

use super::super::bulk::Found;
use super::super::model::{Outcome, ProducerId, Refused};
use super::super::shortfall as cut;
use super::super::sql::{self, Arg};
use super::super::work::ShortfallWrite;
use super::apply::{find, first};
use super::sql as pg;
use crate::domain::{OrderStatus, ShortfallResult};
use crate::server::time::now_ms;

/// Names the newest received orders of box `box_id` that free `shortfall.boxes` (a preview), or
/// cancels exactly the orders its confirm names, or none if one has moved; their stock is not
/// given back.
pub async fn shortfall(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &ShortfallWrite,
) -> Result<Outcome<ShortfallResult>, sqlx::Error> {
    let ShortfallWrite {
        box_id,
        shortfall,
        by,
    } = w;
    if first(conn, sql::STOCK, &[Arg::Text(box_id), Arg::Int(p.0)])
        .await?
        .is_none()
    {
        return Ok(Err(Refused::NotFound.into()));
    }
    let Some(named) = &shortfall.confirm else {
        let rows = sqlx::query(cut::NEWEST_RECEIVED)
            .bind(box_id)
            .bind(p.0)
            .bind(i64::from(shortfall.read_at_most()))
            .fetch_all(&mut *conn)
            .await?;
        let newest = rows
            .iter()
            .map(Found::read)
            .collect::<Result<Vec<_>, _>>()?;
        return Ok(Ok(cut::preview(shortfall, newest).finish()));
    };
    let ids = named.iter().map(|id| id.as_str().to_owned()).collect();
    let plan = match cut::confirm(box_id, named, find(conn, p, ids).await?) {
        Ok(plan) => plan,
        Err(refused) => return Ok(Err(refused.into())),
    };
    let seqs: Vec<i64> = plan.cancels.iter().map(|s| s.seq).collect();
    let done = sqlx::query(pg::BULK_CANCEL_SHORT)
        .bind(&seqs)
        .bind(p.0)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != seqs.len() as u64 {
        let changed = "orders changed under their row locks";
        return Err(sqlx::Error::Protocol(changed.into()));
    }
    sqlx::query(pg::BULK_ADD_EVENTS)
        .bind(&seqs)
        .bind(OrderStatus::Cancelled.as_str())
        .bind(now_ms())
        .bind(by)
        .bind(p.0)
        .execute(&mut *conn)
        .await?;
    Ok(Ok(plan.finish()))
}
