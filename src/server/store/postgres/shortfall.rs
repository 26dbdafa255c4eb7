//! A short harvest on PostgreSQL: the newest `received` orders of the box are read, then locked
//! in `seq` order as every bulk write locks (so that two writes naming the same orders wait for
//! each other instead of deadlocking) and read again under their locks. If another instance
//! moved one of them meanwhile and those left no longer free enough boxes, the read is made
//! again (the orders already locked stay locked); then one statement cancels them and one
//! records their events.

use std::collections::HashMap;

use sqlx::PgConnection;

use super::super::bulk::Found;
use super::super::model::{Outcome, Refused};
use super::super::shortfall as cut;
use super::super::sql::{self, Arg};
use super::apply::{find, first};
use super::sql as pg;
use crate::domain::{OrderStatus, Shortfall, ShortfallResult};
use crate::server::time::now_ms;

/// How many times the orders are read again when another instance moved some meanwhile.
const ROUNDS: usize = 4;

/// Cancels the newest received orders of box `box_id` that free `shortfall.boxes`, for a short
/// harvest (or only names them); their stock is not given back.
pub async fn shortfall(
    conn: &mut PgConnection,
    box_id: &str,
    shortfall: &Shortfall,
    by: &str,
) -> Result<Outcome<ShortfallResult>, sqlx::Error> {
    if first(conn, sql::STOCK, &[Arg::Text(box_id)])
        .await?
        .is_none()
    {
        return Ok(Err(Refused::NotFound.into()));
    }
    let mut round = 1;
    let plan = loop {
        let rows = sqlx::query(cut::NEWEST_RECEIVED)
            .bind(box_id)
            .bind(i64::from(shortfall.boxes))
            .fetch_all(&mut *conn)
            .await?;
        let newest = rows
            .iter()
            .map(Found::read)
            .collect::<Result<Vec<_>, _>>()?;
        if shortfall.dry_run {
            break cut::plan(shortfall, newest);
        }
        let ids = newest.iter().map(|(id, _)| id.clone()).collect();
        let mut locked: HashMap<String, Found> = find(conn, ids).await?;
        let read = newest.len();
        let now: Vec<(String, Found)> = newest
            .into_iter()
            .filter_map(|(id, _)| locked.remove(&id).map(|f| (id, f)))
            .collect();
        let moved = now.len() < read
            || now
                .iter()
                .any(|(_, f)| f.state.status != OrderStatus::Received);
        let plan = cut::plan(shortfall, now);
        if !moved || plan.answer.boxes_freed >= shortfall.boxes || round == ROUNDS {
            break plan;
        }
        round += 1;
    };
    if !plan.cancels.is_empty() {
        let seqs: Vec<i64> = plan.cancels.iter().map(|s| s.seq).collect();
        let done = sqlx::query(pg::BULK_CANCEL_SHORT)
            .bind(&seqs)
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
            .execute(&mut *conn)
            .await?;
    }
    Ok(Ok(plan.finish()))
}
