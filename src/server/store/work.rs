//! What each write does inside the writer's transaction: placing an order (no savepoint: every
//! refusal comes before its first write) and the team's status moves and stock changes (each in
//! a savepoint the writer opens).

use rusqlite::Connection;

use super::writer::{check_move, stock_set, Answer, Placement, Work};
use super::writes::{self, OrderInsert};
use crate::domain::OrderStatus;
use crate::server::error::ApiError;
use crate::server::snapshot::Delta;
use crate::server::time::now_ms;
use crate::server::tokens;

fn db(e: rusqlite::Error) -> ApiError {
    ApiError::internal(e)
}

/// The team's writes (status moves, stock), each in its savepoint.
pub(super) fn apply(conn: &Connection, work: &Work) -> Result<(Answer, Option<Delta>), ApiError> {
    match work {
        Work::Place(p) => place(conn, p).map_err(db)?,
        Work::Move { id, change } => {
            let to = &change.to;
            let state = writes::order_state(conn, id)
                .map_err(db)?
                .ok_or(ApiError::NotFound)?;
            let from = OrderStatus::parse(&state.status)
                .ok_or_else(|| ApiError::internal("unknown status in the database"))?;
            check_move(id, from, change)?;
            if !writes::move_status(conn, state.seq, from.as_str(), to.as_str(), now_ms())
                .map_err(db)?
            {
                return Err(ApiError::internal("the order changed under the writer"));
            }
            if let Some(number) = &change.tracking_number {
                writes::set_tracking_number(conn, state.seq, number.as_str()).map_err(db)?;
            }
            let delta = if to.returns_stock() {
                writes::return_stock(conn, &state.box_id, state.quantity).map_err(db)?;
                Some(Delta::Cancelled {
                    box_id: state.box_id,
                    quantity: state.quantity,
                    weight_kg: state.weight_kg,
                })
            } else {
                None
            };
            Ok((Answer::Done, delta))
        }
        Work::SetStock { box_id, stock } => {
            if !writes::set_stock(conn, box_id, *stock).map_err(db)? {
                return Err(ApiError::NotFound);
            }
            Ok(stock_set(box_id, *stock))
        }
    }
}

/// A placement's outcome: the outer error is the database failing (the batch is lost), the inner
/// one a refusal (nothing was written).
pub(super) type Placed = rusqlite::Result<Result<(Answer, Option<Delta>), ApiError>>;

/// Places an order; see `Placed`.
pub(super) fn place(conn: &Connection, p: &Placement) -> Placed {
    if let Some(earlier) = writes::find_key(conn, &p.key)? {
        return Ok(earlier
            .replay(&p.fingerprint)
            .map(|o| (Answer::Order(o, true), None)));
    }
    let o = &p.order;
    let quantity = o.quantity.get();
    if !writes::take_stock(conn, o.box_id.as_str(), quantity)? {
        return Ok(Err(match writes::stock(conn, o.box_id.as_str())? {
            Some(0) | None => ApiError::SoldOut,
            Some(available) => ApiError::InsufficientStock { available },
        }));
    }
    let id = tokens::new_order_id();
    let salt = tokens::new_salt();
    let token = tokens::order_token(&salt, &id, &p.key);
    let created_ms = now_ms();
    let insert = OrderInsert {
        id: &id,
        token_hash: &tokens::hash(&token),
        key: &p.key,
        fingerprint: &p.fingerprint,
        replay_salt: &salt,
        box_id: o.box_id.as_str(),
        weight_kg: p.weight_kg,
        quantity,
        total_fen: p.total_fen,
        name: o.name.as_str(),
        phone: o.phone.as_str(),
        address: o.address.as_str(),
        note: o.note.as_ref().map(|n| n.as_str()),
        ref_tag: o.ref_tag.as_ref().map(|r| r.as_str()),
        created_ms,
    };
    writes::insert_order(conn, &insert)?;
    Ok(Ok(p.placed(id, token, created_ms)))
}
