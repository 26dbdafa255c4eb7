//! The team's order desk: status chips with their counts, a search that answers as the helper
//! types, the paged list, the bulk bar (select one, a range or all the filter matches, and move
//! them on), printing, the pick list, the courier's numbers and (for the owner) the CSV export.
//! Each list shown is saved on the phone (its first page); offline, the saved copy is shown,
//! marked with when it was saved, and a move made from it waits on the phone (`outbox`).

use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use super::desk::Desk;
use super::detail::OrderDetail;
use super::listing::{Filter, Listing};
use super::rows::Rows;
use super::saved::page_or_saved;
use super::selection::Selection;
use super::{bulk, print, upload, AdminSession};
use crate::client::api::{self, ApiError};
use crate::client::components::status_name;
use crate::client::format;
use crate::client::i18n::{lang, team, team_string, use_i18n};
use crate::domain::{OrderStatus, StatusCounts};

/// The orders of one status in the summary.
pub fn count_of(counts: &StatusCounts, status: OrderStatus) -> u64 {
    match status {
        OrderStatus::AwaitingPayment => counts.awaiting_payment,
        OrderStatus::Received => counts.received,
        OrderStatus::Packed => counts.packed,
        OrderStatus::Shipped => counts.shipped,
        OrderStatus::Delivered => counts.delivered,
        OrderStatus::Cancelled => counts.cancelled,
    }
}

/// Saves `text` as a file. The byte-order mark that the server sends (and `fetch` strips when
/// it decodes) is put back, so spreadsheet programs read the Chinese correctly.
fn download(name: &str, text: &str) {
    let with_bom = format!("\u{feff}{}", text.trim_start_matches('\u{feff}'));
    let Some(url) = print::blob_url(&with_bom, "text/csv;charset=utf-8") else {
        return;
    };
    if let Ok(a) = document().create_element("a") {
        let a: web_sys::HtmlAnchorElement = a.unchecked_into();
        a.set_href(&url);
        a.set_download(name);
        a.click();
    }
    let _ = web_sys::Url::revoke_object_url(&url);
}

/// The chips: every status and "all", each with its count (the summary's for the owner; a
/// packer, who may not read the summary, sees the list's total on the chip shown).
#[component]
fn StatusChips(session: AdminSession, desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    let active = move || desk.listing.with(|l| l.filter().status);
    let count = move |status: Option<OrderStatus>| {
        let from_summary = session.numbers().map(|n| match status {
            None => n.orders,
            Some(s) => count_of(&n.by_status, s),
        });
        from_summary.or_else(|| {
            (active() == status)
                .then(|| desk.listing.with(|l| l.total()))
                .flatten()
        })
    };
    let chip = move |status: Option<OrderStatus>| {
        let name = match status {
            Some(s) => status_name(i18n, s).into_any(),
            None => team!(i18n, all_statuses).into_any(),
        };
        view! {
            <button type="button" class="chip" aria-pressed=move || (active() == status).to_string()
                on:click=move |_| {
                    let mut filter = desk.filter();
                    filter.status = status;
                    desk.show(filter);
                }>
                {name}
                {move || count(status).map(|n| view! { " "<span class="count">{n}</span> })}
            </button>
        }
    };
    view! {
        <div class="chips" role="group" aria-label=move || team_string!(i18n, filter_status)>
            {chip(None)}
            {OrderStatus::ALL.into_iter().map(|s| chip(Some(s))).collect_view()}
        </div>
    }
}

