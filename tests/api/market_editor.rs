//! The producer editor's loose ends (issue #28), on both stores: the team's read of a producer's
//! content names its limit per buyer (which the public storefront keeps to itself), so the edit
//! form opens with it filled in; and edits of different fields made on two instances of one
//! database, one after the other or at once, all survive (each is written over the content's
//! version it read, and made again over a newer one); and a new producer's form sent again after
//! a lost answer is answered as the first was, while another form for its slug is refused.

use axum::http::StatusCode;
use futures_util::future::join_all;
use serde_json::{json, Value};

use crate::market_kit::{
    as_member, on_both_stores, DROLMA_OWNER, DROLMA_PACKER, OPERATOR, WALNUT_OWNER,
};
use crate::market_producers::{rows_of, tsering};
use crate::market_store::producer;

const CONTENT: &str = "/api/producers/drolma/admin/content";
const PRODUCERS: &str = "/api/admin/producers";

#[tokio::test]
async fn the_owners_read_of_the_content_names_the_limit_the_public_storefront_does_not() {
    for app in on_both_stores().await {
        let s = app.store;
        let limit = json!({"limits": {"max_boxes_per_phone": 6}});
        as_member(&app, DROLMA_OWNER, "PUT", CONTENT, Some(&limit))
            .await
            .assert_status(StatusCode::OK, s);
        let read = as_member(&app, DROLMA_OWNER, "GET", CONTENT, None).await;
        read.assert_status(StatusCode::OK, s);
        assert_eq!(read.json["limits"]["max_boxes_per_phone"], 6, "{s}");
        let public = app.get("/api/producers/drolma/storefront").await.json;
        assert_eq!(
            read.json["storefront"]["producer"], public["producer"],
            "{s}"
        );
        assert_eq!(read.json["storefront"]["boxes"], public["boxes"], "{s}");
        assert!(
            !public.to_string().contains("max_boxes_per_phone"),
            "{s}: the public storefront does not say the limit"
        );
        // Saving another field keeps the limit, and the read says so.
        let greeting = json!({"greeting": "Tashi delek"});
        as_member(&app, DROLMA_OWNER, "PUT", CONTENT, Some(&greeting))
            .await
            .assert_status(StatusCode::OK, s);
        let again = as_member(&app, DROLMA_OWNER, "GET", CONTENT, None).await;
        assert_eq!(again.json["limits"]["max_boxes_per_phone"], 6, "{s}");
        assert_eq!(
            again.json["storefront"]["producer"]["greeting"],
            "Tashi delek"
        );
        let walnuts = as_member(
            &app,
            WALNUT_OWNER,
            "GET",
            "/api/producers/walnuts/admin/content",
            None,
        )
        .await;
        walnuts.assert_status(StatusCode::OK, s);
        assert!(
            walnuts.json["limits"]["max_boxes_per_phone"].is_null(),
            "{s}: no limit"
        );
        for token in [WALNUT_OWNER, DROLMA_PACKER] {
            let refused = as_member(&app, token, "GET", CONTENT, None).await;
            refused.assert_status(StatusCode::FORBIDDEN, s);
        }
        let anyone = app.get(CONTENT).await;
        anyone.assert_status(StatusCode::UNAUTHORIZED, s);
    }
}

/// Drolma's producer, as a server started from the same database serves it (its copy read now).
async fn kept_on(database: &str) -> Value {
    producer(database, "drolma", 100).await.storefront().await["producer"].clone()
}

