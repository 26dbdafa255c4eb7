//! The printable labels (issue #15), on both stores: one 100 × 150 mm label an order whose QR
//! code reads back exactly the order id, every buyer's text escaped, by ids in their order or
//! by status; too many ids, or none and no status, is a 422.

use axum::http::StatusCode;
use serde_json::json;

use crate::helpers::TestApp;

/// The QR code of one `<svg>` (as `label_page::qr_svg` draws it) read back with a scanner.
fn scan(svg: &str) -> String {
    let side: usize = svg
        .split("viewBox=\"0 0 ")
        .nth(1)
        .unwrap()
        .split(' ')
        .next()
        .unwrap()
        .parse()
        .unwrap();
    let path = svg
        .split(" d=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let mut dark = vec![false; side * side];
    for square in path.split('z').filter(|s| !s.is_empty()) {
        let at = square.strip_prefix('M').unwrap().split('h').next().unwrap();
        let (x, y) = at.split_once(' ').unwrap();
        let (x, y): (usize, usize) = (x.parse().unwrap(), y.parse().unwrap());
        dark[y * side + x] = true;
    }
    let scale = 4;
    let pixels = side * scale;
    let mut image = rqrr::PreparedImage::prepare_from_greyscale(pixels, pixels, |x, y| {
        if dark[(y / scale) * side + x / scale] {
            0
        } else {
            255
        }
    });
    let grids = image.detect_grids();
    assert_eq!(grids.len(), 1, "one QR code in {svg}");
    grids[0].decode().expect("a readable QR code").1
}

/// The labels of a page: (the id shown, the id the QR code holds, the label's HTML).
fn labels(html: &str) -> Vec<(String, String, String)> {
    html.split("<section class=\"label\">")
        .skip(1)
        .map(|label| {
            let shown = label.split("<div class=\"id\">").nth(1).unwrap();
            let shown = shown.split("</div>").next().unwrap().to_owned();
            let svg = label
                .split("<svg")
                .nth(1)
                .unwrap()
                .split("</svg>")
                .next()
                .unwrap();
            (shown, scan(svg), label.to_owned())
        })
        .collect()
}

#[tokio::test]
async fn each_label_s_qr_code_reads_back_its_order_id_and_the_buyer_s_text_is_escaped_on_both_stores(
) {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let mut ids = Vec::new();
        for (i, name) in ["<script>alert(1)</script>卓玛", "Tashi & Sons"]
            .iter()
            .enumerate()
        {
            let body = json!({"box_id": "5kg", "quantity": i + 1, "name": name,
                "phone": "13800138000", "address": "卓玛家, 中德村 <b>", "note": "\"小心\""});
            let r = app.place(&format!("l{i}"), &body).await;
            assert_eq!(r.status, StatusCode::CREATED, "{store}: {}", r.json);
            ids.push(r.json["id"].as_str().unwrap().to_owned());
        }
        let path = format!("/api/admin/labels?ids={},{}", ids[1], ids[0].to_lowercase());
        let r = app.admin("GET", &path, None).await;
        assert_eq!(r.status, StatusCode::OK, "{store}");
        assert_eq!(r.content_type(), "text/html; charset=utf-8");
        let html = r.text();
        assert!(
            html.contains("@page { size: 100mm 150mm; margin: 0 }"),
            "{store}"
        );
        let found = labels(&html);
        let read: Vec<(&str, &str)> = found
            .iter()
            .map(|(s, q, _)| (s.as_str(), q.as_str()))
            .collect();
        assert_eq!(
            read,
            [(&*ids[1], &*ids[1]), (&*ids[0], &*ids[0])],
            "{store}: in the ids' order"
        );
        let first = &found[1].2;
        assert!(
            first.contains("&lt;script&gt;alert(1)&lt;/script&gt;卓玛"),
            "{store}: {first}"
        );
        assert!(
            !html.contains("<script>") && !html.contains("<b>"),
            "{store}"
        );
        assert!(
            first.contains("&quot;小心&quot;") && first.contains("5kg × 1"),
            "{store}"
        );
        assert!(found[0].2.contains("Tashi &amp; Sons"), "{store}");
        let received = app
            .admin("GET", "/api/admin/labels?status=received", None)
            .await;
        assert_eq!(labels(&received.text()).len(), 2, "{store}");
        let shipped = app
            .admin("GET", "/api/admin/labels?status=shipped", None)
            .await;
        assert_eq!(labels(&shipped.text()).len(), 0, "{store}");
    }
}

#[tokio::test]
async fn labels_for_too_many_ids_or_for_nothing_named_are_refused_with_the_field() {
    let app = TestApp::open_sale(10, 10).await;
    let many = vec!["A"; 10_001].join(",");
    let cases = [
        (format!("/api/admin/labels?ids={many}"), "ids"),
        ("/api/admin/labels".to_owned(), "ids"),
        ("/api/admin/labels?ids=%20,".to_owned(), "ids"),
        ("/api/admin/labels?status=lost".to_owned(), "status"),
    ];
    for (path, field) in cases {
        let r = app.admin("GET", &path, None).await;
        assert_eq!(
            r.status,
            StatusCode::UNPROCESSABLE_ENTITY,
            "{}",
            &path[..40.min(path.len())]
        );
        assert!(r.json["error"]["fields"][field].is_string(), "{}", r.json);
    }
    let most = vec!["A"; 10_000].join(",");
    let r = app
        .admin("GET", &format!("/api/admin/labels?ids={most}"), None)
        .await;
    assert_eq!(r.status, StatusCode::OK, "10,000 ids are allowed");
}
