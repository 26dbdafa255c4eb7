//! What the team's camera makes of a video frame on the scan view: the grey picture a QR
//! decoder reads (from the RGBA a canvas gives), the label's code read from it (rqrr, run in
//! the QR worker on phones whose browser has no `BarcodeDetector`, iPhones among them), and the
//! rule that keeps a box left in view from being scanned twice. Not a rule of the shop, so not
//! in `domain`; pure and with no imports, so the worker (which compiles this file alone), the
//! team's camera and the native tests run the very same code.

/// How long a code must have been out of sight before it counts as a new scan (ms). A box
/// stays under the phone for a second or two while the helper reaches for the next one.
pub const SAME_CODE_QUIET_MS: f64 = 3_000.0;

/// Codes the camera remembers at once (two or three labels can be in view together).
const CODES_REMEMBERED: usize = 8;

/// The grey level of each pixel of an RGBA picture (a canvas's `ImageData`), row by row: the
/// ITU-R BT.601 weights as integers over 256 (77, 150, 29), so white stays 255 and black 0.
/// Alpha is ignored: a video frame is opaque.
pub fn luma(rgba: &[u8]) -> Vec<u8> {
    rgba.chunks_exact(4)
        .map(|p| ((77 * u32::from(p[0]) + 150 * u32::from(p[1]) + 29 * u32::from(p[2])) >> 8) as u8)
        .collect()
}

/// The text of the first QR code that can be read in a grey picture `width` pixels wide (one
/// byte a pixel, row by row); nothing when none can, or when the sizes do not match the bytes.
pub fn read_qr(grey: &[u8], width: usize, height: usize) -> Option<String> {
    if width == 0 || height == 0 || grey.len() != width * height {
        return None;
    }
    let mut picture =
        rqrr::PreparedImage::prepare_from_greyscale(width, height, |x, y| grey[y * width + x]);
    picture
        .detect_grids()
        .into_iter()
        .find_map(|grid| grid.decode().ok().map(|(_, text)| text))
}

/// Which codes the camera passes on as scans. A code is new unless the same code was seen
/// less than [`SAME_CODE_QUIET_MS`] ago, and every sighting renews that wait: a box left in
/// view is scanned once however long it stays, another box's code passes at once, and the
/// first box scans again once it has been away for the quiet time (the helper shows it again
/// on purpose).
#[derive(Debug, Default, Clone)]
pub struct RepeatGuard {
    /// Each code recently seen, with when it was last seen (ms).
    seen: Vec<(String, f64)>,
}

impl RepeatGuard {
    /// Whether `code`, seen at `now_ms`, is a new scan; remembers the sighting either way.
    pub fn admit(&mut self, code: &str, now_ms: f64) -> bool {
        self.seen.retain(|(_, at)| now_ms - at < SAME_CODE_QUIET_MS);
        let repeat = match self.seen.iter_mut().find(|(seen, _)| seen == code) {
            Some(entry) => {
                entry.1 = now_ms;
                true
            }
            None => {
                self.seen.push((code.to_owned(), now_ms));
                false
            }
        };
        if self.seen.len() > CODES_REMEMBERED {
            self.seen.remove(0);
        }
        !repeat
    }
}

#[cfg(all(test, not(target_arch = "wasm32")))]
#[path = "qr_tests.rs"]
mod tests;
