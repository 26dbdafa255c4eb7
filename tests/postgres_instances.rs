//! Two real `orchard-server` processes on one PostgreSQL database, as behind a load balancer:
//! buyers racing for the last boxes through both never oversell, and one idempotency key sent
//! to both at once places one order.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::time::{Duration, Instant};

use common::{
    admin_get, buyers_race, client, id_and_token, one_key_race, order_body, place, postgres,
    Sandbox, Server,
};
use serde_json::Value;

/// Two instances on one fresh database with `stock` boxes of 5 kg.
async fn two_instances(stock: u32) -> (Sandbox, Sandbox, Server, Server) {
    let url = postgres::fresh_database().await;
    let a = Sandbox::open_sale(stock, 0).with_database(url.clone());
    let b = Sandbox::open_sale(stock, 0).with_database(url);
    let flags = ["--rate-limit-per-minute", "0", "--pg-pool-size", "8"];
    let (server_a, server_b) = (a.spawn(&flags), b.spawn(&flags));
    (a, b, server_a, server_b)
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn buyers_racing_through_two_instances_for_a_hundred_boxes_make_exactly_a_hundred_orders() {
    let (_a, _b, server_a, server_b) = two_instances(100).await;
    let client = client();
    let bases = [server_a.base.clone(), server_b.base.clone()];
    let (created, refused) = buyers_race(&client, &bases, 256).await;
    assert_eq!((created, refused), (100, 156));
    for server in [&server_a, &server_b] {
        let orders = admin_get(&client, server.url("/api/admin/orders?limit=200")).await;
        assert_eq!(orders["orders"].as_array().unwrap().len(), 100);
        assert_eq!(orders["total"], 100);
        // Each instance's storefront catches up with what the other sold.
        let started = Instant::now();
        loop {
            let s = admin_get(&client, server.url("/api/storefront")).await;
            if s["boxes"][0]["available"] == 0 && s["impact"]["orders"] == 100 {
                assert_eq!(s["sale"]["state"], "sold_out");
                break;
            }
            assert!(
                started.elapsed() < Duration::from_secs(5),
                "stale storefront: {s}"
            );
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
    }
}

#[tokio::test(flavor = "multi_thread", worker_threads = 4)]
async fn one_key_sent_to_both_instances_at_once_places_one_order() {
    let (_a, _b, server_a, server_b) = two_instances(100).await;
    let client = client();
    let bases = [server_a.base.clone(), server_b.base.clone()];
    let orders = one_key_race(&client, &bases, 20, "one-key", &order_body("5kg", 2)).await;
    assert_eq!(orders.len(), 1, "every success names the same order");
    for server in [&server_a, &server_b] {
        let list = admin_get(&client, server.url("/api/admin/orders")).await;
        assert_eq!(list["orders"].as_array().unwrap().len(), 1);
        let (status, again) = place(&client, &server.base, "one-key", &order_body("5kg", 2))
            .await
            .unwrap();
        assert_eq!(status, 201);
        assert!(orders.contains(&id_and_token(&again)));
        let (status, reused) = place(&client, &server.base, "one-key", &order_body("5kg", 3))
            .await
            .unwrap();
        assert_eq!(
            (status, &reused["error"]["code"]),
            (422, &Value::from("idempotency_key_reused"))
        );
    }
}
