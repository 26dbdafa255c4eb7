//! The reads, written once for both stores: which statement, which rows, and how they become
//! the API's shapes. A backend only says how its pool runs a statement and how its dialect keeps
//! the moves in order (`fetch.rs`). Every read is of one producer's rows, but for the buyer's
//! paths by order id and token (`token_hash`, `order`), which find the order whichever producer
//! it belongs to and say which.

use super::claim_reads;
use super::columns::Columns;
use super::fetch::{Dialect, Fetch};
use super::model::ProducerId;
use super::placement::KeyRecord;
use super::rows::{Histories, OrderRow};
use super::sql::{self, Arg};
use super::tallies;
use crate::domain::{AdminOrder, OrderView};
use crate::server::snapshot::Totals;
use crate::server::tokens;

/// Whether the database answers.
pub async fn ping(db: &impl Fetch) -> bool {
    db.fetch("SELECT 1", &[]).await.is_ok()
}

/// The slug of producer `id` (empty if it has none yet).
pub async fn slug(db: &impl Fetch, id: ProducerId) -> Result<String, sqlx::Error> {
    let rows = db.fetch(sql::SLUG, &[Arg::Int(id.0)]).await?;
    Ok(rows
        .first()
        .map(|r| r.maybe_text("slug"))
        .transpose()?
        .flatten()
        .unwrap_or_default())
}

/// Producer `id`'s stock of every box and its orders and kilograms not cancelled.
pub async fn totals(db: &impl Fetch, id: ProducerId) -> Result<Totals, sqlx::Error> {
    tallies::totals(&db.fetch(sql::TOTALS, &[Arg::Int(id.0)]).await?)
}

/// The order placed with producer `p` with idempotency key `key` (as the client sent it), if any.
pub async fn find_key(
    db: &impl Fetch,
    p: ProducerId,
    key: &str,
) -> Result<Option<KeyRecord>, sqlx::Error> {
    let hash = tokens::key_hash(key);
    let args = [Arg::Text(&hash), Arg::Int(p.0)];
    let rows = db.fetch(sql::KEY_RECORD, &args).await?;
    rows.first().map(|r| KeyRecord::read(r, key)).transpose()
}

/// The token hash of order `id` and its producer, whichever it is: the only read a lookup makes
/// before the token is checked.
pub async fn token_hash(
    db: &impl Fetch,
    id: &str,
) -> Result<Option<(Vec<u8>, ProducerId)>, sqlx::Error> {
    let rows = db.fetch(sql::TOKEN_HASH, &[Arg::Text(id)]).await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let producer = ProducerId(r.int("producer")?);
    Ok(r.maybe_bytes("token_hash")?.map(|hash| (hash, producer)))
}

/// The buyer's view of order `id`, whichever its producer, with its history and its producer.
pub async fn order<F: Fetch>(db: &F, id: &str) -> Result<Option<OrderView>, sqlx::Error> {
    let rows = db.fetch(sql::ORDER_ANYWHERE, &[Arg::Text(id)]).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let row = OrderRow::read(row)?;
    let (seq, producer) = (row.seq, row.producer);
    let moves = db
        .fetch(
            <F::Db as Dialect>::EVENTS_OF_ORDER,
            &[Arg::Int(seq), Arg::Int(producer.0)],
        )
        .await?;
    let mut view = row.view(&Histories::read(&moves)?);
    view.claims = claim_reads::of_order(db, seq).await?;
    view.producer = slug(db, producer).await?;
    Ok(Some(view))
}

/// Producer `p`'s order `id` with the buyer's details and its history.
pub async fn admin_order<F: Fetch>(
    db: &F,
    p: ProducerId,
    id: &str,
) -> Result<Option<AdminOrder>, sqlx::Error> {
    let rows = db
        .fetch(sql::ORDER, &[Arg::Text(id), Arg::Int(p.0)])
        .await?;
    let Some(order) = rows.first().map(OrderRow::read).transpose()? else {
        return Ok(None);
    };
    let seq = [Arg::Int(order.seq), Arg::Int(p.0)];
    let moves = db.fetch(<F::Db as Dialect>::EVENTS_OF_ORDER, &seq).await?;
    let mut admin = order.admin(&Histories::read(&moves)?);
    admin.order.producer = slug(db, p).await?;
    Ok(Some(admin))
}
