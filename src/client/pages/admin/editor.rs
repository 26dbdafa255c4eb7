//! The producer's form on the owner's page, phone-first: the operator puts a new producer on
//! the market (`POST /api/admin/producers`, then its picture), and the owner (or the operator,
//! for the producer chosen in the switcher) changes their texts, prices and dates, the form
//! opened from the team's read of the content (`GET …/admin/content`) and only what changed
//! sent (`PUT …/admin/content`). Every field is read by our rules first; a refused form keeps
//! what was typed and shows each of the server's `fields` beside its input, in the user's
//! language where our rules see the problem too.

use leptos::prelude::*;

use super::editor_boxes::{BoxRows, Picture};
use super::editor_draft::{Draft, Slot, LANGS};
use super::editor_fields::{
    in_language, problem_words, server_problems, shown, words, Form, Input, Kind, Shown,
};
use super::session::AdminSession;
use crate::client::api::team_base::Team;
use crate::client::api::{producers, ApiError};
use crate::client::i18n::{owner, team, use_i18n, Lang, OwnerKey};
use crate::domain::ErrorCode;

/// Every input of the form but the picture and the boxes' rows.
#[component]
fn Fields(form: Form, new: bool) -> impl IntoView {
    let i18n = use_i18n();
    let langs = || {
        LANGS
            .iter()
            .enumerate()
            .map(|(i, tag)| (i, Lang::from_tag(tag).map_or(*tag, Lang::name)))
    };
    view! {
        <Input form at=Slot::Slug label=words(i18n, OwnerKey::ed_slug) hint=OwnerKey::ed_slug_hint fixed=!new/>
        {langs().map(|(i, name)| view! {
            <Input form at=Slot::Name(i) label=in_language(i18n, OwnerKey::ed_name, name)/>
        }).collect_view()}
        {langs().map(|(i, name)| view! {
            <Input form at=Slot::Place(i) label=in_language(i18n, OwnerKey::ed_place, name)/>
        }).collect_view()}
        {langs().map(|(i, name)| view! {
            <Input form at=Slot::Story(i) label=in_language(i18n, OwnerKey::ed_story, name)
                kind=Kind::Lines hint=OwnerKey::ed_story_hint/>
        }).collect_view()}
        <Input form at=Slot::Greeting label=words(i18n, OwnerKey::ed_greeting)/>
        <BoxRows form/>
        <fieldset class="dates">
            <legend>{owner!(i18n, ed_dates)}</legend>
            <Input form at=Slot::OpensAt label=words(i18n, OwnerKey::ed_opens) kind=Kind::When/>
            <Input form at=Slot::ClosesAt label=words(i18n, OwnerKey::ed_closes) kind=Kind::When/>
            <Input form at=Slot::HarvestAt label=words(i18n, OwnerKey::ed_harvest) kind=Kind::When/>
        </fieldset>
        <Input form at=Slot::Limit label=words(i18n, OwnerKey::ed_limit) kind=Kind::Whole/>
    }
}

/// The problems no input of the form shows (a field the server named that the form has no
/// input for), and a line asking to fix the fields marked.
#[component]
fn Refusal(form: Form, failed: RwSignal<Option<ApiError>>) -> impl IntoView {
    let i18n = use_i18n();
    let unplaced = move || {
        let draft = form.draft.get();
        form.problems.with(|p| {
            p.iter()
                .filter(|(field, _)| draft.slots().iter().all(|s| s.field() != **field))
                .map(|(field, problem)| format!("{field}: {}", problem_words(i18n, field, problem)))
                .collect::<Vec<_>>()
        })
    };
    let why = move |e: ApiError| match e.code() {
        Some(ErrorCode::Forbidden) => i18n.get(OwnerKey::ed_forbidden).to_owned(),
        _ => {
            crate::client::i18n::fill(i18n.get(OwnerKey::ed_refused), &[("reason", e.to_string())])
        }
    };
    view! {
        {move || form.problems.with(|p| !p.is_empty()).then(|| view! {
            <div role="alert" class="field-error">
                <p>{owner!(i18n, ed_fix)}</p>
                <ul>{unplaced().into_iter().map(|line| view! { <li>{line}</li> }).collect_view()}</ul>
            </div>
        })}
        {move || failed.get().map(|e| view! { <p role="alert" class="field-error">{why(e)}</p> })}
    }
}

