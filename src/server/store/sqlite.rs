//! SQLite: opening, migrating and seeding the database, the reads, and the writes the writer
//! task runs inside its transactions.
//!
//! Settings, and what each promises:
//! - `journal_mode = WAL`: readers never block the writer nor the writer the readers; a commit
//!   appends to the write-ahead log instead of rewriting pages.
//! - `synchronous = FULL` on the write connection: the WAL is fsynced at every commit, so an order
//!   answered 201 survives not only `kill -9` of the server but a power cut of the machine. Group
//!   commit (one transaction for the orders waiting together) is what makes FULL affordable.
//! - `busy_timeout = 5 s`: a reader or a second process waits for a lock instead of failing.
//! - `foreign_keys = ON`: an order cannot point at a box that does not exist.

use std::collections::HashMap;
use std::str::FromStr;
use std::time::Duration;

use sqlx::sqlite::{
    SqliteConnectOptions, SqliteJournalMode, SqlitePool, SqlitePoolOptions, SqliteSynchronous,
};
use sqlx::{ConnectOptions, Connection, Executor, Row, SqliteConnection};

use super::rows::{OrderRow, ORDER_COLUMNS};
use super::{KeyRecord, Totals};
use crate::domain::{AdminOrder, OrderView};
use crate::server::content::Content;

static MIGRATOR: sqlx::migrate::Migrator = sqlx::migrate!("migrations/sqlite");

/// Opens the write connection (creating and migrating the file) and a pool of readers.
pub async fn open(url: &str) -> Result<(SqlitePool, SqliteConnection), sqlx::Error> {
    let base = SqliteConnectOptions::from_str(url)?
        .journal_mode(SqliteJournalMode::Wal)
        .busy_timeout(Duration::from_secs(5))
        .foreign_keys(true)
        .disable_statement_logging();
    let mut writer = base
        .clone()
        .create_if_missing(true)
        .synchronous(SqliteSynchronous::Full)
        .connect()
        .await?;
    MIGRATOR.run(&mut writer).await?;
    let readers = SqlitePoolOptions::new()
        .max_connections(4)
        .connect_with(base.synchronous(SqliteSynchronous::Normal).read_only(true))
        .await?;
    Ok((readers, writer))
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
        .map(|r| (r.get::<String, _>(0), r.get::<i64, _>(1) as u32))
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
    let row: Option<OrderRow> = sqlx::query_as(&sql).bind(key).fetch_optional(conn).await?;
    Ok(row.map(OrderRow::key_record))
}

