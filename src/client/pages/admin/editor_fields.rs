//! The inputs of the producer's form, each bound to one field of the draft (`editor_draft::Slot`)
//! with its problem beside it in the user's language: our own rules' (the domain's
//! `FieldError`), or the server's words for a field only the server could judge. Phone-first:
//! one column, big touch targets, the keyboard each field needs.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::editor_draft::{input_field, Draft, Problems, Slot};
use crate::client::api::ApiError;
use crate::client::i18n::{fill, use_i18n, I18n, OwnerKey};
use crate::domain::{ErrorCode, FieldError, MAX_PHOTO_MEGAPIXELS, MAX_PHOTO_SIDE};

/// Why a field is marked: a rule of ours, or the server's words (a 422's `fields`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Problem {
    Rule(FieldError),
    Server(String),
}

/// Field name → its problem, as shown.
pub type Shown = BTreeMap<String, Problem>;

/// Our rules' problems, as shown.
pub fn shown(problems: Problems) -> Shown {
    problems
        .into_iter()
        .map(|(field, e)| (field, Problem::Rule(e)))
        .collect()
}

/// What one form holds: the draft as typed and the problems shown beside its fields.
#[derive(Clone, Copy)]
pub struct Form {
    /// `new` or `edit`: the form's inputs' ids, so both forms may share a page.
    pub prefix: &'static str,
    pub draft: RwSignal<Draft>,
    pub problems: RwSignal<Shown>,
}

impl Form {
    /// The id of the input of `field`.
    pub fn input_id(&self, field: &str) -> String {
        format!("ed-{}-{}", self.prefix, field.replace('.', "-"))
    }
}

/// A rule's problem with `field` in the user's words.
pub fn rule_words(i18n: I18n, field: &str, rule: FieldError) -> String {
    let with = |key, args: &[(&str, String)]| fill(i18n.get(key), args);
    match rule {
        FieldError::Required => with(OwnerKey::ed_err_required, &[]),
        FieldError::TooShort { min } => {
            with(OwnerKey::ed_err_too_short, &[("min", min.to_string())])
        }
        FieldError::TooLong { max } => with(OwnerKey::ed_err_too_long, &[("max", max.to_string())]),
        FieldError::ControlCharacter
        | FieldError::InvisibleCharacter
        | FieldError::NothingVisible => with(OwnerKey::ed_err_invisible, &[]),
        FieldError::NotAWholeNumber if field.ends_with("price_fen") => {
            with(OwnerKey::ed_err_money, &[])
        }
        FieldError::NotAWholeNumber => with(OwnerKey::ed_err_number, &[]),
        FieldError::OutOfRange { min, max } => with(
            OwnerKey::ed_err_range,
            &[("min", min.to_string()), ("max", max.to_string())],
        ),
        // The form's only fields with a set of characters: the slug and the boxes' ids.
        FieldError::InvalidCharacters { .. } => with(OwnerKey::ed_err_id_chars, &[]),
        FieldError::NotATime => with(OwnerKey::ed_err_time, &[]),
        FieldError::ClosesBeforeOpens => with(OwnerKey::ed_err_closes_before, &[]),
        FieldError::Duplicate => with(OwnerKey::ed_err_duplicate, &[]),
        FieldError::Taken => with(OwnerKey::ed_err_taken, &[]),
        FieldError::NotAPhoto | FieldError::PhotoTooLarge { .. } => with(
            OwnerKey::ed_err_photo,
            &[
                ("side", MAX_PHOTO_SIDE.to_string()),
                ("megapixels", MAX_PHOTO_MEGAPIXELS.to_string()),
            ],
        ),
        FieldError::TooManyItems { max } => {
            with(OwnerKey::ed_err_too_many, &[("max", max.to_string())])
        }
        _ => with(OwnerKey::ed_err_other, &[]),
    }
}

/// A problem in the user's words (the server's own words where no rule of ours saw it).
pub fn problem_words(i18n: I18n, field: &str, problem: &Problem) -> String {
    match problem {
        Problem::Rule(rule) => rule_words(i18n, field, *rule),
        Problem::Server(words) => words.clone(),
    }
}

