//! The storefront: the producer and her story, the video, the countdown, the boxes and the
//! impact (both live), the order form and its confirmation (or, for an order paid online, the
//! way to pay it: the provider's page, or the tracking page that shows it), and sharing.
//!
//! Live numbers come from polling `GET /api/storefront` every 5 seconds: simpler than
//! server-sent events behind any proxy or CDN, cheap because the server answers from memory
//! (and revalidates with an ETag), and it keeps the page at most ~5 s behind.

use std::time::Duration;

use leptos::prelude::*;

use crate::client::api::{self, ApiError};
use crate::client::clock::{local_now_ms, offset_ms, parse_ms};
use crate::client::components::outcome_text;
use crate::client::components::{
    remove_shell, BoxList, Confirmation, Countdown, ImpactPanel, OrderForm, ShareButton, StoryVideo,
};
use crate::client::format::in_language;
use crate::client::i18n::{lang, t, t_string, use_i18n, Key};
use crate::client::live::live;
use crate::client::order_flow::Outcome;
use crate::client::payment::after_order;
use crate::client::pwa::{self, Flushed};
use crate::client::router::{here, producer_slug, use_location};
use crate::client::storage::{PlacedWith, SavedOrder};
use crate::domain::{OrderCreated, RefTag, Storefront};

const REFRESH: Duration = Duration::from_secs(5);
const STALLED_MS: i64 = 20_000;

/// The storefront's parts, top to bottom, in the order they are drawn.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Stage {
    /// The producer, her story and the film: what the static first screen showed.
    Story,
    /// Whether the sale is open, the countdown, the boxes and the impact.
    Sale,
    /// The order form (or the confirmation), the orders waiting in the outbox, sharing.
    Form,
}

impl Stage {
    fn next(self) -> Option<Stage> {
        match self {
            Stage::Story => Some(Stage::Sale),
            Stage::Sale => Some(Stage::Form),
            Stage::Form => None,
        }
    }
}

/// Draws `stage` in this task and each stage below it in a task of its own: between them the
/// phone can paint, and answer a tap.
fn draw_from(drawn: RwSignal<Option<Stage>>, stage: Stage) {
    drawn.try_set(Some(stage));
    if let Some(next) = stage.next() {
        set_timeout(move || draw_from(drawn, next), Duration::ZERO);
    }
}

