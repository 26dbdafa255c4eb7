//! "Open claims", for the owner: each buyer's claim with its order, what that order's claims
//! refunded so far, and photos (fetched with the token, shown from `blob:` URLs), and the form
//! that resolves it (a refund typed in yuan, a new box, or a refusal with its reason), after
//! which the buyer sees the answer on the tracking page. A refund past what is left of the
//! order's total is refused, and the form says how much is left.

use leptos::prelude::*;
use serde_json::Value;

use super::AdminSession;
use crate::client::api::{self, ApiError};
use crate::client::format;
use crate::client::i18n::{fill, lang, owner, owner_string, use_i18n, OwnerKey};
use crate::domain::{
    yuan_to_fen, AdminClaim, ClaimKind, ErrorCode, Money, OutcomeKind, ResolveRequest,
};

fn kind_key(kind: ClaimKind) -> OwnerKey {
    match kind {
        ClaimKind::Damaged => OwnerKey::claim_kind_damaged,
        ClaimKind::Missing => OwnerKey::claim_kind_missing,
        ClaimKind::Wrong => OwnerKey::claim_kind_wrong,
        ClaimKind::Other => OwnerKey::claim_kind_other,
    }
}

/// The side of a thumbnail's box on the page, in CSS pixels (the server's are at most 240 px,
/// sharp on a phone's 2× screen).
const THUMB_BOX: &str = "120";

/// One photo: its thumbnail, fetched with the token and shown from a `blob:` URL, which opens
/// the full photo (fetched only then) in its place; each `blob:` URL is revoked when the photo
/// goes.
#[component]
fn Photo(session: AdminSession, url: String, n: usize) -> impl IntoView {
    let i18n = use_i18n();
    let thumb_url = format!("{url}/thumb");
    let thumb = LocalResource::new(move || {
        let (token, url) = (session.token(), thumb_url.clone());
        async move { api::claims::photo(&token, &url).await.ok() }
    });
    let full = RwSignal::new(None::<String>);
    let open = Action::new_local(move |_: &()| {
        let (token, url) = (session.token(), url.clone());
        async move {
            if let Ok(src) = api::claims::photo(&token, &url).await {
                full.set(Some(src));
            }
        }
    });
    on_cleanup(move || {
        let shown = [
            thumb.get_untracked().flatten(),
            full.try_get_untracked().flatten(),
        ];
        for src in shown.into_iter().flatten() {
            let _ = web_sys::Url::revoke_object_url(&src);
        }
    });
    let alt = move || fill(owner_string!(i18n, claim_photo), &[("n", n.to_string())]);
    let opened = move |src: String| {
        let href = src.clone();
        view! {
            <a href=href target="_blank" rel="noopener">
                <img class="claim-photo-full" width="320" src=src alt=alt/>
            </a>
        }
    };
    let thumbnail = move |src: String| {
        view! {
            <button type="button" class="claim-photo" disabled=move || open.pending().get()
                on:click=move |_| { open.dispatch(()); }>
                <img width=THUMB_BOX height=THUMB_BOX loading="lazy" style="object-fit: contain"
                    src=src alt=alt/>
            </button>
        }
    };
    move || match full.get() {
        Some(src) => opened(src).into_any(),
        None => thumb.get().flatten().map(thumbnail).into_any(),
    }
}

/// Why a resolution was not made, as the form says it.
#[derive(Clone)]
enum Refusal {
    /// The server's or the field's words.
    Said(String),
    /// The refund would take the order's refunds past its total: this many fen are left.
    PastTotal(i64),
}

/// What a refused resolution means for the form.
fn refusal(error: ApiError) -> Refusal {
    match error {
        ApiError::Refused { detail, .. } if detail.code == ErrorCode::RefundTooLarge => {
            Refusal::PastTotal(detail.remaining_fen.unwrap_or(0))
        }
        ApiError::Refused { detail, .. } => {
            let fields = detail.fields.unwrap_or_default();
            Refusal::Said(fields.into_values().next().unwrap_or(detail.message))
        }
        e => Refusal::Said(e.to_string()),
    }
}