/// Filters, search, the tools, the bulk bar and the list with the order opened.
#[component]
pub fn OrderDesk(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let desk = Desk {
        listing: RwSignal::new(Listing::new(Filter::default())),
        selection: RwSignal::new(Selection::default()),
        open: RwSignal::new(None),
        range: RwSignal::new(false),
        saved: RwSignal::new(None),
    };
    let request = Memo::new(move |_| desk.listing.with(|l| l.request().clone()));
    let page = LocalResource::new(move || {
        let asked = request.get();
        let team = session.team();
        async move {
            let (answer, saved_at) = page_or_saved(&team, &asked).await;
            (asked, answer, saved_at)
        }
    });
    let failure = RwSignal::new(None::<ApiError>);
    Effect::new(move || match page.get() {
        Some((asked, Ok(answer), saved_at)) => {
            failure.set(None);
            desk.saved.set(saved_at);
            desk.listing.update(|l| {
                l.take(&asked, answer);
            });
        }
        Some((asked, Err(e), _)) => {
            if let ApiError::Refused { status: 401, .. } = e {
                session.sign_out();
            }
            desk.listing.update(|l| l.failed(&asked));
            failure.set(Some(e));
        }
        None => {}
    });
    // A change made on this page (or the scan view) reloads the filter shown from its first page.
    Effect::watch(
        move || session.version.get(),
        move |_, _, _| desk.reload(),
        false,
    );
    // The network back while the saved copy shows: the list as it is now.
    let online = window_event_listener_untyped("online", move |_| {
        if desk.saved.get_untracked().is_some() {
            desk.reload();
        }
    });
    on_cleanup(move || online.remove());
    let typing = StoredValue::new(None::<TimeoutHandle>);
    let search = move |ev: leptos::ev::Event| {
        let text = event_target_value(&ev);
        if let Some(pending) = typing.get_value() {
            pending.clear();
        }
        let later = set_timeout_with_handle(
            move || {
                let mut filter = desk.filter();
                if filter.q != text {
                    filter.q = text;
                    desk.show(filter);
                }
            },
            Duration::from_millis(300),
        );
        typing.set_value(later.ok());
    };
    let export = Action::new_local(move |status: &Option<OrderStatus>| {
        let (team, status) = (session.team(), status.map(|s| s.as_str()).unwrap_or(""));
        async move {
            if let Ok(csv) = api::admin::dispatch_csv(&team, status).await {
                download("orchard-dispatch.csv", &csv);
            }
        }
    });
    let opened = Memo::new(move |_| {
        let id = desk.open.get()?;
        desk.listing
            .with(|l| l.orders().iter().find(|o| o.order.id == id).cloned())
    });
    let owner = Signal::derive(move || session.owner());
    let empty = move || desk.listing.with(|l| l.complete() && l.orders().is_empty());
    view! {
        <section class="orders" aria-labelledby="desk-title">
            <h2 id="desk-title">{team!(i18n, dash_orders)}</h2>
            <StatusChips session desk/>
            <div class="field">
                <label for="search">{team!(i18n, search)}</label>
                <input id="search" type="search" autocomplete="off" on:input=search/>
            </div>
            <div class="tools">
                <print::PrintLabels session desk/>
                <upload::NumbersUpload session/>
                <Show when=move || owner.get()>
                    <button type="button" class="secondary" on:click=move |_| { export.dispatch(desk.filter().status); }>{team!(i18n, export_csv)}</button>
                </Show>
            </div>
            <print::PickList session desk/>
            <bulk::BulkBar session desk/>
            <Rows desk owner/>
            {move || desk.saved.get().map(|ms| view! {
                <p class="saved-copy" role="status">{team!(i18n, saved_copy, time = format::date_time(lang(), ms))}" "
                    <button type="button" class="secondary" on:click=move |_| desk.reload()>{team!(i18n, retry)}</button>
                </p>
            })}
            {move || desk.listing.with(|l| l.waiting()).then(|| view! { <p role="status">{team!(i18n, loading)}</p> })}
            {move || failure.get().map(|e| view! {
                <p class="field-error" role="alert">{e.to_string()}" "
                    <button type="button" class="secondary" on:click=move |_| desk.listing.update(Listing::retry)>{team!(i18n, retry)}</button>
                </p>
            })}
            {move || empty().then(|| view! { <p>{team!(i18n, no_orders)}</p> })}
            {move || opened.get().map(|order| {
                let label = order.order.id.clone();
                let title = format!("{} · {}", order.order.id, order.name);
                view! {
                    <section class="sheet" role="dialog" aria-label=label>
                        <header>
                            <h3>{title}</h3>
                            <button type="button" class="secondary" on:click=move |_| desk.open.set(None)>{team!(i18n, close)}</button>
                        </header>
                        <OrderDetail session order/>
                    </section>
                }
            })}
        </section>
    }
}
