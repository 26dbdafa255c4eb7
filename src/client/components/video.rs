//! The producer's short film: inline, never autoplaying, loaded only on demand, with captions in
//! every language.
//!
//! Until the buyer presses play, the page shows the film's poster in a play button, not a
//! `<video>`: a browser builds a whole set of media controls for a `<video>`, which on a cheap
//! phone costs more than the rest of the page's first drawing, for a film most buyers scroll
//! past. Pressing the button puts the player in its place, the same size, and starts it.

use leptos::prelude::*;
use wasm_bindgen::JsCast;

use crate::client::i18n::{lang, t, use_i18n, Locale};
use crate::domain::StoryMedia;

/// The poster in a play button; pressed, `<video controls playsinline>` with WebVTT tracks.
#[component]
pub fn StoryVideo(media: StoryMedia) -> Option<impl IntoView> {
    let i18n = use_i18n();
    media.video.as_ref()?;
    let poster = media.poster.clone();
    let play = move |ev: leptos::ev::MouseEvent| {
        let Some(button) = ev
            .current_target()
            .and_then(|t| t.dyn_into::<web_sys::Element>().ok())
        else {
            return;
        };
        // The player is plain markup the browser parses in one go: no part of it changes later.
        button.set_outer_html(&player_html(&media, lang()));
        if let Some(video) = document()
            .query_selector(".video video")
            .ok()
            .flatten()
            .and_then(|v| v.dyn_into::<web_sys::HtmlMediaElement>().ok())
        {
            // Keyboard and screen-reader focus follow the buyer to the player, and it starts
            // within the press itself (iOS plays sound only for a play() inside the gesture).
            let _ = video.focus();
            let _ = video.play();
        }
    };
    Some(view! {
        <section class="video" aria-labelledby="video-title">
            <h2 id="video-title">{t!(i18n, video_title)}</h2>
            // The button's name is its visible text; the poster is decoration.
            <button type="button" class="video-start" on:click=play>
                {poster.map(|p| view! { <img src=p width="640" height="360" alt="" loading="lazy"/> })}
                <span class="video-play">{t!(i18n, video_play)}</span>
            </button>
            <p class="video-note">{t!(i18n, video_note)}</p>
        </section>
    })
}

/// The player's markup (it never plays by itself: the press starts it); the captions in the
/// buyer's language are on by default.
pub fn player_html(media: &StoryMedia, lang: &str) -> String {
    let mut html = String::from(r#"<video controls playsinline width="640" height="360""#);
    if let Some(poster) = &media.poster {
        html += &format!(r#" poster="{}""#, escape(poster));
    }
    html += ">";
    if let Some(src) = &media.video {
        html += &format!(r#"<source src="{}" type="video/mp4">"#, escape(src));
    }
    for (tag, path) in &media.captions {
        let label = Locale::from_tag(tag).map_or(tag.as_str(), |l| l.name());
        html += &format!(
            r#"<track kind="captions" src="{}" srclang="{}" label="{}"{}>"#,
            escape(path),
            escape(tag),
            escape(label),
            if tag == lang { " default" } else { "" }
        );
    }
    html + "</video>"
}

/// Text made safe inside a double-quoted attribute.
fn escape(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('"', "&quot;")
        .replace('<', "&lt;")
}
