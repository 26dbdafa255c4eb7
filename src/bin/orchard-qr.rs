//! The team's QR decoder in the browser: a Web Worker of its own (Trunk `data-type="worker"`,
//! `dist/scan/orchard-qr_loader.js`), started by the scan view's camera only where the browser
//! cannot read QR codes itself (iPhones' Safari, desktop Chromium), so the team's page never
//! carries rqrr and never decodes on its own thread. It says `{ready: true}` once its
//! WebAssembly runs (a frame sent earlier would be lost), then answers each frame
//! `{rgba, width, height}` (a canvas's `ImageData` pixels) with `{code}`: the text of the QR
//! code it read, or null.

/// The frame rules, compiled into the worker from the library's own file rather than by linking
/// the `orchard` library: a linked library brings every `#[wasm_bindgen]` export of its
/// dependencies along (gloo-net's stream classes and their glue: 7 KB brotli of the worker).
/// The repeat rule in that file is the page's, not the worker's.
#[cfg(target_arch = "wasm32")]
#[allow(dead_code)]
#[path = "../qr.rs"]
mod qr;

#[cfg(target_arch = "wasm32")]
fn main() {
    use wasm_bindgen::prelude::*;
    use wasm_bindgen::JsCast;

    /// The code in one frame message, if the message is a frame and a code can be read in it.
    fn read(frame: &JsValue) -> Option<String> {
        let field = |key: &str| js_sys::Reflect::get(frame, &key.into()).ok();
        let width = field("width")?.as_f64()? as usize;
        let height = field("height")?.as_f64()? as usize;
        let rgba = field("rgba")?
            .dyn_into::<js_sys::Uint8ClampedArray>()
            .ok()?
            .to_vec();
        qr::read_qr(&qr::luma(&rgba), width, height)
    }

    fn post(scope: &web_sys::DedicatedWorkerGlobalScope, key: &str, value: &JsValue) {
        let message = js_sys::Object::new();
        let _ = js_sys::Reflect::set(&message, &key.into(), value);
        let _ = scope.post_message(&message);
    }

    let scope: web_sys::DedicatedWorkerGlobalScope = js_sys::global().unchecked_into();
    let replies = scope.clone();
    let on_frame =
        Closure::<dyn Fn(web_sys::MessageEvent)>::new(move |event: web_sys::MessageEvent| {
            let code = read(&event.data()).map_or(JsValue::NULL, JsValue::from);
            post(&replies, "code", &code);
        });
    scope.set_onmessage(Some(on_frame.as_ref().unchecked_ref()));
    // The handler lives as long as the worker: the page ends it with `terminate()`.
    on_frame.forget();
    post(&scope, "ready", &JsValue::TRUE);
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`orchard-qr` is the team's QR decoder, a Web Worker in the browser: Trunk builds it with `trunk build admin/index.html`. Run the shop with `orchard-server`.");
    std::process::exit(2);
}
