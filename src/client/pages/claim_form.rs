//! "Report a problem": the kind, how many apples, a message and up to three photos (taken with
//! the camera or picked), checked by the domain's rules before anything is sent; the photos are
//! shrunk on the phone, the upload's progress is shown, one `Idempotency-Key` is kept until the
//! claim is answered, and without a connection the claim waits on the phone.

use leptos::prelude::*;
use wasm_bindgen::JsValue;

use super::claim_words::{kind_key, refused_key};
use crate::client::api::ApiError;
use crate::client::claim_upload::{self, Pending};
use crate::client::components::problem_text;
use crate::client::i18n::{orders, use_i18n, I18n, OrdersKey};
use crate::client::order_flow::{fresh_key, FieldProblem};
use crate::domain::{ClaimKind, ErrorCode, FieldError, NewClaim, MAX_PHOTOS, PHOTO_TOO_LARGE};

/// A field's problem in the buyer's words: the claim's own rules here, the rest as on the order
/// form.
fn problem(i18n: I18n, why: FieldError) -> String {
    match why {
        FieldError::UnknownClaimKind => i18n.get(OrdersKey::claim_err_kind).to_owned(),
        FieldError::NotAPhoto => i18n.get(OrdersKey::claim_err_photo).to_owned(),
        FieldError::PhotoTooLarge {
            max_side,
            max_megapixels,
        } => crate::client::i18n::fill(
            i18n.get(OrdersKey::claim_err_photo_large),
            &[
                ("side", max_side.to_string()),
                ("mp", max_megapixels.to_string()),
            ],
        ),
        FieldError::TooManyPhotos { max } => crate::client::i18n::fill(
            i18n.get(OrdersKey::claim_err_too_many),
            &[("max", max.to_string())],
        ),
        other => problem_text(&FieldProblem::Rule(other)).in_locale(i18n.locale()),
    }
}

/// A server's message on a field in the buyer's words where it is a photo rule only the server
/// checks (it decodes the photo); any other as sent.
fn server_problem(i18n: I18n, message: String) -> String {
    [FieldError::NotAPhoto, PHOTO_TOO_LARGE]
        .into_iter()
        .find(|why| why.to_string() == message)
        .map_or(message, |why| problem(i18n, why))
}

/// The files chosen in the photo input (its `FileList`, read as an array): what the input
/// shows, however often the form was drawn over it.
fn chosen_files() -> Vec<JsValue> {
    let input: JsValue = document().get_element_by_id("claim-photos").into();
    js_sys::Reflect::get(&input, &"files".into())
        .map(|files| js_sys::Array::from(&files).iter().collect())
        .unwrap_or_default()
}

/// What the buyer has chosen and typed, kept by the page and shown by the inputs: the order read
/// again (a claim sent from the phone's queue) draws the form anew, and the draft outlives it.
/// The photos are read from their input when the form is sent.
#[derive(Clone, Copy)]
pub struct ClaimDraft {
    kind: RwSignal<String>,
    apples: RwSignal<String>,
    message: RwSignal<String>,
}

impl ClaimDraft {
    pub fn new() -> Self {
        Self {
            kind: RwSignal::new(String::new()),
            apples: RwSignal::new(String::new()),
            message: RwSignal::new(String::new()),
        }
    }

    /// Empties the draft while the form is closed: a form that opens again starts empty.
    pub fn forget(&self) {
        self.kind.set(String::new());
        self.apples.set(String::new());
        self.message.set(String::new());
    }

    /// Empties the draft and the form's inputs (the photos' too), once the claim is sent or kept
    /// on the phone.
    fn clear(&self, form: NodeRef<leptos::html::Form>) {
        self.forget();
        if let Some(form) = form.get_untracked() {
            form.reset();
        }
    }
}

