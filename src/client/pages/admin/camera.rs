//! The scan view's camera: the phone's rear camera in a `<video>`, a frame read every 250 ms
//! (qr_reader: the browser's `BarcodeDetector` or the rqrr worker), each label's code passed on
//! once however long the box stays in view (`qr::RepeatGuard`) to the same move as a typed
//! id, and a short beep for each answer (high for ✓, low and rough for ✗). The camera stops
//! when the helper says so or leaves the view; when it is refused or absent the view says so
//! and the typed field still works.

use std::cell::{Cell, RefCell};
use std::rc::Rc;
use std::time::Duration;

use leptos::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::JsFuture;
use web_sys::{AudioContext, MediaStream, MediaStreamTrack, OscillatorType};

use super::qr_reader::{Decoder, QrReader};
use crate::client::i18n::{team, use_i18n, TeamKey};
use crate::qr::RepeatGuard;

/// How often a frame is read.
const FRAME_EVERY: Duration = Duration::from_millis(250);

/// What the camera is doing.
#[derive(Clone, Copy, Debug, PartialEq)]
enum CameraState {
    Off,
    Starting,
    On(Decoder),
    /// It could not run, and why (in the team's words).
    Problem(TeamKey),
}

/// The camera while it runs: its tracks, the reader and the frame timer.
struct Running {
    stream: MediaStream,
    reader: Rc<QrReader>,
    timer: IntervalHandle,
}

thread_local! {
    /// The one camera running on the page, if any.
    static RUNNING: RefCell<Option<Running>> = const { RefCell::new(None) };
    /// Bumped by every start and stop, so a start still waiting for the camera when the helper
    /// stops it (or leaves) lets the camera go as soon as it arrives.
    static ATTEMPT: Cell<u32> = const { Cell::new(0) };
    /// The page's sound, made on the helper's tap (browsers allow sound only after one).
    static AUDIO: RefCell<Option<AudioContext>> = const { RefCell::new(None) };
}

fn stop_tracks(stream: &MediaStream) {
    for track in stream.get_tracks() {
        track.unchecked_into::<MediaStreamTrack>().stop();
    }
}

/// Turns the camera off: tracks stopped (the phone's camera light goes out), worker ended.
fn stop_camera() {
    ATTEMPT.set(ATTEMPT.get().wrapping_add(1));
    if let Some(running) = RUNNING.take() {
        running.timer.clear();
        stop_tracks(&running.stream);
        running.reader.stop();
    }
}

fn unlock_sound() {
    AUDIO.with_borrow_mut(|audio| {
        if audio.is_none() {
            *audio = AudioContext::new().ok();
        }
        if let Some(context) = audio.as_ref() {
            let _ = context.resume();
        }
    });
}

fn tone(context: &AudioContext, ok: bool) -> Result<(), wasm_bindgen::JsValue> {
    let (hertz, shape, seconds) = if ok {
        (1320.0, OscillatorType::Sine, 0.12)
    } else {
        (196.0, OscillatorType::Square, 0.45)
    };
    let oscillator = context.create_oscillator()?;
    let gain = context.create_gain()?;
    let now = context.current_time();
    oscillator.set_type(shape);
    oscillator.frequency().set_value(hertz);
    gain.gain().set_value_at_time(0.25, now)?;
    gain.gain()
        .exponential_ramp_to_value_at_time(0.001, now + seconds)?;
    oscillator.connect_with_audio_node(&gain)?;
    gain.connect_with_audio_node(&context.destination())?;
    oscillator.start()?;
    oscillator.stop_with_when(now + seconds)
}

/// A short beep for a scan's answer, once the camera has been turned on (the tap that
/// turned it on lets the page make sound); silent before.
pub fn beep(ok: bool) {
    AUDIO.with_borrow(|audio| {
        if let Some(context) = audio {
            let _ = tone(context, ok);
        }
    });
}

/// Why the browser gave no camera, in the team's words.
fn camera_problem(error: &wasm_bindgen::JsValue) -> TeamKey {
    let name = error
        .dyn_ref::<web_sys::DomException>()
        .map(|e| e.name())
        .unwrap_or_default();
    match name.as_str() {
        "NotAllowedError" | "SecurityError" => TeamKey::camera_refused,
        "NotFoundError" | "OverconstrainedError" => TeamKey::camera_absent,
        _ => TeamKey::camera_failed,
    }
}

