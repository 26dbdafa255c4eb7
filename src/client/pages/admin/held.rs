//! The moves on the shared phone that are not the signed-in member's: each other member's,
//! held until they sign in ("waiting for Dawa to sign in (2)"), and those kept before moves
//! had a member. Nobody can tell who made the latter, so they are never sent on their own: the
//! member signed in sees what they would do and either sends them as their own moves (the
//! orders' history will name them) or discards them.

use leptos::prelude::*;
use leptos::task::spawn_local;

use super::outbox::status_text;
use super::sending::send_waiting;
use super::AdminSession;
use crate::client::i18n::{team, use_i18n};
use crate::client::offline_store::{self as store, Store};

/// Makes the moves without a member the signed-in member's (`send`) and sends them, or
/// forgets them.
async fn settle_unknown(session: AdminSession, send: bool) {
    let Some(me) = store::member_name() else {
        return;
    };
    for entry in session.outbox.unknown.get_untracked() {
        if send {
            store::put(Store::Queue, &entry.key, &entry.clone().by(&me)).await;
        } else {
            store::remove(Store::Queue, &entry.key).await;
        }
    }
    send_waiting(session).await;
}

/// Whose moves are held on the phone, and the choice for those without a member.
#[component]
pub fn HeldMoves(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let outbox = session.outbox;
    let me = move || session.me.get().and_then(Result::ok).map(|m| m.name);
    // What the moves without a member would do: their orders and where they go.
    let unknown = move || {
        outbox
            .unknown
            .get()
            .iter()
            .map(|m| format!("{} → {}", m.ids.join(", "), status_text(i18n, &m.status)))
            .collect::<Vec<_>>()
            .join("; ")
    };
    view! {
        {move || outbox.held.get().into_iter().map(|(name, count)| view! {
            <p class="waiting held" role="status">{team!(i18n, outbox_held, name = name, count = count)}</p>
        }).collect_view()}
        {move || (!outbox.unknown.with(Vec::is_empty)).then(|| view! {
            <div class="waiting unknown">
                <p>{team!(i18n, outbox_unknown, count = outbox.unknown.with(Vec::len), moves = unknown())}</p>
                {move || match me() {
                    Some(name) => view! {
                        <button type="button" class="secondary" on:click=move |_| spawn_local(settle_unknown(session, true))>
                            {team!(i18n, outbox_unknown_send, name = name)}
                        </button>
                        <button type="button" class="secondary" on:click=move |_| spawn_local(settle_unknown(session, false))>
                            {team!(i18n, outbox_unknown_discard)}
                        </button>
                    }.into_any(),
                    None => team!(i18n, outbox_sign_in).into_any(),
                }}
            </div>
        })}
    }
}
