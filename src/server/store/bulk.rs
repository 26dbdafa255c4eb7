//! The team's bulk writes, planned once for both stores: the backend reads the orders named
//! (under their row locks on PostgreSQL), `plan_move` or `plan_ship` decides for each what
//! happens, and the backend writes the `Step`s in the same transaction. A step is the single
//! move's `StatusMove` applied to an order read just before, so a bulk move writes exactly what
//! that many single moves would (the status, the event with who made it, the stock of a cancel).

use std::collections::HashMap;

use super::columns::Columns;
use super::placement::OrderState;
use crate::domain::{
    BulkMove, BulkMoveResult, BulkStep, OrderStatus, StatusMove, TrackingLine,
    TrackingUploadResult, WriteRefusal,
};
use crate::server::snapshot::Delta;

/// What a bulk write needs of an order it names.
#[derive(Debug, Clone)]
pub struct Found {
    pub state: OrderState,
    pub tracking_number: Option<String>,
}

impl Found {
    /// Reads `order_columns!()`: the order's id and what a bulk write needs of it.
    pub fn read<R: Columns>(r: &R) -> Result<(String, Self), R::Error> {
        let id = r.text("id")?;
        let found = Self {
            state: OrderState::read(r)?,
            tracking_number: r.maybe_text("tracking_number")?,
        };
        Ok((id, found))
    }
}

/// One order to move, as read, and how.
#[derive(Debug)]
pub struct Step {
    pub state: OrderState,
    pub change: StatusMove,
}

/// A bulk write decided: its answer and the moves that make it true.
#[derive(Debug)]
pub struct Plan<T> {
    pub answer: T,
    pub steps: Vec<Step>,
}

impl<T> Plan<T> {
    /// The answer and what the moves change in the storefront (a cancel gives stock back).
    pub fn finish(self) -> (T, Vec<Delta>) {
        let deltas = self
            .steps
            .into_iter()
            .flat_map(|s| s.state.moved(s.change.to))
            .collect();
        (self.answer, deltas)
    }
}

/// Moves each order of `moving` found in `found` (by id) as `BulkMove::step` says.
pub fn plan_move(moving: &BulkMove, mut found: HashMap<String, Found>) -> Plan<BulkMoveResult> {
    let mut answer = BulkMoveResult::default();
    let mut steps = Vec::new();
    for id in &moving.ids {
        let id = id.as_str();
        let step = match found.remove(id) {
            None => Err(WriteRefusal::NotFound),
            Some(order) => moving.step(order.state.status).map(|s| (s, order.state)),
        };
        match step {
            Ok((BulkStep::Move, state)) => {
                let change = StatusMove {
                    to: moving.to,
                    seen: Some(moving.from),
                    tracking_number: None,
                };
                steps.push(Step { state, change });
                answer.moved.push(id.to_owned());
            }
            Ok((BulkStep::AlreadyThere, _)) => answer.moved.push(id.to_owned()),
            Err(why) => drop(answer.refused.insert(id.to_owned(), why.code().to_owned())),
        }
    }
    Plan { answer, steps }
}

/// Ships each packed order of `lines` with its number, in file order: a line whose order is
/// already shipped with the same number (before, or by an earlier line) counts as shipped.
pub fn plan_ship(
    lines: &[TrackingLine],
    mut found: HashMap<String, Found>,
) -> Plan<TrackingUploadResult> {
    let mut answer = TrackingUploadResult::default();
    let mut steps = Vec::new();
    for line in lines {
        let number = line.number.as_str();
        let verdict = match found.get_mut(line.id.as_str()) {
            None => Err(WriteRefusal::NotFound),
            Some(order) => match order.state.status {
                OrderStatus::Packed => {
                    let change = StatusMove {
                        to: OrderStatus::Shipped,
                        seen: Some(OrderStatus::Packed),
                        tracking_number: Some(line.number.clone()),
                    };
                    steps.push(Step {
                        state: order.state.clone(),
                        change,
                    });
                    order.state.status = OrderStatus::Shipped;
                    order.tracking_number = Some(number.to_owned());
                    Ok(())
                }
                OrderStatus::Shipped if order.tracking_number.as_deref() == Some(number) => Ok(()),
                _ => Err(WriteRefusal::StatusConflict),
            },
        };
        match verdict {
            Ok(()) => answer.shipped += 1,
            Err(why) => {
                let code = why.code().to_owned();
                answer.refused.insert(line.line.to_string(), code);
            }
        }
    }
    Plan { answer, steps }
}
