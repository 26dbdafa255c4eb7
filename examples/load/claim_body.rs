//! What the claim flood sends (`--claim-flood`): one claim's `multipart/form-data` body, a
//! `kind` and three photo parts, made once at start and sent by every connection.
//!
//! The photo is a real baseline JPEG near the worst a phone sends the server: by default
//! 4096 × 3900 (15.97 MP, just under the 16 MP and 4096 px the server decodes), a gradient under
//! a grain, encoded by the `image` crate at the highest quality from 92 down that keeps it within
//! 5 MiB (72: 4,256,407 B, about 4.5 s in a release build on 2 busy cores). The server reads
//! each part, decodes it (about 48 MB of RGB pixels) and re-encodes it, as it does a buyer's
//! photo. The three parts differ by a comment segment (`COM`) after the start marker.
//! `--flood-photo WxH` sends another size (`4000x3000`: a 12 MP phone's); `--flood-photo random`
//! sends the flood's first photos instead, a JPEG's header then random bytes, which the server
//! reads to their end and refuses 422 once it decodes past the header: the bodies' memory
//! without the decoders'.

use std::time::Instant;

use bytes::Bytes;
use image::codecs::jpeg::JpegEncoder;
use image::{ExtendedColorType, RgbImage};
use rand::RngCore;

/// The form's boundary.
pub const BOUNDARY: &str = "orchard-flood-7f3a";
/// The most bytes a photo part may have (the server's `MAX_PHOTO_BYTES`: 5 MiB).
const MAX_PHOTO_BYTES: usize = 5 * 1024 * 1024;
/// The random photo's bytes: just under the 5 MiB a photo may have.
const RANDOM_PHOTO_BYTES: usize = 5_000_000;
/// The quality tried first; lowered 4 at a time until the photo fits `MAX_PHOTO_BYTES`.
const FIRST_QUALITY: u8 = 92;
/// Bytes kept free under `MAX_PHOTO_BYTES` for the comment that tells the parts apart.
const COMMENT_ROOM: usize = 64;

/// The start of a baseline JPEG (SOI, JFIF APP0, SOF0 of 16×16): what a photo is sniffed by.
const JPEG_HEAD: &[u8] = &[
    0xFF, 0xD8, 0xFF, 0xE0, 0x00, 0x10, b'J', b'F', b'I', b'F', 0x00, 0x01, 0x01, 0x00, 0x00, 0x01,
    0x00, 0x01, 0x00, 0x00, 0xFF, 0xC0, 0x00, 0x11, 0x08, 0x00, 0x10, 0x00, 0x10, 0x03, 0x01, 0x22,
    0x00, 0x02, 0x11, 0x01, 0x03, 0x11, 0x01,
];

/// Which photos the flood sends (`--flood-photo`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FloodPhoto {
    /// A real JPEG of this width and height.
    Jpeg { width: u32, height: u32 },
    /// A JPEG's header, then random bytes.
    Random,
}

impl FloodPhoto {
    /// The default: the largest photo the server decodes, as a phone could send it.
    pub const WORST: Self = Self::Jpeg {
        width: 4096,
        height: 3900,
    };

    /// `random`, or `WxH` (e.g. `4000x3000`).
    pub fn parse(text: &str) -> Option<Self> {
        if text == "random" {
            return Some(Self::Random);
        }
        let (w, h) = text.split_once('x')?;
        let (width, height) = (w.parse().ok()?, h.parse().ok()?);
        (width > 0 && height > 0).then_some(Self::Jpeg { width, height })
    }
}

