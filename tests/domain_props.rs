//! The domain's rules against generated input (proptest, a bounded number of cases each): no
//! parse function panics on any text or JSON, each accepts what the contract says and refuses
//! the rest with a field error, money cannot overflow within the content's limits, and status
//! moves are the contract's state machine. The table-driven cases are in `domain_rules.rs`.

#![cfg(not(target_arch = "wasm32"))]

use orchard::domain::*;
use proptest::prelude::*;
use serde_json::{json, Value};

/// Enough cases to find the odd character, few enough for 2 cores (the whole file ~1 s).
fn config() -> ProptestConfig {
    ProptestConfig::with_cases(512)
}

/// Any text, leaning to what breaks text rules: controls, format characters, combining marks,
/// separators, CJK, Tibetan and spaces.
fn nasty_text() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => "[a-zA-Z0-9 ,.'-]{0,8}",
        2 => "[卓玛四川甘孜乡城中德村]{0,6}",
        1 => "[\u{0f00}-\u{0fff}]{0,4}",
        1 => "[\u{0}-\u{1f}\u{7f}\u{85}\u{200b}-\u{200f}\u{2028}\u{2029}\u{202a}-\u{202e}\u{feff}\u{ad}]",
        1 => "[\u{300}-\u{36f}\u{3164}\u{3000}]{1,3}",
        1 => any::<String>(),
    ];
    prop::collection::vec(piece, 0..12).prop_map(|v| v.concat())
}

/// Any JSON value a client could send in one field.
fn any_json() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        Just(Value::Null),
        any::<bool>().prop_map(Value::from),
        any::<i64>().prop_map(Value::from),
        any::<u64>().prop_map(Value::from),
        any::<f64>().prop_map(|f| json!(f)),
        nasty_text().prop_map(Value::from),
    ];
    leaf.prop_recursive(2, 8, 4, |inner| {
        prop_oneof![
            prop::collection::vec(inner.clone(), 0..4).prop_map(Value::from),
            prop::collection::btree_map("[a-z]{1,4}", inner, 0..3)
                .prop_map(|m| Value::Object(m.into_iter().collect())),
        ]
    })
}

/// The rules every accepted free text keeps, whichever field: no control, format or separator
/// character, and at most `max` characters.
fn clean(text: &str, max: usize) -> bool {
    let hidden = |c: char| {
        c.is_control()
            || matches!(c, '\u{ad}' | '\u{200b}'..='\u{200f}' | '\u{2028}'..='\u{202e}' | '\u{2060}'..='\u{2064}' | '\u{feff}')
    };
    !text.chars().any(hidden) && text.chars().count() <= max
}

