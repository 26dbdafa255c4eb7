//! What the team's page saved on the phone and reads back offline: the member signed in (this
//! tab's sessionStorage), the owner's summary and the first page of each list shown
//! (IndexedDB), each kept as the JSON the server sent. A copy is used only when the shop cannot
//! be reached, and says when it was saved. The phone is shared: a copy is the member's who was
//! signed in when it was saved, shown to them alone and for a day (`copy_usable`), and every
//! other copy is forgotten when someone signs in or the page opens (`sweep`).

use leptos::prelude::*;

use super::listing::{PageRequest, PAGE_SIZE};
use super::offline::{copy_usable, list_key, producer_key, read_saved, saved_text, SUMMARY_KEY};
use crate::client::api::team_base::Team;
use crate::client::api::{kept, ApiError};
use crate::client::offline_store::{self, Store};
use crate::client::{clock, json};
use crate::domain::{AdminOrderList, MemberInfo, Summary};

/// Keeps the server's answer `text` under `key`, saved now for the member signed in (nothing
/// is saved while the page does not know who that is).
async fn save(key: &str, text: &str) {
    if let Some(member) = offline_store::member_name() {
        let copy = saved_text(clock::local_now_ms(), &member, text);
        offline_store::put_text(Store::Saved, key, &copy).await;
    }
}

/// Whether the copy `text` may stay on the phone while `member` is signed in (with nobody
/// signed in, any member's copy under a day old stays).
fn keep_copy(text: Option<&str>, member: Option<&str>, now: i64) -> bool {
    text.and_then(read_saved)
        .is_some_and(|(at, by, _)| copy_usable(at, by, member.unwrap_or(by), now))
}

/// The copy kept under `key` for the member signed in, and when it was saved; one that is
/// someone else's, older than a day or unreadable is forgotten instead.
async fn load<T: serde::de::DeserializeOwned>(key: &str) -> Option<(T, i64)> {
    let member = offline_store::member_name()?;
    let text = offline_store::get_text(Store::Saved, key).await?;
    if !keep_copy(Some(&text), Some(&member), clock::local_now_ms()) {
        offline_store::remove(Store::Saved, key).await;
        return None;
    }
    let (saved_at, _, answer) = read_saved(&text)?;
    Some((json::parse(answer).ok()?, saved_at))
}

/// Forgets every saved copy `member` may not see: another member's, older than a day, or
/// unreadable (with `None`, nobody signed in: those older than a day or unreadable).
pub async fn sweep(member: Option<String>) {
    let now = clock::local_now_ms();
    for key in offline_store::keys(Store::Saved).await {
        let text = offline_store::get_text(Store::Saved, &key).await;
        if !keep_copy(text.as_deref(), member.as_deref(), now) {
            offline_store::remove(Store::Saved, &key).await;
        }
    }
}

/// Remembers `me` (the server's answer `text`) as the member of this tab, and forgets the
/// saved copies of anyone else.
pub async fn remember(me: &MemberInfo, text: &str) {
    offline_store::set_saved_member(Some(text));
    sweep(Some(me.name.clone())).await;
}

/// Who the token belongs to: the server's answer (remembered for this tab), or offline the
/// answer it gave before in this tab; either way, the saved copies that are not theirs to see
/// (anyone else's, a day old) are forgotten as the page opens.
pub async fn member(token: String) -> Result<MemberInfo, ApiError> {
    match kept::me(&token).await {
        Ok((me, text)) => {
            remember(&me, &text).await;
            Ok(me)
        }
        Err(ApiError::Network(e)) => {
            let me = offline_store::saved_member().ok_or(ApiError::Network(e))?;
            sweep(Some(me.name.clone())).await;
            Ok(me)
        }
        Err(e) => Err(e),
    }
}

/// The owner's summary of the team's producer: the server's (saved on the phone), or offline
/// the copy of that producer's saved last, with when it was saved.
pub async fn owner_numbers(
    team: Team,
    saved_at: RwSignal<Option<i64>>,
) -> Result<Summary, ApiError> {
    let key = producer_key(team.producer.as_deref(), SUMMARY_KEY);
    match kept::summary(&team).await {
        Ok((numbers, text)) => {
            save(&key, &text).await;
            saved_at.set(None);
            Ok(numbers)
        }
        Err(ApiError::Network(e)) => {
            let (numbers, at) = load(&key).await.ok_or(ApiError::Network(e))?;
            saved_at.set(Some(at));
            Ok(numbers)
        }
        Err(e) => Err(e),
    }
}

/// One page of the team's producer's list from the server (a first page is saved on the
/// phone); offline, for a first page, the copy of that producer's list saved last in its
/// place, with when it was saved.
pub async fn page_or_saved(
    team: &Team,
    asked: &PageRequest,
) -> (Result<AdminOrderList, ApiError>, Option<i64>) {
    let params = asked.filter.params(asked.cursor.as_deref(), PAGE_SIZE);
    let first = asked.cursor.is_none();
    let key = list_key(asked.filter.status, &asked.filter.q)
        .filter(|_| first)
        .map(|key| producer_key(team.producer.as_deref(), &key));
    let answer = kept::orders(team, &params).await;
    match (answer, key) {
        (Ok((page, text)), Some(key)) => {
            save(&key, &text).await;
            (Ok(page), None)
        }
        (Ok((page, _)), None) => (Ok(page), None),
        (Err(ApiError::Network(e)), Some(key)) => match load(&key).await {
            Some((page, at)) => (Ok(page), Some(at)),
            None => (Err(ApiError::Network(e)), None),
        },
        (Err(e), _) => (Err(e), None),
    }
}
