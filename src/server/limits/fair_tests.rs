//! The fair queue's rule, producer by producer (see fair.rs).

use std::future::Future;
use std::pin::Pin;

use futures_util::FutureExt;

use super::*;

const A: ProducerId = ProducerId(1);
const B: ProducerId = ProducerId(2);
const C: ProducerId = ProducerId(3);
const D: ProducerId = ProducerId(4);

type Pending<'a> = Pin<Box<dyn Future<Output = Result<Place, Shed>> + 'a>>;

fn queue(cap: usize) -> FairQueue {
    FairQueue::new(cap, cap, WAIT)
}

/// A place taken at once, or a panic saying why not.
fn take_now(queue: &FairQueue, producer: ProducerId) -> Place {
    match queue.take(producer).now_or_never() {
        Some(Ok(place)) => place,
        Some(Err(Shed)) => panic!("{producer:?} was shed"),
        None => panic!("{producer:?} had to wait"),
    }
}

fn shed_now(queue: &FairQueue, producer: ProducerId) -> bool {
    matches!(queue.take(producer).now_or_never(), Some(Err(Shed)))
}

/// An order in the line: still waiting after one look.
fn waiting<'a>(queue: &'a FairQueue, producer: ProducerId) -> Pending<'a> {
    let mut order: Pending<'a> = Box::pin(queue.take(producer));
    assert!((&mut order).now_or_never().is_none(), "{producer:?} waits");
    order
}

fn granted(order: &mut Pending<'_>) -> Option<Place> {
    match order.now_or_never() {
        Some(Ok(place)) => Some(place),
        Some(Err(Shed)) => panic!("a waiting order was shed"),
        None => None,
    }
}

fn held(queue: &FairQueue, producer: ProducerId) -> usize {
    lock(&queue.state)
        .producers
        .get(&producer)
        .map_or(0, |s| s.held)
}

#[tokio::test]
async fn a_producer_alone_fills_the_whole_queue_and_is_shed_beyond_it() {
    let queue = queue(4);
    let places: Vec<_> = (0..4).map(|_| take_now(&queue, A)).collect();
    assert_eq!(held(&queue, A), 4, "no place is kept empty for others");
    assert!(shed_now(&queue, A), "the fifth order is refused at once");
    drop(places);
}

#[tokio::test]
async fn while_a_fills_the_queue_b_s_order_gets_the_next_place_that_frees() {
    let queue = queue(4);
    let mut a: Vec<_> = (0..4).map(|_| take_now(&queue, A)).collect();
    let mut b = waiting(&queue, B);
    assert!(shed_now(&queue, A), "A's next order cannot jump B's");
    a.pop();
    let place = granted(&mut b).expect("B has the place A gave back");
    assert_eq!((held(&queue, A), held(&queue, B)), (3, 1));
    drop(place);
}

#[tokio::test]
async fn a_producer_holding_its_share_of_a_full_queue_is_shed_and_the_other_fills_its_own() {
    let queue = queue(4);
    let mut a: Vec<_> = (0..4).map(|_| take_now(&queue, A)).collect();
    let mut b1 = waiting(&queue, B);
    let mut b2 = waiting(&queue, B);
    assert!(
        shed_now(&queue, B),
        "B's share is 2: a third waits for nothing"
    );
    a.pop();
    a.pop();
    let b = [granted(&mut b1).unwrap(), granted(&mut b2).unwrap()];
    assert_eq!((held(&queue, A), held(&queue, B)), (2, 2));
    assert!(shed_now(&queue, A), "A holds its share of the full queue");
    assert!(shed_now(&queue, B), "so does B");
    drop(b);
}

#[tokio::test]
async fn a_place_nobody_waits_for_goes_to_whoever_asks_next() {
    let queue = queue(4);
    let mut a: Vec<_> = (0..4).map(|_| take_now(&queue, A)).collect();
    let mut b = waiting(&queue, B);
    a.pop();
    let b_place = granted(&mut b).unwrap();
    a.pop();
    a.push(take_now(&queue, A));
    assert_eq!(
        held(&queue, A),
        3,
        "over its share, A still takes a free place"
    );
    drop((a, b_place));
    assert!(
        lock(&queue.state).producers.is_empty(),
        "idle producers are forgotten"
    );
    let all: Vec<_> = (0..4).map(|_| take_now(&queue, C)).collect();
    assert_eq!(held(&queue, C), 4, "every freed place is back in the queue");
    drop(all);
}

