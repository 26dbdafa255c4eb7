//! The team's reads at the sale's scale (issue #15), on both stores: the paged, filtered list
//! and its total, the summary, the pick list and the streamed CSV; every bad parameter is a 422
//! naming its field.

use std::collections::HashSet;

use axum::http::StatusCode;
use serde_json::{json, Value};

use crate::helpers::TestApp;
use crate::team_kit::{body, ids_of, move_order, place_all, place_many, read};

#[tokio::test]
async fn paging_through_120_orders_gives_50_50_20_without_repeats_while_orders_arrive_on_both_stores(
) {
    for app in TestApp::on_both_stores(300).await {
        let store = app.store;
        let placed = place_many(&app, "page", 120).await;
        let first = read(&app, "/api/admin/orders?limit=50").await;
        assert_eq!(first["total"], 120, "{store}");
        place_many(&app, "late", 3).await;
        let cursor = first["next_cursor"].as_str().expect("a next page");
        let second = read(&app, &format!("/api/admin/orders?limit=50&cursor={cursor}")).await;
        assert_eq!(
            second["total"], 123,
            "{store}: total counts every order now"
        );
        place_many(&app, "later", 2).await;
        let cursor = second["next_cursor"].as_str().expect("a third page");
        let third = read(&app, &format!("/api/admin/orders?limit=50&cursor={cursor}")).await;
        assert_eq!(third["next_cursor"], Value::Null, "{store}: the last page");
        let pages = [ids_of(&first), ids_of(&second), ids_of(&third)];
        let sizes: Vec<usize> = pages.iter().map(Vec::len).collect();
        assert_eq!(sizes, [50, 50, 20], "{store}");
        let seen: Vec<String> = pages.concat();
        let newest_first: Vec<String> = placed.iter().rev().cloned().collect();
        assert_eq!(seen, newest_first, "{store}: newest first, each once");
        assert_eq!(first["orders"][0]["history"][0]["status"], "received");
    }
}

#[tokio::test]
async fn each_filter_and_kind_of_search_finds_its_orders_and_counts_them_on_both_stores() {
    for app in TestApp::on_both_stores(100).await {
        let store = app.store;
        let orders = [
            body("5kg", 1, "Tashi Dorje", "13800138000", Some("wechat")),
            body("5kg", 2, "卓玛", "+86 139 1234 5678", Some("wechat")),
            body(
                "10kg",
                1,
                "Élise Martin",
                "+33 6 12 34 56 78",
                Some("weibo"),
            ),
            body("5kg", 3, "Li_Wei 100%", "13700001111", None),
        ];
        let ids = place_all(&app, "f", &orders).await;
        move_order(&app, &ids[2], json!({"status": "packed"})).await;
        let ship = json!({"status": "shipped", "tracking_number": "SF1234567890"});
        move_order(&app, &ids[2], ship).await;
        move_order(&app, &ids[3], json!({"status": "cancelled"})).await;
        let id0 = &ids[0];
        let cases: Vec<(String, Vec<usize>)> = vec![
            ("status=received".into(), vec![1, 0]),
            ("status=shipped".into(), vec![2]),
            ("status=cancelled".into(), vec![3]),
            ("ref=wechat".into(), vec![1, 0]),
            ("ref=weibo&status=received".into(), vec![]),
            (format!("q={id0}"), vec![0]),
            (format!("q={}", id0[..6].to_lowercase()), vec![0]),
            ("q=tashi".into(), vec![0]),
            ("q=%E5%8D%93".into(), vec![1]),
            ("q=%C3%89lise".into(), vec![2]),
            ("q=138-0013".into(), vec![0]),
            ("q=%2B86%20139".into(), vec![1]),
            ("q=u1".into(), vec![]),
            ("q=sf1234567890".into(), vec![2]),
            ("q=SF12".into(), vec![]),
            // Letters and digits: an id's or a tracking number's start, never a phone's digits.
            ("q=SF123".into(), vec![]),
            ("q=100%25".into(), vec![3]),
            ("q=i_w".into(), vec![3]),
            ("q=%25".into(), vec![3]),
            ("q=_".into(), vec![3]),
            ("q=%20%20&status=".into(), vec![3, 2, 1, 0]),
            ("q=tashi&ref=weibo".into(), vec![]),
        ];
        for (query, want) in cases {
            let list = read(&app, &format!("/api/admin/orders?{query}")).await;
            let want: Vec<String> = want.iter().map(|&i| ids[i].clone()).collect();
            assert_eq!(ids_of(&list), want, "{store} {query}");
            assert_eq!(list["total"], want.len(), "{store} {query}");
        }
    }
}

