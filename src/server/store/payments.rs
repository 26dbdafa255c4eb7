//! An order's payment written, for both backends (issue #29): what the payment port asks the writer
//! (`PaymentWrite`: paid, closed unpaid, the buyer's openid, a refund's state) and what it
//! answers (`PaymentDone`), and the plan of statements each write runs (`plan`), made once from
//! the order as its transaction read it. Each backend reads the order (PostgreSQL locks it),
//! runs the plan's statements and its own `RETURN_STOCK` for an order closed unpaid.

use super::model::{ProducerId, Refused, StoreError};
use super::placement::OrderState;
use super::sql::Arg;
use crate::domain::{OrderStatus, RefundStatus, Stock};
use crate::server::snapshot::Delta;

/// Why money goes back through the provider.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum RefundReason {
    /// Paid after its order was closed unpaid: the whole of it, automatically.
    Late,
    /// A paid order the team cancelled.
    Cancelled,
    /// A claim resolved with a refund.
    Claim,
    /// A paid order cancelled for a short harvest.
    HarvestShort,
}

impl RefundReason {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Late => "late",
            Self::Cancelled => "cancelled",
            Self::Claim => "claim",
            Self::HarvestShort => "harvest_short",
        }
    }

    /// The reason `as_str` wrote, if it is one.
    pub fn parse(s: &str) -> Option<Self> {
        [Self::Late, Self::Cancelled, Self::Claim, Self::HarvestShort]
            .into_iter()
            .find(|r| r.as_str() == s)
    }
}

/// What the payment port asks the writer about order `order` (its id).
#[derive(Debug, Clone)]
pub struct PaymentWrite {
    pub order: String,
    pub change: PaymentChange,
}

/// The change itself.
#[derive(Debug, Clone)]
pub enum PaymentChange {
    /// The provider says it is paid (a verified notification, or a query): transaction `txn`.
    Paid { txn: String, at_ms: i64 },
    /// Its window passed and the provider closed it: cancelled `unpaid`, its boxes back on sale.
    Close { at_ms: i64 },
    /// WeChat's OAuth gave the buyer's openid.
    Openid { openid: String },
    /// A refund (`id`: the claim's or the order's) of `fen`, now in `status`; a refund already
    /// `refunded` stays so.
    Refund {
        id: String,
        fen: i64,
        status: RefundStatus,
        reason: RefundReason,
        at_ms: i64,
    },
    /// The provider says how refund `id` ended (a refund already `refunded` stays so).
    RefundEnded {
        id: String,
        status: RefundStatus,
        at_ms: i64,
    },
}

/// What a payment write did.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum PaymentDone {
    /// Paid now: the order is `received`.
    Paid,
    /// Paid before (the same notification again, or a query after it): nothing changed.
    AlreadyPaid,
    /// Paid after it was closed: its refund of `fen` is recorded pending; the port refunds it.
    Late { fen: i64 },
    /// Closed unpaid now.
    Closed,
    /// Not awaiting its payment any more (paid or closed since): nothing changed.
    Settled,
    /// Written as asked.
    Written,
}

/// One statement of a plan and its values.
pub type Statement<'a> = (&'static str, Vec<Arg<'a>>);

/// What a payment write runs, answers and changes in the storefront.
pub struct Plan<'a> {
    pub statements: Vec<Statement<'a>>,
    /// For an order closed unpaid, the backend's `RETURN_STOCK` (`$1` boxes back to box `$3` of
    /// producer `$4`, up to `$2`).
    pub give_back: Option<[Arg<'a>; 4]>,
    pub done: PaymentDone,
    pub deltas: Vec<Delta>,
}

/// `$1` transaction, `$2` when, `$3` order seq, `$4` producer: paid in its window, received.
pub const MARK_PAID: &str = "UPDATE orders SET status = 'received', pay_txn = $1, paid_ms = $2 \
     WHERE seq = $3 AND producer = $4 AND status = 'awaiting_payment'";
/// `$1` transaction, `$2` when, `$3` order seq, `$4` producer: paid after it was closed.
pub const MARK_PAID_LATE: &str = "UPDATE orders SET pay_txn = $1, paid_ms = $2 \
     WHERE seq = $3 AND producer = $4 AND pay_txn IS NULL";
/// `$1` order seq, `$2` producer: closed unpaid.
pub const CLOSE_UNPAID: &str = "UPDATE orders SET status = 'cancelled', cancel_reason = 'unpaid' \
     WHERE seq = $1 AND producer = $2 AND status = 'awaiting_payment'";
/// `$1` openid, `$2` order seq, `$3` producer.
pub const SET_OPENID: &str = "UPDATE orders SET pay_openid = $1 \
     WHERE seq = $2 AND producer = $3 AND status = 'awaiting_payment'";
/// A refund's row: `$1` id, `$2` producer, `$3` order seq, `$4` fen, `$5` status, `$6` reason,
/// `$7` when. A refund already `refunded` keeps that state whatever comes later.
pub const PUT_REFUND: &str = "INSERT INTO refunds (id, producer, order_seq, fen, status, reason, \
     created_ms, updated_ms) VALUES ($1, $2, $3, $4, $5, $6, $7, $7) \
     ON CONFLICT (id) DO UPDATE SET status = excluded.status, updated_ms = excluded.updated_ms \
     WHERE refunds.status <> 'refunded'";
/// `$1` status, `$2` when, `$3` refund id, `$4` order seq, `$5` producer.
pub const END_REFUND: &str = "UPDATE refunds SET status = $1, updated_ms = $2 \
     WHERE id = $3 AND order_seq = $4 AND producer = $5 AND status <> 'refunded'";
