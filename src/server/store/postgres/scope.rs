//! The second wall on PostgreSQL: every transaction says whose rows it works on before its
//! first statement, and row-level security (`migrations/postgres/0013_row_security.sql`) shows
//! and lets it write only those. The setting is local to the transaction (`set_config(…,
//! true)`, as `SET LOCAL`), so a pooled connection never carries one transaction's producer
//! into the next, and a statement run outside these transactions finds nothing.
//!
//! The setting costs no round trip of its own: it travels in the simple query that opens the
//! transaction (`BEGIN; SELECT set_config(…)`), which sqlx sends in one message. A read (`Reading`)
//! opens its transaction at its first statement, runs every statement of one `Store` call in it,
//! and is rolled back when dropped: sqlx flushes the `ROLLBACK` as the connection goes back to
//! the pool, after the answer.

use std::future::Future;

use sqlx::postgres::{PgPool, PgRow};
use sqlx::{PgConnection, Postgres, Transaction};
use tokio::sync::Mutex;

use super::super::fetch::Fetch;
use super::super::model::{ProducerId, Scope};
use super::super::sql::{Arg, BindArgs};

/// The setting the policies read.
const SETTING: &str = "orchard.producer";
/// `$1`: the setting's new value, until the transaction ends.
const RESCOPE: &str = "SELECT set_config('orchard.producer', $1, true)";

/// The setting's value for `scope`: a producer's id, or `market`.
fn value(scope: Scope) -> String {
    match scope {
        Scope::Producer(ProducerId(id)) => id.to_string(),
        Scope::Market => "market".to_owned(),
    }
}

/// A transaction on `pool` that sees and writes `scope`'s rows only.
pub async fn begin(
    pool: &PgPool,
    scope: Scope,
) -> Result<Transaction<'static, Postgres>, sqlx::Error> {
    // The value is a number or a fixed word, never text from outside: safe to write in place.
    let opening = format!(
        "BEGIN; SELECT set_config('{SETTING}', '{}', true)",
        value(scope)
    );
    pool.begin_with(opening).await
}

/// From now on in this transaction, `scope`'s rows only (a producer made in it, for its boxes).
pub async fn rescope(conn: &mut PgConnection, scope: Scope) -> Result<(), sqlx::Error> {
    sqlx::query(RESCOPE)
        .bind(value(scope))
        .execute(conn)
        .await?;
    Ok(())
}

/// The reads of one `Store` call for one scope: a transaction opened at the first statement.
pub struct Reading {
    pool: PgPool,
    scope: Scope,
    open: Mutex<Option<Transaction<'static, Postgres>>>,
}

impl Reading {
    /// Reads of `scope`'s rows on `pool`; nothing is asked of the database yet.
    pub fn new(pool: PgPool, scope: Scope) -> Self {
        Self {
            pool,
            scope,
            open: Mutex::new(None),
        }
    }

    /// Commits what was written through it (the seeding at start); a reading only dropped is
    /// rolled back.
    pub async fn commit(self) -> Result<(), sqlx::Error> {
        match self.open.into_inner() {
            Some(tx) => tx.commit().await,
            None => Ok(()),
        }
    }

    /// Runs `sql` with `args` in the transaction, opening it first if need be.
    async fn run(
        &self,
        sql: &str,
        args: &[Arg<'_>],
        persistent: bool,
    ) -> Result<Vec<PgRow>, sqlx::Error> {
        let mut open = self.open.lock().await;
        let tx = match open.take() {
            Some(tx) => tx,
            None => begin(&self.pool, self.scope).await?,
        };
        let tx = open.insert(tx);
        let query = sqlx::query(sql).persistent(persistent).bind_args(args);
        query.fetch_all(&mut **tx).await
    }
}

impl Fetch for Reading {
    type Db = Postgres;
    type Row = PgRow;

    fn fetch<'a>(
        &'a self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<PgRow>, sqlx::Error>> + Send + 'a {
        self.run(sql, args, true)
    }

    fn fetch_planned<'a>(
        &'a self,
        sql: &'a str,
        args: &'a [Arg<'a>],
    ) -> impl Future<Output = Result<Vec<PgRow>, sqlx::Error>> + Send + 'a {
        self.run(sql, args, false)
    }
}
