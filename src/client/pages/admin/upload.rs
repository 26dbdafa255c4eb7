//! The courier's numbers in bulk: the helper picks the courier's CSV (`order_id,tracking_number`
//! lines) and every packed order named ships with its number; the page says how many shipped
//! and which lines were refused, by line number, in plain words.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::i18n::{team, use_i18n, TeamKey};
use crate::domain::{ErrorCode, TrackingUploadResult};

/// The helper's words for why one line of the courier's file was refused.
pub fn line_refusal_key(code: ErrorCode) -> TeamKey {
    match code {
        ErrorCode::NotFound => TeamKey::refused_not_found,
        ErrorCode::StatusConflict | ErrorCode::InvalidTransition => TeamKey::line_not_packed,
        ErrorCode::Invalid => TeamKey::line_bad,
        _ => TeamKey::refused_other,
    }
}

/// The first file an `<input type=file>` holds, as the `File` the upload sends.
fn chosen_file(ev: &leptos::ev::Event) -> Option<JsValue> {
    let target = ev.target()?;
    let files = js_sys::Reflect::get(&target, &"files".into()).ok()?;
    let first = js_sys::Reflect::get(&files, &0.into()).ok()?;
    (!first.is_undefined() && !first.is_null()).then_some(first)
}

/// The upload button and what the last upload did.
#[component]
pub fn NumbersUpload(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(None::<Result<TrackingUploadResult, ApiError>>);
    let send = Action::new_local(move |file: &JsValue| {
        let (team, file) = (session.team(), file.clone());
        async move {
            outcome.set(Some(api::admin::tracking_numbers(&team, file).await));
            session.changed();
        }
    });
    view! {
        <label class="upload secondary">
            {team!(i18n, upload_numbers)}
            <input type="file" accept=".csv,text/csv" disabled=move || send.pending().get()
                on:change=move |ev| {
                    if let Some(file) = chosen_file(&ev) {
                        outcome.set(None);
                        send.dispatch(file);
                    }
                    if let Some(input) = ev.target() {
                        let _ = js_sys::Reflect::set(&input, &"value".into(), &"".into());
                    }
                }/>
        </label>
        {move || outcome.get().map(|answer| match answer {
            Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
            Ok(done) => view! {
                <div class="outcome" role="status">
                    <p>{team!(i18n, shipped_count, count = done.shipped)}</p>
                    <ul class="refused">
                        {done.refused.into_iter().map(|(line, code)| view! {
                            <li>{team!(i18n, line_number, line = line)}": "{i18n.view(line_refusal_key(code))}</li>
                        }).collect_view()}
                    </ul>
                </div>
            }.into_any(),
        })}
    }
}
