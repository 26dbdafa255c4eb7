//! Where the team's calls go, written once: a member of a producer speaks to that producer's
//! `/api/producers/{slug}/admin/…` (in a shop of one too, where the server names its one
//! producer for owners and packers), an operator to the producer they chose, and an operator who
//! chose none (a shop of one) the unscoped `/api/admin/…` of the default producer, as always. Plain Rust whose only import is the domain's `MemberInfo`, so the rule is tested
//! natively (`tests/team_base.rs` includes this file).

use crate::domain::{MemberInfo, Role};

/// What a team call speaks as and to: the tab's token and the producer whose API it uses
/// (`None`: the default producer's unscoped routes).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Team {
    /// The member's token, sent as a Bearer header.
    pub token: String,
    /// The producer's slug, checked by `slug` (never a path of its own).
    pub producer: Option<String>,
}

impl Team {
    /// The calls of `token` to `producer`'s API.
    pub fn new(token: &str, producer: Option<&str>) -> Self {
        Self {
            token: token.to_owned(),
            producer: producer.and_then(slug).map(str::to_owned),
        }
    }

    /// The URL of the team endpoint `rest` (`/orders?status=received`) for this producer.
    pub fn url(&self, rest: &str) -> String {
        admin_url(self.producer.as_deref(), rest)
    }

    /// The URL of this producer's buyers' endpoint `rest` (`/orders`, `/storefront`), which
    /// an order at the counter uses with the member's token.
    pub fn shop_url(&self, rest: &str) -> String {
        match &self.producer {
            Some(slug) => format!("/api/producers/{slug}{rest}"),
            None => format!("/api{rest}"),
        }
    }
}

/// The URL of the team endpoint `rest` of `producer` (`None`: the default producer's unscoped
/// route, which a shop of one has always used).
pub fn admin_url(producer: Option<&str>, rest: &str) -> String {
    match producer.and_then(slug) {
        Some(slug) => format!("/api/producers/{slug}/admin{rest}"),
        None => format!("/api/admin{rest}"),
    }
}

/// `text` when it is a producer's slug as the market file allows it (`[a-z0-9-]{1,32}`), so a
/// slug kept in the tab's storage never makes a URL of its own choosing.
pub fn slug(text: &str) -> Option<&str> {
    let allowed = |c: char| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-';
    (!text.is_empty() && text.len() <= 32 && text.chars().all(allowed)).then_some(text)
}

/// Whether `me` works for the whole market (an operator) and so chooses the producer.
pub fn chooses_producer(me: &MemberInfo) -> bool {
    me.role == Role::Operator
}

/// Whether `me` may do what an owner does (the numbers, the stock, cancels, claims): an owner
/// for their producer, an operator for every one.
pub fn runs_the_shop(me: &MemberInfo) -> bool {
    me.role.may_manage()
}

/// The producer whose pages `me` works on: a member's own (the server says which); an
/// operator's `chosen` one, else the default producer's unscoped routes (`None`).
pub fn producer_of(me: &MemberInfo, chosen: Option<&str>) -> Option<String> {
    let pick = if chooses_producer(me) {
        chosen
    } else {
        me.producer.as_deref()
    };
    pick.and_then(slug).map(str::to_owned)
}
