//! The team's pages. `/admin`: the producer's team signs in with a token (kept in
//! sessionStorage for this tab only), then pages through the orders, moves them in bulk, prints
//! their labels and uploads the courier's numbers; `/admin/scan` scans boxes to pack them (a
//! bundle of its own, with the camera). The owner also cancels and exports, and has a page of
//! their own, `/admin/owner` (`owner`): the numbers and money, the stock, a short harvest and
//! the buyers' claims; a packer's pages offer none of that. Offline (the shed's network), the page shows the last list and summary it saved on
//! the phone, and keeps the moves made until they can be sent (`outbox`). The shed's phone is
//! shared by the team: a move waits for the member who made it (`held`), a saved copy is its
//! member's for a day (`saved`), and only an owner's phone keeps the owner's page offline.
//! In a market, every call goes to the producer of the member signed in, or the one an operator
//! chose (`market`), and the phone keeps each producer's copies and moves apart.

mod bulk;
mod camera;
mod claims;
mod counter;
mod dashboard;
mod desk;
mod detail;
pub mod editor;
mod editor_boxes;
pub mod editor_draft;
pub mod editor_fields;
pub mod editor_request;
pub mod editor_time;
mod held;
pub mod listing;
pub mod market;
pub mod offline;
mod orders;
mod outbox;
mod outbox_panel;
pub mod owner;
pub mod pay_words;
pub mod print;
mod qr_reader;
mod rows;
pub mod saved;
pub mod scan;
pub mod selection;
mod sending;
mod session;
mod shortfall;
mod stuck;
pub mod upload;

use leptos::prelude::*;

use crate::client::api::team_base::{self, Team};
use crate::client::api::{self, kept, ApiError};
use crate::client::components::remove_shell;
use crate::client::i18n::{team, use_i18n};
use crate::client::offline_store;
use crate::client::storage;
use outbox::Outbox;
use outbox_panel::OutboxPanel;
use saved::{member, owner_numbers, remember, sweep};
pub use session::AdminSession;

/// Whether a token is one of the team's (a wrong one answers 401); the member it belongs to is
/// remembered for this tab before the token is, so the page never saves nor sends anything
/// for the member signed in before, and anyone else's saved copies are forgotten.
async fn check_token(token: String) -> Result<String, ApiError> {
    let (me, text) = kept::me(&token).await?;
    remember(&me, &text).await;
    Ok(token)
}

#[component]
fn SignIn(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let offline = RwSignal::new(false);
    let check = Action::new_local(move |token: &String| {
        let token = token.clone();
        async move {
            match check_token(token).await {
                Ok(token) => {
                    storage::set_admin_token(Some(&token));
                    session.token.set(Some(token));
                    // What waited on the phone for a sign-in (the tab was closed) goes now.
                    leptos::task::spawn_local(sending::send_waiting(session));
                }
                Err(ApiError::Network(_)) => offline.set(true),
                Err(_) => wrong.set(true),
            }
        }
    });
    view! {
        <form class="sign-in" on:submit=move |ev| {
            ev.prevent_default();
            wrong.set(false);
            offline.set(false);
            check.dispatch(typed.get_untracked().trim().to_owned());
        }>
            <div class="field">
                <label for="admin-token">{team!(i18n, admin_token)}</label>
                <input id="admin-token" type="password" autocomplete="current-password"
                    aria-invalid=move || wrong.get().to_string()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
            {move || wrong.get().then(|| view! { <p class="field-error" role="alert">{team!(i18n, wrong_token)}</p> })}
            {move || offline.get().then(|| view! { <p class="field-error" role="alert">{team!(i18n, offline_sign_in)}</p> })}
            <button type="submit" class="primary" disabled=move || check.pending().get()>{team!(i18n, sign_in)}</button>
        </form>
    }
}

/// The two pages a helper works on: the order list, and scan to pack. Each is a page (and a
/// bundle) of its own, so the list never carries the camera and the scan view never the list.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum View {
    Orders,
    Scan,
}

