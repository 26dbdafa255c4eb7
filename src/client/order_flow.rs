//! The order form's logic, apart from its view: the same domain parse functions the server
//! uses, one idempotency key per order reused on every retry of it, what each refusal
//! means for the buyer, and which answers leave an order waiting in the phone's outbox (`waits`).

use std::collections::BTreeMap;

use super::api::{answer, ApiError};
use crate::domain::{
    BoxId, BoxOffer, ErrorCode, FieldError, NewOrder, OrderRequest, PaymentMethod,
};

/// Why a field is marked: our own rule (shown in the buyer's language) or the server's words.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum FieldProblem {
    Rule(FieldError),
    Server(String),
}

/// Field name → problem.
pub type Problems = BTreeMap<String, FieldProblem>;

/// What the form holds, as typed.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct FormInput {
    pub box_id: String,
    pub quantity: u32,
    pub name: String,
    pub phone: String,
    pub address: String,
    pub note: String,
    pub ref_tag: String,
    /// Set when the box goes to someone else.
    pub gift: Option<GiftInput>,
    /// The way to pay chosen; `None` (or `cod`) is on delivery, as every order before payment.
    pub payment: Option<PaymentMethod>,
}

/// A gift's fields, as typed: who receives the box and a few words for the label.
#[derive(Debug, Clone, Default, PartialEq, Eq)]
pub struct GiftInput {
    pub name: String,
    pub phone: String,
    pub address: String,
    pub message: String,
}

impl FormInput {
    /// The request the form would send.
    pub fn request(&self) -> OrderRequest {
        let request = OrderRequest::from_form(
            &self.box_id,
            self.quantity,
            &self.name,
            &self.phone,
            &self.address,
            &self.note,
            &self.ref_tag,
        );
        let request = match &self.gift {
            Some(g) => request.as_gift(&g.name, &g.phone, &g.address, &g.message),
            None => request,
        };
        match self.payment {
            Some(method) => request.paid_with(method),
            None => request,
        }
    }

    /// Checks every field with the domain's rules against the boxes on offer, for a producer
    /// paid on delivery only.
    pub fn check(&self, boxes: &[BoxOffer]) -> Result<OrderRequest, Problems> {
        self.check_with(boxes, &[PaymentMethod::Cod])
    }

    /// The same for a producer paid in the ways `accepted`: the API's own parse, so the form and
    /// the API refuse a way to pay alike.
    pub fn check_with(
        &self,
        boxes: &[BoxOffer],
        accepted: &[PaymentMethod],
    ) -> Result<OrderRequest, Problems> {
        let request = self.request();
        let on_sale = |id: &BoxId| boxes.iter().any(|b| b.id == id.as_str());
        NewOrder::parse_with(&request, on_sale, accepted)
            .map(|_| request)
            .map_err(|errors| {
                errors
                    .into_iter()
                    .map(|(k, e)| (k.to_owned(), FieldProblem::Rule(e)))
                    .collect()
            })
    }
}

/// Keeps one idempotency key per order: the same request retried gets the same key, so a double
/// tap, a timeout or a dropped connection never makes two orders; a changed order gets a new one.
#[derive(Debug, Clone, Default)]
pub struct KeyKeeper {
    current: Option<(String, OrderRequest)>,
}

impl KeyKeeper {
    /// The key for sending `request`, making one with `fresh` when it is a new order.
    pub fn key_for(&mut self, request: &OrderRequest, fresh: impl FnOnce() -> String) -> String {
        match &self.current {
            Some((key, sent)) if sent == request => key.clone(),
            _ => {
                let key = fresh();
                self.current = Some((key.clone(), request.clone()));
                key
            }
        }
    }

    /// The order was placed: the next one is a new order with a new key.
    pub fn placed(&mut self) {
        self.current = None;
    }
}

/// A new random key (UUID v4 from the browser's CSPRNG).
pub fn fresh_key() -> String {
    web_sys::window()
        .and_then(|w| w.crypto().ok())
        .map(|c| c.random_uuid())
        .unwrap_or_else(|| {
            format!(
                "k{}{}",
                js_sys::Date::now() as u64,
                (js_sys::Math::random() * 1e12) as u64
            )
        })
}

/// What a refused or failed order means for the buyer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Outcome {
    /// Fields to correct, each on its field.
    Fields(Problems),
    SoldOut,
    /// Fewer left than asked; the buyer may take what is left.
    Insufficient {
        available: u32,
    },
    /// The buyer's phone may order only `remaining` more boxes (the limit per buyer).
    LimitReached {
        remaining: u32,
    },
    NotOpen,
    Closed,
    RateLimited {
        seconds: u64,
    },
    Overloaded,
    /// Offline or timed out: the order is kept and the same key is sent again.
    Network,
    /// Offline, and the order waits in the phone's outbox to be sent by itself.
    Waiting,
    /// Anything else: try again (with the same key).
    Retry,
}

/// Maps an API error to what the page shows. `local` re-checks a field the server refused, so
/// the message is in the buyer's language when our rules see the problem too.
pub fn outcome(error: &ApiError, local: &Problems) -> Outcome {
    let detail = match error {
        ApiError::Network(_) => return Outcome::Network,
        ApiError::Unexpected(_) => return Outcome::Retry,
        ApiError::Refused { detail, .. } => detail,
    };
    match detail.code {
        ErrorCode::Invalid => Outcome::Fields(
            detail
                .fields
                .clone()
                .unwrap_or_default()
                .into_iter()
                .map(|(field, message)| {
                    let problem = local
                        .get(&field)
                        .cloned()
                        .unwrap_or(FieldProblem::Server(message));
                    (field, problem)
                })
                .collect(),
        ),
        ErrorCode::SoldOut => Outcome::SoldOut,
        ErrorCode::InsufficientStock => Outcome::Insufficient {
            available: detail.available.unwrap_or(0),
        },
        ErrorCode::LimitReached => Outcome::LimitReached {
            remaining: detail.remaining.unwrap_or(0),
        },
        ErrorCode::SaleNotOpen => Outcome::NotOpen,
        ErrorCode::SaleClosed => Outcome::Closed,
        ErrorCode::RateLimited => Outcome::RateLimited {
            seconds: error.retry_after().unwrap_or(10),
        },
        ErrorCode::Overloaded | ErrorCode::RequestInProgress => Outcome::Overloaded,
        _ => Outcome::Retry,
    }
}

/// Whether an order answered so waits in the phone's outbox, to be sent again later (with the same
/// key): the network, or a refusal that does not settle it (`answer::settles`: any 5xx, the API's
/// JSON or a proxy's page, a 408, a 429, the same key still being worked on). Anything else settles
/// it, a page nobody can read too (the buyer is asked to try again). The one rule for a waiting
/// order, whoever sent it: the page, or the service worker, which keeps every answer it got for
/// the page to read by this rule (public/pwa.js decides nothing).
pub fn waits(error: &ApiError) -> bool {
    match error {
        ApiError::Refused { status, detail, .. } => !answer::settles(*status, Some(detail.code)),
        ApiError::Network(_) => true,
        ApiError::Unexpected(_) => false,
    }
}