/// The form; `reload` reads the order again once a claim is filed, `queued` hears of a claim
/// kept on the phone (its kind), `notice` says what became of the last send and `draft` holds
/// what is being typed (both outlive the form, which the reloaded order draws anew).
#[component]
pub fn ClaimForm(
    order_id: String,
    token: String,
    reload: Callback<()>,
    queued: Callback<String>,
    notice: RwSignal<Option<OrdersKey>>,
    draft: ClaimDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    let ClaimDraft {
        kind,
        apples,
        message,
    } = draft;
    let form = NodeRef::<leptos::html::Form>::new();
    let errors = RwSignal::new(Vec::<(String, String)>::new());
    let progress = RwSignal::new(None::<f64>);
    // Kept until the claim is answered: a retry after a timeout is the same claim.
    let key = StoredValue::new(None::<String>);
    let send = Action::new_local(move |photos: &Vec<JsValue>| {
        let photos = photos.clone();
        let (order_id, token) = (order_id.clone(), token.clone());
        async move {
            let mut shrunk = Vec::new();
            for file in photos {
                match claim_upload::shrink(file).await {
                    Ok(blob) => shrunk.push(blob),
                    Err(_) => {
                        errors.set(vec![("photo".into(), problem(i18n, FieldError::NotAPhoto))]);
                        return;
                    }
                }
            }
            let claim_key = key.get_value().unwrap_or_else(fresh_key);
            key.set_value(Some(claim_key.clone()));
            let pending = Pending {
                key: claim_key,
                order_id,
                token,
                kind: kind.get_untracked(),
                apples: apples.get_untracked(),
                message: message.get_untracked(),
                photos: shrunk,
            };
            progress.set(Some(0.0));
            let answer = claim_upload::send(&pending, move |p| progress.set(Some(p))).await;
            progress.set(None);
            match answer {
                Ok(_) => {
                    key.set_value(None);
                    draft.clear(form);
                    notice.set(Some(OrdersKey::claim_sent));
                    reload.run(());
                }
                Err(e)
                    if claim_upload::still_waiting(&e) && claim_upload::queue(&pending).await =>
                {
                    key.set_value(None);
                    draft.clear(form);
                    // Offline, or the shop (or its proxy) not answering for now: either way the
                    // claim waits on the phone and is sent again.
                    notice.set(Some(match e {
                        ApiError::Network(_) => OrdersKey::claim_queued,
                        _ => OrdersKey::claim_queued_busy,
                    }));
                    queued.run(pending.kind);
                }
                Err(ApiError::Refused { detail, .. }) if detail.code == ErrorCode::Invalid => {
                    let fields = detail.fields.unwrap_or_default();
                    let fields = fields
                        .into_iter()
                        .map(|(f, m)| (f, server_problem(i18n, m)));
                    errors.set(fields.collect());
                }
                Err(e) if !claim_upload::still_waiting(&e) => {
                    // Refused for good (too large, not claimable now): a new key next time.
                    key.set_value(None);
                    notice.set(Some(refused_key(&e)));
                }
                Err(_) => notice.set(Some(OrdersKey::claim_error)),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        notice.set(None);
        let photos = chosen_files();
        let parsed = NewClaim::parse(
            &kind.get_untracked(),
            &apples.get_untracked(),
            &message.get_untracked(),
        );
        let mut found: Vec<(String, String)> = parsed
            .err()
            .unwrap_or_default()
            .into_iter()
            .map(|(field, why)| {
                // The kind's only problem is that none was chosen (or an unknown one).
                let why = if field == "kind" {
                    FieldError::UnknownClaimKind
                } else {
                    why
                };
                (field.to_owned(), problem(i18n, why))
            })
            .collect();
        if photos.len() > MAX_PHOTOS {
            found.push((
                "photo".into(),
                problem(i18n, FieldError::TooManyPhotos { max: MAX_PHOTOS }),
            ));
        }
        errors.set(found.clone());
        if found.is_empty() {
            send.dispatch_local(photos);
        }
    };
    let error_of = move |field: &'static str| {
        move || {
            errors
                .with(|e| e.iter().find(|(f, _)| f == field).map(|(_, m)| m.clone()))
                .map(|m| view! { <p class="field-error" role="alert">{m}</p> })
        }
    };
    view! {
        <form node_ref=form class="claim-form" aria-labelledby="claim-form-title" on:submit=submit>
            <h2 id="claim-form-title">{orders!(i18n, claim_title)}</h2>
            <p>{orders!(i18n, claim_intro)}</p>
            <fieldset class="field">
                <legend>{orders!(i18n, claim_kind)}</legend>
                {ClaimKind::ALL.into_iter().map(|k| view! {
                    <label class="radio">
                        <input type="radio" name="claim-kind" value=k.as_str()
                            prop:checked=move || kind.with(|c| c == k.as_str())
                            on:change=move |_| kind.set(k.as_str().to_owned())/>
                        {i18n.view(kind_key(k))}
                    </label>
                }).collect_view()}
                {error_of("kind")}
            </fieldset>
            <div class="field">
                <label for="claim-apples">{orders!(i18n, claim_apples)}</label>
                <input id="claim-apples" type="number" min="1" max="1000" inputmode="numeric"
                    prop:value=move || apples.get()
                    on:input=move |ev| apples.set(event_target_value(&ev))/>
                {error_of("apples")}
            </div>
            <div class="field">
                <label for="claim-message">{orders!(i18n, claim_message)}</label>
                <textarea id="claim-message" maxlength="500" rows="3"
                    prop:value=move || message.get()
                    on:input=move |ev| message.set(event_target_value(&ev))></textarea>
                {error_of("message")}
            </div>
            <div class="field">
                <label for="claim-photos">{orders!(i18n, claim_photos)}</label>
                <input id="claim-photos" type="file" accept="image/*" capture="environment" multiple/>
                {error_of("photo")}
            </div>
            {move || progress.get().map(|p| {
                let percent = (p * 100.0).round() as u32;
                view! {
                    <progress max="100" value=percent.to_string()></progress>
                    <p role="status">{orders!(i18n, claim_sending, percent = percent)}</p>
                }
            })}
            <button type="submit" class="primary" disabled=move || send.pending().get()>{orders!(i18n, claim_send)}</button>
        </form>
    }
}
