//! SQLite through sqlx: opening, migrating and seeding the database, and the reads. The writes
//! are in `writes.rs`, on the writer thread's own connection.
//!
//! Settings, and what each promises:
//! - `journal_mode = WAL`: readers never block the writer nor the writer the readers; a commit
//!   appends to the write-ahead log instead of rewriting pages.
//! - `synchronous = FULL` on the write connection: the WAL is fsynced at every commit, so an order
//!   answered 201 survives not only `kill -9` of the server but a power cut of the machine. Group
//!   commit (one transaction for the orders waiting together) is what makes FULL affordable.
//! - `busy_timeout = 5 s`: a reader or a second process waits for a lock instead of failing.
//! - `foreign_keys = ON`: an order cannot point at a box that does not exist.

use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Executor, Row, SqliteConnection};

use super::rows::{Histories, OrderRow, ORDER_COLUMNS};
use super::{stock_of, KeyRecord};
use crate::domain::{AdminOrder, OrderView};
use crate::server::content::Content;
use crate::server::snapshot::Totals;
use crate::server::tokens;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Opens a first connection (creating and migrating the file) and a pool of readers; returns
/// the database file's path too, for the writer's own connection.
pub async fn open(
    url: &str,
) -> Result<(SqlitePool, SqliteConnection, std::path::PathBuf), sqlx::Error> {
    let options = SqliteConnectOptions::from_str(url)?;
    let path = options.get_filename().to_owned();
    let base = options
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
        .disable_statement_logging();
    // Foreign keys off while migrating: SQLite rebuilds a table (migration 0003) only that way.
    // They are all checked right after, and every later connection has them on.
    let mut writer = base
        .clone()
        .foreign_keys(false)
        .create_if_missing(true)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await?;
    MIGRATOR.run(&mut writer).await?;
    let broken = sqlx::query("PRAGMA foreign_key_check")
        .fetch_all(&mut writer)
        .await?;
    if !broken.is_empty() {
        return Err(sqlx::Error::Protocol(format!(
            "{} rows break a foreign key after migrating",
            broken.len()
        )));
    }
    let readers = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(base.synchronous(SqliteSynchronous::Normal).read_only(true))
        .await?;
    Ok((readers, writer, path))
}

/// Puts the content's boxes in the database: a new box comes with its initial stock; a known
/// box takes the content's weight and price but keeps its stock (the database is the truth).
pub async fn seed(conn: &mut SqliteConnection, content: &Content) -> Result<(), sqlx::Error> {
    let mut tx = conn.begin().await?;
    for b in &content.boxes {
        sqlx::query(
            "INSERT INTO boxes (id, weight_kg, price_fen, stock) VALUES (?, ?, ?, ?) \
             ON CONFLICT (id) DO UPDATE SET weight_kg = excluded.weight_kg, price_fen = excluded.price_fen",
        )
        .bind(b.id.as_str())
        .bind(i64::from(b.weight_kg))
        .bind(b.price.fen())
        .bind(i64::from(b.initial_stock))
        .execute(&mut *tx)
        .await?;
    }
    tx.commit().await
}

/// The stock of every box and the orders and kilograms not cancelled.
pub async fn totals(conn: &mut SqliteConnection) -> Result<Totals, sqlx::Error> {
    let stock = sqlx::query("SELECT id, stock FROM boxes")
        .fetch_all(&mut *conn)
        .await?
        .into_iter()
        .map(|r| (r.get::<String, _>(0), stock_of(r.get::<i64, _>(1))))
        .collect();
    let row = sqlx::query(
        "SELECT COUNT(*), COALESCE(SUM(quantity * weight_kg), 0) FROM orders WHERE status <> 'cancelled'",
    )
    .fetch_one(&mut *conn)
    .await?;
    Ok(Totals {
        stock,
        orders: row.get::<i64, _>(0) as u64,
        kg_sold: row.get::<i64, _>(1) as u64,
    })
}

pub async fn ping(pool: &SqlitePool) -> bool {
    pool.execute("SELECT 1").await.is_ok()
}

pub async fn find_key<'e, E: Executor<'e, Database = sqlx::Sqlite>>(
    conn: E,
    key: &str,
) -> Result<Option<KeyRecord>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE idempotency_key = ?");
    let row: Option<OrderRow> = sqlx::query_as(&sql)
        .bind(tokens::key_hash(key))
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.key_record(key)))
}

async fn events(pool: &SqlitePool, seqs: &[i64]) -> Result<Histories, sqlx::Error> {
    if seqs.is_empty() {
        return Ok(Histories::default());
    }
    let rows = if let [seq] = seqs {
        sqlx::query(
            "SELECT order_seq, status, at_ms FROM order_events WHERE order_seq = ? ORDER BY rowid",
        )
        .bind(seq)
        .fetch_all(pool)
        .await?
    } else {
        sqlx::query("SELECT order_seq, status, at_ms FROM order_events ORDER BY rowid")
            .fetch_all(pool)
            .await?
    };
    Ok(Histories::from_rows(
        rows.into_iter().map(|r| (r.get(0), r.get(1), r.get(2))),
    ))
}

/// The token hash of order `id`: the only read a lookup makes before the token is checked.
pub async fn token_hash(pool: &SqlitePool, id: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT token_hash FROM orders WHERE id = ?")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The buyer's view of order `id`, with its history.
pub async fn order(pool: &SqlitePool, id: &str) -> Result<Option<OrderView>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?");
    let Some(row): Option<OrderRow> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
    else {
        return Ok(None);
    };
    Ok(Some(row.view(events(pool, &[row.seq]).await?.of(row.seq))))
}

/// One order (by id) or all of them, newest first, with their histories.
pub async fn admin_orders(
    pool: &SqlitePool,
    id: Option<&str>,
) -> Result<Vec<AdminOrder>, sqlx::Error> {
    let rows: Vec<OrderRow> = match id {
        Some(id) => {
            sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?"))
                .bind(id)
                .fetch_all(pool)
                .await?
        }
        None => {
            sqlx::query_as(&format!(
                "SELECT {ORDER_COLUMNS} FROM orders ORDER BY seq DESC"
            ))
            .fetch_all(pool)
            .await?
        }
    };
    let seqs: Vec<i64> = rows.iter().map(|r| r.seq).collect();
    Ok(events(pool, &seqs).await?.admin_orders(rows))
}
