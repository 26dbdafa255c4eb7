//! The reads, written once for both stores: which statement, which rows, and how they become
//! the API's shapes. A backend only says how its pool runs a statement (`Fetch`, the same for
//! every sqlx pool) and how its dialect keeps the moves in order (`Dialect`).

use std::future::Future;

use sqlx::query::Query;

use super::claim_reads;
use super::model::KeyRecord;
use super::rows::{self, Columns, Histories, OrderRow};
use super::sql::{self, Arg, BindArgs};
use crate::domain::{AdminOrder, OrderView};
use crate::server::content::Content;
use crate::server::snapshot::Totals;
use crate::server::tokens;

/// The statements a database writes its own way.
pub trait Dialect: sqlx::Database {
    /// The moves of order `$1`, in the order made (`order_seq, status, at_ms`).
    const EVENTS_OF_ORDER: &'static str;
    /// The `ORDER BY` that keeps `order_events` rows in the order made.
    const EVENTS_ORDER: &'static str;
    /// What goes before and after a column compared with `LIKE` and an ASCII lower-case
    /// pattern, so that its ASCII letters (only those) match either case and a search finds the
    /// same orders on both stores.
    const ASCII_LOWER: (&'static str, &'static str);
    /// Orders, boxes, kilograms and fen by status, box and tag (`status, box_id, ref, orders,
    /// boxes, kg, fen`): the summary's rows, as many as the kinds of boxes and tags, never the
    /// orders.
    const ORDER_TALLIES: &'static str;
}

/// A pool that runs a statement and returns its rows.
pub trait Fetch: Sync {
    /// The database, for the statements it writes its own way.
    type Db: Dialect;
    /// A row as the pool returns it.
    type Row: Columns<Error = sqlx::Error> + Send;

    /// Runs `sql` with `args` bound to `$1`, `$2`, … and returns every row.
    fn fetch<'a>(
        &'a self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>> + Send + 'a;

    /// As `fetch`, but planned for these very values and not kept as a prepared statement: for
    /// the team's filtered reads, whose best plan depends on the search text (a plan made once
    /// for any `id LIKE $1` cannot use PostgreSQL's prefix index, and scans every order).
    fn fetch_planned<'a>(
        &'a self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<Self::Row>, sqlx::Error>> + Send + 'a;
}

impl<DB> Fetch for sqlx::Pool<DB>
where
    DB: Dialect + sqlx::database::HasStatementCache,
    DB::Row: Columns<Error = sqlx::Error>,
    for<'c> &'c mut DB::Connection: sqlx::Executor<'c, Database = DB>,
    for<'q> DB::Arguments<'q>: sqlx::IntoArguments<'q, DB>,
    for<'q> Query<'q, DB, DB::Arguments<'q>>: BindArgs<'q>,
{
    type Db = DB;
    type Row = DB::Row;

    fn fetch<'a>(
        &'a self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<DB::Row>, sqlx::Error>> + Send + 'a {
        sqlx::query(sql).bind_args(args).fetch_all(self)
    }

    fn fetch_planned<'a>(
        &'a self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<DB::Row>, sqlx::Error>> + Send + 'a {
        sqlx::query(sql)
            .persistent(false)
            .bind_args(args)
            .fetch_all(self)
    }
}

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
    rows::totals(&db.fetch(sql::TOTALS, &[]).await?)
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
        .map(|r| r.maybe_bytes(0))
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
