//! What each write does on PostgreSQL, each in a transaction of its own that commits before
//! anyone is answered. Across instances the database holds every promise:
//! - one order per idempotency key: the order row is inserted first with `ON CONFLICT
//!   (idempotency_key) DO NOTHING`; a second transaction with the same key waits for the first,
//!   then finds its committed row and answers a replay (or 422), or inserts if the first rolled
//!   back;
//! - no oversell: stock is taken only by `UPDATE … WHERE stock >= $1`, which the CHECK backs up;
//! - status moves lock the order row (`FOR UPDATE`) and refuse a move from a status the helper
//!   did not see.

use sqlx::postgres::PgPool;
use sqlx::{PgConnection, Row};

use super::postgres;
use super::writer::{check_move, stock_set, Answer, Placement, Work};
use crate::domain::{OrderStatus, Stock};
use crate::server::error::ApiError;
use crate::server::snapshot::Delta;
use crate::server::time::now_ms;
use crate::server::tokens;

fn db(e: sqlx::Error) -> ApiError {
    ApiError::internal(e)
}

/// Runs one write in its own transaction: committed when it answers `Ok`, rolled back otherwise.
pub(super) async fn run(pool: &PgPool, work: &Work) -> Result<(Answer, Option<Delta>), ApiError> {
    let mut tx = pool.begin().await.map_err(db)?;
    let outcome = match work {
        Work::Place(p) => place(&mut tx, p).await,
        Work::Move { id, change } => {
            let to = change.to;
            let row = sqlx::query(
                "SELECT seq, status, box_id, quantity, weight_kg FROM orders WHERE id = $1 FOR UPDATE",
            )
            .bind(id)
            .fetch_optional(&mut *tx)
            .await
            .map_err(db)?
            .ok_or(ApiError::NotFound)?;
            let seq: i64 = row.get(0);
            let box_id: String = row.get(2);
            let quantity = row.get::<i64, _>(3) as u32;
            let weight_kg = row.get::<i64, _>(4) as u32;
            let from = OrderStatus::parse(row.get(1))
                .ok_or_else(|| ApiError::internal("unknown status in the database"))?;
            check_move(id, from, change)?;
            let number = change.tracking_number.as_ref().map(|n| n.as_str());
            move_status(&mut tx, seq, from, to, number)
                .await
                .map_err(db)?;
            let delta = if to.returns_stock() {
                sqlx::query("UPDATE boxes SET stock = LEAST(stock + $1, $2) WHERE id = $3")
                    .bind(i64::from(quantity))
                    .bind(i64::from(Stock::MAX))
                    .bind(&box_id)
                    .execute(&mut *tx)
                    .await
                    .map_err(db)?;
                Some(Delta::Cancelled {
                    box_id,
                    quantity,
                    weight_kg,
                })
            } else {
                None
            };
            Ok((Answer::Done, delta))
        }
        Work::SetStock { box_id, stock } => {
            let changed = sqlx::query("UPDATE boxes SET stock = $1 WHERE id = $2")
                .bind(i64::from(*stock))
                .bind(box_id)
                .execute(&mut *tx)
                .await
                .map_err(db)?
                .rows_affected();
            if changed != 1 {
                return Err(ApiError::NotFound);
            }
            Ok(stock_set(box_id, *stock))
        }
    };
    // A refusal drops the transaction unfinished: sqlx rolls it back.
    let outcome = outcome?;
    tx.commit().await.map_err(db)?;
    Ok(outcome)
}

