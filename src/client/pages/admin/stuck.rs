//! The moves the shop refused for good while they waited on the phone (a move too large for the
//! proxy in front of the shop, a role that may not make it…): shown apart from those waiting,
//! never sent again, so every move behind them goes on. The helper opens one to see what it was
//! (its orders, from → to, when it was made) and why it was refused, and discards it.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::offline::{QueuedMove, PROBLEMS_SHOWN};
use super::outbox::Outbox;
use super::selection::refusal_key;
use crate::client::components::status_key;
use crate::client::format;
use crate::client::i18n::{lang, team, use_i18n, I18n};
use crate::client::offline_store::{self as store, Store};
use crate::domain::OrderStatus;

fn status_text(i18n: I18n, status: &str) -> String {
    OrderStatus::parse(status)
        .map(|s| i18n.get(status_key(s)).to_owned())
        .unwrap_or_else(|| status.to_owned())
}

/// One stuck move: a button naming it that opens what it was and why it was refused, and the
/// button that discards it.
#[component]
fn StuckMove(outbox: Outbox, entry: QueuedMove) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let count = entry.ids.len();
    let (from, to) = (entry.from.clone(), entry.status.clone());
    let code = entry.stuck.unwrap_or_default();
    let made = entry.made_at().unwrap_or_default();
    let key = entry.key.clone();
    let mut ids: Vec<String> = entry.ids.iter().take(PROBLEMS_SHOWN).cloned().collect();
    if count > PROBLEMS_SHOWN {
        ids.push(format!("… +{}", count - PROBLEMS_SHOWN));
    }
    let discard = move |_| {
        let key = key.clone();
        spawn_local(async move {
            store::remove(Store::Queue, &key).await;
            outbox.count().await;
        });
    };
    let (from_text, to_text) = (from.clone(), to.clone());
    view! {
        <li class="stuck scan-bad">
            <button type="button" class="link" aria-expanded=move || open.get().to_string()
                on:click=move |_| open.update(|o| *o = !*o)>
                {move || team!(i18n, stuck_move, count = count,
                    from = status_text(i18n, &from_text), status = status_text(i18n, &to_text))}
            </button>
            {move || open.get().then(|| view! {
                <div class="stuck-detail">
                    <p>{team!(i18n, stuck_made, at = format::date_time(lang(), made))}</p>
                    <p>{team!(i18n, stuck_orders, count = count,
                        from = status_text(i18n, &from), status = status_text(i18n, &to))}</p>
                    <p class="ids">{ids.join(", ")}</p>
                    <p>{team!(i18n, stuck_why, why = i18n.get(refusal_key(code)))}</p>
                    <button type="button" class="secondary small" on:click=discard.clone()>
                        {team!(i18n, stuck_discard)}
                    </button>
                </div>
            })}
        </li>
    }
}

/// The moves stuck behind a refusal, each to open and discard.
#[component]
pub fn StuckMoves(outbox: Outbox) -> impl IntoView {
    view! {
        <ul class="stuck-moves" aria-live="polite">
            {move || outbox.stuck.get().into_iter().map(|entry| view! {
                <StuckMove outbox entry/>
            }).collect_view()}
        </ul>
    }
}
