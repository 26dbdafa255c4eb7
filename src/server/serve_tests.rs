//! The serving loop's own test: the body deadline a request gets once the app has routed it.

use super::*;

#[tokio::test]
async fn a_claims_body_has_longer_to_arrive_than_any_other() {
    use crate::server::{body_deadline::BodyAllowance, AppState, Content};
    use clap::Parser as _;
    let dir = tempfile::tempdir().unwrap();
    let at = |name: &str| dir.path().join(name).display().to_string();
    let database = format!("sqlite://{}", at("orchard.db"));
    let content = concat!(env!("CARGO_MANIFEST_DIR"), "/content/drolma.toml");
    let dist = at("dist");
    let args = [
        "",
        "--database",
        &database,
        "--content",
        content,
        "--dist",
        &dist,
    ];
    let config = Config::parse_from(args);
    let content = Content::load(&config.content).unwrap();
    let app = crate::server::app(AppState::open(config, content).await.unwrap());
    let base = Duration::from_secs(10);
    // The time a body has once the app has routed its request (each answer is a refusal:
    // no token, no such order, no body; the allowance is raised before).
    let deadline = |method: &str, path: &str| {
        let request = Request::builder().method(method).uri(path);
        let request = request.body(axum::body::Body::empty()).unwrap();
        let request = with_deadline(request, "127.0.0.1:40000".parse().unwrap(), base);
        let allowance = request.extensions().get::<BodyAllowance>().cloned();
        let answered = tower::ServiceExt::oneshot(app.clone(), request);
        async move { answered.await.map(|_| allowance.unwrap().limit()).unwrap() }
    };
    assert_eq!(deadline("POST", "/api/orders/K7Q2/claims").await, base * 12);
    assert_eq!(deadline("POST", "/api/orders").await, base);
    assert_eq!(deadline("GET", "/api/orders/K7Q2/claims").await, base);
    assert_eq!(deadline("POST", "/api/admin/claims/C1").await, base);
}
