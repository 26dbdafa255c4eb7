//! The bulk bar: how many orders are picked, a range switch for phones, "all N this filter
//! matches" (their ids fetched page by page, up to the API's 10,000), and one move of them all
//! to the next status, with `from` the status shown, so an order someone else moved meanwhile
//! is refused, not moved twice; then what moved and each refusal in plain words. Without a
//! connection, the move waits on the phone (`outbox`) and the bar says so.

use leptos::prelude::*;

use super::desk::Desk;
use super::listing::Filter;
use super::selection::{next_status, refusal_key, MAX_SELECTED};
use super::sending::{move_or_keep, Moved};
use super::AdminSession;
use crate::client::api::answer::TOO_LARGE;
use crate::client::api::team_base::Team;
use crate::client::api::{self, ApiError};
use crate::client::components::status_key;
use crate::client::i18n::{team, use_i18n};
use crate::domain::{BulkMoveRequest, BulkMoveResult};

/// The largest page the API gives, for collecting ids.
const ID_PAGE: u32 = 200;

/// Every id the filter matches, newest first, up to the most one move takes.
async fn every_id(team: Team, filter: Filter) -> Result<Vec<String>, ApiError> {
    let mut ids = Vec::new();
    let mut cursor: Option<String> = None;
    loop {
        let page = api::admin::orders(&team, &filter.params(cursor.as_deref(), ID_PAGE)).await?;
        ids.extend(page.orders.into_iter().map(|o| o.order.id));
        cursor = page.next_cursor;
        if cursor.is_none() || ids.len() >= MAX_SELECTED {
            ids.truncate(MAX_SELECTED);
            return Ok(ids);
        }
    }
}

/// The bar over the list.
#[component]
pub fn BulkBar(session: AdminSession, desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    // What an answer changes is done where it arrives, not in an effect watching the action:
    // the bundle pays for one effect less per action.
    let gather = Action::new_local(move |filter: &Filter| {
        let (team, filter) = (session.team(), filter.clone());
        async move {
            let ids = every_id(team, filter).await?;
            desk.selection.update(|s| s.set_all(ids));
            Ok::<_, ApiError>(())
        }
    });
    let outcome = RwSignal::new(None::<Result<BulkMoveResult, ApiError>>);
    let kept = RwSignal::new(None::<usize>);
    let mover = Action::new_local(move |change: &BulkMoveRequest| {
        let change = change.clone();
        async move {
            let answer = match move_or_keep(session, &change).await {
                Moved::Answered(answer) => answer,
                Moved::Kept => {
                    desk.selection.update(|s| s.remove_all(&change.ids));
                    kept.set(Some(change.ids.len()));
                    return;
                }
            };
            if let Ok(done) = &answer {
                desk.selection.update(|s| s.remove_all(&done.moved));
            }
            outcome.set(Some(answer));
            session.changed();
        }
    });
    let picked = move || desk.selection.with(|s| s.len());
    let status = move || desk.listing.with(|l| l.filter().status);
    let next = move || status().and_then(next_status);
    let total = move || desk.listing.with(|l| l.total()).unwrap_or(0);
    let move_all = move |_| {
        let (Some(from), Some(to)) = (status(), next()) else {
            return;
        };
        outcome.set(None);
        kept.set(None);
        mover.dispatch(BulkMoveRequest {
            ids: desk.selection.with_untracked(|s| s.ids()),
            from: from.as_str().to_owned(),
            status: to.as_str().to_owned(),
        });
    };
    view! {
        <div class="bulk" role="group" aria-label=move || i18n.get(crate::client::i18n::TeamKey::bulk_title)>
            <span>{move || team!(i18n, picked_count, count = picked())}</span>
            <button type="button" class="secondary" aria-pressed=move || desk.range.get().to_string()
                on:click=move |_| desk.range.update(|r| *r = !*r)>{team!(i18n, pick_range)}</button>
            {move || (total() as usize > picked()).then(|| view! {
                <button type="button" class="secondary" disabled=move || gather.pending().get()
                    on:click=move |_| { gather.dispatch(desk.filter()); }>
                    {team!(i18n, pick_all, count = total().min(MAX_SELECTED as u64))}
                </button>
            })}
            {move || (picked() > 0).then(|| view! {
                <button type="button" class="secondary" on:click=move |_| desk.selection.update(|s| s.clear())>{team!(i18n, pick_none)}</button>
            })}
            {move || match (next(), picked()) {
                (Some(to), n) if n > 0 => Some(view! {
                    <button type="button" class="primary small" disabled=move || mover.pending().get() on:click=move_all>
                        {move || team!(i18n, move_picked, count = n, status = i18n.get(status_key(to)))}
                    </button>
                }),
                _ => None,
            }}
            {move || (picked() > 0 && next().is_none()).then(|| view! { <p class="hint">{team!(i18n, pick_a_status)}</p> })}
            {move || desk.range.get().then(|| view! { <p class="hint" role="status">{team!(i18n, range_hint)}</p> })}
        </div>
        // Until the moves kept are sent (what became of them shows over the page, `outbox`).
        {move || kept.get().filter(|_| session.outbox.waiting.get() > 0).map(|count| view! { <p class="outcome" role="status">{team!(i18n, bulk_queued, count = count)}</p> })}
        {move || outcome.get().map(|answer| match answer {
            // Too large (a proxy's 413 too) in the team's words; other refusals as the shop says.
            Err(e) => match e.code() {
                Some(code @ TOO_LARGE) => view! { <p class="field-error" role="alert">{i18n.view(refusal_key(code))}</p> }.into_any(),
                _ => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
            },
            Ok(done) => view! {
                <div class="outcome" role="status">
                    <p>{team!(i18n, moved_count, count = done.moved.len())}</p>
                    <ul class="refused">
                        {done.refused.into_iter().map(|(id, code)| view! {
                            <li>{id}": "{i18n.view(refusal_key(code))}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
        })}
    }
}
