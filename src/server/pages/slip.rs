//! The slip a service point prints for a villager who ordered at its counter: one A6 page (it
//! fits a receipt printer's 80 mm roll too) with the producer's name, the order's id, the box ×
//! quantity and the total, the villager's name, a line saying what the QR code is for, and the
//! order's full tracking link as a QR code and as text. Every text HTML-escaped; the words are
//! `locales/pages/` (`slip_*`), in the member's language.

use super::page::{pick, PageKey};
use super::render::escape;
use crate::domain::{fill, Lang, Localized, Message, Money};

/// What a slip says: the facts of one order placed at the counter.
pub struct Slip<'a> {
    /// The producer's name in every language.
    pub producer: &'a Localized,
    pub id: &'a str,
    pub box_id: &'a str,
    pub quantity: u32,
    pub total_fen: i64,
    /// The villager the order is for.
    pub name: &'a str,
    /// The order's full tracking link, token included (`https://…/orders/{id}#t=…`).
    pub link: &'a str,
}

/// The print CSS: an A6 page, the QR code large enough for any phone's camera at arm's length.
const STYLE: &str = "@page { size: A6; margin: 6mm }\
body { margin: 0; font-family: sans-serif; color: #000; background: #fff }\
.slip { box-sizing: border-box; max-width: 93mm; margin: 0 auto; padding: 2mm 0 }\
h1 { font-size: 6mm; margin: 0 0 2mm } .id { font: bold 7mm monospace; letter-spacing: 0.4mm; margin: 0 }\
.box, .for { font-size: 5mm; margin: 2mm 0 } .total { font-size: 5mm; font-weight: bold; margin: 2mm 0 }\
.scan { font-size: 3.6mm; margin: 3mm 0 1mm }\
.qr { width: 48mm; height: 48mm; display: block; margin: 0 auto }\
.link { font: 3mm monospace; word-break: break-all; margin: 1mm 0 0 }";

/// The slip's page in `lang`, with `qr` the SVG of the QR code of `slip.link`.
pub fn slip(lang: Lang, slip: &Slip, qr: &str) -> String {
    let say = |key: PageKey, args: &[(&str, String)]| escape(&fill(key.text(lang), args));
    let title = say(PageKey::slip_title, &[("id", slip.id.to_owned())]);
    let total = Money::from_fen(slip.total_fen).display_yuan();
    // The QR code is named as an image, so a screen reader (and a test) finds it by its name.
    let qr = qr.replacen(
        "<svg ",
        &format!(
            "<svg role=\"img\" aria-label=\"{}\" ",
            say(PageKey::slip_qr, &[])
        ),
        1,
    );
    format!(
        "<!DOCTYPE html>\n<html lang=\"{lang}\"><head><meta charset=\"utf-8\">\
         <meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\
         <meta name=\"robots\" content=\"noindex\"><title>{title}</title><style>{STYLE}</style>\
         </head><body><main class=\"slip\"><h1>{producer}</h1><p class=\"id\">{id}</p>\
         <p class=\"box\">{box_id} × {quantity}</p><p class=\"total\">{total}</p>\
         <p class=\"for\">{name}</p><p class=\"scan\">{scan}</p>{qr}\
         <p class=\"link\">{link}</p></main></body></html>\n",
        lang = lang.as_str(),
        producer = escape(pick(slip.producer, lang)),
        id = escape(slip.id),
        box_id = escape(slip.box_id),
        quantity = slip.quantity,
        total = say(PageKey::slip_total, &[("total", total)]),
        name = say(PageKey::slip_for, &[("name", slip.name.to_owned())]),
        scan = say(PageKey::slip_scan, &[]),
        link = escape(slip.link),
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    fn facts<'a>(producer: &'a Localized, name: &'a str) -> Slip<'a> {
        Slip {
            producer,
            id: "K7Q2M9X4P1A8",
            box_id: "5kg",
            quantity: 2,
            total_fen: 19_600,
            name,
            link: "https://apples.example/orders/K7Q2M9X4P1A8#t=ab12",
        }
    }

    #[test]
    fn a_slip_names_the_producer_the_order_and_the_villager_in_the_members_language() {
        let producer = Localized::from([
            ("zh".to_owned(), "卓玛".to_owned()),
            ("en".to_owned(), "Drolma".to_owned()),
        ]);
        let page = slip(
            Lang::En,
            &facts(&producer, "Tashi"),
            "<svg class=\"qr\"></svg>",
        );
        for seen in [
            "<html lang=\"en\">",
            "<title>Order K7Q2M9X4P1A8</title>",
            "<h1>Drolma</h1>",
            "5kg × 2",
            "Total ¥196.00",
            "For Tashi",
            "Scan this code",
            "aria-label=\"QR code of the order's tracking link\"",
            "https://apples.example/orders/K7Q2M9X4P1A8#t=ab12",
        ] {
            assert!(page.contains(seen), "{seen} is not in {page}");
        }
        let chinese = slip(Lang::Zh, &facts(&producer, "扎西"), "<svg></svg>");
        assert!(chinese.contains("<h1>卓玛</h1>") && chinese.contains("收货人：扎西"));
    }

    #[test]
    fn what_the_villager_and_the_producer_are_called_is_escaped() {
        let producer = Localized::from([("en".to_owned(), "<b>Drolma</b>".to_owned())]);
        let page = slip(Lang::En, &facts(&producer, "<script>x</script>"), "");
        assert!(
            !page.contains("<script>") && !page.contains("<b>"),
            "{page}"
        );
        assert!(page.contains("&lt;script&gt;"), "{page}");
    }
}
