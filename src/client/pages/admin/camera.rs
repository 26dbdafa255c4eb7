//! The phone's camera as a scanner, where the browser has `BarcodeDetector` (Chrome on
//! Android): the back camera's picture in a small video, read for QR codes four times a second,
//! each label handed to the scan view once (the same label held in view is not scanned again
//! for a few seconds). Found through `js_sys::Reflect`, so browsers without it cost nothing and
//! the bundle carries no bindings it does not use.

use std::time::Duration;

use js_sys::{Array, Function, Object, Promise, Reflect};
use leptos::prelude::*;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;

use crate::client::i18n::{team, use_i18n};

/// The same code seen again within this many milliseconds is the same box still in view.
pub const SAME_CODE_MS: f64 = 3_000.0;

/// Whether a code read at `now` is a new scan, after the `last` one read (and when).
pub fn fresh_scan(last: Option<&(String, f64)>, code: &str, now: f64) -> bool {
    !code.trim().is_empty()
        && last.is_none_or(|(seen, at)| seen != code || now - at >= SAME_CODE_MS)
}

fn get(target: &JsValue, name: &str) -> Option<JsValue> {
    Reflect::get(target, &name.into())
        .ok()
        .filter(|v| !v.is_undefined() && !v.is_null())
}

fn call(target: &JsValue, name: &str, args: &Array) -> Option<JsValue> {
    let method: Function = get(target, name)?.dyn_into().ok()?;
    Reflect::apply(&method, target, args).ok()
}

/// Whether this browser reads barcodes itself.
pub fn camera_scanning_available() -> bool {
    get(&window(), "BarcodeDetector").is_some()
        && get(&window().navigator(), "mediaDevices").is_some()
}

fn object(pairs: &[(&str, JsValue)]) -> JsValue {
    let o = Object::new();
    for (k, v) in pairs {
        let _ = Reflect::set(&o, &(*k).into(), v);
    }
    o.into()
}

async fn open_camera(video: &JsValue) -> Option<(JsValue, JsValue)> {
    let constraints = object(&[("video", object(&[("facingMode", "environment".into())]))]);
    let devices = get(&window().navigator(), "mediaDevices")?;
    let stream = call(&devices, "getUserMedia", &Array::of1(&constraints))?;
    let stream = JsFuture::from(stream.dyn_into::<Promise>().ok()?)
        .await
        .ok()?;
    Reflect::set(video, &"srcObject".into(), &stream).ok()?;
    if let Some(playing) = call(video, "play", &Array::new()) {
        let _ = JsFuture::from(playing.dyn_into::<Promise>().ok()?).await;
    }
    let ctor: Function = get(&window(), "BarcodeDetector")?.dyn_into().ok()?;
    let formats = Array::of1(&"qr_code".into());
    let detector =
        Reflect::construct(&ctor, &Array::of1(&object(&[("formats", formats.into())]))).ok()?;
    Some((stream, detector))
}

fn stop_camera(stream: &JsValue) {
    if let Some(tracks) = call(stream, "getTracks", &Array::new()) {
        for track in Array::from(&tracks).iter() {
            let _ = call(&track, "stop", &Array::new());
        }
    }
}

async fn read_code(detector: &JsValue, video: &JsValue) -> Option<String> {
    let found = call(detector, "detect", &Array::of1(video))?;
    let found = JsFuture::from(found.dyn_into::<Promise>().ok()?)
        .await
        .ok()?;
    let first = Array::from(&found).get(0);
    get(&first, "rawValue")?.as_string()
}

/// The camera switch and its picture; `on_code` gets each new label read.
#[component]
pub fn CameraScan(on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let video = NodeRef::<leptos::html::Video>::new();
    let running = RwSignal::new(false);
    let failed = RwSignal::new(false);
    let camera = StoredValue::new_local(None::<(JsValue, JsValue)>);
    let last = StoredValue::new(None::<(String, f64)>);
    let busy = StoredValue::new(false);
    let stop = move || {
        if let Some((stream, _)) = camera.get_value() {
            stop_camera(&stream);
        }
        camera.set_value(None);
        running.set(false);
    };
    let tick = set_interval_with_handle(
        move || {
            let (Some((_, detector)), Some(el)) = (camera.get_value(), video.get_untracked())
            else {
                return;
            };
            if busy.get_value() {
                return;
            }
            busy.set_value(true);
            leptos::task::spawn_local(async move {
                let el: JsValue = el.into();
                if let Some(code) = read_code(&detector, &el).await {
                    let now = js_sys::Date::now();
                    if last.with_value(|l| fresh_scan(l.as_ref(), &code, now)) {
                        last.set_value(Some((code.clone(), now)));
                        on_code.run(code);
                    }
                }
                busy.set_value(false);
            });
        },
        Duration::from_millis(250),
    );
    on_cleanup(move || {
        if let Ok(t) = tick {
            t.clear();
        }
        stop();
    });
    let start = move |_| {
        failed.set(false);
        let Some(el) = video.get_untracked() else {
            return;
        };
        running.set(true);
        leptos::task::spawn_local(async move {
            match open_camera(&el.into()).await {
                Some(opened) => camera.set_value(Some(opened)),
                None => {
                    failed.set(true);
                    running.set(false);
                }
            }
        });
    };
    view! {
        <div class="camera">
            <button type="button" class="secondary" aria-pressed=move || running.get().to_string()
                on:click=move |ev| if running.get_untracked() { stop() } else { start(ev) }>
                {team!(i18n, scan_camera)}
            </button>
            <video node_ref=video class="camera-view" playsinline="" muted="" hidden=move || !running.get()></video>
            {move || failed.get().then(|| view! { <p class="field-error" role="alert">{team!(i18n, camera_failed)}</p> })}
        </div>
    }
}
