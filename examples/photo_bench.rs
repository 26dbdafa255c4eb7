//! What keeping a claim photo costs (`server::photos`, called as the claim form calls it): the
//! time and the growth of the process's peak resident memory to refuse a 20,000 × 20,000 PNG
//! bomb (about 50 KB on the wire, 400 MP), to keep a phone's 4000 × 3000 JPEG, a 16 MP RGBA PNG
//! and a 16 MP JPEG (full 1600 px and 240 px thumbnail), and six phone photos sent at once (two decoded at a
//! time). The peak is reset before each case (`/proc/self/clear_refs`), so each line's growth is
//! its own.
//!
//! ```sh
//! cargo run --example photo_bench
//! ```
//!
//! The `image` crates are built at opt-level 2 in the dev profile too (Cargo.toml), so the dev
//! build measures the decoder as shipped; only our few lines around it are unoptimised.

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    native::run();
}

#[cfg(target_arch = "wasm32")]
fn main() {}

// The photo-bomb the claims' API tests send, from the same code.
#[cfg(not(target_arch = "wasm32"))]
#[path = "../tests/common/black_png.rs"]
mod black_png;

#[cfg(not(target_arch = "wasm32"))]
mod native {
    use std::io::Cursor;
    use std::time::Instant;

    use bytes::Bytes;
    use image::{ImageFormat, RgbImage};
    use orchard::server::keep_photo;

    use crate::black_png::black_png;

    /// A `/proc/self/status` field in kB.
    fn status_kb(field: &str) -> u64 {
        let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
        status
            .lines()
            .find_map(|l| l.strip_prefix(field))
            .and_then(|v| v.trim().trim_end_matches(" kB").trim().parse().ok())
            .unwrap_or(0)
    }

    /// Resets the peak resident memory to the current one (Linux 4.0+).
    fn reset_peak() {
        let _ = std::fs::write("/proc/self/clear_refs", "5");
    }

    /// A photo-like JPEG (a gradient with noise) of `width` × `height`.
    fn phone_jpeg(width: u32, height: u32) -> Vec<u8> {
        let mut seed = 0x2545_F491_u32;
        let pixels = RgbImage::from_fn(width, height, |x, y| {
            seed ^= seed << 13;
            seed ^= seed >> 17;
            seed ^= seed << 5;
            let noise = (seed % 32) as u8;
            image::Rgb([
                (x % 224) as u8 + noise,
                (y % 224) as u8 + noise,
                ((x + y) % 224) as u8 + noise,
            ])
        });
        let mut out = Cursor::new(Vec::new());
        pixels.write_to(&mut out, ImageFormat::Jpeg).unwrap();
        out.into_inner()
    }

    /// Keeps `photos` all at once; prints the time and the peak's growth.
    async fn case(name: &str, photos: Vec<Vec<u8>>) {
        reset_peak();
        let before = status_kb("VmHWM:");
        let start = Instant::now();
        let kept = futures_util::future::join_all(
            photos
                .into_iter()
                .map(|p| tokio::spawn(keep_photo(Bytes::from(p)))),
        )
        .await;
        let took = start.elapsed();
        let grown = status_kb("VmHWM:").saturating_sub(before);
        let outcome: Vec<String> = kept
            .into_iter()
            .map(|k| match k.unwrap() {
                Ok(k) => format!("kept {} B + thumb {} B", k.full.len(), k.thumb.len()),
                Err(why) => format!("refused: {why}"),
            })
            .collect();
        println!(
            "{name:<44} {:>9.1} ms  peak RSS +{:>6.1} MB  {}",
            took.as_secs_f64() * 1000.0,
            grown as f64 / 1024.0,
            outcome.first().cloned().unwrap_or_default()
        );
    }

    pub fn run() {
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .enable_all()
            .build()
            .unwrap();
        let bomb = black_png(20_000, 20_000);
        let phone = phone_jpeg(4000, 3000);
        let sixteen = {
            let pixels = image::RgbaImage::from_fn(4000, 4000, |x, y| {
                image::Rgba([(x % 256) as u8, (y % 256) as u8, 90, 255])
            });
            let mut out = Cursor::new(Vec::new());
            pixels.write_to(&mut out, ImageFormat::Png).unwrap();
            out.into_inner()
        };
        let sixteen_jpeg = phone_jpeg(4000, 4000);
        println!(
            "inputs: bomb PNG {} B, phone JPEG {} B, 16 MP RGBA PNG {} B, 16 MP JPEG {} B; RSS {:.1} MB",
            bomb.len(),
            phone.len(),
            sixteen.len(),
            sixteen_jpeg.len(),
            status_kb("VmRSS:") as f64 / 1024.0
        );
        runtime.block_on(async {
            case("20,000 x 20,000 PNG bomb (400 MP)", vec![bomb]).await;
            case("4000 x 3000 phone JPEG", vec![phone.clone()]).await;
            case("4000 x 4000 RGBA PNG (16 MP)", vec![sixteen]).await;
            case("4000 x 4000 JPEG (16 MP)", vec![sixteen_jpeg]).await;
            case(
                "6 phone JPEGs at once (2 decoded at a time)",
                vec![phone; 6],
            )
            .await;
        });
    }
}
