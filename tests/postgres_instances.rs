//! Two real `orchard-server` processes on one PostgreSQL database, as behind a load balancer:
//! buyers racing for the last boxes through both never oversell, and one idempotency key sent
//! to both at once places one order.
#![cfg(not(target_arch = "wasm32"))]

mod common;

use std::collections::HashSet;
use std::sync::Arc;
use std::time::{Duration, Instant};

use common::{order_body, postgres, Sandbox, Server, ADMIN_TOKEN};
use serde_json::Value;

fn client() -> reqwest::Client {
    reqwest::Client::builder()
        .pool_max_idle_per_host(256)
        .build()
        .unwrap()
}

async fn place(client: &reqwest::Client, base: &str, key: &str, body: &Value) -> (u16, Value) {
    let r = client
        .post(format!("{base}/api/orders"))
        .header("Idempotency-Key", key)
        .json(body)
        .send()
        .await
        .unwrap();
    let status = r.status().as_u16();
    (status, r.json().await.unwrap())
}

async fn get(client: &reqwest::Client, url: String) -> Value {
    let r = client
        .get(url)
        .bearer_auth(ADMIN_TOKEN)
        .send()
        .await
        .unwrap();
    r.json().await.unwrap()
}

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
    let bases = Arc::new([server_a.base.clone(), server_b.base.clone()]);
    let buyers: Vec<_> = (0..256)
        .map(|i| {
            let (client, bases) = (client.clone(), bases.clone());
            tokio::spawn(async move {
                let base = &bases[i % 2];
                place(&client, base, &format!("buyer-{i}"), &order_body("5kg", 1)).await
            })
        })
        .collect();
    let (mut created, mut refused) = (0, 0);
    for b in buyers {
        match b.await.unwrap() {
            (201, _) => created += 1,
            (409, v) => {
                assert_eq!(v["error"]["code"], "sold_out", "{v}");
                refused += 1;
            }
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!((created, refused), (100, 156));
    for server in [&server_a, &server_b] {
        let orders = get(&client, server.url("/api/admin/orders")).await;
        assert_eq!(orders["orders"].as_array().unwrap().len(), 100);
        // Each instance's storefront catches up with what the other sold.
        let started = Instant::now();
        loop {
            let s = get(&client, server.url("/api/storefront")).await;
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
    let bases = Arc::new([server_a.base.clone(), server_b.base.clone()]);
    let tries: Vec<_> = (0..20)
        .map(|i| {
            let (client, bases) = (client.clone(), bases.clone());
            tokio::spawn(async move {
                place(&client, &bases[i % 2], "one-key", &order_body("5kg", 2)).await
            })
        })
        .collect();
    let mut orders = HashSet::new();
    for t in tries {
        match t.await.unwrap() {
            (201, v) => {
                orders.insert((v["id"].to_string(), v["token"].to_string()));
            }
            (409, v) => assert_eq!(v["error"]["code"], "request_in_progress", "{v}"),
            other => panic!("unexpected answer {other:?}"),
        }
    }
    assert_eq!(orders.len(), 1, "every success names the same order");
    for server in [&server_a, &server_b] {
        let list = get(&client, server.url("/api/admin/orders")).await;
        assert_eq!(list["orders"].as_array().unwrap().len(), 1);
        let (status, again) = place(&client, &server.base, "one-key", &order_body("5kg", 2)).await;
        assert_eq!(status, 201);
        assert!(orders.contains(&(again["id"].to_string(), again["token"].to_string())));
        let (status, reused) = place(&client, &server.base, "one-key", &order_body("5kg", 3)).await;
        assert_eq!(
            (status, &reused["error"]["code"]),
            (422, &Value::from("idempotency_key_reused"))
        );
    }
}
