//! The two ways the scan view's camera reads a label's QR code in a video frame: the
//! browser's own `BarcodeDetector` where it reads QR codes (Chrome on Android), else the
//! `orchard-qr` Web Worker (rqrr compiled to WebAssembly, for iPhones), fetched only when the
//! camera starts. Both take one frame at a time and hand the code they read, if any, to
//! `found`; a frame offered while the last is still being read is skipped.

use std::cell::Cell;
use std::rc::Rc;

use leptos::prelude::*;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{
    CanvasRenderingContext2d, HtmlCanvasElement, HtmlVideoElement, MessageEvent, Worker,
};

/// The worker's loader (Trunk's shim: it imports the glue and starts the WebAssembly).
const WORKER_URL: &str = "/scan/orchard-qr_loader.js";
/// The widest frame handed to the worker: a label held up fills much of the view, and rqrr's
/// time grows with the pixels (640×480 reads in tens of ms on a phone).
const WORKER_WIDTH: u32 = 640;
/// How long the worker may take to load before the camera gives up on it (ms).
const WORKER_LOAD_MS: i32 = 20_000;

/// Which reader the camera uses (shown on the page as `data-decoder`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Decoder {
    /// The browser's `BarcodeDetector`.
    Browser,
    /// The `orchard-qr` worker (rqrr).
    Worker,
}

impl Decoder {
    /// The name the page shows for it.
    pub fn name(self) -> &'static str {
        match self {
            Decoder::Browser => "barcode-detector",
            Decoder::Worker => "rqrr-worker",
        }
    }
}

/// A reader ready for frames.
pub struct QrReader {
    kind: Kind,
    busy: Rc<Cell<bool>>,
}

enum Kind {
    Browser(JsValue),
    Worker {
        worker: Worker,
        canvas: HtmlCanvasElement,
        _replies: Closure<dyn Fn(MessageEvent)>,
    },
}

fn get(target: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(target, &key.into()).unwrap_or(JsValue::UNDEFINED)
}

fn call(target: &JsValue, method: &str, args: &[&JsValue]) -> Result<JsValue, JsValue> {
    let f: js_sys::Function = get(target, method).dyn_into()?;
    f.apply(target, &args.iter().copied().collect())
}

/// The browser's `BarcodeDetector` for QR codes, if it has one that reads them.
async fn browser_detector() -> Option<JsValue> {
    let class = get(&window(), "BarcodeDetector");
    if class.is_undefined() {
        return None;
    }
    let formats = call(&class, "getSupportedFormats", &[]).ok()?;
    let formats = JsFuture::from(js_sys::Promise::from(formats)).await.ok()?;
    let qr = JsValue::from("qr_code");
    if !js_sys::Array::from(&formats).includes(&qr, 0) {
        return None;
    }
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"formats".into(), &js_sys::Array::of1(&qr)).ok()?;
    let class: js_sys::Function = class.dyn_into().ok()?;
    js_sys::Reflect::construct(&class, &js_sys::Array::of1(&options)).ok()
}

/// The worker, once it says it is ready; an error if it cannot load (offline, blocked).
async fn ready_worker() -> Result<Worker, JsValue> {
    let worker = Worker::new(WORKER_URL)?;
    let ready = js_sys::Promise::new(&mut |resolve, reject| {
        worker.set_onmessage(Some(&resolve));
        worker.set_onerror(Some(&reject));
        let _ =
            window().set_timeout_with_callback_and_timeout_and_arguments_0(&reject, WORKER_LOAD_MS);
    });
    let answer = JsFuture::from(ready).await;
    worker.set_onerror(None);
    match answer {
        Ok(message) if get(&get(&message, "data"), "ready").is_truthy() => Ok(worker),
        Ok(_) | Err(_) => {
            worker.terminate();
            Err(JsValue::from("the QR worker did not start"))
        }
    }
}

