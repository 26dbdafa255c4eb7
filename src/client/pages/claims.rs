//! The tracking page's after-sales part: the buyer's claims about the order with the team's
//! answer (and, paid online, where its refund stands), the claims waiting on the phone to be
//! sent, and (while the order may be claimed) the "Report a problem" form (`claim_form.rs`).

use leptos::prelude::*;

use super::claim_form::{ClaimDraft, ClaimForm};
use super::claim_words::{kind_key, refused_key};
use super::tracking_pay::refund_view;
use crate::client::claim_upload::{self, Pending};
use crate::client::clock::parse_ms;
use crate::client::format;
use crate::client::i18n::{lang, orders, use_i18n, I18n, OrdersKey};
use crate::client::live::live;
use crate::domain::{
    may_claim, ClaimKind, ClaimStatus, ClaimView, Money, OrderStatus, OrderView, OutcomeKind,
};

/// How often claims waiting on the phone are tried again while the page is open.
const RETRY_EVERY: std::time::Duration = std::time::Duration::from_secs(15);

/// Whether the order takes a claim now, by the domain's rule, on the phone's clock.
fn claimable(order: &OrderView, waiting: usize) -> bool {
    let delivered = order
        .history
        .iter()
        .rev()
        .find(|s| s.status == OrderStatus::Delivered)
        .and_then(|s| parse_ms(&s.at));
    let open = order
        .claims
        .iter()
        .filter(|c| c.status == ClaimStatus::Open)
        .count();
    may_claim(
        order.status,
        delivered,
        open + waiting,
        js_sys::Date::now() as i64,
    )
    .is_ok()
}

/// What the team did, in the buyer's words.
fn outcome_view(i18n: I18n, claim: &ClaimView) -> impl IntoView {
    let answer = match (claim.status, claim.outcome) {
        (ClaimStatus::Resolved, Some(OutcomeKind::Refund)) => {
            let fen = claim.refund_fen.unwrap_or(0);
            let amount = move || format::money(lang(), Money::from_fen(fen));
            orders!(i18n, claim_outcome_refund, amount = amount()).into_any()
        }
        (ClaimStatus::Resolved, Some(OutcomeKind::Resend)) => {
            orders!(i18n, claim_outcome_resend).into_any()
        }
        (ClaimStatus::Resolved, _) => orders!(i18n, claim_outcome_rejected).into_any(),
        (ClaimStatus::Open, _) => orders!(i18n, claim_status_open).into_any(),
    };
    view! {
        <p class="claim-outcome" class:resolved=claim.status == ClaimStatus::Resolved><strong>{answer}</strong></p>
        {claim.outcome_message.clone().map(|m| view! { <p class="claim-answer">{m}</p> })}
    }
}

/// One claim and its answer.
#[component]
fn ClaimItem(claim: ClaimView) -> impl IntoView {
    let i18n = use_i18n();
    let at = parse_ms(&claim.created_at).unwrap_or_default();
    view! {
        <li class="claim">
            <p><strong>{i18n.view(kind_key(claim.kind))}</strong>" · "
                <time datetime=claim.created_at.clone()>{live(move || format::date_time(lang(), at))}</time></p>
            {claim.apples.map(|n| view! { <p>{orders!(i18n, claim_apple_count, count = n)}</p> })}
            {claim.message.clone().map(|m| view! { <p class="claim-message">{m}</p> })}
            {(claim.photos > 0).then(|| view! { <p>{orders!(i18n, claim_photo_count, count = claim.photos)}</p> })}
            {outcome_view(i18n, &claim)}
            {claim.refund.as_ref().map(|r| refund_view(i18n, r))}
        </li>
    }
}

