//! What the team's page saved on the phone and reads back offline: the member signed in (this
//! tab's sessionStorage), the owner's summary and the first orders of each list shown
//! (IndexedDB). A copy is used only when the shop cannot be reached, and says when it was saved.

use leptos::prelude::*;

use super::listing::{Listing, PageRequest, PAGE_SIZE};
use super::offline::{list_key, list_to_save, Saved, SUMMARY_KEY};
use crate::client::api::{self, ApiError};
use crate::client::clock;
use crate::client::offline_store::{self, Store};
use crate::domain::{AdminOrderList, MemberInfo, Summary};

/// Who the token belongs to: the server's answer (remembered for this tab), or offline the
/// answer it gave before in this tab.
pub async fn member(token: String) -> Result<MemberInfo, ApiError> {
    match api::admin::me(&token).await {
        Ok(me) => {
            offline_store::set_saved_member(Some(&me));
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
    match api::admin::summary(&token).await {
        Ok(numbers) => {
            let copy = Saved {
                saved_at: clock::local_now_ms(),
                value: numbers.clone(),
            };
            offline_store::put(Store::Saved, SUMMARY_KEY, &copy).await;
            saved_at.set(None);
            Ok(numbers)
        }
        Err(ApiError::Network(e)) => {
            let copy: Saved<Summary> = offline_store::get(Store::Saved, SUMMARY_KEY)
                .await
                .ok_or(ApiError::Network(e))?;
            saved_at.set(Some(copy.saved_at));
            Ok(copy.value)
        }
        Err(e) => Err(e),
    }
}

/// One page of the list from the server; offline, for a first page, the copy of that list saved
/// on the phone (with when it was saved) in its place.
pub async fn page_or_saved(
    token: &str,
    asked: &PageRequest,
) -> (Result<AdminOrderList, ApiError>, Option<i64>) {
    let params = asked.filter.params(asked.cursor.as_deref(), PAGE_SIZE);
    let answer = api::admin::orders(token, &params).await;
    let key = list_key(asked.filter.status, &asked.filter.q);
    match (answer, key) {
        (Err(ApiError::Network(e)), Some(key)) if asked.cursor.is_none() => {
            match offline_store::get::<Saved<AdminOrderList>>(Store::Saved, &key).await {
                Some(copy) => (Ok(copy.value), Some(copy.saved_at)),
                None => (Err(ApiError::Network(e)), None),
            }
        }
        (answer, _) => (answer, None),
    }
}

/// Keeps the first orders of the list shown on the phone, for offline.
pub fn save_list(listing: &Listing) {
    let filter = listing.filter();
    let (Some(key), Some(total)) = (list_key(filter.status, &filter.q), listing.total()) else {
        return;
    };
    let copy = Saved {
        saved_at: clock::local_now_ms(),
        value: list_to_save(listing.orders(), total),
    };
    leptos::task::spawn_local(async move {
        offline_store::put(Store::Saved, &key, &copy).await;
    });
}
