//! Team members and roles on both stores: a packer moves orders forward (one or many) and
//! uploads courier numbers but is refused (403) what only the owner may do; every move records
//! who made it, which the team sees and the buyer never does; a bad team file stops the server.

use axum::http::StatusCode;
use clap::Parser;
use orchard::server::team::Team;
use orchard::server::Config;
use serde_json::{json, Value};
use tempfile::TempDir;

use crate::common::order_body;
use crate::helpers::{Reply, TestApp};

const PACKER_TOKEN: &str = "packer-token-3f9c0a5e7b21d4c8a6e0f1b2";

/// A team file with the packer Tashi (and the owner Drolma, whose token nobody uses here).
fn team_file() -> (TempDir, String) {
    let dir = TempDir::new().unwrap();
    let path = dir.path().join("team.toml");
    let hash = hex::encode(<sha2::Sha256 as sha2::Digest>::digest(PACKER_TOKEN));
    let text = format!(
        "[[member]]\nname = \"Tashi\"\nrole = \"packer\"\ntoken_sha256 = \"{hash}\"\n\n\
         [[member]]\nname = \"Drolma\"\nrole = \"owner\"\ntoken_sha256 = \"{}\"\n",
        "ab".repeat(32)
    );
    std::fs::write(&path, text).unwrap();
    (dir, path.display().to_string())
}

/// `method path` with the packer's token.
async fn as_packer(app: &TestApp, method: &str, path: &str, body: Option<&Value>) -> Reply {
    let bearer = format!("Bearer {PACKER_TOKEN}");
    app.call(method, path, &[("Authorization", &bearer)], body)
        .await
}

#[tokio::test]
async fn a_packer_moves_orders_forward_but_may_not_cancel_set_stock_or_export() {
    let (_dir, path) = team_file();
    for app in TestApp::on_both_stores_with(20, &["--team-file", &path]).await {
        let store = app.store;
        let mut ids = Vec::new();
        for key in ["r1", "r2", "r3"] {
            ids.push(app.place(key, &order_body("5kg", 1)).await.json["id"].clone());
        }
        let me = as_packer(&app, "GET", "/api/admin/me", None).await;
        assert_eq!(
            me.json,
            json!({"name": "Tashi", "role": "packer", "producer": "content"}),
            "{store}"
        );
        let list = as_packer(&app, "GET", "/api/admin/orders", None).await;
        assert_eq!(list.status, StatusCode::OK, "{store}");
        let one = format!("/api/admin/orders/{}/status", ids[0].as_str().unwrap());
        let packed = as_packer(&app, "POST", &one, Some(&json!({"status": "packed"}))).await;
        assert_eq!(packed.status, StatusCode::OK, "{store}: {}", packed.json);
        let bulk = json!({"ids": [ids[1], ids[2]], "from": "received", "status": "packed"});
        let moved = as_packer(&app, "POST", "/api/admin/orders/status", Some(&bulk)).await;
        assert_eq!(moved.json["moved"], json!([ids[1], ids[2]]), "{store}");
        let csv = format!("{},SF1234567890\n", ids[0].as_str().unwrap());
        let req = axum::http::Request::post("/api/admin/tracking-numbers")
            .header("Authorization", format!("Bearer {PACKER_TOKEN}"))
            .header("Content-Type", "text/csv")
            .body(axum::body::Body::from(csv))
            .unwrap();
        assert_eq!(app.send(req).await.json["shipped"], 1, "{store}");

        let cancel_bulk = json!({"ids": [ids[1]], "from": "packed", "status": "cancelled"});
        let forbidden = [
            ("POST", one.clone(), Some(json!({"status": "cancelled"}))),
            ("POST", "/api/admin/orders/status".into(), Some(cancel_bulk)),
            (
                "PUT",
                "/api/admin/boxes/5kg".into(),
                Some(json!({"stock": 1})),
            ),
            ("GET", "/api/admin/orders.csv".into(), None),
            (
                "POST",
                "/api/admin/boxes/5kg/shortfall".into(),
                Some(json!({"boxes": 1})),
            ),
        ];
        for (method, path, body) in forbidden {
            let refused = as_packer(&app, method, &path, body.as_ref()).await;
            assert_eq!(
                (refused.status, &refused.json["error"]["code"]),
                (StatusCode::FORBIDDEN, &json!("forbidden")),
                "{store}: {method} {path}"
            );
        }
        assert_eq!(app.available("5kg").await, 17, "{store}: nothing cancelled");
        let wrong = app
            .call(
                "GET",
                "/api/admin/orders",
                &[("Authorization", "Bearer nope")],
                None,
            )
            .await;
        assert_eq!(wrong.status, StatusCode::UNAUTHORIZED, "{store}");
    }
}