/// Sends the claims of `order_id` that wait on the phone; `sent` hears of each one accepted and
/// `notice` says why one was refused for good. A claim leaves the phone only then: the network,
/// a busy shop or a proxy's 502 page keep it for the next try.
async fn flush(
    order_id: String,
    waiting: RwSignal<Vec<String>>,
    sent: Callback<()>,
    notice: RwSignal<Option<OrdersKey>>,
    busy: RwSignal<bool>,
) {
    // One round at a time: a slow upload is not sent twice over by the next try.
    if busy.try_get_untracked() != Some(false) {
        return;
    }
    busy.set(true);
    for claim in claim_upload::waiting(&order_id).await {
        match claim_upload::send(&claim, |_| ()).await {
            Err(e) if claim_upload::still_waiting(&e) => continue,
            Err(e) => {
                claim_upload::forget(&claim.key).await;
                notice.try_set(Some(refused_key(&e)));
            }
            Ok(_) => {
                claim_upload::forget(&claim.key).await;
                sent.run(());
            }
        }
    }
    let still: Vec<Pending> = claim_upload::waiting(&order_id).await;
    waiting.try_set(still.into_iter().map(|c| c.kind).collect());
    busy.try_set(false);
}

/// The claims of an order and the form to report a problem; `reload` reads the order again,
/// `notice` says what became of the last claim sent and `draft` holds the one being typed (both
/// kept by the page across reloads).
#[component]
pub fn Claims(
    order: OrderView,
    token: String,
    reload: Callback<()>,
    notice: RwSignal<Option<OrdersKey>>,
    draft: ClaimDraft,
) -> impl IntoView {
    let i18n = use_i18n();
    // The kinds of the claims waiting on this phone to be sent.
    let waiting = RwSignal::new(Vec::<String>::new());
    let id = order.id.clone();
    let busy = RwSignal::new(false);
    let again = move || leptos::task::spawn_local(flush(id.clone(), waiting, reload, notice, busy));
    again();
    let online = window_event_listener_untyped("online", {
        let again = again.clone();
        move |_| again()
    });
    // A busy shop or an instance down (a proxy's 502) does not say when it is back: while
    // claims wait, they are tried again every little while.
    let retry = set_interval_with_handle(
        move || {
            if waiting.with_untracked(|w| !w.is_empty()) {
                again();
            }
        },
        RETRY_EVERY,
    )
    .ok();
    on_cleanup(move || {
        online.remove();
        if let Some(retry) = retry {
            retry.clear();
        }
    });
    let claims = order.claims.clone();
    let has_claims = !claims.is_empty();
    let (order_id, status) = (order.id.clone(), order.status);
    // A memo: reading the phone's waiting claims (slow on a weak phone) must not draw the form
    // anew under the buyer's fingers unless it opens or closes.
    let allowed = Memo::new(move |_| waiting.with(|w| claimable(&order, w.len())));
    let queued = Callback::new(move |kind: String| waiting.update(|w| w.push(kind)));
    view! {
        <div class="claims">
            {move || (has_claims || waiting.with(|w| !w.is_empty())).then(|| view! {
                <h2 id="claims-title">{orders!(i18n, claim_list_title)}</h2>
            })}
            <ul class="claim-list">
                {claims.into_iter().map(|claim| view! { <ClaimItem claim/> }).collect_view()}
                {move || waiting.get().into_iter().map(|kind| {
                    let key = ClaimKind::parse(&kind).map(kind_key).unwrap_or(OrdersKey::claim_kind_other);
                    view! { <li class="claim waiting"><strong>{i18n.view(key)}</strong>" · "{orders!(i18n, claim_status_waiting)}</li> }
                }).collect_view()}
            </ul>
            {move || notice.get().map(|key| view! { <p role="status" class="claim-result">{i18n.view(key)}</p> })}
            {move || {
                let (order_id, token) = (order_id.clone(), token.clone());
                let shipped = matches!(status, OrderStatus::Shipped | OrderStatus::Delivered);
                match (allowed.get(), shipped) {
                    (true, _) => view! { <ClaimForm order_id token reload queued notice draft/> }.into_any(),
                    (false, shipped) => {
                        draft.forget();
                        shipped.then(|| view! { <p class="claim-closed">{orders!(i18n, claim_not_allowed)}</p> }).into_any()
                    }
                }
            }}
        </div>
    }
}