/// The claim's body and a line saying what its photos are and what making them took.
pub fn claim_body(photo: FloodPhoto) -> (Bytes, String) {
    let started = Instant::now();
    let (picture, what) = match photo {
        FloodPhoto::Random => {
            let mut bytes = vec![0u8; RANDOM_PHOTO_BYTES];
            rand::thread_rng().fill_bytes(&mut bytes);
            bytes[..JPEG_HEAD.len()].copy_from_slice(JPEG_HEAD);
            (bytes, "a JPEG header, then random bytes".to_owned())
        }
        FloodPhoto::Jpeg { width, height } => {
            let (jpeg, quality) = fitting_jpeg(width, height);
            let what = format!("{width} × {height} JPEG of quality {quality}");
            (jpeg, what)
        }
    };
    let took = started.elapsed();
    let mut body = Vec::with_capacity(3 * (picture.len() + COMMENT_ROOM) + 1024);
    body.extend_from_slice(
        format!("--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"kind\"\r\n\r\ndamaged\r\n")
            .as_bytes(),
    );
    let mut sizes = Vec::with_capacity(3);
    for n in 1..=3 {
        body.extend_from_slice(
            format!(
                "--{BOUNDARY}\r\nContent-Disposition: form-data; name=\"photo\"; \
                 filename=\"box-{n}.jpg\"\r\nContent-Type: image/jpeg\r\n\r\n"
            )
            .as_bytes(),
        );
        let part = match photo {
            FloodPhoto::Random => picture.clone(),
            FloodPhoto::Jpeg { .. } => commented(&picture, &format!("orchard flood, box {n}")),
        };
        assert!(part.len() <= MAX_PHOTO_BYTES, "a photo part within 5 MiB");
        sizes.push(part.len());
        body.extend_from_slice(&part);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{BOUNDARY}--\r\n").as_bytes());
    let line = format!(
        "claim photos: 3 × {what}, {} B each ({} B of body), made in {:.2} s",
        sizes
            .iter()
            .map(usize::to_string)
            .collect::<Vec<_>>()
            .join(" / "),
        body.len(),
        took.as_secs_f64()
    );
    (Bytes::from(body), line)
}

/// A JPEG of `width` × `height` within `MAX_PHOTO_BYTES` (less the comment's room), at the
/// highest quality from `FIRST_QUALITY` down that fits, and that quality.
fn fitting_jpeg(width: u32, height: u32) -> (Vec<u8>, u8) {
    let pixels = picture(width, height);
    let mut quality = FIRST_QUALITY;
    loop {
        let mut jpeg = Vec::with_capacity(MAX_PHOTO_BYTES);
        JpegEncoder::new_with_quality(&mut jpeg, quality)
            .encode(pixels.as_raw(), width, height, ExtendedColorType::Rgb8)
            .expect("a JPEG is written to memory");
        if jpeg.len() + COMMENT_ROOM <= MAX_PHOTO_BYTES || quality <= 10 {
            return (jpeg, quality);
        }
        quality -= 4;
    }
}

/// A photo-like picture: a red-to-green gradient (apples on leaves, more or less) under a grain
/// from a seeded xorshift, the grain's detail what keeps the JPEG at megabytes as a phone's is.
fn picture(width: u32, height: u32) -> RgbImage {
    let mut seed = 0x9E37_79B9_7F4A_7C15_u64;
    RgbImage::from_fn(width, height, |x, y| {
        seed ^= seed >> 12;
        seed ^= seed << 25;
        seed ^= seed >> 27;
        let grain = seed.wrapping_mul(0x2545_F491_4F6C_DD1D).to_le_bytes();
        let red = (x * 200 / width) as u8;
        let green = (y * 180 / height) as u8;
        image::Rgb([
            red.saturating_add(grain[0] / 5),
            green.saturating_add(grain[1] / 5),
            60u8.saturating_add(grain[2] / 5),
        ])
    })
}

/// `jpeg` with a comment segment (`COM`) holding `text` right after its start marker: the same
/// picture, other bytes.
fn commented(jpeg: &[u8], text: &str) -> Vec<u8> {
    let length = u16::try_from(text.len() + 2).expect("a short comment");
    let mut out = Vec::with_capacity(jpeg.len() + 4 + text.len());
    out.extend_from_slice(&jpeg[..2]);
    out.extend_from_slice(&[0xFF, 0xFE]);
    out.extend_from_slice(&length.to_be_bytes());
    out.extend_from_slice(text.as_bytes());
    out.extend_from_slice(&jpeg[2..]);
    out
}
