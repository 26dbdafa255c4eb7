//! The reads, written once for both stores: which statement, which rows, and how they become
//! the API's shapes. A backend only says how its pool runs a statement and how its dialect keeps
//! the moves in order (`fetch.rs`).

use super::claim_reads;
use super::columns::Columns;
use super::fetch::{Dialect, Fetch};
use super::placement::KeyRecord;
use super::rows::{Histories, OrderRow};
use super::sql::{self, Arg};
use super::tallies;
use crate::domain::{AdminOrder, OrderView};
use crate::server::content::Content;
use crate::server::snapshot::Totals;
use crate::server::tokens;

/// Whether the database answers.
pub async fn ping(db: &impl Fetch) -> bool {
    db.fetch("SELECT 1", &[]).await.is_ok()
}

/// Puts the content's boxes in the database: a new box with its initial stock; a known box
/// takes the content's weight and price and keeps its stock.
pub async fn seed(db: &impl Fetch, content: &Content) -> Result<(), sqlx::Error> {
    for b in &content.boxes {
        let args = [
            Arg::Text(b.id.as_str()),
            Arg::Int(i64::from(b.weight_kg)),
            Arg::Int(b.price.fen()),
            Arg::Int(i64::from(b.initial_stock)),
        ];
        db.fetch(sql::SEED_BOX, &args).await?;
    }
    Ok(())
}

/// The stock of every box and the orders and kilograms not cancelled.
pub async fn totals(db: &impl Fetch) -> Result<Totals, sqlx::Error> {
    tallies::totals(&db.fetch(sql::TOTALS, &[]).await?)
}

/// The order placed with idempotency key `key` (as the client sent it), if any.
pub async fn find_key(db: &impl Fetch, key: &str) -> Result<Option<KeyRecord>, sqlx::Error> {
    let hash = tokens::key_hash(key);
    let rows = db.fetch(sql::KEY_RECORD, &[Arg::Text(&hash)]).await?;
    rows.first().map(|r| KeyRecord::read(r, key)).transpose()
}

/// The token hash of order `id`: the only read a lookup makes before the token is checked.
pub async fn token_hash(db: &impl Fetch, id: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
    let rows = db.fetch(sql::TOKEN_HASH, &[Arg::Text(id)]).await?;
    Ok(rows
        .first()
        .map(|r| r.maybe_bytes("token_hash"))
        .transpose()?
        .flatten())
}

/// The buyer's view of order `id`, with its history.
pub async fn order<F: Fetch>(db: &F, id: &str) -> Result<Option<OrderView>, sqlx::Error> {
    let rows = db.fetch(sql::ORDER, &[Arg::Text(id)]).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let row = OrderRow::read(row)?;
    let seq = row.seq;
    let moves = db
        .fetch(<F::Db as Dialect>::EVENTS_OF_ORDER, &[Arg::Int(seq)])
        .await?;
    let mut view = row.view(&Histories::read(&moves)?);
    view.claims = claim_reads::of_order(db, seq).await?;
    Ok(Some(view))
}

/// One order (by id) with the buyer's details and its history.
pub async fn admin_order<F: Fetch>(db: &F, id: &str) -> Result<Option<AdminOrder>, sqlx::Error> {
    let rows = db.fetch(sql::ORDER, &[Arg::Text(id)]).await?;
    let Some(order) = rows.first().map(OrderRow::read).transpose()? else {
        return Ok(None);
    };
    let seq = [Arg::Int(order.seq)];
    let moves = db.fetch(<F::Db as Dialect>::EVENTS_OF_ORDER, &seq).await?;
    Ok(Some(order.admin(&Histories::read(&moves)?)))
}
