//! One labelled text field of a buyer's form, and a field's problem in the buyer's words: the
//! order form's fields and the tracking page's claim form word their problems the same way.

use leptos::prelude::*;

use crate::client::i18n::{use_i18n, Key, Text};
use crate::client::live::live;
use crate::client::order_flow::{FieldProblem, Problems};
use crate::domain::FieldError;

/// A field problem in the buyer's words.
pub fn problem_text(problem: &FieldProblem) -> Text {
    let rule = match problem {
        FieldProblem::Rule(rule) => *rule,
        FieldProblem::Server(message) => return Text::Verbatim(message.clone()),
    };
    match rule {
        FieldError::Required => Key::err_required.into(),
        FieldError::TooShort { min } => {
            Text::Message(Key::err_too_short, vec![("min", min.to_string())])
        }
        FieldError::TooLong { max } => {
            Text::Message(Key::err_too_long, vec![("max", max.to_string())])
        }
        // Single-line inputs cannot take a typed line break: these come from pasted text, and one
        // message (one set of bytes in the storefront) asks to type it again.
        FieldError::ControlCharacter
        | FieldError::InvisibleCharacter
        | FieldError::NothingVisible => Key::err_invisible.into(),
        FieldError::NotAWholeNumber
        | FieldError::NotText
        | FieldError::NotAnObject
        | FieldError::NotTrueOrFalse => Key::err_whole_number.into(),
        FieldError::OutOfRange { min, max } => Text::Message(
            Key::err_range,
            vec![("min", min.to_string()), ("max", max.to_string())],
        ),
        FieldError::InvalidPhone => Key::err_phone.into(),
        FieldError::InvalidCharacters { .. } => Key::err_chars.into(),
        FieldError::UnknownBox => Key::err_unknown_box.into(),
        FieldError::PaymentNotAccepted => Key::err_payment_not_accepted.into(),
        // A status move's, a claim's or a producer's fields (the team's pages, the tracking
        // page's claim form, which word them themselves: `claim_problem_text`), never on the
        // order form.
        FieldError::NotAMove
        | FieldError::UnknownStatus
        | FieldError::UnknownClaimKind
        | FieldError::NotAPhoto
        | FieldError::PhotoTooLarge { .. }
        | FieldError::TooManyPhotos { .. }
        | FieldError::UnknownPart
        | FieldError::NotAnOutcome
        | FieldError::NotATime
        | FieldError::ClosesBeforeOpens
        | FieldError::Duplicate
        | FieldError::Taken
        | FieldError::UnknownLanguage
        | FieldError::NotAList
        | FieldError::TooManyItems { .. }
        | FieldError::NotASitePath
        | FieldError::StockSetApart => Key::err_required.into(),
    }
}

/// The problem of a group of choices (`box_id`, `payment`) below them, if it has one: one view
/// for every group, so the storefront pays for it once.
pub(super) fn group_problem(problems: RwSignal<Problems>, id: &'static str) -> impl IntoView {
    let i18n = use_i18n();
    move || {
        problems
            .with(|p| p.get(id).map(problem_text))
            .map(|e| view! { <p class="field-error">{i18n.show(e)}</p> })
    }
}

/// One labelled text field with its error below, tied by `aria-describedby`.
#[component]
pub(super) fn Field(
    id: &'static str,
    label: Key,
    value: RwSignal<String>,
    problems: RwSignal<Problems>,
    #[prop(optional)] hint: Option<Key>,
    #[prop(default = "text")] kind: &'static str,
    #[prop(default = "off")] autocomplete: &'static str,
) -> impl IntoView {
    let i18n = use_i18n();
    let error = move || problems.with(|p| p.get(id).map(problem_text));
    let described = move || {
        let mut ids = Vec::new();
        if hint.is_some() {
            ids.push(format!("{id}-hint"));
        }
        if error().is_some() {
            ids.push(format!("{id}-error"));
        }
        ids.join(" ")
    };
    view! {
        <div class="field" class:invalid=live(move || error().is_some())>
            <label for=format!("f-{id}")>{i18n.view(label)}</label>
            {hint.map(|h| view! { <p class="hint" id=format!("{id}-hint")>{i18n.view(h)}</p> })}
            <input
                id=format!("f-{id}")
                name=id
                type=kind
                autocomplete=autocomplete
                aria-invalid=live(move || error().is_some().to_string())
                aria-describedby=live(described)
                prop:value=live(move || value.get())
                on:input=move |ev| {
                    value.set(event_target_value(&ev));
                    problems.update(|p| { p.remove(id); });
                }
            />
            {move || error().map(|e| view! { <p class="field-error" id=format!("{id}-error")>{i18n.show(e)}</p> })}
        </div>
    }
}
