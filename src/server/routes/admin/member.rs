//! Who is asking: the `Member` extractor proves that a request carries the admin token (the
//! member `owner`, role owner) or a team member's token (`team.rs`), and `Owner` that the member
//! may do everything. A request without a token is 401 and guesses nothing, so it never counts
//! (a page not yet signed in, a tool probing the API). A client that sent too many wrong tokens
//! lately is refused (429) before its token is compared; a wrong token is 401 and counts
//! towards that limit; a packer asking for what only the owner may do is 403 `forbidden`.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::super::{Bearer, ClientIp};
use crate::domain::{MemberInfo, OrderStatus, Role};
use crate::server::error::ApiError;
use crate::server::shops::ShopScope;
use crate::server::state::AppState;
use crate::server::team::OWNER;
use crate::server::tokens;

/// A team member whose token was checked: their name (recorded with their moves) and role.
#[derive(Debug, Clone)]
pub struct Member(pub MemberInfo);

impl Member {
    /// The name their moves are recorded under.
    pub fn name(&self) -> String {
        self.0.name.clone()
    }

    /// Refuses (403) a member who may not move orders to `to`: a packer never cancels.
    pub fn may_move_to(&self, to: OrderStatus) -> Result<(), ApiError> {
        if self.0.role.may_move_to(to) {
            Ok(())
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// Whoever a team token is, whatever producer the address names: what `GET /api/admin/me`
/// answers, which a member's page asks before it knows the member's producer (so a packer of
/// the second producer signs in at `/admin` as the default producer's do). Every other team
/// route takes `Member`, which also holds the member to their producer.
pub struct Signed(pub MemberInfo);

impl FromRequestParts<AppState> for Signed {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Bearer(presented) = Bearer::from_request_parts(parts, state).await?;
        let Some(presented) = presented else {
            return Err(ApiError::Unauthorized);
        };
        let ClientIp(ip) = ClientIp::from_request_parts(parts, state).await?;
        state.limits.admin_allowed(ip)?;
        // Both are compared every time, so the time says nothing about which one matched.
        let owner = state
            .config
            .admin_token
            .as_deref()
            .is_some_and(|secret| tokens::secrets_equal(secret, &presented));
        let member = state.team.find(&presented);
        match (owner, member) {
            (true, _) => Ok(Self(MemberInfo {
                name: OWNER.to_owned(),
                role: Role::Operator,
                producer: None,
            })),
            (false, Some(member)) => Ok(Self(member)),
            (false, None) => Err(state.limits.admin_failed(ip)),
        }
    }
}

impl FromRequestParts<AppState> for Member {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let Signed(member) = Signed::from_request_parts(parts, state).await?;
        // A producer's member works for that producer only; the operator for all.
        let ShopScope(shop) = ShopScope::from_request_parts(parts, state).await?;
        match &member.producer {
            Some(theirs) if *theirs != shop.slug => Err(ApiError::Forbidden),
            _ => Ok(Self(member)),
        }
    }
}

/// A member whose role is owner, by name (recorded with what they do); a packer is refused with
/// 403 `forbidden`.
pub struct Owner(pub String);

impl FromRequestParts<AppState> for Owner {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let member = Member::from_request_parts(parts, state).await?;
        if member.0.role.may_manage() {
            Ok(Self(member.name()))
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// The market's operator (the admin token, or a member whose role is `operator`); a
/// producer's owner or packer is refused with 403 `forbidden`.
pub struct Operator;

impl FromRequestParts<AppState> for Operator {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        let member = Member::from_request_parts(parts, state).await?;
        if member.0.role == Role::Operator {
            Ok(Self)
        } else {
            Err(ApiError::Forbidden)
        }
    }
}

/// The member placing an order at a service point's counter for a villager without a
/// smartphone: present when the order carries a team token (which must then be valid for this
/// producer: 401 or 403 as for any team route), absent for a buyer's own order.
pub struct Counter(pub Option<Member>);

impl FromRequestParts<AppState> for Counter {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        if !parts
            .headers
            .contains_key(axum::http::header::AUTHORIZATION)
        {
            return Ok(Self(None));
        }
        Member::from_request_parts(parts, state)
            .await
            .map(|member| Self(Some(member)))
    }
}
