//! What to stick on the boxes and what to pack: the labels of the orders picked (or of the
//! filter shown), fetched with the team's token and opened in a tab of their own from a Blob
//! URL, where the browser's print dialog opens; and the pick list of the filter shown.

use std::time::Duration;

use leptos::prelude::*;

use super::desk::Desk;
use super::listing::Filter;
use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::i18n::{team, use_i18n};

/// Ids a label request names at most (a longer URL is refused by some proxies); a bigger
/// selection is asked in parts and printed as one document.
pub const IDS_PER_REQUEST: usize = 300;

/// The label documents of several requests as one: the first one whole, the others' bodies
/// before its `</body>` (each label is its own printed page, whatever document it came from).
pub fn merge_label_pages(pages: Vec<String>) -> String {
    let mut pages = pages.into_iter();
    let Some(mut first) = pages.next() else {
        return String::new();
    };
    let body = |html: &str| -> String {
        let start = html
            .find("<body")
            .and_then(|i| html[i..].find('>').map(|j| i + j + 1))
            .unwrap_or(0);
        let end = html.rfind("</body>").unwrap_or(html.len());
        html[start..end.max(start)].to_owned()
    };
    let rest: String = pages.map(|p| body(&p)).collect();
    match first.rfind("</body>") {
        Some(end) => first.insert_str(end, &rest),
        None => first.push_str(&rest),
    }
    first
}

/// The labels' queries: `?ids=` in parts for a selection, else `?status=` (and the search)
/// of the filter shown.
fn label_queries(ids: &[String], filter: &Filter) -> Vec<String> {
    if ids.is_empty() {
        let q = filter.q.trim();
        return vec![api::admin::query(&[
            ("status", filter.status.map(|s| s.as_str())),
            ("q", (!q.is_empty()).then_some(q)),
        ])];
    }
    ids.chunks(IDS_PER_REQUEST)
        .map(|part| api::admin::query(&[("ids", Some(&part.join(",")))]))
        .collect()
}

/// A `blob:` URL for `text` of type `mime` (the page revokes it when done with it).
pub fn blob_url(text: &str, mime: &str) -> Option<String> {
    let parts = js_sys::Array::of1(&wasm_bindgen::JsValue::from_str(text));
    let options = web_sys::BlobPropertyBag::new();
    options.set_type(mime);
    let blob = web_sys::Blob::new_with_str_sequence_and_options(&parts, &options).ok()?;
    web_sys::Url::create_object_url_with_blob(&blob).ok()
}

/// Opens a printable page (the labels, a counter order's slip) in `tab` (opened blank at the
/// tap, so no pop-up blocker stops it) from a Blob URL, and asks for the print dialog once it
/// has loaded.
pub fn show_printable(tab: &web_sys::Window, html: &str) {
    let Some(url) = blob_url(html, "text/html;charset=utf-8") else {
        return;
    };
    let _ = tab.location().set_href(&url);
    print_when_loaded(tab.clone(), url, 50);
}

fn print_when_loaded(tab: web_sys::Window, url: String, tries: u32) {
    let loaded = tab
        .document()
        .filter(|d| d.url().ok().as_deref() == Some(url.as_str()))
        .is_some_and(|d| d.ready_state() == "complete");
    if loaded {
        let _ = tab.print();
    } else if tries > 0 && !tab.closed().unwrap_or(true) {
        set_timeout(
            move || print_when_loaded(tab, url, tries - 1),
            Duration::from_millis(200),
        );
    }
}

/// The print button: the labels of the orders picked, or of every order the filter shows.
#[component]
pub fn PrintLabels(session: AdminSession, desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    let tab = StoredValue::new_local(None::<web_sys::Window>);
    let problem = RwSignal::new(None::<String>);
    let fetch = Action::new_local(move |queries: &Vec<String>| {
        let (team, queries) = (session.team(), queries.clone());
        async move {
            let mut pages = Vec::with_capacity(queries.len());
            for query in queries {
                pages.push(api::admin::labels(&team, &query).await);
            }
            let Some(opened) = tab.get_value() else {
                return;
            };
            match pages.into_iter().collect::<Result<Vec<_>, ApiError>>() {
                Ok(pages) => show_printable(&opened, &merge_label_pages(pages)),
                Err(e) => {
                    let _ = opened.close();
                    problem.set(Some(e.to_string()));
                }
            }
        }
    });
    let print = move |_| {
        problem.set(None);
        let opened = window()
            .open_with_url_and_target("", "_blank")
            .ok()
            .flatten();
        if opened.is_none() {
            problem.set(Some(
                i18n.get(crate::client::i18n::TeamKey::popup_blocked)
                    .to_owned(),
            ));
            return;
        }
        tab.set_value(opened);
        let ids = desk.selection.with_untracked(|s| s.ids());
        fetch.dispatch(label_queries(&ids, &desk.filter()));
    };
    let picked = move || desk.selection.with(|s| s.len());
    view! {
        // Every order of the shop at once is no print job: the labels want a status or a pick.
        <button type="button" class="secondary" on:click=print
            disabled=move || fetch.pending().get() || (picked() == 0 && desk.listing.with(|l| l.filter().status.is_none()))>
            {move || if picked() == 0 {
                team!(i18n, print_filter).into_any()
            } else {
                team!(i18n, print_picked, count = picked()).into_any()
            }}
        </button>
        {move || problem.get().map(|p| view! { <p class="field-error" role="alert">{p}</p> })}
    }
}

/// Whether the `<details>` a toggle event came from is now open.
pub fn is_open(ev: &web_sys::Event) -> bool {
    ev.target()
        .and_then(|t| js_sys::Reflect::get(&t, &"open".into()).ok())
        .and_then(|v| v.as_bool())
        .unwrap_or(false)
}

/// The pick list of the filter shown: boxes of each size to pack, loaded when opened.
#[component]
pub fn PickList(session: AdminSession, desk: Desk) -> impl IntoView {
    let i18n = use_i18n();
    let open = RwSignal::new(false);
    let status = Memo::new(move |_| desk.listing.with(|l| l.filter().status));
    let list = LocalResource::new(move || {
        session.version.track();
        let (shown, status) = (open.get(), status.get());
        let team = session.team();
        async move {
            if !shown {
                return None;
            }
            Some(api::admin::picklist(&team, status.map(|s| s.as_str())).await)
        }
    });
    view! {
        <details class="picklist" on:toggle=move |ev| open.set(is_open(&ev))>
            <summary>{team!(i18n, picklist_title)}</summary>
            {move || match list.get().flatten() {
                None => view! { <p role="status">{team!(i18n, loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                Some(Ok(p)) => view! {
                    <table>
                        <thead><tr><th scope="col">{team!(i18n, pick_box)}</th><th scope="col">{team!(i18n, pick_orders)}</th><th scope="col">{team!(i18n, pick_boxes)}</th></tr></thead>
                        <tbody>
                            {p.boxes.into_iter().map(|b| view! { <tr><th scope="row">{b.id}</th><td>{b.orders}</td><td>{b.boxes}</td></tr> }).collect_view()}
                        </tbody>
                        <tfoot><tr><th scope="row">{team!(i18n, pick_total)}</th><td>{p.orders}</td><td></td></tr></tfoot>
                    </table>
                }.into_any(),
            }}
        </details>
    }
}
