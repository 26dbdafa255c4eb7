//! What the team's page saved on the phone and reads back offline: the member signed in (this
//! tab's sessionStorage), the owner's summary and the first page of each list shown
//! (IndexedDB), each kept as the JSON the server sent. A copy is used only when the shop cannot
//! be reached, and says when it was saved.

use leptos::prelude::*;

use super::listing::{PageRequest, PAGE_SIZE};
use super::offline::{list_key, read_saved, saved_text, SUMMARY_KEY};
use crate::client::api::{kept, ApiError};
use crate::client::offline_store::{self, Store};
use crate::client::{clock, json};
use crate::domain::{AdminOrderList, MemberInfo, Summary};

/// Keeps the server's answer `text` under `key`, saved now.
async fn save(key: &str, text: &str) {
    let copy = saved_text(clock::local_now_ms(), text);
    offline_store::put_text(Store::Saved, key, &copy).await;
}

/// The copy kept under `key`, and when it was saved.
async fn load<T: serde::de::DeserializeOwned>(key: &str) -> Option<(T, i64)> {
    let text = offline_store::get_text(Store::Saved, key).await?;
    let (saved_at, answer) = read_saved(&text)?;
    Some((json::parse(answer).ok()?, saved_at))
}

/// Who the token belongs to: the server's answer (remembered for this tab), or offline the
/// answer it gave before in this tab.
pub async fn member(token: String) -> Result<MemberInfo, ApiError> {
    match kept::me(&token).await {
        Ok((me, text)) => {
            offline_store::set_saved_member(Some(&text));
            Ok(me)
        }
        Err(ApiError::Network(e)) => offline_store::saved_member().ok_or(ApiError::Network(e)),
        Err(e) => Err(e),
    }
}

/// The owner's summary: the server's (saved on the phone), or offline the copy saved last,
/// with when it was saved.
pub async fn owner_numbers(
    token: String,
    saved_at: RwSignal<Option<i64>>,
) -> Result<Summary, ApiError> {
    match kept::summary(&token).await {
        Ok((numbers, text)) => {
            save(SUMMARY_KEY, &text).await;
            saved_at.set(None);
            Ok(numbers)
        }
        Err(ApiError::Network(e)) => {
            let (numbers, at) = load(SUMMARY_KEY).await.ok_or(ApiError::Network(e))?;
            saved_at.set(Some(at));
            Ok(numbers)
        }
        Err(e) => Err(e),
    }
}

/// One page of the list from the server (a first page is saved on the phone); offline, for a
/// first page, the copy of that list saved last in its place, with when it was saved.
pub async fn page_or_saved(
    token: &str,
    asked: &PageRequest,
) -> (Result<AdminOrderList, ApiError>, Option<i64>) {
    let params = asked.filter.params(asked.cursor.as_deref(), PAGE_SIZE);
    let first = asked.cursor.is_none();
    let key = list_key(asked.filter.status, &asked.filter.q).filter(|_| first);
    let answer = kept::orders(token, &params).await;
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