#[tokio::test]
async fn every_bad_parameter_is_refused_with_its_field() {
    let app = TestApp::open_sale(10, 10).await;
    let long = "x".repeat(101);
    let cases = [
        ("/api/admin/orders?status=lost", "status"),
        ("/api/admin/orders?limit=0", "limit"),
        ("/api/admin/orders?limit=201", "limit"),
        ("/api/admin/orders?limit=fifty", "limit"),
        ("/api/admin/orders?cursor=abc", "cursor"),
        ("/api/admin/orders?cursor=s0", "cursor"),
        ("/api/admin/orders?ref=a%20b", "ref"),
        (&format!("/api/admin/orders?q={long}"), "q"),
        ("/api/admin/picklist?status=lost", "status"),
        ("/api/admin/orders.csv?status=lost", "status"),
    ];
    for (path, field) in cases {
        let r = app.admin("GET", path, None).await;
        assert_eq!(r.status, StatusCode::UNPROCESSABLE_ENTITY, "{path}");
        assert_eq!(r.json["error"]["code"], "invalid", "{path}");
        assert!(
            r.json["error"]["fields"][field].is_string(),
            "{path}: {}",
            r.json
        );
    }
    let twice = app
        .admin("GET", "/api/admin/orders?limit=1&limit=2", None)
        .await;
    assert_eq!(twice.status, StatusCode::BAD_REQUEST);
    assert_eq!(twice.json["error"]["code"], "bad_request");
}

#[tokio::test]
async fn the_summary_counts_a_cancelled_order_only_in_orders_and_by_status_on_both_stores() {
    for app in TestApp::on_both_stores(100).await {
        let store = app.store;
        let placed = [
            body("5kg", 2, "A Bao", "13800138000", Some("wechat")),
            body("10kg", 1, "B Bao", "13800138001", Some("wechat")),
            body("5kg", 3, "C Bao", "13800138002", None),
            body("10kg", 4, "D Bao", "13800138003", Some("weibo")),
        ];
        let ids = place_all(&app, "s", &placed).await;
        move_order(&app, &ids[1], json!({"status": "packed"})).await;
        move_order(&app, &ids[3], json!({"status": "cancelled"})).await;
        let summary = read(&app, "/api/admin/summary").await;
        // Counted: 2×5 kg (13,600), 1×10 kg (12,800), 3×5 kg (20,400); the 4×10 kg is cancelled.
        let want = json!({
            "orders": 4,
            "by_status": {"received": 2, "packed": 1, "shipped": 0, "delivered": 0, "cancelled": 1},
            "kg_sold": 35,
            "revenue_fen": 13600 + 12800 + 20400,
            "families_lifted": 35 / 2000,
            "boxes": [{"id": "5kg", "available": 95, "ordered": 5},
                      {"id": "10kg", "available": 9, "ordered": 1}],
            "by_ref": {"wechat": 2},
        });
        assert_eq!(summary, want, "{store}");
    }
}

