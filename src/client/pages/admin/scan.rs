//! Scan to pack: the helper picks the step this table does (received → packed, packed →
//! shipped…), then scans each box's label (a USB or Bluetooth scanner types the id and Enter;
//! an id can be typed or pasted too). Each scan moves that one order on with `from` the step's
//! status, and answers with a ✓ or ✗ line and a buzz; the field is ready for the next box at
//! once, while the last one is still on its way. Without a connection, the scan waits on the
//! phone (`outbox`) and says so.

use leptos::prelude::*;

use super::camera::{beep, Camera};
use super::selection::{next_status, refusal_key};
use super::sending::{move_or_keep, Moved};
use super::AdminSession;
use crate::client::api::ApiError;
use crate::client::components::status_key;
use crate::client::i18n::{team, use_i18n, TeamKey};
use crate::domain::{BulkMoveRequest, ErrorCode, OrderId, OrderStatus};

/// Lines the scan view keeps on screen.
const LINES_KEPT: usize = 30;

/// What one scan did.
#[derive(Clone, Debug, PartialEq)]
pub struct ScanLine {
    pub id: String,
    pub moved: bool,
    pub why: Option<ScanProblem>,
}

/// Why a scan did not move its order.
#[derive(Clone, Debug, PartialEq)]
pub enum ScanProblem {
    /// The server refused that order (the code of `refused`).
    Refused(ErrorCode),
    /// The call failed as a whole (token, role…).
    Failed(String),
    /// No connection: the move waits on the phone, to be sent when the network returns.
    Queued,
}

/// The order id a scan or a paste carries: the text without the spaces and line breaks a
/// scanner or a copy adds around it; nothing if that leaves nothing.
pub fn scanned_id(raw: &str) -> Option<String> {
    let id = raw.trim();
    (!id.is_empty() && !id.contains(char::is_whitespace)).then(|| id.to_owned())
}

fn buzz(ok: bool) {
    let navigator = window().navigator();
    if js_sys::Reflect::has(&navigator, &"vibrate".into()).unwrap_or(false) {
        let _ = if ok {
            navigator.vibrate_with_duration(60)
        } else {
            navigator.vibrate_with_pattern(&js_sys::Array::of3(
                &200.into(),
                &100.into(),
                &200.into(),
            ))
        };
    }
}

async fn scan(session: AdminSession, id: String, from: OrderStatus, to: OrderStatus) -> ScanLine {
    // Not an order id at all (a mistyped or foreign code): no such order, without asking.
    let Ok(order) = OrderId::parse(&id) else {
        let why = Some(ScanProblem::Refused(ErrorCode::NotFound));
        return ScanLine {
            id,
            moved: false,
            why,
        };
    };
    let id = order.as_str().to_owned();
    let change = BulkMoveRequest {
        ids: vec![id.clone()],
        from: from.as_str().to_owned(),
        status: to.as_str().to_owned(),
    };
    let answer = match move_or_keep(session, &change).await {
        Moved::Answered(answer) => answer,
        Moved::Kept => {
            return ScanLine {
                id,
                moved: false,
                why: Some(ScanProblem::Queued),
            }
        }
    };
    let (moved, why) = match answer {
        Ok(done) if done.moved.contains(&id) => (true, None),
        Ok(done) => {
            let code = done.refused.get(&id).copied().unwrap_or_default();
            (false, Some(ScanProblem::Refused(code)))
        }
        Err(ApiError::Refused { detail, .. }) => (false, Some(ScanProblem::Failed(detail.message))),
        Err(e) => (false, Some(ScanProblem::Failed(e.to_string()))),
    };
    ScanLine { id, moved, why }
}

/// The scan view.
#[component]
pub fn ScanDesk(session: AdminSession) -> impl IntoView {
    let i18n = use_i18n();
    let from = RwSignal::new(OrderStatus::Received);
    let typed = RwSignal::new(String::new());
    let lines = RwSignal::new(Vec::<ScanLine>::new());
    let field = NodeRef::<leptos::html::Input>::new();
    let mover = Action::new_local(move |(id, from): &(String, OrderStatus)| {
        let (id, from) = (id.clone(), *from);
        async move {
            let Some(to) = next_status(from) else { return };
            let line = scan(session, id, from, to).await;
            buzz(line.moved);
            beep(line.moved);
            lines.update(|l| {
                l.insert(0, line);
                l.truncate(LINES_KEPT);
            });
            session.changed();
        }
    });
    let submit = move |ev: leptos::ev::SubmitEvent| {
        ev.prevent_default();
        if let Some(id) = scanned_id(&typed.get_untracked()) {
            mover.dispatch((id, from.get_untracked()));
        }
        typed.set(String::new());
        if let Some(input) = field.get() {
            let _ = input.focus();
        }
    };
    let step = move |s: OrderStatus| {
        let to = next_status(s).unwrap_or(s);
        view! {
            <button type="button" class="chip" aria-pressed=move || (from.get() == s).to_string()
                on:click=move |_| from.set(s)>
                {move || format!("{} → {}", i18n.get(status_key(s)), i18n.get(status_key(to)))}
            </button>
        }
    };
    let line_text = move |line: &ScanLine| -> String {
        match &line.why {
            None => format!("✓ {}", line.id),
            Some(ScanProblem::Refused(code)) => {
                format!("✗ {}: {}", line.id, i18n.get(refusal_key(*code)))
            }
            Some(ScanProblem::Failed(message)) => format!("✗ {}: {message}", line.id),
            Some(ScanProblem::Queued) => {
                format!("… {}: {}", line.id, i18n.get(TeamKey::scan_queued))
            }
        }
    };
    view! {
        <section class="scan" aria-labelledby="scan-title">
            <h2 id="scan-title">{team!(i18n, scan_title)}</h2>
            <div class="chips" role="group" aria-label=move || i18n.get(TeamKey::scan_step)>
                {step(OrderStatus::Received)}
                {step(OrderStatus::Packed)}
                {step(OrderStatus::Shipped)}
            </div>
            <form class="scan-form" on:submit=submit>
                <div class="field">
                    <label for="scan-id">{team!(i18n, scan_field)}</label>
                    <input id="scan-id" node_ref=field autofocus autocomplete="off" autocapitalize="characters"
                        enterkeyhint="go" prop:value=move || typed.get() on:input=move |ev| typed.set(event_target_value(&ev))/>
                </div>
                <button type="submit" class="primary">{team!(i18n, scan_submit)}</button>
            </form>
            <Camera on_code=move |raw: String| if let Some(id) = scanned_id(&raw) {
                mover.dispatch((id, from.get_untracked()));
            }/>
            <ol class="scan-lines" aria-live="polite">
                {move || lines.get().into_iter().map(|line| {
                    let class = match (line.moved, &line.why) {
                        (true, _) => "scan-ok",
                        (false, Some(ScanProblem::Queued)) => "scan-wait",
                        _ => "scan-bad",
                    };
                    view! { <li class=class>{move || line_text(&line)}</li> }
                }).collect_view()}
            </ol>
        </section>
    }
}
