//! The storefront: the producer, the sale's state and the boxes, from `/api/storefront`.

use leptos::prelude::*;

use crate::client::api;
use crate::client::components::BoxList;
use crate::domain::{SaleState, Storefront};

fn first(map: &std::collections::BTreeMap<String, String>) -> &str {
    map.get("en")
        .or_else(|| map.values().next())
        .map(String::as_str)
        .unwrap_or_default()
}

fn sale_label(state: SaleState) -> &'static str {
    match state {
        SaleState::Upcoming => "The sale opens soon",
        SaleState::Open => "The sale is open",
        SaleState::SoldOut => "Sold out — thank you!",
        SaleState::Closed => "The sale has ended",
    }
}

/// The storefront's content once loaded.
#[component]
fn StorefrontView(storefront: Storefront) -> impl IntoView {
    let producer = storefront.producer;
    let story = producer
        .story
        .get("en")
        .or_else(|| producer.story.values().next())
        .cloned()
        .unwrap_or_default();
    view! {
        <header class="hero">
            <img src=producer.media.picture.clone() width="640" height="360" alt=""/>
            <div class="hero-text">
                <p class="greeting" lang="bo">{producer.greeting.clone()}</p>
                <h1>{first(&producer.name).to_owned()}</h1>
                <p class="place">{first(&producer.place).to_owned()}</p>
            </div>
        </header>
        <section class="story">
            {story.into_iter().map(|p| view! { <p>{p}</p> }).collect_view()}
        </section>
        <section class="sale" aria-labelledby="sale-title">
            <h2 id="sale-title">{sale_label(storefront.sale.state)}</h2>
            <BoxList boxes=storefront.boxes/>
        </section>
    }
}

/// The page at `/`.
#[component]
pub fn Home() -> impl IntoView {
    let storefront = LocalResource::new(api::storefront);
    view! {
        <main class="page home">
            <Transition fallback=|| view! { <p class="loading">"Loading the orchard…"</p> }>
                <ErrorBoundary fallback=|errors| {
                    view! {
                        <div class="error" role="alert">
                            {move || errors.get().into_iter().map(|(_, e)| view! { <p>{e.to_string()}</p> }).collect_view()}
                        </div>
                    }
                }>
                    {move || Suspend::new(async move {
                        storefront.await.map(|s| view! { <StorefrontView storefront=s/> })
                    })}
                </ErrorBoundary>
            </Transition>
        </main>
    }
}