#[tokio::test]
async fn the_summary_agrees_with_the_lists_after_bulk_moves_and_a_bulk_cancel_on_both_stores() {
    for app in TestApp::on_both_stores(100).await {
        let store = app.store;
        let placed: Vec<Value> = (0..9)
            .map(|i| {
                let tag = ["wechat", "weibo"].get(i % 3).copied();
                let phone = format!("1380013800{i}");
                body(
                    ["5kg", "10kg"][i % 2],
                    1 + i as u32 % 3,
                    "Pema",
                    &phone,
                    tag,
                )
            })
            .collect();
        let ids = place_all(&app, "t", &placed).await;
        let bulk =
            |ids: &[String], from: &str, to: &str| json!({"ids": ids, "from": from, "status": to});
        for change in [
            bulk(&ids[..6], "received", "packed"),
            bulk(&ids[..3], "packed", "shipped"),
            bulk(&ids[6..], "received", "cancelled"),
            bulk(&ids[3..5], "packed", "cancelled"),
        ] {
            let r = app
                .admin("POST", "/api/admin/orders/status", Some(&change))
                .await;
            assert_eq!(r.json["refused"], json!({}), "{store}: {}", r.json);
        }
        let summary = read(&app, "/api/admin/summary").await;
        let mut orders = 0;
        for status in ["received", "packed", "shipped", "delivered", "cancelled"] {
            let list = read(
                &app,
                &format!("/api/admin/orders?status={status}&limit=200"),
            )
            .await;
            assert_eq!(
                summary["by_status"][status], list["total"],
                "{store} {status}"
            );
            orders += list["total"].as_u64().unwrap();
        }
        assert_eq!(summary["orders"], json!(orders), "{store}");
        // Left counted: orders 0–2 (shipped) and 5 (packed).
        let counted: Vec<&Value> = [0, 1, 2, 5].iter().map(|&i| &placed[i]).collect();
        let boxes = |b: &&Value| b["quantity"].as_u64().unwrap();
        let kg: u64 = counted
            .iter()
            .map(|b| boxes(b) * if b["box_id"] == "5kg" { 5 } else { 10 })
            .sum();
        assert_eq!(summary["kg_sold"], json!(kg), "{store}");
        let by_ref = counted.iter().filter_map(|b| b["ref"].as_str());
        let mut want_ref = serde_json::Map::new();
        for tag in by_ref {
            let n = want_ref.get(tag).and_then(Value::as_u64).unwrap_or(0);
            want_ref.insert(tag.to_owned(), json!(n + 1));
        }
        assert_eq!(summary["by_ref"], Value::Object(want_ref), "{store}");
    }
}

#[tokio::test]
async fn the_pick_list_sums_the_boxes_to_pack_of_the_orders_received_on_both_stores() {
    for app in TestApp::on_both_stores(100).await {
        let store = app.store;
        let placed = [
            body("5kg", 2, "A Bao", "13800138000", Some("wechat")),
            body("5kg", 3, "B Bao", "13800138001", None),
            body("10kg", 1, "C Bao", "13800138002", Some("wechat")),
            body("10kg", 5, "D Bao", "13800138003", None),
        ];
        let ids = place_all(&app, "p", &placed).await;
        move_order(&app, &ids[3], json!({"status": "packed"})).await;
        let received = read(&app, "/api/admin/picklist").await;
        let want = json!({"boxes": [{"id": "10kg", "orders": 1, "boxes": 1},
                                    {"id": "5kg", "orders": 2, "boxes": 5}], "orders": 3});
        assert_eq!(received, want, "{store}");
        let packed = read(&app, "/api/admin/picklist?status=packed").await;
        let want = json!({"boxes": [{"id": "10kg", "orders": 1, "boxes": 5}], "orders": 1});
        assert_eq!(packed, want, "{store}");
        let tagged = read(&app, "/api/admin/picklist?ref=wechat&status=received").await;
        assert_eq!(tagged["orders"], 2, "{store}");
    }
}

#[tokio::test]
async fn the_csv_holds_every_order_once_across_its_pages_on_both_stores() {
    for app in TestApp::on_both_stores(1200).await {
        let store = app.store;
        let mut placed = place_many(&app, "csv", 1005).await;
        move_order(&app, &placed[0], json!({"status": "packed"})).await;
        let r = app.admin("GET", "/api/admin/orders.csv", None).await;
        assert_eq!(r.status, StatusCode::OK, "{store}");
        assert_eq!(r.content_type(), "text/csv; charset=utf-8");
        let text = r.text();
        let lines: Vec<&str> = text.trim_end().split("\r\n").skip(1).collect();
        let ids: Vec<String> = lines
            .iter()
            .map(|l| l[1..13].to_owned())
            .collect::<Vec<_>>();
        placed.reverse();
        assert_eq!(ids, placed, "{store}: newest first, every order once");
        assert_eq!(ids.iter().collect::<HashSet<_>>().len(), 1005);
        let packed = app
            .admin("GET", "/api/admin/orders.csv?status=packed", None)
            .await
            .text();
        let packed: Vec<&str> = packed.trim_end().split("\r\n").collect();
        assert_eq!(packed.len(), 2, "{store}: the header and the packed order");
        assert!(packed[1].contains(&placed[1004]), "{store}");
    }
}