/// The operator's form that puts a new producer on the market, then takes its picture.
#[component]
pub fn NewProducerForm(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let form = Form {
        prefix: "new",
        draft: RwSignal::new(Draft::blank()),
        problems: RwSignal::new(Shown::new()),
    };
    let failed = RwSignal::new(None::<ApiError>);
    let created = RwSignal::new(None::<(String, String)>);
    let create = Action::new_local(move |draft: &Draft| {
        let (draft, token) = (draft.clone(), session.token());
        async move {
            let producer = match draft.new_producer() {
                Ok(p) => p,
                Err(problems) => return form.problems.set(shown(problems)),
            };
            match producers::create(&token, &producer).await {
                Ok(()) => {
                    let lang = i18n.locale().as_str();
                    let name = |tag: &str| producer.name.get(tag).and_then(|n| n.as_str());
                    let name = name(lang)
                        .or_else(|| name("zh"))
                        .unwrap_or_default()
                        .to_owned();
                    let slug = producer.slug.as_str().unwrap_or_default().to_owned();
                    created.set(Some((slug, name)));
                    session.market.refetch();
                    session.changed();
                }
                Err(e) => match server_problems(&e, draft.new_producer().err().unwrap_or_default())
                {
                    Ok(problems) => form.problems.set(problems),
                    Err(e) => failed.set(Some(e)),
                },
            }
        }
    });
    let done = move |slug: String, name: String| {
        let team = Signal::derive({
            let (slug, token) = (slug.clone(), session.token());
            move || Team::new(&token, Some(&slug))
        });
        let again = move |_| {
            form.draft.set(Draft::blank());
            created.set(None);
        };
        view! {
            <p role="status">{owner!(i18n, ed_created, name = name)}" "
                <a href=format!("/p/{slug}")>{owner!(i18n, ed_open_page)}</a></p>
            <p>{owner!(i18n, ed_add_picture)}</p>
            <Picture team current=String::new() saved=Callback::new(|_| ())/>
            <button type="button" class="secondary" on:click=again>{owner!(i18n, ed_another)}</button>
        }
    };
    view! {
        <details class="producer-editor">
            <summary id="ed-new-title">{owner!(i18n, ed_new_title)}</summary>
            {move || match created.get() {
                Some((slug, name)) => done(slug, name).into_any(),
                None => view! {
                    <form aria-labelledby="ed-new-title" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        form.problems.set(Shown::new());
                        failed.set(None);
                        create.dispatch(form.draft.get_untracked());
                    }>
                        <Fields form new=true/>
                        <Refusal form failed/>
                        <button type="submit" class="primary" disabled=move || create.pending().get()>
                            {owner!(i18n, ed_create)}
                        </button>
                    </form>
                }.into_any(),
            }}
        </details>
    }
}

/// The producer's own page as its owner (or the operator) edits it: opened from the team's
/// read of its content (its storefront and its limit per buyer), only what changed sent.
#[component]
pub fn EditProducerForm(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let slug = session.scope.get_untracked().flatten();
    let opened = LocalResource::new(move || {
        let team = session.team();
        async move { producers::content(&team).await }
    });
    let form = Form {
        prefix: "edit",
        draft: RwSignal::new(Draft::blank()),
        problems: RwSignal::new(Shown::new()),
    };
    let before = RwSignal::new(None::<Draft>);
    let failed = RwSignal::new(None::<ApiError>);
    let saved = RwSignal::new(None::<bool>);
    Effect::new({
        let slug = slug.clone().unwrap_or_default();
        move || {
            if let Some(Ok(s)) = opened.get() {
                let draft = Draft::from_content(&slug, &s);
                form.draft.set(draft.clone());
                before.set(Some(draft));
            }
        }
    });
    let save = Action::new_local(move |draft: &Draft| {
        let (draft, team) = (draft.clone(), session.team());
        let was = before.get_untracked().unwrap_or_default();
        async move {
            let change = match draft.changes(&was) {
                Ok(None) => return saved.set(Some(false)),
                Ok(Some(c)) => c,
                Err(problems) => return form.problems.set(shown(problems)),
            };
            match producers::change(&team, &change).await {
                Ok(()) => {
                    // New boxes are on sale now: their stock is the stock list's.
                    let draft = draft.as_saved();
                    form.draft
                        .update(|d| d.boxes.iter_mut().for_each(|b| b.kept = true));
                    before.set(Some(draft));
                    saved.set(Some(true));
                    session.market.refetch();
                }
                Err(e) => {
                    match server_problems(&e, draft.changes(&was).err().unwrap_or_default()) {
                        Ok(problems) => form.problems.set(problems),
                        Err(e) => failed.set(Some(e)),
                    }
                }
            }
        }
    });
    let team = Signal::derive(move || session.team());
    let current = Signal::derive(move || form.draft.with(|d| d.picture.clone()));
    let picture_saved = Callback::new(move |url: String| {
        form.draft.update(|d| d.picture = url.clone());
        before.update(|b| {
            if let Some(b) = b {
                b.picture = url;
            }
        });
    });
    view! {
        <details class="producer-editor">
            <summary id="ed-edit-title">{owner!(i18n, ed_edit_title)}</summary>
            {move || match opened.get() {
                None => view! { <p role="status">{team!(i18n, loading)}</p> }.into_any(),
                Some(Err(e)) => view! { <p role="alert" class="field-error">{e.to_string()}</p> }.into_any(),
                Some(Ok(_)) => view! {
                    <form aria-labelledby="ed-edit-title" novalidate on:submit=move |ev| {
                        ev.prevent_default();
                        form.problems.set(Shown::new());
                        failed.set(None);
                        saved.set(None);
                        save.dispatch(form.draft.get_untracked());
                    }>
                        <Picture team current saved=picture_saved/>
                        <Fields form new=false/>
                        <Refusal form failed/>
                        {move || saved.get().map(|changed| match changed {
                            true => view! { <p role="status">{owner!(i18n, ed_saved)}</p> }.into_any(),
                            false => view! { <p role="status">{owner!(i18n, ed_nothing)}</p> }.into_any(),
                        })}
                        <button type="submit" class="primary" disabled=move || save.pending().get()>
                            {owner!(i18n, ed_save)}
                        </button>
                    </form>
                }.into_any(),
            }}
        </details>
    }
}
