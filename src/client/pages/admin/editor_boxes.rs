//! The producer's form's rows of boxes (added and removed on the phone; a box already on sale
//! keeps its id, and its stock stays the stock list's) and its picture: chosen on the phone,
//! shown at once, uploaded (`POST …/admin/pictures`) and made the producer's picture
//! (`PUT …/admin/content`).

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::editor_draft::{BoxDraft, Problems, Slot};
use super::editor_fields::{problem_words, server_problems, words, Form, Input, Kind};
use super::editor_request::picture_patch;
use crate::client::api::team_base::Team;
use crate::client::api::{producers, ApiError};
use crate::client::i18n::{fill, owner, use_i18n, I18n, OwnerKey};

/// One box's four inputs, and its remove button while it is a new box.
#[component]
fn BoxRow(form: Form, index: usize, kept: bool) -> impl IntoView {
    let i18n = use_i18n();
    let title = move || {
        fill(
            i18n.get(OwnerKey::ed_box_n),
            &[("n", (index + 1).to_string())],
        )
    };
    let stock_label = match kept {
        true => OwnerKey::ed_box_stock_kept,
        false => OwnerKey::ed_box_stock,
    };
    let remove = move |_| {
        form.draft.update(|d| {
            if index < d.boxes.len() {
                d.boxes.remove(index);
            }
        });
        // The rows after it moved up: their problems no longer name them.
        form.problems
            .update(|p| p.retain(|field, _| !field.starts_with("boxes.")));
    };
    view! {
        <fieldset class="box-row">
            <legend>{title}</legend>
            <Input form at=Slot::BoxId(index) label=words(i18n, OwnerKey::ed_box_id) fixed=kept/>
            <Input form at=Slot::BoxWeight(index) label=words(i18n, OwnerKey::ed_box_weight) kind=Kind::Whole/>
            <Input form at=Slot::BoxPrice(index) label=words(i18n, OwnerKey::ed_box_price) kind=Kind::Money/>
            <Input form at=Slot::BoxStock(index) label=words(i18n, stock_label) kind=Kind::Whole fixed=kept/>
            {(!kept).then(|| view! {
                <button type="button" class="secondary" on:click=remove>{owner!(i18n, ed_box_remove)}</button>
            })}
        </fieldset>
    }
}

/// The rows of boxes, made again when a row is added or removed.
#[component]
pub fn BoxRows(form: Form) -> impl IntoView {
    let i18n = use_i18n();
    let rows = Memo::new(move |_| {
        form.draft
            .with(|d| d.boxes.iter().map(|b| b.kept).collect::<Vec<_>>())
    });
    let add = move |_| form.draft.update(|d| d.boxes.push(BoxDraft::default()));
    view! {
        <fieldset class="boxes">
            <legend>{owner!(i18n, ed_boxes)}</legend>
            {move || rows.get().into_iter().enumerate()
                .map(|(index, kept)| view! { <BoxRow form index kept/> })
                .collect_view()}
            <button type="button" class="secondary" on:click=add>{owner!(i18n, ed_box_add)}</button>
        </fieldset>
    }
}

/// The first file an `<input type=file>` holds.
fn chosen_file(ev: &leptos::ev::Event) -> Option<JsValue> {
    let target = ev.target()?;
    let files = js_sys::Reflect::get(&target, &"files".into()).ok()?;
    let first = js_sys::Reflect::get(&files, &0.into()).ok()?;
    (!first.is_undefined() && !first.is_null()).then_some(first)
}

/// A `blob:` URL showing `file` before it is sent.
fn preview_of(file: &JsValue) -> Option<String> {
    use wasm_bindgen::JsCast;
    web_sys::Url::create_object_url_with_blob(file.unchecked_ref()).ok()
}

/// Uploads `file` for `team`'s producer and makes it its picture: the URL it is kept at.
async fn upload(team: Team, file: JsValue) -> Result<String, ApiError> {
    let url = producers::picture(&team, file).await?;
    producers::change(&team, &picture_patch(&url)).await?;
    Ok(url)
}

/// Why a photo was not taken, in the user's words where it is one of our rules'.
fn photo_refusal(i18n: I18n, error: &ApiError) -> String {
    match server_problems(error, Problems::new()) {
        Ok(shown) => shown
            .iter()
            .map(|(field, problem)| problem_words(i18n, field, problem))
            .collect::<Vec<_>>()
            .join(" "),
        Err(e) => e.to_string(),
    }
}

/// The producer's picture: the one it has, or the one chosen (shown before it is sent), and
/// the way to choose another. `saved` hears the URL the server keeps it at.
#[component]
pub fn Picture(
    team: Signal<Team>,
    #[prop(into)] current: Signal<String>,
    saved: Callback<String>,
) -> impl IntoView {
    let i18n = use_i18n();
    let preview = RwSignal::new(None::<String>);
    let outcome = RwSignal::new(None::<Result<(), ApiError>>);
    let send = Action::new_local(move |file: &JsValue| {
        let (team, file) = (team.get_untracked(), file.clone());
        async move {
            let done = upload(team, file).await;
            outcome.set(Some(done.clone().map(|url| saved.run(url))));
        }
    });
    let shown = move || {
        preview
            .get()
            .or_else(|| Some(current.get()).filter(|u| !u.is_empty()))
    };
    view! {
        <div class="field picture">
            <p class="label">{owner!(i18n, ed_picture)}</p>
            {move || shown().map(|src| view! {
                <img class="picture-preview" src=src alt=move || i18n.get(OwnerKey::ed_picture_alt)
                    width="240"/>
            })}
            <label class="upload secondary">
                {owner!(i18n, ed_picture_choose)}
                <input type="file" accept="image/jpeg,image/png,image/webp"
                    disabled=move || send.pending().get()
                    on:change=move |ev| {
                        if let Some(file) = chosen_file(&ev) {
                            outcome.set(None);
                            if let Some(old) = preview.get_untracked() {
                                let _ = web_sys::Url::revoke_object_url(&old);
                            }
                            preview.set(preview_of(&file));
                            send.dispatch(file);
                        }
                    }/>
            </label>
            {move || send.pending().get().then(|| view! { <p role="status">{owner!(i18n, ed_picture_sending)}</p> })}
            {move || outcome.get().map(|done| match done {
                Ok(()) => view! { <p role="status">{owner!(i18n, ed_picture_saved)}</p> }.into_any(),
                Err(e) => view! { <p class="field-error" role="alert">{photo_refusal(i18n, &e)}</p> }.into_any(),
            })}
        </div>
    }
}
