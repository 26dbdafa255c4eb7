//! Many buyers at once against the real server: orders placed in one burst, with a key each or
//! all with the same key.

use std::collections::HashSet;

use serde_json::Value;

use super::calls::{id_and_token, order_body, place};

/// Sends `n` orders at once, the i-th with key `key(i)` through `bases[i % bases.len()]`;
/// returns every answer (status and body), in order.
async fn race(
    client: &reqwest::Client,
    bases: &[String],
    n: usize,
    key: impl Fn(usize) -> String,
    body: &Value,
) -> Vec<(u16, Value)> {
    let tries: Vec<_> = (0..n)
        .map(|i| {
            let (client, body) = (client.clone(), body.clone());
            let (base, key) = (bases[i % bases.len()].clone(), key(i));
            tokio::spawn(async move { place(&client, &base, &key, &body).await.unwrap() })
        })
        .collect();
    let mut answers = Vec::with_capacity(n);
    for t in tries {
        answers.push(t.await.unwrap());
    }
    answers
}

/// `n` buyers, each with a key of their own, ordering one 5 kg box at once through `bases` in
/// turn: how many got an order and how many were refused `sold_out` (any other answer fails).
pub async fn buyers_race(client: &reqwest::Client, bases: &[String], n: usize) -> (usize, usize) {
    let key = |i| format!("buyer-{i}");
    let (mut created, mut refused) = (0, 0);
    for answer in race(client, bases, n, key, &order_body("5kg", 1)).await {
        match answer {
            (201, _) => created += 1,
            (409, v) => {
                assert_eq!(v["error"]["code"], "sold_out", "{v}");
                refused += 1;
            }
            other => panic!("unexpected answer {other:?}"),
        }
    }
    (created, refused)
}

/// `n` tries of `body` with one `key` at once through `bases` in turn: the orders their 201s
/// name; every other answer must be 409 `request_in_progress`.
pub async fn one_key_race(
    client: &reqwest::Client,
    bases: &[String],
    n: usize,
    key: &str,
    body: &Value,
) -> HashSet<(String, String)> {
    let mut orders = HashSet::new();
    for answer in race(client, bases, n, |_| key.to_owned(), body).await {
        match answer {
            (201, v) => {
                orders.insert(id_and_token(&v));
            }
            (409, v) => assert_eq!(v["error"]["code"], "request_in_progress", "{v}"),
            other => panic!("unexpected answer {other:?}"),
        }
    }
    orders
}