/// The rear camera's stream (any camera where there is no rear one).
async fn open_camera() -> Result<MediaStream, TeamKey> {
    let navigator = window().navigator();
    // No `mediaDevices` at all on a page that is not https (or in an old browser).
    if !js_sys::Reflect::has(&navigator, &"mediaDevices".into()).unwrap_or(false) {
        return Err(TeamKey::camera_absent);
    }
    let devices = navigator
        .media_devices()
        .map_err(|_| TeamKey::camera_absent)?;
    let wanted = web_sys::MediaStreamConstraints::new();
    let video = js_sys::Object::new();
    let facing = js_sys::Object::new();
    let _ = js_sys::Reflect::set(&facing, &"ideal".into(), &"environment".into());
    let _ = js_sys::Reflect::set(&video, &"facingMode".into(), &facing);
    wanted.set_video(&video);
    wanted.set_audio(&false.into());
    let asked = devices
        .get_user_media_with_constraints(&wanted)
        .map_err(|e| camera_problem(&e))?;
    let stream = JsFuture::from(asked)
        .await
        .map_err(|e| camera_problem(&e))?;
    stream.dyn_into().map_err(|_| TeamKey::camera_failed)
}

/// The camera button, the video while it runs, and what went wrong when it cannot run. Each
/// new code read goes to `on_code`, as a typed id would.
#[component]
pub fn Camera(#[prop(into)] on_code: Callback<String>) -> impl IntoView {
    let i18n = use_i18n();
    let state = RwSignal::new(CameraState::Off);
    let video = NodeRef::<leptos::html::Video>::new();
    on_cleanup(stop_camera);
    let start = move |_| {
        stop_camera();
        unlock_sound();
        let attempt = ATTEMPT.get();
        state.set(CameraState::Starting);
        leptos::task::spawn_local(async move {
            let running = run(video, on_code, attempt).await;
            match running {
                Ok(decoder) => state.try_set(CameraState::On(decoder)),
                Err(Some(problem)) => state.try_set(CameraState::Problem(problem)),
                Err(None) => None,
            };
        });
    };
    let stop = move |_| {
        stop_camera();
        state.set(CameraState::Off);
    };
    let on = move || matches!(state.get(), CameraState::On(_) | CameraState::Starting);
    let decoder = move || match state.get() {
        CameraState::On(decoder) => decoder.name(),
        _ => "",
    };
    let said = move || match state.get() {
        CameraState::Off => "",
        CameraState::Starting => i18n.get(TeamKey::camera_starting),
        CameraState::On(_) => i18n.get(TeamKey::camera_hint),
        CameraState::Problem(key) => i18n.get(key),
    };
    view! {
        <div class="camera" role="group" aria-label=move || i18n.get(TeamKey::camera_label) data-decoder=decoder>
            <Show when=on fallback=move || view! {
                <button type="button" class="primary" on:click=start>{team!(i18n, camera_start)}</button>
            }>
                <button type="button" class="secondary" on:click=stop>{team!(i18n, camera_stop)}</button>
            </Show>
            <video node_ref=video prop:muted=true autoplay playsinline="" hidden=move || !on()></video>
            <p role="status">{said}</p>
        </div>
    }
}

/// Opens the camera into `video` and starts reading frames; the reader it uses, or why it
/// cannot run (nothing when the helper stopped it meanwhile).
async fn run(
    video: NodeRef<leptos::html::Video>,
    on_code: Callback<String>,
    attempt: u32,
) -> Result<Decoder, Option<TeamKey>> {
    let stream = open_camera().await.map_err(Some)?;
    let still_wanted = || ATTEMPT.get() == attempt;
    let Some(element) = video.get_untracked().filter(|_| still_wanted()) else {
        stop_tracks(&stream);
        return Err(None);
    };
    element.set_src_object(Some(&stream));
    if let Ok(playing) = element.play() {
        let _ = JsFuture::from(playing).await;
    }
    let guard = Rc::new(RefCell::new(RepeatGuard::default()));
    let found = move |code: String| {
        let now = window().performance().map_or(0.0, |p| p.now());
        if guard.borrow_mut().admit(&code, now) {
            on_code.try_run(code);
        }
    };
    let reader = QrReader::start(found.clone()).await;
    let reader = match reader {
        Ok(reader) if still_wanted() => Rc::new(reader),
        Ok(reader) => {
            reader.stop();
            stop_tracks(&stream);
            return Err(None);
        }
        Err(_) => {
            stop_tracks(&stream);
            return Err(Some(TeamKey::camera_failed));
        }
    };
    let reading = reader.clone();
    match set_interval_with_handle(move || reading.offer(&element, found.clone()), FRAME_EVERY) {
        Ok(timer) => {
            let decoder = reader.decoder();
            RUNNING.set(Some(Running {
                stream,
                reader,
                timer,
            }));
            Ok(decoder)
        }
        Err(_) => {
            reader.stop();
            stop_tracks(&stream);
            Err(Some(TeamKey::camera_failed))
        }
    }
}