/// The session of a page of the team's: the token this tab keeps, who it is (or the phone's
/// copy offline), the owner's summary when the page shows `numbers` (the list's chips, the
/// owner's page; scan to pack shows none and asks for none), and a sign-out when the server no
/// longer knows the token. Each of the team's pages makes its own.
pub fn new_session(numbers: bool) -> AdminSession {
    let token = RwSignal::new(storage::admin_token());
    let version = RwSignal::new(0);
    // Each answer says the token it is for: a resource keeps its last value while it loads
    // again, and the member who answered for the token before (nobody, at sign-in) must not
    // say whose producer the pages ask in the meantime.
    let answered = LocalResource::new(move || {
        let token = token.get();
        async move {
            let me = match token.clone() {
                Some(token) => member(token).await,
                None => {
                    // Nobody signed in: the copies older than a day go as the page opens.
                    sweep(None).await;
                    Err(ApiError::Network(String::new()))
                }
            };
            (token, me)
        }
    });
    let me = Signal::derive(move || {
        let (by, me) = answered.get()?;
        token.with(|now| *now == by).then_some(me)
    });
    let owner = Memo::new(move |_| matches!(me.get(), Some(Ok(m)) if team_base::runs_the_shop(&m)));
    let chosen = RwSignal::new(offline_store::chosen_producer());
    // Who signed in says which producer's API the pages use; a refusal asks the default one's.
    let scope = Memo::new(move |_| match me.get()? {
        Ok(m) => Some(team_base::producer_of(&m, chosen.get().as_deref())),
        Err(_) => Some(None),
    });
    let summary_saved = RwSignal::new(None);
    let summary = LocalResource::new(move || {
        version.track();
        let (token, owner, scope) = (token.get_untracked(), numbers && owner.get(), scope.get());
        async move {
            match (token, owner, scope) {
                (Some(token), true, Some(producer)) => {
                    let team = Team::new(&token, producer.as_deref());
                    Some(owner_numbers(team, summary_saved).await)
                }
                _ => None,
            }
        }
    });
    let market = LocalResource::new(move || {
        let operator = matches!(me.get(), Some(Ok(m)) if team_base::chooses_producer(&m));
        async move {
            match operator {
                true => api::market::names().await.ok(),
                false => None,
            }
        }
    });
    let session = AdminSession {
        token,
        version,
        me,
        chosen,
        scope,
        market,
        summary,
        summary_saved,
        outbox: Outbox::new(),
    };
    Effect::new(move || match me.get() {
        Some(Err(ApiError::Refused { status: 401, .. })) => session.sign_out(),
        // Whose phone this is, for the service worker: an owner's keeps the owner's page.
        Some(Ok(m)) => {
            leptos::task::spawn_local(offline_store::keep_pages(team_base::runs_the_shop(&m)))
        }
        _ => {}
    });
    session
}

/// What every page of the helpers' shows around its own work: the title, who is signed in,
/// the moves waiting on the phone, the sign-in, and links to the other page and to sign out.
#[component]
pub fn TeamFrame(session: AdminSession, current: View, children: ChildrenFn) -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let (token, me) = (session.token, session.me);
    let tab = move |which: View, href: &'static str, label| {
        let here = (which == current).then_some("page");
        view! { <a class="tab" href=href aria-current=here>{label}</a> }
    };
    view! {
        <main class="page admin">
            <h1>{team!(i18n, admin_title)}</h1>
            {move || me.get().and_then(Result::ok).map(|m| view! { <p class="member">{team!(i18n, signed_in_as, name = m.name)}</p> })}
            <OutboxPanel session/>
            <Show when=move || token.with(Option::is_some) fallback=move || view! { <SignIn session/> }>
                <nav class="tabs" aria-label=move || i18n.get(crate::client::i18n::TeamKey::views)>
                    {tab(View::Orders, "/admin", team!(i18n, view_orders).into_any())}
                    {tab(View::Scan, "/admin/scan", team!(i18n, view_scan).into_any())}
                    <button type="button" class="secondary" on:click=move |_| session.sign_out()>{team!(i18n, sign_out)}</button>
                </nav>
                <market::ProducerSwitch session/>
                // Made again for each producer (its list, its selection), once the page knows
                // whose: nothing is asked of a producer before.
                {
                    let children = children.clone();
                    move || session.scope.get().map(|_| children())
                }
            </Show>
        </main>
    }
}

/// The order list (`/admin`).
#[component]
pub fn Admin() -> impl IntoView {
    let i18n = use_i18n();
    let session = new_session(true);
    view! {
        <TeamFrame session current=View::Orders>
            // The owner's numbers, stock and claims are a page (and a bundle) of their own: a
            // helper's phone never downloads them.
            <Show when=move || session.owner()>
                <p class="owner-link"><a href="/admin/owner">{team!(i18n, owner_link)}</a></p>
            </Show>
            <market::MarketNumbers session/>
            <counter::CounterOrder session/>
            <orders::OrderDesk session/>
        </TeamFrame>
    }
}

/// Scan to pack (`/admin/scan`).
#[component]
pub fn ScanPage() -> impl IntoView {
    let session = new_session(false);
    view! {
        <TeamFrame session current=View::Scan>
            <scan::ScanDesk session/>
        </TeamFrame>
    }
}