/// The resolution form of one claim.
#[component]
fn Resolve(session: AdminSession, claim: AdminClaim) -> impl IntoView {
    let i18n = use_i18n();
    let outcome = RwSignal::new(OutcomeKind::Refund);
    let yuan = RwSignal::new(String::new());
    let message = RwSignal::new(String::new());
    let refused = RwSignal::new(None::<Refusal>);
    let id = claim.claim.id.clone();
    let send = Action::new_local(move |request: &ResolveRequest| {
        let (team, id, request) = (session.team(), id.clone(), request.clone());
        async move {
            match api::claims::resolve(&team, &id, &request).await {
                Ok(_) => session.changed(),
                Err(e) => refused.set(Some(refusal(e))),
            }
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        refused.set(None);
        let chosen = outcome.get_untracked();
        let refund_fen = match chosen {
            OutcomeKind::Refund => match yuan_to_fen(&yuan.get_untracked()) {
                Ok(fen) => Value::from(fen),
                Err(why) => return refused.set(Some(Refusal::Said(why.to_string()))),
            },
            _ => Value::Null,
        };
        let text = message.get_untracked();
        send.dispatch(ResolveRequest {
            outcome: chosen.as_str().into(),
            refund_fen,
            message: if text.trim().is_empty() {
                Value::Null
            } else {
                text.into()
            },
        });
    };
    let field = format!("claim-{}", claim.claim.id);
    let choice = move |o: OutcomeKind, label: OwnerKey| {
        view! {
            <label class="radio">
                <input type="radio" name=format!("{field}-outcome") checked=o == OutcomeKind::Refund
                    on:change=move |_| outcome.set(o)/>
                {i18n.view(label)}
            </label>
        }
    };
    let (yuan_id, message_id) = (
        format!("{}-yuan", claim.claim.id),
        format!("{}-message", claim.claim.id),
    );
    view! {
        <form class="claim-resolve" on:submit=submit>
            <fieldset>
                <legend>{owner!(i18n, claim_outcome)}</legend>
                {choice(OutcomeKind::Refund, OwnerKey::claim_refund)}
                {choice(OutcomeKind::Resend, OwnerKey::claim_resend)}
                {choice(OutcomeKind::Rejected, OwnerKey::claim_reject)}
            </fieldset>
            <Show when=move || outcome.get() == OutcomeKind::Refund>
                <label for=yuan_id.clone()>{owner!(i18n, claim_refund_yuan)}</label>
                <input id=yuan_id.clone() inputmode="decimal" on:input=move |ev| yuan.set(event_target_value(&ev))/>
            </Show>
            <label for=message_id.clone()>{owner!(i18n, claim_message)}</label>
            <input id=message_id.clone() maxlength="500" on:input=move |ev| message.set(event_target_value(&ev))/>
            <button type="submit" class="primary" disabled=move || send.pending().get()>{owner!(i18n, claim_resolve)}</button>
            {move || refused.get().map(|why| view! { <p class="field-error" role="alert">{match why {
                Refusal::Said(why) => owner!(i18n, claim_refused, reason = why),
                Refusal::PastTotal(fen) => owner!(i18n, claim_refund_too_large, left = format::money(lang(), Money::from_fen(fen))),
            }}</p> })}
        </form>
    }
}

/// One open claim: what the buyer said, the order, the photos and the form.
#[component]
fn ClaimCard(session: AdminSession, claim: AdminClaim) -> impl IntoView {
    let i18n = use_i18n();
    let c = claim.claim.clone();
    let total = claim.total_fen;
    let yuan = |fen: i64| format::money(lang(), Money::from_fen(fen));
    let refunded = owner!(
        i18n,
        claim_refunded,
        refunded = yuan(claim.refunded_fen),
        total = yuan(total),
        left = yuan(claim.refund_room())
    );
    let of_order = owner!(
        i18n,
        claim_of_order,
        id = claim.order_id.clone(),
        name = claim.buyer_name.clone(),
        quantity = claim.quantity,
        size = claim.box_id.clone(),
        total = format::money(lang(), Money::from_fen(total))
    );
    view! {
        <li class="claim-card">
            <p><strong>{i18n.view(kind_key(c.kind))}</strong>
                {c.apples.map(|n| view! { " · "{owner!(i18n, claim_apples, count = n)} })}</p>
            <p class="claim-order">{of_order}</p>
            <p class="claim-refunded">{refunded}</p>
            {c.message.clone().map(|m| view! { <p class="claim-message">{m}</p> })}
            <div class="claim-photos">
                {claim.photo_urls.iter().cloned().enumerate().map(|(i, url)| view! { <Photo session url n=i + 1/> }).collect_view()}
            </div>
            <Resolve session claim/>
        </li>
    }
}

/// The owner's panel of open claims, read again after every change.
#[component]
pub fn ClaimsPanel(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let list = LocalResource::new(move || {
        session.version.track();
        let team = session.team();
        async move { api::claims::open(&team).await }
    });
    view! {
        <section class="claims-panel" aria-labelledby="claims-panel-title">
            <h2 id="claims-panel-title">{owner!(i18n, claim_panel)}</h2>
            <Transition fallback=|| ()>
                {move || list.get().map(|answer| match answer {
                    Ok(page) if page.claims.is_empty() => view! { <p>{owner!(i18n, claim_none)}</p> }.into_any(),
                    Ok(page) => view! {
                        <ul class="claim-cards">
                            {page.claims.into_iter().map(|claim| view! { <ClaimCard session claim/> }).collect_view()}
                        </ul>
                    }.into_any(),
                    Err(e) => view! { <p class="field-error" role="alert">{e.to_string()}</p> }.into_any(),
                })}
            </Transition>
        </section>
    }
}