#[tokio::test]
async fn an_edit_on_an_instance_that_has_not_seen_another_instances_edit_keeps_it() {
    for app in on_both_stores().await {
        let s = app.store;
        let other = producer(&app.sandbox.database(), "drolma", 100).await;
        let name = json!({"name": {"en": "Grandma Drolma"}});
        as_member(&app, DROLMA_OWNER, "PUT", CONTENT, Some(&name))
            .await
            .assert_status(StatusCode::OK, s);
        // The other instance edits another field before it reads the first edit back.
        let greeting = json!({"greeting": "Tashi delek"});
        let edited = other.admin("PUT", CONTENT, Some(&greeting)).await;
        edited.assert_status(StatusCode::OK, s);
        assert_eq!(
            edited.json["producer"]["name"]["en"], "Grandma Drolma",
            "{s}"
        );
        let kept = kept_on(&app.sandbox.database()).await;
        assert_eq!(kept["name"]["en"], "Grandma Drolma", "{s}");
        assert_eq!(kept["greeting"], "Tashi delek", "{s}");
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn edits_of_different_fields_on_two_instances_at_once_all_survive() {
    for app in on_both_stores().await {
        let s = app.store;
        let other = producer(&app.sandbox.database(), "drolma", 100).await;
        let here = ["Drolma of Zhongde", "Zhongde", "Grandma Drolma"];
        let there = [
            "Drolma de Zhongde",
            "Zhongde (Xiangcheng)",
            "Grand-mère Drolma",
        ];
        let edit = |lang: &str, i: usize, text: &str| match i {
            0 => json!({"name": {lang: text}}),
            1 => json!({"place": {lang: text}}),
            _ => json!({"story": {lang: [text]}}),
        };
        let ours = (0..3).map(|i| {
            let (body, app) = (edit("en", i, here[i]), &app);
            async move { as_member(app, DROLMA_OWNER, "PUT", CONTENT, Some(&body)).await }
        });
        let theirs = (0..3).map(|i| {
            let (body, other) = (edit("fr", i, there[i]), &other);
            async move { other.admin("PUT", CONTENT, Some(&body)).await }
        });
        let (ours, theirs) = tokio::join!(join_all(ours), join_all(theirs));
        for reply in ours.iter().chain(&theirs) {
            reply.assert_status(StatusCode::OK, s);
        }
        let kept = kept_on(&app.sandbox.database()).await;
        for (lang, texts) in [("en", here), ("fr", there)] {
            assert_eq!(kept["name"][lang], texts[0], "{s}: {lang}");
            assert_eq!(kept["place"][lang], texts[1], "{s}: {lang}");
            assert_eq!(kept["story"][lang][0], texts[2], "{s}: {lang}");
        }
    }
}

/// `body` without its clock: the storefront's `server_time` is the time it is answered at.
fn timeless(mut body: Value) -> Value {
    body["storefront"]["server_time"] = Value::Null;
    body
}

#[tokio::test]
async fn the_same_new_producer_sent_again_is_answered_as_the_first_and_another_is_refused() {
    for app in on_both_stores().await {
        let s = app.store;
        let form = tsering();
        let post = |body: Value| {
            let app = &app;
            async move { as_member(app, OPERATOR, "POST", PRODUCERS, Some(&body)).await }
        };
        let first = post(form.clone()).await;
        first.assert_status(StatusCode::CREATED, s);
        // The phone lost the answer and sends the form again: the same answer, one producer.
        let again = post(form.clone()).await;
        again.assert_status(StatusCode::CREATED, s);
        assert_eq!(timeless(again.json), timeless(first.json.clone()), "{s}");
        assert_eq!(rows_of(&app, "producers", "tsering").await, 1, "{s}");
        assert_eq!(rows_of(&app, "boxes", "tsering").await, 2, "{s}");
        // Through another instance of the database, which has not served it yet, too.
        let other = producer(&app.sandbox.database(), "drolma", 100).await;
        let there = other.admin("POST", PRODUCERS, Some(&form)).await;
        there.assert_status(StatusCode::CREATED, s);
        assert_eq!(there.json["slug"], "tsering", "{s}");
        assert_eq!(
            there.json["storefront"]["boxes"],
            first.json["storefront"]["boxes"]
        );
        // Another body for the slug is refused as a slug taken: another greeting, price or
        // first stock.
        let changes: [(&str, &str, Value); 3] = [
            ("/greeting", "", json!("Tashi delek")),
            ("/boxes/1", "price_fen", json!(13900)),
            ("/boxes/0", "stock", json!(31)),
        ];
        for (at, key, value) in changes {
            let mut changed = form.clone();
            let part = changed.pointer_mut(at).unwrap();
            match key {
                "" => *part = value,
                key => part[key] = value,
            }
            let refused = post(changed).await;
            refused.assert_status(StatusCode::UNPROCESSABLE_ENTITY, s);
            let fields = refused.json["error"]["fields"].as_object().unwrap();
            assert_eq!(fields.keys().collect::<Vec<_>>(), ["slug"], "{s}: {at}");
        }
        // Once edited, the producer is no longer what the form made: the form again is refused.
        let edit = json!({"name": {"en": "Tsering, walnut grower"}});
        let path = "/api/producers/tsering/admin/content";
        as_member(&app, OPERATOR, "PUT", path, Some(&edit))
            .await
            .assert_status(StatusCode::OK, s);
        let late = post(form.clone()).await;
        late.assert_status(StatusCode::UNPROCESSABLE_ENTITY, s);
        assert!(late.json["error"]["fields"]["slug"].is_string(), "{s}");
    }
}