impl QrReader {
    /// The browser's reader where it has one for QR codes, else the worker; each code read
    /// goes to `found`.
    pub async fn start(found: impl Fn(String) + 'static) -> Result<Self, JsValue> {
        let busy = Rc::new(Cell::new(false));
        if let Some(detector) = browser_detector().await {
            return Ok(Self {
                kind: Kind::Browser(detector),
                busy,
            });
        }
        let worker = ready_worker().await?;
        let idle = busy.clone();
        let replies = Closure::<dyn Fn(MessageEvent)>::new(move |event: MessageEvent| {
            idle.set(false);
            if let Some(code) = get(&event.data(), "code").as_string() {
                found(code);
            }
        });
        worker.set_onmessage(Some(replies.as_ref().unchecked_ref()));
        let canvas: HtmlCanvasElement = document().create_element("canvas")?.dyn_into()?;
        let kind = Kind::Worker {
            worker,
            canvas,
            _replies: replies,
        };
        Ok(Self { kind, busy })
    }

    /// Which reader this is.
    pub fn decoder(&self) -> Decoder {
        match self.kind {
            Kind::Browser(_) => Decoder::Browser,
            Kind::Worker { .. } => Decoder::Worker,
        }
    }

    /// Reads the video's current frame, unless the last frame is still being read or the
    /// video has no picture yet. With the browser's reader, `found` is called here.
    pub fn offer(&self, video: &HtmlVideoElement, found: impl Fn(String) + 'static) {
        if self.busy.get() || video.ready_state() < 2 || video.video_width() == 0 {
            return;
        }
        let sent = match &self.kind {
            Kind::Browser(detector) => self.detect(detector, video, found),
            Kind::Worker { worker, canvas, .. } => send_frame(worker, canvas, video),
        };
        self.busy.set(sent.is_ok());
    }

    fn detect(
        &self,
        detector: &JsValue,
        video: &HtmlVideoElement,
        found: impl Fn(String) + 'static,
    ) -> Result<(), JsValue> {
        let codes = JsFuture::from(js_sys::Promise::from(call(detector, "detect", &[video])?));
        let busy = self.busy.clone();
        leptos::task::spawn_local(async move {
            let codes = codes.await;
            busy.set(false);
            let first = codes.ok().map(|codes| js_sys::Array::from(&codes).get(0));
            if let Some(code) = first.and_then(|c| get(&c, "rawValue").as_string()) {
                found(code);
            }
        });
        Ok(())
    }

    /// Ends the reader (the worker with it).
    pub fn stop(&self) {
        if let Kind::Worker { worker, .. } = &self.kind {
            worker.terminate();
        }
    }
}

/// Draws the frame (at most `WORKER_WIDTH` wide) and hands its pixels to the worker, moved, not
/// copied.
fn send_frame(
    worker: &Worker,
    canvas: &HtmlCanvasElement,
    video: &HtmlVideoElement,
) -> Result<(), JsValue> {
    let (w, h) = (video.video_width(), video.video_height());
    let scale = f64::from(WORKER_WIDTH.min(w)) / f64::from(w);
    let (w, h) = ((f64::from(w) * scale) as u32, (f64::from(h) * scale) as u32);
    canvas.set_width(w);
    canvas.set_height(h);
    let options = js_sys::Object::new();
    js_sys::Reflect::set(&options, &"willReadFrequently".into(), &JsValue::TRUE)?;
    let context: CanvasRenderingContext2d = canvas
        .get_context_with_context_options("2d", &options)?
        .ok_or_else(|| JsValue::from("no 2d canvas"))?
        .dyn_into()?;
    context.draw_image_with_html_video_element_and_dw_and_dh(
        video,
        0.0,
        0.0,
        w.into(),
        h.into(),
    )?;
    let pixels = context.get_image_data(0.0, 0.0, w.into(), h.into())?;
    let rgba = get(&pixels, "data");
    let frame = js_sys::Object::new();
    js_sys::Reflect::set(&frame, &"rgba".into(), &rgba)?;
    js_sys::Reflect::set(&frame, &"width".into(), &w.into())?;
    js_sys::Reflect::set(&frame, &"height".into(), &h.into())?;
    worker.post_message_with_transfer(&frame, &js_sys::Array::of1(&get(&rgba, "buffer")))
}
