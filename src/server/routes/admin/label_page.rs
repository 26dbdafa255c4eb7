//! The labels as one printable HTML page: 100 × 150 mm, one label an order (a page break after
//! each), the order id in large text and as a QR code (inline SVG, one square a module) that
//! encodes exactly the id, then the box, quantity, name, phone, address and note, every text
//! HTML-escaped. A gift's label is addressed to its recipient and carries its message and who
//! sent it.

use qrcode::{Color, QrCode};

use crate::domain::AdminOrder;
use crate::server::pages::escape;

/// The page's start: the print CSS and the opening of the body.
pub const HEAD: &str = "<!DOCTYPE html>\n<html lang=\"zh\"><head><meta charset=\"utf-8\">\
<title>Orchard labels</title><style>\
@page { size: 100mm 150mm; margin: 0 }\
body { margin: 0; font-family: sans-serif }\
.label { box-sizing: border-box; width: 100mm; height: 150mm; padding: 6mm; \
page-break-after: always; break-after: page; overflow: hidden }\
.id { font: bold 9mm monospace; letter-spacing: 0.5mm }\
.qr { width: 40mm; height: 40mm; display: block; margin: 3mm 0 }\
.box { font-size: 7mm; font-weight: bold } .to { font-size: 5mm } .note { font-size: 4mm }\
.gift { font-size: 4.5mm; border: 0.4mm dashed #000; padding: 2mm }\
</style></head><body>\n";

/// The page's end.
pub const TAIL: &str = "</body></html>\n";

/// The QR code of `text` as an SVG: a 4-module quiet zone, and one `M x y h1v1h-1z` square a
/// dark module.
pub fn qr_svg(text: &str) -> String {
    let Ok(code) = QrCode::new(text.as_bytes()) else {
        // An order id is 12 characters: far inside every QR version.
        return String::new();
    };
    let width = code.width();
    let side = width + 8;
    let mut path = String::new();
    for (i, color) in code.to_colors().into_iter().enumerate() {
        if color == Color::Dark {
            let (x, y) = (i % width + 4, i / width + 4);
            path.push_str(&format!("M{x} {y}h1v1h-1z"));
        }
    }
    format!(
        "<svg class=\"qr\" xmlns=\"http://www.w3.org/2000/svg\" viewBox=\"0 0 {side} {side}\" \
         shape-rendering=\"crispEdges\"><rect width=\"{side}\" height=\"{side}\" fill=\"#fff\"/>\
         <path fill=\"#000\" d=\"{path}\"/></svg>"
    )
}

/// One order's label.
pub fn label(o: &AdminOrder) -> String {
    let v = &o.order;
    let id = escape(&v.id);
    let note = o
        .note
        .as_deref()
        .map(|n| format!("<p class=\"note\">{}</p>", escape(n)))
        .unwrap_or_default();
    let gift = o
        .gift_from()
        .map(|[from, _]| {
            let words = v.gift_message.as_deref().unwrap_or_default();
            // The labels are in Chinese, as the courier and the recipient read them.
            format!(
                "<p class=\"gift\">礼物，来自 {}<br>{}</p>",
                escape(from),
                escape(words)
            )
        })
        .unwrap_or_default();
    let [name, phone, address] = o.ship_to();
    format!(
        "<section class=\"label\"><div class=\"id\">{id}</div>{qr}\
         <p class=\"box\">{box_id} × {quantity}</p>\
         <p class=\"to\">{name}<br>{phone}<br>{address}</p>{gift}{note}</section>\n",
        qr = qr_svg(&v.id),
        box_id = escape(&v.box_id),
        quantity = v.quantity,
        name = escape(name),
        phone = escape(phone),
        address = escape(address),
    )
}

/// The labels of some orders, one after the other.
pub fn labels(orders: &[AdminOrder]) -> String {
    orders.iter().map(label).collect()
}
