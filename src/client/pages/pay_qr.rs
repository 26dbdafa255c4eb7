//! WeChat Pay Native's code on the tracking page: on a computer the order is paid by scanning
//! it with WeChat on a phone, so the page draws the `code_url` the lookup gives as a QR code
//! (inline SVG, one square a dark module, a 4-module quiet zone, as the team's labels do).

use leptos::prelude::*;
use qrcode::{Color, QrCode};

/// The side (in modules, with the quiet zone) and the SVG path of `text`'s QR code; `None` if
/// it is too long for one (a `weixin://wxpay/…` address is far shorter).
pub fn qr_path(text: &str) -> Option<(usize, String)> {
    let code = QrCode::new(text.as_bytes()).ok()?;
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
