//! `/admin/owner`: what only the owner does — the numbers and money, the stock per box, a short
//! harvest's cancels, the orders per share tag, the producer's page (texts, prices, dates,
//! picture: `editor`) and the buyers' claims; an operator also puts new producers on the market
//! here. A bundle of its own
//! (`orchard-owner`, `owner/index.html`), so the helpers' phones in the shed, which never see
//! any of it, never download it either. It uses the token the team's page signed in with
//! (this tab's sessionStorage), and sends anyone else back there.

use leptos::prelude::*;

use super::claims::ClaimsPanel;
use super::dashboard::Dashboard;
use super::editor::{EditProducerForm, NewProducerForm};
use super::market::ProducerSwitch;
use super::new_session;
use crate::client::api::{team_base, ApiError};
use crate::client::components::remove_shell;
use crate::client::i18n::{owner, team, use_i18n};
use crate::domain::MemberInfo;

/// What the owner's page can show for the token this tab holds.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Access {
    /// Not known yet (the server has not answered).
    Asking,
    /// No token in this tab, or one the server refused: sign in on the team's page first.
    SignIn,
    /// A packer's token.
    NotOwner,
    /// An owner's token, or an operator's (the owner of every producer).
    Owner,
}

impl Access {
    /// From whether the tab has a token and who the server (or the phone's copy) says it is.
    pub fn of(has_token: bool, me: Option<&Result<MemberInfo, ApiError>>) -> Self {
        match (has_token, me) {
            (false, _) => Access::SignIn,
            (true, None) => Access::Asking,
            (true, Some(Ok(me))) if team_base::runs_the_shop(me) => Access::Owner,
            (true, Some(Ok(_))) => Access::NotOwner,
            (true, Some(Err(_))) => Access::SignIn,
        }
    }
}

/// The owner's page.
#[component]
pub fn OwnerPage() -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let session = new_session(true);
    // The page changes only when what it may show changes, not at every reload of the numbers.
    let access = Memo::new(move |_| {
        Access::of(
            session.token.with(Option::is_some),
            session.me.get().as_ref(),
        )
    });
    view! {
        <main class="page admin owner">
            <p class="back"><a href="/admin">{owner!(i18n, back_to_orders)}</a></p>
            <h1>{team!(i18n, owner_link)}</h1>
            {move || match access.get() {
                Access::Asking => view! { <p role="status">{team!(i18n, loading)}</p> }.into_any(),
                Access::SignIn => view! {
                    <p role="alert"><a href="/admin">{owner!(i18n, owner_sign_in_first)}</a></p>
                }.into_any(),
                Access::NotOwner => view! { <p role="alert">{owner!(i18n, owner_only)}</p> }.into_any(),
                // Made again for each producer an operator switches to.
                Access::Owner => view! {
                    <ProducerSwitch session/>
                    // An operator, in a market (the server answered `GET /api/market`).
                    <Show when=move || session.operator() && session.market.get().flatten().is_some()>
                        <NewProducerForm session/>
                    </Show>
                    {move || session.scope.get().map(|_| view! {
                        <Dashboard session/>
                        <EditProducerForm session/>
                        <ClaimsPanel session/>
                    })}
                }.into_any(),
            }}
        </main>
    }
}
