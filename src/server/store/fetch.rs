//! How a pool runs a statement (`Fetch`, the same for every sqlx pool) and the statements each
//! database writes its own way (`Dialect`): what the reads, written once for both stores, ask of
//! a backend.

use std::future::Future;

use sqlx::query::Query;

use super::columns::Columns;
use super::sql::{Arg, BindArgs};

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
