//! A payment's write in a transaction of its own (`payments::plan`): the order read and locked
//! (`FOR UPDATE`: a notification and the closing sweep on two instances take turns), the plan's
//! statements, and the stock an order closed unpaid gives back.

use sqlx::PgConnection;

use super::super::model::{Outcome, ProducerId};
use super::super::payments::{self, PaymentDone, PaymentWrite};
use super::super::placement::OrderState;
use super::super::sql::Arg;
use super::apply::{execute, first};
use super::sql as pg;

/// Writes `w` on producer `p`'s order.
pub async fn pay(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &PaymentWrite,
) -> Result<Outcome<PaymentDone>, sqlx::Error> {
    let args = [Arg::Text(&w.order), Arg::Int(p.0)];
    let Some(row) = first(conn, pg::ORDER_STATE, &args).await? else {
        return Ok(Err(payments::unknown()));
    };
    let state = OrderState::read(&row)?;
    let plan = match payments::plan(&state, w, p) {
        Ok(plan) => plan,
        Err(refused) => return Ok(Err(refused.into())),
    };
    for (statement, values) in &plan.statements {
        execute(conn, statement, values).await?;
    }
    if let Some(back) = &plan.give_back {
        execute(conn, pg::RETURN_STOCK, back).await?;
    }
    Ok(Ok((plan.done, plan.deltas)))
}