proptest! {
    #![proptest_config(config())]

    #[test]
    fn text_fields_never_panic_and_accept_only_clean_text_within_their_lengths(raw in nasty_text()) {
        if let Ok(name) = BuyerName::parse(&raw) {
            prop_assert!(clean(name.as_str(), 64) && !name.as_str().is_empty(), "{name:?}");
            prop_assert_eq!(name.as_str().trim(), name.as_str());
        }
        if let Ok(address) = Address::parse(&raw) {
            prop_assert!(clean(address.as_str(), 200) && address.as_str().chars().count() >= 5);
        }
        if let Ok(Some(note)) = Note::parse(&raw) {
            prop_assert!(clean(note.as_str(), 200));
        }
        if let Ok(Some(tag)) = RefTag::parse(&raw) {
            prop_assert!(tag.as_str().len() <= 64);
            prop_assert!(tag.as_str().bytes().all(|b| b.is_ascii_alphanumeric() || b == b'_' || b == b'-'));
        }
        if let Ok(key) = IdempotencyKey::parse(&raw) {
            prop_assert!((1..=64).contains(&key.as_str().len()));
        }
        let _ = (Phone::parse(&raw), BoxId::parse(&raw), TrackingNumber::parse(&raw));
        let _ = (Quantity::parse_text(&raw), Stock::parse_text(&raw), OrderStatus::parse(&raw));
    }

    #[test]
    fn an_accepted_phone_is_a_mainland_mobile_or_plus_and_8_to_15_digits(raw in "[-+ 0-9]{0,20}|1[3-9][0-9 -]{9,14}") {
        if let Ok(phone) = Phone::parse(&raw) {
            let p = phone.as_str();
            let digits = |s: &str| s.bytes().all(|b| b.is_ascii_digit());
            let mainland = p.len() == 11 && digits(p) && p.starts_with('1') && (b'3'..=b'9').contains(&p.as_bytes()[1]);
            let international = p.strip_prefix('+').is_some_and(|d| (8..=15).contains(&d.len()) && digits(d));
            prop_assert!(mainland || international, "{raw:?} gave {p:?}");
            let typed: String = raw.chars().filter(|c| *c != ' ' && *c != '-').collect();
            prop_assert_eq!(p, typed.as_str());
        }
    }

    #[test]
    fn a_mainland_mobile_is_accepted_however_it_is_spaced(
        second in 3u8..=9,
        rest in "[0-9]{9}",
        gaps in prop::collection::vec(prop::sample::select(vec!["", " ", "-", " - "]), 11),
    ) {
        let digits = format!("1{second}{rest}");
        let typed: String = digits.chars().zip(&gaps).map(|(d, g)| format!("{d}{g}")).collect();
        prop_assert_eq!(Phone::parse(&typed).map(|p| p.as_str().to_owned()), Ok(digits));
    }

    #[test]
    fn quantities_are_accepted_exactly_from_1_to_20(n in any::<i64>()) {
        prop_assert_eq!(Quantity::parse(n).is_ok(), (1..=20).contains(&n));
        prop_assert_eq!(Quantity::parse_text(&n.to_string()).is_ok(), (1..=20).contains(&n));
    }

    #[test]
    fn stock_is_accepted_exactly_up_to_its_bound(n in prop_oneof![any::<u64>(), 0u64..=2_000_000]) {
        prop_assert_eq!(Stock::parse(n).is_ok(), n <= u64::from(Stock::MAX));
        prop_assert_eq!(Stock::parse_json(&json!(n)).is_ok(), n <= u64::from(Stock::MAX));
    }

    #[test]
    fn an_order_of_any_json_is_parsed_or_refused_by_field_without_panicking(
        box_id in any_json(), quantity in any_json(), name in any_json(), phone in any_json(),
        address in any_json(), note in any_json(), ref_tag in any_json(),
        recipient in prop_oneof![any_json(), (any_json(), any_json(), any_json())
            .prop_map(|(name, phone, address)| json!({"name": name, "phone": phone, "address": address}))],
        gift_message in any_json(),
        payment in prop_oneof![any_json(), Just(json!("wechat")), Just(json!("cod"))],
    ) {
        let req = OrderRequest {
            box_id, quantity, name, phone, address, note, ref_tag, recipient, gift_message,
            payment,
        };
        let fields = [
            "box_id", "quantity", "name", "phone", "address", "note", "ref", "recipient",
            "recipient.name", "recipient.phone", "recipient.address", "gift_message", "payment",
        ];
        let accepted = [PaymentMethod::Wechat, PaymentMethod::Cod];
        match NewOrder::parse_with(&req, |id| id.as_str() == "5kg", &accepted) {
            Ok(order) => {
                prop_assert_eq!(order.box_id.as_str(), "5kg");
                prop_assert!(clean(order.name.as_str(), 64));
            }
            Err(errors) => {
                prop_assert!(!errors.is_empty());
                prop_assert!(errors.keys().all(|k| fields.contains(k)), "{errors:?}");
                prop_assert!(errors.values().all(|e| !e.to_string().is_empty()));
            }
        }
    }

    #[test]
    fn an_order_total_never_overflows_within_the_contents_price_limit(
        price in 1i64..=Money::MAX_PRICE.fen(), quantity in 1i64..=20,
    ) {
        let q = Quantity::parse(quantity).unwrap();
        let total = Money::from_fen(price).times(q.get());
        prop_assert_eq!(total.map(Money::fen), Some(price * quantity));
        // Even a whole sale of the largest stock at the largest price fits.
        let sale = total.unwrap().times(Stock::MAX);
        prop_assert!(sale.is_some());
    }

    #[test]
    fn status_moves_follow_the_contracts_journey(path in prop::collection::vec(0usize..5, 0..8)) {
        let rank = |s: OrderStatus| OrderStatus::ALL.iter().position(|x| *x == s).unwrap();
        let mut now = OrderStatus::Received;
        for i in path {
            let to = OrderStatus::ALL[i];
            let allowed = match to {
                OrderStatus::Cancelled => matches!(now, OrderStatus::Received | OrderStatus::Packed),
                _ => now != OrderStatus::Cancelled && rank(to) > rank(now),
            };
            prop_assert_eq!(now.can_move_to(to), allowed, "{:?} -> {:?}", now, to);
            prop_assert_eq!(now.check_move(to, Some(now)).is_ok(), allowed);
            prop_assert_eq!(now.check_move(to, None).is_ok(), allowed);
            if let Some(other) = OrderStatus::ALL.into_iter().find(|s| *s != now) {
                prop_assert_eq!(now.check_move(to, Some(other)), Err(MoveRefusal::Moved));
            }
            if allowed {
                now = to;
            }
        }
        // Once delivered or cancelled an order never moves again.
        if matches!(now, OrderStatus::Delivered | OrderStatus::Cancelled) {
            prop_assert!(OrderStatus::ALL.into_iter().all(|to| !now.can_move_to(to)));
        }
    }
}