/// The order's own refund in its row: `$1` fen, `$2` status, `$3` order seq, `$4` producer.
pub const ORDER_REFUND: &str = "UPDATE orders SET refund_fen = $1, refund_status = $2 \
     WHERE seq = $3 AND producer = $4 AND (refund_status IS NULL OR refund_status <> 'refunded')";
/// How the order's own refund ended: `$1` status, `$2` order seq, `$3` producer.
pub const ORDER_REFUND_ENDED: &str = "UPDATE orders SET refund_status = $1 \
     WHERE seq = $2 AND producer = $3 AND refund_fen IS NOT NULL AND refund_status <> 'refunded'";
/// `$1` order seq, `$2` status, `$3` when, `$4` who, `$5` producer (as `sql::ADD_EVENT`).
const ADD_EVENT: &str = super::sql::ADD_EVENT;

/// The plan of `w` for `state`, the order as its transaction read it (of producer `p`).
pub fn plan<'a>(
    state: &'a OrderState,
    w: &'a PaymentWrite,
    p: ProducerId,
) -> Result<Plan<'a>, Refused> {
    let Some(payment) = &state.payment else {
        // Paid on delivery: no provider speaks of it.
        return Err(Refused::NotFound);
    };
    let (seq, me) = (Arg::Int(state.seq), Arg::Int(p.0));
    let by = Arg::Text(payment.method.as_str());
    let mut plan = Plan {
        statements: vec![],
        give_back: None,
        done: PaymentDone::Written,
        deltas: vec![],
    };
    match &w.change {
        PaymentChange::Paid { txn, at_ms } => match (state.status, &payment.txn) {
            (_, Some(_)) => plan.done = PaymentDone::AlreadyPaid,
            (OrderStatus::AwaitingPayment, None) => {
                let paid = vec![Arg::Text(txn), Arg::Int(*at_ms), seq, me];
                plan.statements.push((MARK_PAID, paid));
                let received = Arg::Text(OrderStatus::Received.as_str());
                let event = vec![seq, received, Arg::Int(*at_ms), by, me];
                plan.statements.push((ADD_EVENT, event));
                plan.deltas.push(Delta::Sold {
                    quantity: state.quantity,
                    weight_kg: state.weight_kg,
                });
                plan.done = PaymentDone::Paid;
            }
            (_, None) => {
                let paid = vec![Arg::Text(txn), Arg::Int(*at_ms), seq, me];
                plan.statements.push((MARK_PAID_LATE, paid));
                plan.statements.push(refund_row(
                    &w.order,
                    state,
                    p,
                    state.total_fen,
                    RefundStatus::RefundPending,
                    RefundReason::Late,
                    *at_ms,
                ));
                plan.done = PaymentDone::Late {
                    fen: state.total_fen,
                };
            }
        },
        PaymentChange::Close { at_ms } => {
            if state.status != OrderStatus::AwaitingPayment {
                plan.done = PaymentDone::Settled;
                return Ok(plan);
            }
            plan.statements.push((CLOSE_UNPAID, vec![seq, me]));
            let cancelled = Arg::Text(OrderStatus::Cancelled.as_str());
            let event = vec![seq, cancelled, Arg::Int(*at_ms), by, me];
            plan.statements.push((ADD_EVENT, event));
            plan.give_back = Some([
                Arg::Int(i64::from(state.quantity)),
                Arg::Int(i64::from(Stock::MAX)),
                Arg::Text(&state.box_id),
                me,
            ]);
            plan.deltas.push(Delta::Released {
                box_id: state.box_id.clone(),
                quantity: state.quantity,
            });
            plan.done = PaymentDone::Closed;
        }
        PaymentChange::Openid { openid } => {
            if state.status != OrderStatus::AwaitingPayment {
                plan.done = PaymentDone::Settled;
                return Ok(plan);
            }
            plan.statements
                .push((SET_OPENID, vec![Arg::Text(openid), seq, me]));
        }
        PaymentChange::Refund {
            id,
            fen,
            status,
            reason,
            at_ms,
        } => {
            plan.statements
                .push(refund_row(id, state, p, *fen, *status, *reason, *at_ms));
            if *id == w.order {
                let values = vec![Arg::Int(*fen), Arg::Text(status.as_str()), seq, me];
                plan.statements.push((ORDER_REFUND, values));
            }
        }
        PaymentChange::RefundEnded { id, status, at_ms } => {
            let values = vec![
                Arg::Text(status.as_str()),
                Arg::Int(*at_ms),
                Arg::Text(id),
                seq,
                me,
            ];
            plan.statements.push((END_REFUND, values));
            if *id == w.order {
                let values = vec![Arg::Text(status.as_str()), seq, me];
                plan.statements.push((ORDER_REFUND_ENDED, values));
            }
        }
    }
    Ok(plan)
}

/// The refusal of a write on an order that does not exist.
pub fn unknown() -> StoreError {
    Refused::NotFound.into()
}

/// `PUT_REFUND`'s values.
fn refund_row<'a>(
    id: &'a str,
    state: &OrderState,
    p: ProducerId,
    fen: i64,
    status: RefundStatus,
    reason: RefundReason,
    at_ms: i64,
) -> Statement<'a> {
    let values = vec![
        Arg::Text(id),
        Arg::Int(p.0),
        Arg::Int(state.seq),
        Arg::Int(fen),
        Arg::Text(status.as_str()),
        Arg::Text(reason.as_str()),
        Arg::Int(at_ms),
    ];
    (PUT_REFUND, values)
}