async fn events(
    pool: &SqlitePool,
    seqs: &[i64],
) -> Result<HashMap<i64, Vec<(String, i64)>>, sqlx::Error> {
    let mut by_order: HashMap<i64, Vec<(String, i64)>> = HashMap::new();
    if seqs.is_empty() {
        return Ok(by_order);
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
    for r in rows {
        by_order
            .entry(r.get(0))
            .or_default()
            .push((r.get(1), r.get(2)));
    }
    Ok(by_order)
}

pub async fn order(
    pool: &SqlitePool,
    id: &str,
) -> Result<Option<(OrderView, Vec<u8>)>, sqlx::Error> {
    let sql = format!("SELECT {ORDER_COLUMNS} FROM orders WHERE id = ?");
    let Some(row): Option<OrderRow> = sqlx::query_as(&sql).bind(id).fetch_optional(pool).await?
    else {
        return Ok(None);
    };
    let events = events(pool, &[row.seq]).await?;
    let view = row.view(events.get(&row.seq).map(Vec::as_slice).unwrap_or_default());
    Ok(Some((view, row.token_hash)))
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
    let events = events(pool, &seqs).await?;
    Ok(rows
        .into_iter()
        .map(|r| {
            let history = events.get(&r.seq).cloned().unwrap_or_default();
            r.admin(&history)
        })
        .collect())
}

/// Takes `quantity` boxes if that many are left; returns whether it did. The `WHERE stock >= ?`
/// makes the decrement conditional, and the table's CHECK refuses any negative stock anyway.
pub async fn take_stock(
    conn: &mut SqliteConnection,
    box_id: &str,
    quantity: u32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE boxes SET stock = stock - ?1 WHERE id = ?2 AND stock >= ?1")
        .bind(i64::from(quantity))
        .bind(box_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// Gives boxes back (a cancelled order).
pub async fn return_stock(
    conn: &mut SqliteConnection,
    box_id: &str,
    quantity: u32,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE boxes SET stock = stock + ? WHERE id = ?")
        .bind(i64::from(quantity))
        .bind(box_id)
        .execute(&mut *conn)
        .await
        .map(drop)
}

/// The boxes left of one kind, if the box exists.
pub async fn stock(conn: &mut SqliteConnection, box_id: &str) -> Result<Option<u32>, sqlx::Error> {
    let row = sqlx::query("SELECT stock FROM boxes WHERE id = ?")
        .bind(box_id)
        .fetch_optional(&mut *conn)
        .await?;
    Ok(row.map(|r| r.get::<i64, _>(0) as u32))
}

/// Sets the boxes left of one kind; returns whether the box exists.
pub async fn set_stock(
    conn: &mut SqliteConnection,
    box_id: &str,
    stock: u32,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE boxes SET stock = ? WHERE id = ?")
        .bind(i64::from(stock))
        .bind(box_id)
        .execute(&mut *conn)
        .await?;
    Ok(done.rows_affected() == 1)
}

/// What the writer needs to know about an order before moving it.
pub struct OrderState {
    pub seq: i64,
    pub status: String,
    pub box_id: String,
    pub quantity: u32,
    pub weight_kg: u32,
}

pub async fn order_state(
    conn: &mut SqliteConnection,
    id: &str,
) -> Result<Option<OrderState>, sqlx::Error> {
    let row =
        sqlx::query("SELECT seq, status, box_id, quantity, weight_kg FROM orders WHERE id = ?")
            .bind(id)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|r| OrderState {
        seq: r.get(0),
        status: r.get(1),
        box_id: r.get(2),
        quantity: r.get::<i64, _>(3) as u32,
        weight_kg: r.get::<i64, _>(4) as u32,
    }))
}

/// Moves an order from `from` to `to` and records the move; returns false if its status was no
/// longer `from`.
pub async fn move_status(
    conn: &mut SqliteConnection,
    seq: i64,
    from: &str,
    to: &str,
    at_ms: i64,
) -> Result<bool, sqlx::Error> {
    let done = sqlx::query("UPDATE orders SET status = ? WHERE seq = ? AND status = ?")
        .bind(to)
        .bind(seq)
        .bind(from)
        .execute(&mut *conn)
        .await?;
    if done.rows_affected() != 1 {
        return Ok(false);
    }
    sqlx::query("INSERT INTO order_events (order_seq, status, at_ms) VALUES (?, ?, ?)")
        .bind(seq)
        .bind(to)
        .bind(at_ms)
        .execute(&mut *conn)
        .await?;
    Ok(true)
}

/// Keeps the courier's tracking number with the order.
pub async fn set_tracking_number(
    conn: &mut SqliteConnection,
    seq: i64,
    number: &str,
) -> Result<(), sqlx::Error> {
    sqlx::query("UPDATE orders SET tracking_number = ? WHERE seq = ?")
        .bind(number)
        .bind(seq)
        .execute(&mut *conn)
        .await
        .map(drop)
}

/// A new order row, everything already checked.
pub struct OrderInsert<'a> {
    pub id: &'a str,
    pub token_hash: &'a [u8],
    pub key: &'a str,
    pub fingerprint: &'a str,
    pub token: &'a str,
    pub box_id: &'a str,
    pub weight_kg: u32,
    pub quantity: u32,
    pub total_fen: i64,
    pub name: &'a str,
    pub phone: &'a str,
    pub address: &'a str,
    pub note: Option<&'a str>,
    pub ref_tag: Option<&'a str>,
    pub created_ms: i64,
}

pub async fn insert_order(
    conn: &mut SqliteConnection,
    o: &OrderInsert<'_>,
) -> Result<(), sqlx::Error> {
    sqlx::query(
        "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, replay_token, status, box_id, weight_kg, \
         quantity, total_fen, name, phone, address, note, ref, created_ms) \
         VALUES (?, ?, ?, ?, ?, 'received', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
    )
    .bind(o.id)
    .bind(o.token_hash)
    .bind(o.key)
    .bind(o.fingerprint)
    .bind(o.token)
    .bind(o.box_id)
    .bind(i64::from(o.weight_kg))
    .bind(i64::from(o.quantity))
    .bind(o.total_fen)
    .bind(o.name)
    .bind(o.phone)
    .bind(o.address)
    .bind(o.note)
    .bind(o.ref_tag)
    .bind(o.created_ms)
    .execute(&mut *conn)
    .await
    .map(drop)
}

/// Forgets the plain tokens of orders placed before `before_ms` (their keys still refuse reuse).
pub async fn forget_replay_tokens(
    conn: &mut SqliteConnection,
    before_ms: i64,
) -> Result<u64, sqlx::Error> {
    let done = sqlx::query(
        "UPDATE orders SET replay_token = NULL WHERE replay_token IS NOT NULL AND created_ms < ?",
    )
    .bind(before_ms)
    .execute(&mut *conn)
    .await?;
    Ok(done.rows_affected())
}