/// The server's refusal as the form shows it: each field's problem (ours where our rules see
/// it: `local`), or the refusal's own words.
pub fn server_problems(error: &ApiError, local: Problems) -> Result<Shown, ApiError> {
    match error {
        ApiError::Refused { detail, .. } if detail.code == ErrorCode::Invalid => {
            let mut shown = Shown::new();
            for (path, words) in detail.fields.clone().unwrap_or_default() {
                let field = input_field(&path);
                let problem = match local.get(&field).copied().or_else(|| known(&words)) {
                    Some(rule) => Problem::Rule(rule),
                    None => Problem::Server(words),
                };
                shown.entry(field).or_insert(problem);
            }
            Ok(shown)
        }
        e => Err(e.clone()),
    }
}

/// The rules only the server can judge (a slug another producer has, a photo it cannot
/// decode…) and those it words as we do, found by the English words it sends (the
/// `FieldError`'s own `Display`), so that they too are shown in the user's language.
fn known(words: &str) -> Option<FieldError> {
    const ONLY_THE_SERVER: [FieldError; 9] = [
        FieldError::Taken,
        FieldError::Duplicate,
        FieldError::ClosesBeforeOpens,
        FieldError::NotATime,
        FieldError::Required,
        FieldError::NotAWholeNumber,
        FieldError::InvisibleCharacter,
        FieldError::NotAPhoto,
        FieldError::StockSetApart,
    ];
    ONLY_THE_SERVER.into_iter().find(|e| e.to_string() == words)
}

/// How an input shows its text.
#[derive(Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    Text,
    /// A textarea: a story's paragraphs.
    Lines,
    /// Digits on the phone's keypad.
    Whole,
    /// Yuan with decimals on the phone's keypad.
    Money,
    /// A date and time (`datetime-local`).
    When,
}

/// One labelled input bound to `slot` of the form's draft, its problem below it, tied to it by
/// `aria-describedby`.
#[component]
pub fn Input(
    form: Form,
    at: Slot,
    #[prop(into)] label: Signal<String>,
    #[prop(default = Kind::Text)] kind: Kind,
    #[prop(optional)] hint: Option<OwnerKey>,
    #[prop(optional)] fixed: bool,
) -> impl IntoView {
    let i18n = use_i18n();
    let slot = at;
    let field = slot.field();
    let id = form.input_id(&field);
    let error = Memo::new({
        let field = field.clone();
        move |_| {
            form.problems
                .with(|p| p.get(&field).map(|p| problem_words(i18n, &field, p)))
        }
    });
    let invalid = move || error.with(Option::is_some);
    let described = {
        let id = id.clone();
        move || {
            let mut ids = Vec::new();
            if hint.is_some() {
                ids.push(format!("{id}-hint"));
            }
            if invalid() {
                ids.push(format!("{id}-error"));
            }
            ids.join(" ")
        }
    };
    let value = move || form.draft.with(|d| d.get(slot));
    let typed = {
        let field = field.clone();
        move |ev: leptos::ev::Event| {
            let text = event_target_value(&ev);
            form.draft.update(|d| d.set(slot, text));
            form.problems.update(|p| {
                p.remove(&field);
            });
        }
    };
    let (kind_attr, mode) = match kind {
        Kind::Whole => ("text", Some("numeric")),
        Kind::Money => ("text", Some("decimal")),
        Kind::When => ("datetime-local", None),
        Kind::Text | Kind::Lines => ("text", None),
    };
    let control = match kind {
        Kind::Lines => view! {
            <textarea id=id.clone() rows="5" aria-invalid=move || invalid().to_string()
                aria-describedby=described.clone() prop:value=value on:input=typed/>
        }
        .into_any(),
        _ => view! {
            <input id=id.clone() type=kind_attr inputmode=mode readonly=fixed
                aria-invalid=move || invalid().to_string() aria-describedby=described
                prop:value=value on:input=typed/>
        }
        .into_any(),
    };
    let hint_id = format!("{id}-hint");
    let error_id = format!("{id}-error");
    view! {
        <div class="field" class:invalid=invalid>
            <label for=id>{label}</label>
            {hint.map(|h| view! { <p class="hint" id=hint_id>{i18n.view(h)}</p> })}
            {control}
            {move || error.get().map(|e| view! { <p class="field-error" id=error_id.clone()>{e}</p> })}
        </div>
    }
}

/// A label of `key` naming `language` (`Name · English`), following the user's language.
pub fn in_language(i18n: I18n, key: OwnerKey, language: &'static str) -> Signal<String> {
    Signal::derive(move || fill(i18n.get(key), &[("language", language.to_owned())]))
}

/// A label of one message, following the user's language.
pub fn words(i18n: I18n, key: OwnerKey) -> Signal<String> {
    Signal::derive(move || i18n.get(key).to_owned())
}
