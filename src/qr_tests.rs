use super::*;
use qrcode::{Color, QrCode};

/// A label's QR code as a canvas would give it: RGBA, `scale` pixels a module, a 4-module quiet
/// zone, on a warm paper tone with dark grey-blue ink (a photo is never pure black on white).
fn label_picture(text: &str, scale: usize) -> (Vec<u8>, usize) {
    let code = QrCode::new(text.as_bytes()).unwrap();
    let modules = code.width();
    let colors = code.to_colors();
    let side = (modules + 8) * scale;
    let mut rgba = Vec::with_capacity(side * side * 4);
    for y in 0..side {
        for x in 0..side {
            let (mx, my) = ((x / scale).wrapping_sub(4), (y / scale).wrapping_sub(4));
            let dark = mx < modules && my < modules && colors[my * modules + mx] == Color::Dark;
            rgba.extend_from_slice(if dark {
                &[30, 40, 60, 255]
            } else {
                &[245, 235, 215, 255]
            });
        }
    }
    (rgba, side)
}

#[test]
fn white_stays_white_and_black_stays_black() {
    let cases: [([u8; 4], u8); 5] = [
        ([255, 255, 255, 255], 255),
        ([0, 0, 0, 255], 0),
        ([255, 0, 0, 255], 76),
        ([0, 255, 0, 255], 149),
        ([0, 0, 255, 0], 28),
    ];
    for (pixel, grey) in cases {
        assert_eq!(luma(&pixel), vec![grey], "{pixel:?}");
    }
}

#[test]
fn each_rgba_pixel_gives_one_grey_byte_in_order() {
    let rgba = [0, 0, 0, 255, 255, 255, 255, 255, 128, 128, 128, 255];
    assert_eq!(luma(&rgba), vec![0, 255, 128]);
}

#[test]
fn a_label_code_photographed_in_colour_reads_back_as_its_order_id() {
    let (rgba, side) = label_picture("7KQ2MX9PZ4RT", 6);
    assert_eq!(
        read_qr(&luma(&rgba), side, side).as_deref(),
        Some("7KQ2MX9PZ4RT")
    );
}

#[test]
fn a_picture_without_a_code_or_with_wrong_sizes_reads_as_nothing() {
    assert_eq!(read_qr(&vec![200; 64 * 48], 64, 48), None);
    let (rgba, side) = label_picture("7KQ2MX9PZ4RT", 4);
    let grey = luma(&rgba);
    assert_eq!(read_qr(&grey, side + 1, side), None);
    assert_eq!(read_qr(&grey, 0, 0), None);
}

#[test]
fn a_box_left_in_view_is_scanned_once_however_long_it_stays() {
    let mut guard = RepeatGuard::default();
    assert!(guard.admit("AAAA", 0.0));
    // Seen every 250 ms for ten seconds: each sighting renews the wait.
    for tick in 1..=40 {
        assert!(!guard.admit("AAAA", f64::from(tick) * 250.0), "tick {tick}");
    }
}

#[test]
fn the_same_box_scans_again_once_it_has_been_away_for_the_quiet_time() {
    let mut guard = RepeatGuard::default();
    assert!(guard.admit("AAAA", 1_000.0));
    assert!(!guard.admit("AAAA", 1_000.0 + SAME_CODE_QUIET_MS - 1.0));
    let back = 1_000.0 + 2.0 * SAME_CODE_QUIET_MS;
    assert!(guard.admit("AAAA", back));
}

#[test]
fn two_boxes_in_view_together_are_each_scanned_once() {
    let mut guard = RepeatGuard::default();
    let mut scans = Vec::new();
    for tick in 0..20 {
        let code = if tick % 2 == 0 { "AAAA" } else { "BBBB" };
        if guard.admit(code, f64::from(tick) * 250.0) {
            scans.push(code);
        }
    }
    assert_eq!(scans, ["AAAA", "BBBB"]);
}
