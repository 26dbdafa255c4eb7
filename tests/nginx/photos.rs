//! Phone-sized claim photos made here: real baseline JPEGs (a grainy picture of 2592 × 1944, 5
//! megapixels, as a phone's camera takes) written by `jpeg-encoder` from pixels a seeded
//! generator draws, so every run sends the same bytes and any decoder reads them.

use jpeg_encoder::{ColorType, Encoder};

/// A photo's width in pixels.
pub const WIDTH: u16 = 2592;
/// A photo's height in pixels.
pub const HEIGHT: u16 = 1944;

/// A small deterministic generator (xorshift64*): the photos' grain.
struct Grain(u64);

impl Grain {
    fn next(&mut self) -> u8 {
        self.0 ^= self.0 >> 12;
        self.0 ^= self.0 << 25;
        self.0 ^= self.0 >> 27;
        (self.0.wrapping_mul(0x2545_F491_4F6C_DD1D) >> 56) as u8
    }
}

/// Photo number `seed`: a red-to-green gradient (apples on leaves, more or less) under a heavy
/// grain, which keeps a JPEG of this size at a few megabytes as a phone's is.
pub fn phone_photo(seed: u64) -> Vec<u8> {
    let (w, h) = (usize::from(WIDTH), usize::from(HEIGHT));
    let mut grain = Grain(0x9E37_79B9_7F4A_7C15 ^ (seed + 1));
    let mut pixels = Vec::with_capacity(w * h * 3);
    for y in 0..h {
        for x in 0..w {
            let red = (x * 200 / w) as u8;
            let green = (y * 180 / h) as u8;
            for base in [red, green, 60] {
                let noise = grain.next() / 3;
                pixels.push(base.saturating_add(noise));
            }
        }
    }
    let mut jpeg = Vec::new();
    Encoder::new(&mut jpeg, 88)
        .encode(&pixels, WIDTH, HEIGHT, ColorType::Rgb)
        .expect("a JPEG is written to memory");
    jpeg
}

/// `jpeg` grown to exactly `size` bytes with comment segments (`COM`, as a camera's notes) after
/// its start marker: still a valid JPEG, the same picture, any decoder reads it.
pub fn padded_to(jpeg: &[u8], size: usize) -> Vec<u8> {
    /// The most bytes one segment can take: its marker, its length and 65,533 of text.
    const MOST: usize = 4 + 65_533;
    assert!(
        jpeg.starts_with(&[0xFF, 0xD8]) && size >= jpeg.len() + 4,
        "room for a segment"
    );
    let mut padded = jpeg[..2].to_vec();
    let mut left = size - jpeg.len();
    while left > 0 {
        // Never leave fewer than 4 bytes: no segment is that small.
        let segment = match left {
            n if n <= MOST => n,
            n if n - MOST < 4 => MOST - 4,
            _ => MOST,
        };
        let length = u16::try_from(segment - 2).unwrap();
        padded.extend_from_slice(&[0xFF, 0xFE]);
        padded.extend_from_slice(&length.to_be_bytes());
        padded.resize(padded.len() + segment - 4, b'.');
        left -= segment;
    }
    padded.extend_from_slice(&jpeg[2..]);
    assert_eq!(padded.len(), size);
    padded
}