/// The page at `/`, or at `/p/{slug}` for that producer of a market.
#[component]
pub fn Home() -> impl IntoView {
    let i18n = use_i18n();
    let data = RwSignal::new(None::<Storefront>);
    // The page is drawn in stages, one task each, top to bottom (see `Stage`), so a cheap phone
    // never freezes for the whole page at once. Each stage sits below the last: nothing moves.
    let drawn = RwSignal::new(None::<Stage>);
    let error = RwSignal::new(None::<ApiError>);
    let offset = RwSignal::new(0i64);
    let now = RwSignal::new(local_now_ms());
    // One read at a time: on a slow connection a poll waits for the one still on its way,
    // unless that one has hung for longer than `STALLED` (a fetch has no timeout of its own).
    let loading_since = StoredValue::new(None::<i64>);
    let load = move |first: bool| {
        let started = local_now_ms();
        if loading_since
            .get_value()
            .is_some_and(|since| started - since < STALLED_MS)
        {
            return;
        }
        loading_since.set_value(Some(started));
        leptos::task::spawn_local(async move {
            // The first read bypasses every cache so the clock is set by the server's own
            // time; if that fails (offline), the cached storefront still fills the page.
            let answer = match api::storefront(first).await {
                Err(ApiError::Network(_)) if first => api::storefront(false).await,
                other => other,
            };
            loading_since.try_set_value(None);
            match answer {
                Ok((s, clock_ok)) => {
                    if let Some(server) = parse_ms(&s.server_time).filter(|_| clock_ok) {
                        offset.try_set(offset_ms(server, local_now_ms()));
                    }
                    data.try_set(Some(s));
                    error.try_set(None);
                    if drawn.get_untracked().is_none() {
                        remove_shell();
                        draw_from(drawn, Stage::Story);
                    }
                }
                // Without data the static first screen (the story) stays, with the message
                // below it.
                Err(e) => {
                    error.try_set(Some(e));
                }
            }
        });
    };
    if let Ok(h) = set_interval_with_handle(move || load(false), REFRESH) {
        on_cleanup(move || h.clear());
    }
    if let Ok(h) = set_interval_with_handle(
        move || now.set(local_now_ms() + offset.get_untracked()),
        Duration::from_secs(1),
    ) {
        on_cleanup(move || h.clear());
    }
    let ref_tag = untrack(|| use_location().query("ref"))
        .and_then(|r| RefTag::parse(&r).ok().flatten())
        .map(|r| r.to_string())
        .unwrap_or_default();
    let placed = RwSignal::new(None::<OrderCreated>);
    // An order paid online goes straight on to be paid (it is already in "My orders"); the
    // confirmation shows meanwhile, its tracking link at hand if the next page is slow.
    let on_placed = move |order: OrderCreated| {
        let tracking = SavedOrder::from(&order).tracking_path();
        if let Some(address) = after_order(order.payment.as_deref(), &tracking) {
            let _ = window().location().assign(&address);
        }
        placed.set(Some(order));
    };

    // Orders waiting in the phone's outbox: sent when the page opens, when the connection
    // returns, and when the service worker says it has sent them (Background Sync).
    let waiting = RwSignal::new(0usize);
    let outbox_refusal = RwSignal::new(None::<Outcome>);
    let flush = move || {
        leptos::task::spawn_local(async move {
            let (settled, still) = pwa::flush().await;
            waiting.set(still);
            for result in settled {
                match result {
                    Flushed::Placed(order) => on_placed(order),
                    Flushed::Refused(outcome) => outbox_refusal.set(Some(outcome)),
                }
            }
        })
    };
    // The first read and the outbox start in the task after the one that mounts the page: each
    // is short on its own, and a cheap phone can paint between them.
    set_timeout(
        move || {
            load(true);
            flush();
        },
        Duration::ZERO,
    );
    let online = window_event_listener(leptos::ev::online, move |_| flush());
    let answered = window_event_listener_untyped("orchard-outbox-answered", move |_| flush());
    on_cleanup(move || {
        online.remove();
        answered.remove();
    });

    // Each stage is drawn once; later reads update the page in place.
    let from = move |stage: Stage| Memo::new(move |_| drawn.get().is_some_and(|d| d >= stage));
    let (shown, from_sale, from_form) = (from(Stage::Story), from(Stage::Sale), from(Stage::Form));
    view! {
        // Nothing of the page takes room until the storefront is here: the static first screen
        // holds the place, and is swapped for the page in one go (no layout shift).
        {move || match (data.with(Option::is_some), error.get()) {
            (false, Some(_)) => Some(view! { <p class="error" role="alert">{t!(i18n, network_error)}</p> }),
            _ => None,
        }}
        {move || shown.get().then(|| view! {
            <main class="page home">
                {
                    let s = data.get_untracked().expect("shown only with data");
                    let producer = s.producer.clone();
                    let (opens, closes, harvest) = (
                        parse_ms(&s.sale.opens_at).unwrap_or_default(),
                        s.sale.closes_at.as_deref().and_then(parse_ms),
                        parse_ms(&s.sale.harvest_at).unwrap_or_default(),
                    );
                    let boxes = Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.boxes.clone()).unwrap_or_default()));
                    let impact = Signal::derive(move || data.with(|d| d.as_ref().map(|d| d.impact).unwrap_or_default()));
                    let open = Signal::derive(move || {
                        let t = now.get();
                        t >= opens && closes.is_none_or(|c| t < c) && boxes.with(|b| b.iter().any(|b| b.available > 0))
                    });
                    let (name, place, story) = (producer.name.clone(), producer.place.clone(), producer.story.clone());
                    let ref_tag = ref_tag.clone();
                    // This page's own address (`/`, `/p/{slug}`): what its orders are placed with
                    // and what it shares.
                    let page = here();
                    let slug = producer_slug(&page).map(str::to_owned);
                    let page = if slug.is_some() { page } else { "/".to_owned() };
                    let placed_with = PlacedWith::new(slug, &name);
                    let methods = s.payment_methods.clone();
                    view! {
                        <header class="hero">
                            <img src=producer.media.picture.clone() width="640" height="360" alt=""/>
                            <div class="hero-text">
                                <p class="greeting" lang="bo">{producer.greeting.clone()}</p>
                                <h1>{live(move || in_language(&name, lang()))}</h1>
                                <p class="place">{live(move || in_language(&place, lang()))}</p>
                            </div>
                        </header>
                        <section class="story" aria-label=move || t_string!(i18n, story_title)>
                            {move || {
                                let l = lang();
                                story.get(l).or_else(|| story.get("en")).cloned().unwrap_or_default()
                                    .into_iter().map(|p| view! { <p>{p}</p> }).collect_view()
                            }}
                        </section>
                        <StoryVideo media=producer.media.clone()/>
                        {move || from_sale.get().then(|| view! {
                            <p class="sale-state" role="status">
                                {move || {
                                    let t = now.get();
                                    i18n.get(if t < opens {
                                        Key::sale_upcoming
                                    } else if closes.is_some_and(|c| t >= c) {
                                        Key::sale_closed
                                    } else if open.get() {
                                        Key::sale_open
                                    } else {
                                        Key::sale_sold_out
                                    })
                                }}
                            </p>
                            <Countdown now opens_ms=opens harvest_ms=harvest/>
                            <section class="sale" aria-labelledby="boxes-title">
                                <h2 id="boxes-title">{t!(i18n, boxes_title)}</h2>
                                <BoxList boxes/>
                            </section>
                            <ImpactPanel impact/>
                        })}
                        {move || from_form.get().then(|| {
                            let (ref_tag, page, placed_with, methods) = (ref_tag.clone(), page.clone(), placed_with.clone(), methods.clone());
                            view! {
                                {move || match placed.get() {
                                    Some(order) => view! {
                                        <Confirmation order on_again=Callback::new(move |_| placed.set(None))/>
                                    }.into_any(),
                                    None => view! {
                                        <OrderForm boxes open ref_tag=ref_tag.clone() producer=placed_with.clone() methods=methods.clone() on_placed=Callback::new(on_placed)
                                            on_queued=Callback::new(move |_| waiting.update(|w| *w += 1))/>
                                    }.into_any(),
                                }}
                                {move || (waiting.get() > 0).then(|| view! {
                                    <p class="outbox-waiting" role="status">{t!(i18n, outbox_waiting)}</p>
                                })}
                                {move || outbox_refusal.get().map(|o| view! {
                                    <p class="outcome" role="alert">{i18n.show(outcome_text(&o))}</p>
                                })}
                                <p class="share-page"><ShareButton path=page.clone() page=true/></p>
                            }
                        })}
                    }
                }
            </main>
        })}
    }
}
