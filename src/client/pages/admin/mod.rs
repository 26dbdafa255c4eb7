//! `/admin`: the producer's team signs in with the admin token (kept in sessionStorage for this
//! tab only), then sees the numbers, adjusts stock, and finds, moves and exports orders.

mod dashboard;
mod orders;

use leptos::prelude::*;

use crate::client::api::{self, ApiError};
use crate::client::components::remove_shell;
use crate::client::i18n::{team, use_i18n};
use crate::client::storage;
use crate::domain::AdminOrder;

/// What the signed-in pages share: the token and a version bumped after every change.
#[derive(Clone, Copy)]
pub struct AdminSession {
    pub token: RwSignal<Option<String>>,
    pub version: RwSignal<u32>,
}

impl AdminSession {
    /// The token (signed-in pages only render with one).
    pub fn token(&self) -> String {
        self.token.get_untracked().unwrap_or_default()
    }

    /// Something changed: reload the orders and the numbers.
    pub fn changed(&self) {
        self.version.update(|v| *v += 1);
    }
}

#[component]
fn SignIn(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let typed = RwSignal::new(String::new());
    let wrong = RwSignal::new(false);
    let check = Action::new_local(|token: &String| {
        let token = token.clone();
        async move { api::admin::orders(&token).await.map(|_| token) }
    });
    Effect::new(move || match check.value().get() {
        Some(Ok(token)) => {
            storage::set_admin_token(Some(&token));
            session.token.set(Some(token));
        }
        Some(Err(_)) => wrong.set(true),
        None => {}
    });
    view! {
        <form class="sign-in" on:submit=move |ev| {
            ev.prevent_default();
            wrong.set(false);
            check.dispatch(typed.get_untracked().trim().to_owned());
        }>
            <div class="field">
                <label for="admin-token">{team!(i18n, admin_token)}</label>
                <input id="admin-token" type="password" autocomplete="current-password"
                    aria-invalid=move || wrong.get().to_string()
                    on:input=move |ev| typed.set(event_target_value(&ev))/>
            </div>
            {move || wrong.get().then(|| view! { <p class="field-error" role="alert">{team!(i18n, wrong_token)}</p> })}
            <button type="submit" class="primary" disabled=move || check.pending().get()>{team!(i18n, sign_in)}</button>
        </form>
    }
}

/// The admin page.
#[component]
pub fn Admin() -> impl IntoView {
    let i18n = use_i18n();
    remove_shell();
    let session = AdminSession {
        token: RwSignal::new(storage::admin_token()),
        version: RwSignal::new(0),
    };
    let orders = LocalResource::new(move || {
        session.version.track();
        let token = session.token.get();
        async move {
            match token {
                Some(token) => api::admin::orders(&token).await,
                None => Ok(Vec::new()),
            }
        }
    });
    let list = Signal::derive(move || orders.get().and_then(Result::ok).unwrap_or_default());
    Effect::new(move || {
        if let Some(Err(ApiError::Refused { status: 401, .. })) = orders.get() {
            storage::set_admin_token(None);
            session.token.set(None);
        }
    });
    let sign_out = move |_| {
        storage::set_admin_token(None);
        session.token.set(None);
    };
    view! {
        <main class="page admin">
            <h1>{team!(i18n, admin_title)}</h1>
            <Show when=move || session.token.with(Option::is_some) fallback=move || view! { <SignIn session/> }>
                <p><button type="button" class="secondary" on:click=sign_out>{team!(i18n, sign_out)}</button></p>
                <dashboard::Dashboard session orders=list/>
                <orders::OrderDesk session orders=list/>
            </Show>
        </main>
    }
}

/// Orders that are not cancelled.
pub fn live(orders: &[AdminOrder]) -> impl Iterator<Item = &AdminOrder> {
    orders
        .iter()
        .filter(|o| o.order.status != crate::domain::OrderStatus::Cancelled)
}
