//! Putting a producer on the market from a phone (issue #28), on both stores: the operator's
//! `POST /api/admin/producers` serves the new producer at once (its storefront, its orders, the
//! market's home); a producer's owner or packer is refused; every bad field is a 422 under its
//! path, and a refused request leaves no row and the slug free.

use axum::http::StatusCode;
use serde_json::{json, Value};
use sqlx::Row;

use crate::common::at;
use crate::helpers::TestApp;
use crate::market_kit::{as_member, on_both_stores, DROLMA_OWNER, DROLMA_PACKER, OPERATOR};

/// A walnut grower's producer, on sale since an hour ago.
pub fn tsering() -> Value {
    json!({
        "slug": "tsering",
        "name": {"zh": "次仁", "en": "Tsering", "fr": "Tsering"},
        "place": {"zh": "乡城县然乌乡", "en": "Ranwu, Xiangcheng county"},
        "story": {"zh": ["次仁家的核桃树有六十年了。"], "en": ["Tsering's walnut trees are sixty years old."]},
        "greeting": "བཀྲ་ཤིས་བདེ་ལེགས",
        "sale": {"opens_at": at(-3600), "closes_at": null, "harvest_at": at(-86_400)},
        "boxes": [{"id": "2kg", "weight_kg": 2, "price_fen": 5800, "stock": 30},
                  {"id": "5kg", "weight_kg": 5, "price_fen": 13800, "stock": 4}],
        "limits": {"max_boxes_per_phone": 10}
    })
}

/// Rows of `table` whose producer is the one with slug `slug`, read behind the server's back.
pub async fn rows_of(app: &TestApp, table: &str, slug: &str) -> i64 {
    let sql = if table == "producers" {
        format!("SELECT COUNT(*) AS n FROM producers WHERE slug = '{slug}'")
    } else {
        format!(
            "SELECT COUNT(*) AS n FROM {table} AS t JOIN producers AS p ON p.id = t.producer \
             WHERE p.slug = '{slug}'"
        )
    };
    match &app.sandbox.database {
        Some(url) => {
            // Counted across the market: row-level security shows a bare connection nothing.
            let mut conn = crate::common::postgres::market_connection(url).await;
            let row = sqlx::query(&sql).fetch_one(&mut conn).await.unwrap();
            row.get::<i64, _>("n")
        }
        None => {
            let path = app.sandbox.path().join("orchard.db");
            let conn = rusqlite::Connection::open(path).unwrap();
            conn.query_row(&sql, [], |r| r.get(0)).unwrap()
        }
    }
}

#[tokio::test]
async fn the_operator_puts_a_producer_on_the_market_and_a_buyer_orders_from_it_at_once() {
    for app in on_both_stores().await {
        let s = app.store;
        let made = as_member(
            &app,
            OPERATOR,
            "POST",
            "/api/admin/producers",
            Some(&tsering()),
        )
        .await;
        made.assert_status(StatusCode::CREATED, s);
        assert_eq!(made.json["slug"], "tsering", "{s}");
        assert_eq!(made.json["url"], "/p/tsering", "{s}");
        assert_eq!(
            made.json["storefront"]["producer"]["name"]["en"], "Tsering",
            "{s}"
        );
        assert_eq!(made.json["storefront"]["sale"]["state"], "open", "{s}");
        let shown = app.get("/api/producers/tsering/storefront").await;
        shown.assert_status(StatusCode::OK, s);
        assert_eq!(shown.json["boxes"][0]["available"], 30, "{s}");
        let body = json!({"box_id": "2kg", "quantity": 3, "name": "王小明", "phone": "13800138000",
                          "address": "四川省成都市武侯区人民南路四段 12 号"});
        let order = app
            .call(
                "POST",
                "/api/producers/tsering/orders",
                &[("Idempotency-Key", "t-1")],
                Some(&body),
            )
            .await;
        order.assert_status(StatusCode::CREATED, s);
        assert_eq!(
            (
                order.json["total_fen"].as_i64(),
                order.json["producer"].as_str()
            ),
            (Some(17_400), Some("tsering")),
            "{s}"
        );
        let after = app.get("/api/producers/tsering/storefront").await.json;
        assert_eq!(after["boxes"][0]["available"], 27, "{s}");
        let market = app.get("/api/market").await.json;
        let slugs: Vec<&str> = market["producers"]
            .as_array()
            .unwrap()
            .iter()
            .map(|p| p["slug"].as_str().unwrap())
            .collect();
        assert_eq!(slugs, ["drolma", "walnuts", "tsering"], "{s}");
        let page = app.get("/p/tsering").await;
        page.assert_status(StatusCode::OK, s);
    }
}

#[tokio::test]
async fn only_the_operator_puts_a_producer_on_the_market() {
    for app in on_both_stores().await {
        let s = app.store;
        for token in [DROLMA_OWNER, DROLMA_PACKER] {
            let refused = as_member(
                &app,
                token,
                "POST",
                "/api/admin/producers",
                Some(&tsering()),
            )
            .await;
            refused.assert_status(StatusCode::FORBIDDEN, s);
            assert_eq!(refused.json["error"]["code"], "forbidden", "{s}");
        }
        let anonymous = app
            .call("POST", "/api/admin/producers", &[], Some(&tsering()))
            .await;
        anonymous.assert_status(StatusCode::UNAUTHORIZED, s);
        assert_eq!(rows_of(&app, "producers", "tsering").await, 0, "{s}");
        let admin = app
            .admin("POST", "/api/admin/producers", Some(&tsering()))
            .await;
        admin.assert_status(StatusCode::CREATED, s);
    }
}

