//! The per-client limits, the pending orders' cap and the keys' claims (limits.rs).

use super::*;

fn ip(last: u8) -> IpAddr {
    IpAddr::from([198, 51, 100, last])
}

#[test]
fn a_buyer_placing_a_few_orders_a_minute_is_never_limited() {
    let limits = Limits::new(30, 16);
    let gcra = limits.rate.as_ref().unwrap();
    let start = Instant::now();
    // A burst of five (a family's orders, a double tap), then one order every ten seconds
    // for an hour.
    for i in 0..5 {
        assert!(gcra.check(ip(1), start + Duration::from_millis(i)).is_ok());
    }
    for i in 1..=360 {
        let at = start + Duration::from_secs(10 * i);
        assert!(gcra.check(ip(1), at).is_ok(), "order {i}");
    }
}

#[test]
fn a_flood_from_one_address_is_limited_with_a_wait_and_others_are_not() {
    let limits = Limits::new(30, 16);
    let gcra = limits.rate.as_ref().unwrap();
    let now = Instant::now();
    for _ in 0..5 {
        assert!(gcra.check(ip(1), now).is_ok());
    }
    let wait = gcra.check(ip(1), now).unwrap_err();
    assert!(
        wait > Duration::ZERO && wait <= Duration::from_secs(2),
        "{wait:?}"
    );
    assert!(
        gcra.check(ip(2), now).is_ok(),
        "another address has its own bucket"
    );
    assert!(
        gcra.check(ip(1), now + wait).is_ok(),
        "after the wait, one more"
    );
    assert!(matches!(
        limits.rate(ip(1)),
        Err(ApiError::RateLimited { retry_after_secs }) if retry_after_secs >= 1
    ));
}

#[tokio::test]
async fn beyond_the_pending_orders_cap_a_request_is_shed_at_once() {
    let limits = Limits::new(0, 2);
    let shop = ProducerId(1);
    let first = limits.pending(shop).await.unwrap();
    let _second = limits.pending(shop).await.unwrap();
    assert!(matches!(
        limits.pending(shop).await,
        Err(ApiError::Overloaded {
            retry_after_secs: 1
        })
    ));
    drop(first);
    assert!(
        limits.pending(shop).await.is_ok(),
        "a freed place is taken again"
    );
    assert!(
        limits.rate(ip(1)).is_ok(),
        "0 per minute turns the limit off"
    );
}

#[test]
fn a_client_rotating_inside_its_ipv6_64_shares_one_bucket() {
    let limits = Limits::new(30, 16);
    let gcra = limits.rate.as_ref().unwrap();
    let now = Instant::now();
    for i in 0..5u16 {
        let rotated = IpAddr::from([0x2001, 0xdb8, 7, 7, i, i, i, i]);
        assert!(gcra.check(rotated, now).is_ok(), "attempt {i}");
    }
    let another = IpAddr::from([0x2001, 0xdb8, 7, 7, 9, 9, 9, 9]);
    assert!(gcra.check(another, now).is_err(), "same /64, same bucket");
    let neighbour = IpAddr::from([0x2001, 0xdb8, 7, 8, 0, 0, 0, 1]);
    assert!(
        gcra.check(neighbour, now).is_ok(),
        "the next /64 is another client"
    );
}

#[test]
fn the_default_allows_a_crowd_behind_one_carrier_address_in_bursts_of_twenty() {
    let limits = Limits::new(120, 16);
    let gcra = limits.rate.as_ref().unwrap();
    let now = Instant::now();
    for i in 0..20 {
        assert!(
            gcra.check(ip(9), now).is_ok(),
            "buyer {i} in the same second"
        );
    }
    assert!(gcra.check(ip(9), now).is_err(), "the 21st waits");
    assert!(
        gcra.check(ip(9), now + Duration::from_millis(500)).is_ok(),
        "one more every half second"
    );
}

#[test]
fn wrong_admin_tokens_are_refused_with_429_after_ten() {
    let limits = Limits::new(0, 16);
    for i in 0..10 {
        assert!(limits.admin_allowed(ip(3)).is_ok(), "guess {i} is compared");
        assert!(matches!(limits.admin_failed(ip(3)), ApiError::Unauthorized));
    }
    assert!(matches!(
        limits.admin_allowed(ip(3)),
        Err(ApiError::RateLimited { .. })
    ));
    assert!(
        limits.admin_allowed(ip(4)).is_ok(),
        "another client may still try"
    );
}

#[test]
fn the_same_key_at_two_producers_is_two_requests() {
    let limits = Limits::new(0, 16);
    let held = limits.claim(ProducerId(1), "key-1").unwrap();
    assert!(matches!(
        limits.claim(ProducerId(1), "key-1"),
        Err(ApiError::RequestInProgress)
    ));
    assert!(
        limits.claim(ProducerId(2), "key-1").is_ok(),
        "another producer's key of the same name runs at once"
    );
    drop(held);
    assert!(
        limits.claim(ProducerId(1), "key-1").is_ok(),
        "the key is free once its first request ends"
    );
}