#[tokio::test]
async fn every_move_records_who_made_it_for_the_team_and_never_for_the_buyer() {
    let (_dir, path) = team_file();
    for app in TestApp::on_both_stores_with(20, &["--team-file", &path]).await {
        let store = app.store;
        let order = app.place("who", &order_body("5kg", 1)).await.json;
        let id = order["id"].as_str().unwrap();
        let one = format!("/api/admin/orders/{id}/status");
        as_packer(&app, "POST", &one, Some(&json!({"status": "packed"}))).await;
        app.admin("POST", &one, Some(&json!({"status": "shipped"})))
            .await;
        let bulk = json!({"ids": [id], "from": "shipped", "status": "delivered"});
        as_packer(&app, "POST", "/api/admin/orders/status", Some(&bulk)).await;
        let team = app.admin("GET", "/api/admin/orders", None).await.json;
        let history = &team["orders"][0]["history"];
        let by: Vec<(&Value, &Value)> = history
            .as_array()
            .unwrap()
            .iter()
            .map(|c| (&c["status"], &c["by"]))
            .collect();
        assert_eq!(
            by,
            [
                (&json!("received"), &Value::Null),
                (&json!("packed"), &json!("Tashi")),
                (&json!("shipped"), &json!("owner")),
                (&json!("delivered"), &json!("Tashi")),
            ],
            "{store}: {history}"
        );
        let buyer = app.buyer_view(&order).await;
        assert_eq!(buyer["history"].as_array().unwrap().len(), 4, "{store}");
        assert!(!buyer.to_string().contains("\"by\""), "{store}: {buyer}");
        assert!(!buyer.to_string().contains("Tashi"), "{store}: {buyer}");
    }
}

#[test]
fn a_bad_team_file_stops_the_server_with_what_to_fix() {
    let hash = "ab".repeat(32);
    let member = |name: &str, role: &str, hash: &str| {
        format!("[[member]]\nname = \"{name}\"\nrole = \"{role}\"\ntoken_sha256 = \"{hash}\"\n")
    };
    let cases = [
        (member("Tashi", "boss", &hash), "boss"),
        (member("Tashi", "packer", "abc"), "64 hex"),
        (member("", "packer", &hash), "1–64"),
        (member("owner", "packer", &hash), "taken"),
        (
            member("Tashi", "packer", &hash) + &member("Tashi", "owner", &"cd".repeat(32)),
            "taken",
        ),
        (
            member("Tashi", "packer", &hash) + &member("Pema", "owner", &hash),
            "same token",
        ),
        (
            "[[member]]\nname = \"Tashi\"\nrole = \"packer\"\n".to_owned(),
            "token_sha256",
        ),
        ("[[members]]\nname = \"x\"\n".to_owned(), "members"),
    ];
    for (text, why) in cases {
        let err = Team::parse(&text).unwrap_err();
        assert!(err.contains(why), "{text}: {err}");
    }
    let good = member("Tashi", "packer", &hash) + &member("Pema", "owner", &"CD".repeat(32));
    assert_eq!(Team::parse(&good).unwrap().len(), 2);

    let dir = TempDir::new().unwrap();
    let bad = dir.path().join("team.toml");
    std::fs::write(&bad, member("Tashi", "packer", "abc")).unwrap();
    let flags = ["orchard-server", "--team-file", bad.to_str().unwrap()];
    let err = Config::parse_from(flags).check().unwrap_err();
    assert!(
        err.contains("ORCHARD_TEAM_FILE") && err.contains("team.toml"),
        "{err}"
    );
    let missing = ["orchard-server", "--team-file", "/nonexistent/team.toml"];
    assert!(Config::parse_from(missing).check().is_err());
}

#[test]
fn the_real_server_refuses_to_start_on_a_bad_team_file_with_exit_code_2() {
    let sandbox = crate::common::Sandbox::open_sale(1, 1);
    let team = sandbox.path().join("team.toml");
    std::fs::write(&team, "[[member]]\nname = \"Tashi\"\nrole = \"boss\"\n").unwrap();
    let out = std::process::Command::new(env!("CARGO_BIN_EXE_orchard-server"))
        .args(sandbox.args())
        .args(["--addr", "127.0.0.1:0"])
        .env("ORCHARD_TEAM_FILE", &team)
        .env("ORCHARD_ADMIN_TOKEN", crate::common::ADMIN_TOKEN)
        .output()
        .unwrap();
    let err = String::from_utf8_lossy(&out.stderr);
    assert_eq!(out.status.code(), Some(2), "{err}");
    assert!(
        err.contains("ORCHARD_TEAM_FILE") && err.contains("team.toml"),
        "{err}"
    );
}