#[tokio::test]
async fn many_producers_each_end_with_their_share_of_a_full_queue() {
    let queue = queue(6);
    let mut a: Vec<_> = (0..6).map(|_| take_now(&queue, A)).collect();
    // B, C and D arrive; each share is 6 / 4 rounded up: 2.
    let mut line = vec![
        waiting(&queue, B),
        waiting(&queue, C),
        waiting(&queue, B),
        waiting(&queue, D),
        waiting(&queue, C),
    ];
    assert!(shed_now(&queue, B), "B waits for its share already");
    let mut places = Vec::new();
    for _ in 0..4 {
        a.pop();
        let before = line.len();
        let mut i = 0;
        while i < line.len() {
            match granted(&mut line[i]) {
                Some(place) => {
                    places.push(place);
                    drop(line.remove(i));
                }
                None => i += 1,
            }
        }
        assert_eq!(before - line.len(), 1, "each freed place goes to one order");
    }
    let counts = [A, B, C, D].map(|p| held(&queue, p));
    assert_eq!(
        counts,
        [2, 2, 1, 1],
        "the fewest held first, the oldest among equals"
    );
    assert_eq!(
        lock(&queue.state).taken,
        6,
        "never more places than the cap"
    );
    drop(places);
    drop(a);
}

#[tokio::test]
async fn an_order_that_waits_in_vain_is_shed_when_its_wait_ends() {
    let queue = FairQueue::new(1, 1, Duration::ZERO);
    let a = take_now(&queue, A);
    assert_eq!(queue.take(B).await.err(), Some(Shed));
    assert!(
        !lock(&queue.state).producers.contains_key(&B),
        "B left the line"
    );
    drop(a);
    drop(take_now(&queue, B));
}

#[tokio::test]
async fn a_waiting_order_whose_buyer_left_gives_its_place_to_the_next() {
    let queue = queue(2);
    let mut a: Vec<_> = (0..2).map(|_| take_now(&queue, A)).collect();
    let gone = waiting(&queue, B);
    let mut next = waiting(&queue, C);
    a.pop();
    drop(gone);
    assert_eq!(held(&queue, B), 0, "the place B was granted is not lost");
    let place = granted(&mut next).expect("C had it instead");
    drop((a, place));
    assert_eq!(lock(&queue.state).taken, 0);
}

#[tokio::test]
async fn a_producer_alone_has_the_whole_cap_in_the_writers_queue_however_small_the_window() {
    let queue = FairQueue::new(2, 4, WAIT);
    let places: Vec<_> = (0..4).map(|_| take_now(&queue, A)).collect();
    assert!(
        shed_now(&queue, A),
        "the fifth order is refused at once, as before the market"
    );
    drop(places);
}

#[tokio::test]
async fn once_two_producers_sell_the_writers_queue_shrinks_to_the_window_and_the_quiet_one_goes_first(
) {
    let queue = FairQueue::new(2, 8, WAIT);
    let mut a: Vec<_> = (0..8).map(|_| take_now(&queue, A)).collect();
    let mut b = waiting(&queue, B);
    assert!(shed_now(&queue, A), "A holds the whole line");
    for _ in 0..6 {
        a.pop();
        assert!(
            granted(&mut b).is_none(),
            "A's places drain to the window first"
        );
    }
    a.pop();
    let place = granted(&mut b).expect("below the window, the free place is B's");
    assert_eq!((held(&queue, A), held(&queue, B)), (1, 1));
    let mut a_next = waiting(&queue, A);
    drop(place);
    assert!(
        granted(&mut a_next).is_some(),
        "A waits in line, not shed, below the cap"
    );
    drop(a);
}

#[tokio::test]
async fn while_both_wait_the_place_that_frees_goes_to_the_producer_holding_fewer() {
    let queue = FairQueue::new(2, 8, WAIT);
    let a = take_now(&queue, A);
    let b = take_now(&queue, B);
    let mut b_next = waiting(&queue, B);
    let mut a_next = waiting(&queue, A);
    drop(a);
    let place = granted(&mut a_next).expect("A holds none now: the place is A's");
    assert!(
        granted(&mut b_next).is_none(),
        "B holds one, though it waited longer"
    );
    drop(b);
    assert!(
        granted(&mut b_next).is_some(),
        "B's place goes to B's order in line"
    );
    drop(place);
}

#[tokio::test]
async fn once_the_other_producer_has_been_quiet_a_while_the_one_left_has_the_whole_cap_again() {
    let queue = FairQueue::new(2, 8, WAIT).with_contention(Duration::from_millis(50));
    let b = take_now(&queue, B);
    let a: Vec<_> = (0..1).map(|_| take_now(&queue, A)).collect();
    let _a_line = waiting(&queue, A);
    drop(b);
    tokio::time::sleep(Duration::from_millis(80)).await;
    let more: Vec<_> = (0..6).map(|_| take_now(&queue, A)).collect();
    assert_eq!(
        held(&queue, A),
        8,
        "alone again: the line's order and six new ones, all in"
    );
    drop((a, more));
}
