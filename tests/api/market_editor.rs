//! The producer editor's loose ends (issue #28), on both stores: the team's read of a producer's
//! content names its limit per buyer (which the public storefront keeps to itself), so the edit
//! form opens with it filled in.

use axum::http::StatusCode;
use serde_json::json;

use crate::market_kit::{as_member, on_both_stores, DROLMA_OWNER, DROLMA_PACKER, WALNUT_OWNER};

const CONTENT: &str = "/api/producers/drolma/admin/content";

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
