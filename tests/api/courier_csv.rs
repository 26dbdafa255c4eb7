//! The courier's CSV as spreadsheets save it, on both stores: a French spreadsheet's file (`;`
//! between quoted cells, a byte-order mark, CRLF) and a tab-separated one ship their packed
//! orders with their numbers, as the plain `,` file does (`team_bulk`).

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::team_bulk::{bulk, place_orders, team_view, upload};

/// Order `id`'s status and tracking number, as the team sees them.
async fn status_and_number(app: &TestApp, id: &str) -> Value {
    let view = team_view(app, id).await;
    json!([view["status"], view["tracking_number"]])
}

#[tokio::test]
async fn a_csv_saved_by_a_french_spreadsheet_ships_its_orders_with_their_numbers() {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let ids = place_orders(&app, 3, 1).await;
        let [a, b, c] = [&ids[0], &ids[1], &ids[2]].map(String::as_str);
        bulk(&app, &[a, b, c], "received", "packed").await;
        // As a French Excel or LibreOffice saves "CSV (séparateur : point-virgule)": a BOM,
        // `;`, every cell quoted, CRLF; one number with a `""` escape, so not a number.
        let csv = format!(
            "\u{feff}\"order_id\";\"tracking_number\"\r\n\"{a}\";\"SF1234567890\"\r\n\
             \"{b}\";\"YT-2026-001\"\r\n\"{c}\";\"SF\"\"12345\"\r\n"
        );
        let answer = upload(&app, "text/csv", csv).await;
        assert_eq!(
            (answer.status, &answer.json),
            (
                StatusCode::OK,
                &json!({"shipped": 2, "refused": {"4": "invalid"}})
            ),
            "{store}"
        );
        for (id, number) in [(a, "SF1234567890"), (b, "YT-2026-001")] {
            let shipped = json!(["shipped", number]);
            assert_eq!(status_and_number(&app, id).await, shipped, "{store}: {id}");
        }
        assert_eq!(team_view(&app, c).await["status"], "packed", "{store}");
    }
}

#[tokio::test]
async fn a_tab_separated_csv_ships_its_orders_and_refuses_bad_lines_by_number() {
    for app in TestApp::on_both_stores(20).await {
        let store = app.store;
        let ids = place_orders(&app, 2, 1).await;
        let [a, b] = [&ids[0], &ids[1]].map(String::as_str);
        bulk(&app, &[a], "received", "packed").await;
        let csv = format!(
            "order_id\ttracking_number\n{a}\tSF1234567890\n{b}\tYT0000000001\nnot an id\tSF99999999\n"
        );
        let answer = upload(&app, "text/csv", csv).await;
        assert_eq!(
            answer.json,
            json!({"shipped": 1, "refused": {"3": "status_conflict", "4": "invalid"}}),
            "{store}"
        );
        let shipped = json!(["shipped", "SF1234567890"]);
        assert_eq!(status_and_number(&app, a).await, shipped, "{store}");
    }
}
