//! The producer's short film: inline, never autoplaying, loaded only on demand, with captions in
//! every language.

use leptos::prelude::*;

use super::lang;
use crate::client::i18n::{t, use_i18n, Locale};
use crate::domain::StoryMedia;

/// `<video controls playsinline preload="none">` with a poster and WebVTT tracks.
#[component]
pub fn StoryVideo(media: StoryMedia) -> Option<impl IntoView> {
    let i18n = use_i18n();
    let src = media.video.clone()?;
    Some(view! {
        <section class="video" aria-labelledby="video-title">
            <h2 id="video-title">{t!(i18n, video_title)}</h2>
            <video controls=true playsinline=true preload="none" poster=media.poster.clone() width="640" height="360">
                <source src=src type="video/mp4"/>
                {media
                    .captions
                    .iter()
                    .map(|(tag, path)| {
                        let label = Locale::from_tag(tag).map_or_else(|| tag.clone(), |l| l.name().to_owned());
                        let (tag, mine) = (tag.clone(), tag.clone());
                        let default = move || lang() == mine;
                        view! { <track kind="captions" src=path.clone() srclang=tag.clone() label=label default=default/> }
                    })
                    .collect_view()}
            </video>
            <p class="video-note">{t!(i18n, video_note)}</p>
        </section>
    })
}
