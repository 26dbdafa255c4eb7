//! PostgreSQL through sqlx: opening, migrating and seeding the database, the reads, and the
//! totals the storefront shows. The writes are in `pg_writes.rs`.
//!
//! Several `orchard-server` instances may share one database: the migrations take sqlx's
//! advisory lock, seeding is an upsert that never touches the stock of a known box, and every
//! guarantee (no oversell, one order per idempotency key, status moves that refuse conflicts)
//! is held by the database, not by a process.

use std::time::Duration;

use sqlx::postgres::{PgPool, PgPoolOptions};
use sqlx::{Executor, Row};

use super::rows::{Histories, OrderRow, ORDER_COLUMNS};
use super::{stock_of, KeyRecord};
use crate::domain::{AdminOrder, OrderView};
use crate::server::content::Content;
use crate::server::snapshot::Totals;
use crate::server::tokens;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/postgres");

/// Connects a pool of at most `max_connections` and migrates the database.
pub async fn open(url: &str, max_connections: u32) -> Result<PgPool, sqlx::Error> {
    let pool = PgPoolOptions::new()
        .max_connections(max_connections.max(1))
        .acquire_timeout(Duration::from_secs(10))
        .connect(url)
        .await?;
    MIGRATOR.run(&pool).await?;
    Ok(pool)
}

/// Puts the content's boxes in the database: a new box comes with its initial stock; a known
/// box takes the content's weight and price but keeps its stock (the database is the truth).
pub async fn seed(pool: &PgPool, content: &Content) -> Result<(), sqlx::Error> {
    let mut tx = pool.begin().await?;
    for b in &content.boxes {
        sqlx::query(
            "INSERT INTO boxes (id, weight_kg, price_fen, stock) VALUES ($1, $2, $3, $4) \
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

/// The stock of every box and the orders and kilograms not cancelled, read in one snapshot.
pub async fn totals(pool: &PgPool) -> Result<Totals, sqlx::Error> {
    let mut tx = pool.begin().await?;
    tx.execute("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ READ ONLY")
        .await?;
    let stock = sqlx::query("SELECT id, stock FROM boxes ORDER BY id")
        .fetch_all(&mut *tx)
        .await?
        .into_iter()
        .map(|r| (r.get::<String, _>(0), stock_of(r.get::<i64, _>(1))))
        .collect();
    let row = sqlx::query(
        "SELECT COUNT(*), COALESCE(SUM(quantity * weight_kg), 0)::BIGINT FROM orders \
         WHERE status <> 'cancelled'",
    )
    .fetch_one(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(Totals {
        stock,
        orders: row.get::<i64, _>(0) as u64,
        kg_sold: row.get::<i64, _>(1) as u64,
    })
}

pub async fn ping(pool: &PgPool) -> bool {
    pool.execute("SELECT 1").await.is_ok()
}

pub async fn find_key<'e, E: Executor<'e, Database = sqlx::Postgres>>(
    conn: E,
    key: &str,
) -> Result<Option<KeyRecord>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE idempotency_key = $1");
    let row: Option<OrderRow> = sqlx::query_as(&sql)
        .bind(tokens::key_hash(key))
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.key_record(key)))
}

async fn events(pool: &PgPool, seqs: &[i64]) -> Result<Histories, sqlx::Error> {
    if seqs.is_empty() {
        return Ok(Histories::default());
    }
    let rows = sqlx::query(
        "SELECT order_seq, status, at_ms FROM order_events WHERE order_seq = ANY($1) ORDER BY id",
    )
    .bind(seqs)
    .fetch_all(pool)
    .await?;
    Ok(Histories::from_rows(
        rows.into_iter().map(|r| (r.get(0), r.get(1), r.get(2))),
    ))
}

/// The token hash of order `id`: the only read a lookup makes before the token is checked.
pub async fn token_hash(pool: &PgPool, id: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
    sqlx::query_scalar("SELECT token_hash FROM orders WHERE id = $1")
        .bind(id)
        .fetch_optional(pool)
        .await
}

/// The buyer's view of order `id`, with its history.
pub async fn order(pool: &PgPool, id: &str) -> Result<Option<OrderView>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1");
    let Some(row): Option<OrderRow> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
    else {
        return Ok(None);
    };
    Ok(Some(row.view(events(pool, &[row.seq]).await?.of(row.seq))))
}

/// One order (by id) or all of them, newest first, with their histories.
pub async fn admin_orders(pool: &PgPool, id: Option<&str>) -> Result<Vec<AdminOrder>, sqlx::Error> {
    let rows: Vec<OrderRow> = match id {
        Some(id) => {
            sqlx::query_as(&format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = $1"))
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
