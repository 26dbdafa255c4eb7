//! A county market of two producers for the API tests: Drolma (`drolma`, the default one, 100
//! boxes of 5 kg) and a walnut family (`walnuts`, 40 boxes of 5 kg: the same box id, another
//! producer's stock), on SQLite or PostgreSQL, with a team file of one member per role, and an
//! order placed at each producer by a buyer whose name and phone are that producer's own, so a
//! test can look for one producer's buyers in the other's answers.

use axum::http::StatusCode;
use clap::Parser;
use orchard::server::{AppState, Config, Content};
use serde_json::{json, Value};
use sha2::Digest;

use crate::common::{at, content_toml, postgres, Sandbox, ADMIN_TOKEN};
use crate::helpers::{Reply, TestApp};

/// Each member's token: the walnut family's packer and owner, Drolma's packer, an operator.
pub const WALNUT_PACKER: &str = "walnut-packer-token-5d1e9a7c3b20f4e6";
pub const WALNUT_OWNER: &str = "walnut-owner-token-8c2b4f6a1e3d5079";
pub const DROLMA_PACKER: &str = "drolma-packer-token-0f7e2d9c4b6a8135";
pub const OPERATOR: &str = "county-operator-token-6b3a9e1d7c5f2048";

/// The walnut family's buyer, whom no answer for Drolma may name.
pub const WALNUT_BUYER: (&str, &str) = ("Lhamo Walnutbuyer", "13912345678");

fn hash(token: &str) -> String {
    hex::encode(sha2::Sha256::digest(token))
}

fn team_toml() -> String {
    [
        ("Tenzin", "packer", Some("walnuts"), WALNUT_PACKER),
        ("Yangzom", "owner", Some("walnuts"), WALNUT_OWNER),
        ("Tashi", "packer", None, DROLMA_PACKER),
        ("Service point", "operator", None, OPERATOR),
    ]
    .iter()
    .map(|(name, role, producer, token)| {
        let producer = producer.map_or(String::new(), |p| format!("producer = \"{p}\"\n"));
        format!(
            "[[member]]\nname = \"{name}\"\nrole = \"{role}\"\n{producer}token_sha256 = \"{}\"\n\n",
            hash(token)
        )
    })
    .collect()
}

/// The market on SQLite (`postgres` false) or a fresh PostgreSQL database.
pub async fn market(postgres: bool) -> TestApp {
    let sandbox = Sandbox::new(&content_toml(&at(-3600), None, 100, 10));
    let sandbox = if postgres {
        sandbox.with_database(postgres::fresh_database().await)
    } else {
        sandbox
    };
    let walnuts = sandbox.path().join("walnuts.toml");
    let text = content_toml(&at(-3600), None, 40, 5).replace("Drolma", "Walnut family");
    std::fs::write(&walnuts, text).unwrap();
    let team = sandbox.path().join("team.toml");
    std::fs::write(&team, team_toml()).unwrap();
    let mut argv = vec!["orchard-server".to_string()];
    argv.extend(sandbox.args());
    argv.extend(["--rate-limit-per-minute".into(), "0".into()]);
    argv.extend(["--team-file".into(), team.display().to_string()]);
    let mut config = Config::parse_from(argv);
    config.admin_token = Some(ADMIN_TOKEN.into());
    let producers = vec![
        (
            "drolma".to_owned(),
            Content::load(&sandbox.content()).unwrap(),
        ),
        ("walnuts".to_owned(), Content::load(&walnuts).unwrap()),
    ];
    let name = [("en", "Xiangcheng county market")]
        .map(|(l, n)| (l.to_owned(), n.to_owned()))
        .into();
    let state = AppState::open_market(config, name, Default::default(), producers)
        .await
        .unwrap();
    TestApp::from_state(state, sandbox)
}

/// Both stores' markets.
pub async fn on_both_stores() -> Vec<TestApp> {
    vec![market(false).await, market(true).await]
}

/// `method path` with `token`.
pub async fn as_member(
    app: &TestApp,
    token: &str,
    method: &str,
    path: &str,
    body: Option<&Value>,
) -> Reply {
    let bearer = format!("Bearer {token}");
    app.call(method, path, &[("Authorization", &bearer)], body)
        .await
}

/// Places an order of one 5 kg box at producer `slug` (`None`: the unscoped address) for
/// `buyer` (name, phone), with idempotency key `key`; it must be placed.
pub async fn order_at(app: &TestApp, slug: Option<&str>, key: &str, buyer: (&str, &str)) -> Value {
    let path = slug.map_or("/api/orders".to_owned(), |s| {
        format!("/api/producers/{s}/orders")
    });
    let body = json!({"box_id": "5kg", "quantity": 1, "name": buyer.0, "phone": buyer.1,
                      "address": "Zhongde village, Xiangcheng county"});
    let placed = app
        .call("POST", &path, &[("Idempotency-Key", key)], Some(&body))
        .await;
    placed.assert_status(StatusCode::CREATED, app.store);
    placed.json
}
