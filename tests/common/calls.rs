//! The calls the tests make to the real server: the client, an order placed, the admin's read,
//! and a valid order's body.

use serde_json::Value;

use super::ADMIN_TOKEN;

/// An HTTP client for the real server, with room for many connections at once.
pub fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap()
}

/// Places an order on the real server at `base`: its status and JSON body.
pub async fn place(
    client: &reqwest::Client,
    base: &str,
    key: &str,
    body: &Value,
) -> Result<(u16, Value), reqwest::Error> {
    let r = client
        .post(format!("{base}/api/orders"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await?;
    let status = r.status().as_u16();
    Ok((status, r.json().await?))
}

/// The order (id and token) a 201 names.
pub fn id_and_token(order: &Value) -> (String, String) {
    let text = |k: &str| order[k].as_str().unwrap().to_owned();
    (text("id"), text("token"))
}

/// `GET url` on the real server with the admin token, as JSON.
pub async fn admin_get(client: &reqwest::Client, url: String) -> Value {
    let r = client
        .get(url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

/// A valid order body.
pub fn order_body(box_id: &str, quantity: u32) -> Value {
    serde_json::json!({
        "box_id": box_id,
        "quantity": quantity,
        "name": "Tashi Dorje",
        "phone": "138 0013 8000",
        "address": "12 Chunxi Road, Jinjiang, Chengdu",
    })
}
