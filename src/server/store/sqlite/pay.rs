//! A payment's write on the writer thread (`payments::plan`, in a savepoint `writer.rs` opens):
//! the order read by its unique index, the plan's statements, and the stock an order closed
//! unpaid gives back.

use rusqlite::Connection;

use super::super::model::{Outcome, ProducerId};
use super::super::payments::{self, PaymentDone, PaymentWrite};
use super::super::placement::OrderState;
use super::super::sql::{self, Arg};
use super::apply::{execute, first};
use super::sql as sqlite;

/// Writes `w` on producer `p`'s order.
pub fn pay(
    conn: &Connection,
    p: ProducerId,
    w: &PaymentWrite,
) -> rusqlite::Result<Outcome<PaymentDone>> {
    let args = [Arg::Text(&w.order), Arg::Int(p.0)];
    let Some(state) = first(conn, sql::ORDER, &args, |r| OrderState::read(r))? else {
        return Ok(Err(payments::unknown()));
    };
    let plan = match payments::plan(&state, w, p) {
        Ok(plan) => plan,
        Err(refused) => return Ok(Err(refused.into())),
    };
    for (statement, values) in &plan.statements {
        execute(conn, statement, values)?;
    }
    if let Some(back) = &plan.give_back {
        execute(conn, sqlite::RETURN_STOCK, back)?;
    }
    Ok(Ok((plan.done, plan.deltas)))
}
