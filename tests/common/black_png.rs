//! A valid black PNG of any size, made without its pixels ever being in memory: the photo-bomb
//! the claims' API tests send and examples/photo_bench.rs measures.

/// A CRC-framed PNG chunk.
fn chunk(out: &mut Vec<u8>, kind: &[u8; 4], data: &[u8]) {
    out.extend_from_slice(&(data.len() as u32).to_be_bytes());
    let mut crc = flate2::Crc::new();
    crc.update(kind);
    crc.update(data);
    out.extend_from_slice(kind);
    out.extend_from_slice(data);
    out.extend_from_slice(&crc.sum().to_be_bytes());
}

/// A valid black PNG of `width` × `height`, one bit a pixel. Its pixels are never all in memory
/// here: the zlib stream is one deflated run of rows repeated (each run a byte-aligned block of
/// its own, as a sync flush leaves it), so a 20,000 × 20,000 image is about 50 KB.
pub fn black_png(width: u32, height: u32) -> Vec<u8> {
    let row = 1 + (width as usize).div_ceil(8);
    let rows_per_run = 100;
    let run = |rows: usize| {
        let mut deflate = flate2::Compress::new(flate2::Compression::best(), false);
        let zeros = vec![0u8; rows * row];
        let mut out = Vec::with_capacity(zeros.len() / 100 + 1024);
        deflate
            .compress_vec(&zeros, &mut out, flate2::FlushCompress::Sync)
            .unwrap();
        assert_eq!(
            deflate.total_in() as usize,
            zeros.len(),
            "one call deflates the run"
        );
        out
    };
    let (full_runs, rest) = (
        height as usize / rows_per_run,
        height as usize % rows_per_run,
    );
    let mut zlib = vec![0x78, 0xDA];
    let whole = run(rows_per_run);
    for _ in 0..full_runs {
        zlib.extend_from_slice(&whole);
    }
    if rest > 0 {
        zlib.extend_from_slice(&run(rest));
    }
    // The last block: stored, empty, final. Then Adler-32 of as many zero bytes.
    zlib.extend_from_slice(&[0x01, 0x00, 0x00, 0xFF, 0xFF]);
    let len = (row as u64) * u64::from(height);
    let adler = ((len % 65_521) << 16) | 1;
    zlib.extend_from_slice(&(adler as u32).to_be_bytes());

    let mut png = vec![0x89, b'P', b'N', b'G', 0x0D, 0x0A, 0x1A, 0x0A];
    let mut ihdr = Vec::new();
    ihdr.extend_from_slice(&width.to_be_bytes());
    ihdr.extend_from_slice(&height.to_be_bytes());
    ihdr.extend_from_slice(&[1, 0, 0, 0, 0]);
    chunk(&mut png, b"IHDR", &ihdr);
    chunk(&mut png, b"IDAT", &zlib);
    chunk(&mut png, b"IEND", &[]);
    png
}