async fn move_status(
    conn: &mut PgConnection,
    seq: i64,
    from: OrderStatus,
    to: OrderStatus,
    tracking_number: Option<&str>,
) -> Result<(), sqlx::Error> {
    let changed = sqlx::query(
        "UPDATE orders SET status = $1, tracking_number = COALESCE($2, tracking_number) \
         WHERE seq = $3 AND status = $4",
    )
    .bind(to.as_str())
    .bind(tracking_number)
    .bind(seq)
    .bind(from.as_str())
    .execute(&mut *conn)
    .await?
    .rows_affected();
    if changed != 1 {
        return Err(sqlx::Error::Protocol(
            "the order changed under its row lock".into(),
        ));
    }
    sqlx::query("INSERT INTO order_events (order_seq, status, at_ms) VALUES ($1, $2, $3)")
        .bind(seq)
        .bind(to.as_str())
        .bind(now_ms())
        .execute(&mut *conn)
        .await?;
    Ok(())
}

/// Places an order: claims the key, then takes the stock; any refusal rolls both back.
async fn place(
    conn: &mut PgConnection,
    p: &Placement,
) -> Result<(Answer, Option<Delta>), ApiError> {
    let o = &p.order;
    let quantity = o.quantity.get();
    let id = tokens::new_order_id();
    let salt = tokens::new_salt();
    let token = tokens::order_token(&salt, &id, &p.key);
    let created_ms = now_ms();
    let inserted = sqlx::query(
        "INSERT INTO orders (id, token_hash, idempotency_key, fingerprint, replay_salt, status, \
         box_id, weight_kg, quantity, total_fen, name, phone, address, note, ref, created_ms) \
         VALUES ($1, $2, $3, $4, $5, 'received', $6, $7, $8, $9, $10, $11, $12, $13, $14, $15) \
         ON CONFLICT (idempotency_key) DO NOTHING RETURNING seq",
    )
    .bind(&id)
    .bind(tokens::hash(&token))
    .bind(tokens::key_hash(&p.key))
    .bind(&p.fingerprint)
    .bind(&salt[..])
    .bind(o.box_id.as_str())
    .bind(i64::from(p.weight_kg))
    .bind(i64::from(quantity))
    .bind(p.total_fen)
    .bind(o.name.as_str())
    .bind(o.phone.as_str())
    .bind(o.address.as_str())
    .bind(o.note.as_ref().map(|n| n.as_str()))
    .bind(o.ref_tag.as_ref().map(|r| r.as_str()))
    .bind(created_ms)
    .fetch_optional(&mut *conn)
    .await
    .map_err(db)?;
    if inserted.is_none() {
        // The key placed an order that committed before this statement ran.
        let earlier = postgres::find_key(&mut *conn, &p.key)
            .await
            .map_err(db)?
            .ok_or_else(|| ApiError::internal("an idempotency key conflicted but has no order"))?;
        return earlier
            .replay(&p.fingerprint)
            .map(|o| (Answer::Order(o, true), None));
    }
    let taken = sqlx::query("UPDATE boxes SET stock = stock - $1 WHERE id = $2 AND stock >= $1")
        .bind(i64::from(quantity))
        .bind(o.box_id.as_str())
        .execute(&mut *conn)
        .await
        .map_err(db)?
        .rows_affected();
    if taken != 1 {
        let left: Option<i64> = sqlx::query_scalar("SELECT stock FROM boxes WHERE id = $1")
            .bind(o.box_id.as_str())
            .fetch_optional(&mut *conn)
            .await
            .map_err(db)?;
        return Err(match left {
            Some(0) | None => ApiError::SoldOut,
            Some(available) => ApiError::InsufficientStock {
                available: u32::try_from(available).unwrap_or(0),
            },
        });
    }
    Ok(p.placed(id, token, created_ms))
}

/// Forgets the replay salts of orders placed before `before_ms` (their keys still refuse reuse).
pub(super) async fn forget_replay_tokens(
    pool: &PgPool,
    before_ms: i64,
) -> Result<u64, sqlx::Error> {
    Ok(sqlx::query(
        "UPDATE orders SET replay_salt = NULL WHERE replay_salt IS NOT NULL AND created_ms < $1",
    )
    .bind(before_ms)
    .execute(pool)
    .await?
    .rows_affected())
}