/// `tsering()` with `value` at the JSON pointer `at`.
fn with(at: &str, value: Value) -> Value {
    let mut body = tsering();
    *body.pointer_mut(at).unwrap() = value;
    body
}

#[tokio::test]
async fn every_bad_field_is_refused_under_its_path_and_nothing_is_left_behind() {
    let cases = [
        (with("/slug", json!("Tsering!")), "slug"),
        (with("/slug", json!("drolma")), "slug"),
        (with("/name/zh", json!(" \u{200B} ")), "name.zh"),
        (with("/name/en", json!("x".repeat(65))), "name.en"),
        (with("/place/zh", json!("")), "place.zh"),
        (with("/story/en/0", json!("a\u{0007}bell")), "story.en[0]"),
        (with("/greeting", json!(["hello"])), "greeting"),
        (
            with("/sale/opens_at", json!("next Tuesday")),
            "sale.opens_at",
        ),
        (with("/sale/closes_at", json!(at(-7200))), "sale.closes_at"),
        (with("/boxes/1/price_fen", json!(0)), "boxes[1].price_fen"),
        (with("/boxes/1/id", json!("2kg")), "boxes[1].id"),
        (with("/boxes/0/stock", json!(-1)), "boxes[0].stock"),
        (with("/boxes", json!([])), "boxes"),
        (
            with("/limits/max_boxes_per_phone", json!(0)),
            "limits.max_boxes_per_phone",
        ),
    ];
    for app in on_both_stores().await {
        let s = app.store;
        for (body, field) in &cases {
            let refused =
                as_member(&app, OPERATOR, "POST", "/api/admin/producers", Some(body)).await;
            refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY, s);
            let error = &refused.json["error"];
            assert_eq!(error["code"], "invalid", "{s} {field}");
            let fields = error["fields"].as_object().unwrap();
            assert_eq!(fields.keys().collect::<Vec<_>>(), [field], "{s}: {error}");
            assert_eq!(
                rows_of(&app, "producers", "tsering").await,
                0,
                "{s} {field}"
            );
            assert_eq!(rows_of(&app, "boxes", "tsering").await, 0, "{s} {field}");
        }
        assert_eq!(
            app.get("/api/producers/tsering/storefront").await.status,
            StatusCode::NOT_FOUND
        );
        let later = as_member(
            &app,
            OPERATOR,
            "POST",
            "/api/admin/producers",
            Some(&tsering()),
        )
        .await;
        later.assert_status(StatusCode::CREATED, s);
        assert_eq!(rows_of(&app, "boxes", "tsering").await, 2, "{s}");
        // Another producer for the slug (the same request again is answered as the first:
        // market_editor.rs).
        let mut other = tsering();
        other["name"]["en"] = json!("Another Tsering");
        let again = as_member(&app, OPERATOR, "POST", "/api/admin/producers", Some(&other)).await;
        again.assert_status(StatusCode::UNPROCESSABLE_ENTITY, s);
        assert!(again.json["error"]["fields"]["slug"].is_string(), "{s}");
    }
}

#[tokio::test]
async fn a_story_at_its_longest_in_three_languages_fits_and_a_larger_body_is_413() {
    let app = crate::market_kit::market(false).await;
    let paragraphs = vec!["核".repeat(1000); 12];
    let longest = with(
        "/story",
        json!({"zh": paragraphs, "en": paragraphs, "fr": paragraphs}),
    );
    assert!(serde_json::to_vec(&longest).unwrap().len() > 100_000);
    let made = as_member(
        &app,
        OPERATOR,
        "POST",
        "/api/admin/producers",
        Some(&longest),
    )
    .await;
    made.assert_status(StatusCode::CREATED, app.store);
    let mut too_large = with("/slug", json!("lhamo"));
    too_large["padding"] = json!(" ".repeat(128 * 1024));
    let refused = as_member(
        &app,
        OPERATOR,
        "POST",
        "/api/admin/producers",
        Some(&too_large),
    )
    .await;
    refused.assert_status(StatusCode::PAYLOAD_TOO_LARGE, app.store);
    assert_eq!(refused.json["error"]["code"], "payload_too_large");
}

#[tokio::test]
async fn another_instance_on_the_same_postgres_database_serves_the_new_producer_within_seconds() {
    let app = crate::market_kit::market(true).await;
    let other = crate::market_store::producer(&app.sandbox.database(), "drolma", 100).await;
    let made = as_member(
        &app,
        OPERATOR,
        "POST",
        "/api/admin/producers",
        Some(&tsering()),
    )
    .await;
    made.assert_status(StatusCode::CREATED, app.store);
    let mut shown = other.get("/api/producers/tsering/storefront").await;
    for _ in 0..40 {
        if shown.status == StatusCode::OK {
            break;
        }
        tokio::time::sleep(std::time::Duration::from_millis(250)).await;
        shown = other.get("/api/producers/tsering/storefront").await;
    }
    shown.assert_status(StatusCode::OK, "postgres");
    let body = json!({"box_id": "5kg", "quantity": 1, "name": "王小明", "phone": "13800138000",
                      "address": "四川省成都市武侯区人民南路四段 12 号"});
    let headers = [("Idempotency-Key", "other-1")];
    let path = "/api/producers/tsering/orders";
    let order = other.call("POST", path, &headers, Some(&body)).await;
    order.assert_status(StatusCode::CREATED, "postgres");
    let after = other.get("/api/producers/tsering/storefront").await.json;
    assert_eq!(after["boxes"][1]["available"], 3);
    assert_eq!(
        other.get("/api/market").await.json["producers"]
            .as_array()
            .unwrap()
            .len(),
        2
    );
}
