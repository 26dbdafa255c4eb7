//! WeChat Pay Native's code on the tracking page: on a computer the order is paid by scanning
//! it with WeChat on a phone, so the page draws the `code_url` the lookup gives as a QR code
//! (inline SVG, one square a dark module, a 4-module quiet zone, as the team's labels do).

use leptos::prelude::*;
use qrcode::bits::Bits;
use qrcode::{Color, EcLevel, QrCode, Version};

/// `text`'s QR code in byte mode, in the smallest version that holds it at level M (as
/// `QrCode::new` chooses), without `QrCode::new`'s search for the best mix of modes: its parser
/// and optimizer are bytes of the bundle that an address of a few dozen ASCII characters never
/// needs.
fn encode(text: &str) -> Option<QrCode> {
    (1..=40).find_map(|version| {
        let mut bits = Bits::new(Version::Normal(version));
        bits.push_byte_data(text.as_bytes()).ok()?;
        bits.push_terminator(EcLevel::M).ok()?;
        QrCode::with_bits(bits, EcLevel::M).ok()
    })
}

/// The side (in modules, with the quiet zone) and the SVG path of `text`'s QR code; `None` if
/// it is too long for one (a `weixin://wxpay/…` address is far shorter).
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    let code = encode(text)?;
    let width = code.width();
    let mut path = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + 4, i / width + 4);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    Some((width + 8, path))
}

/// The code drawn, named for a screen reader by `label`.
#[component]
pub fn PayQr(code_url: String, label: String) -> impl IntoView {
    qr_path(&code_url).map(|(side, path)| {
        let view_box = format!("0 0 {side} {side}");
        view! {
            <svg class="pay-qr" role="img" aria-label=label viewBox=view_box shape-rendering="crispEdges">
                <rect width=side height=side fill="#fff"/>
                <path fill="#000" d=path/>
            </svg>
        }
    })
}
