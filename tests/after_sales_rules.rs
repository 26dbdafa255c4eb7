//! The domain's rules for gifts and a short harvest, as the order form, the team's page and the
//! API all apply them.

use orchard::domain::*;
use serde_json::json;

/// The browser's wire structs, read natively here (`client` itself is wasm only).
#[path = "../src/client/json/flat_wire.rs"]
mod flat_wire;
use flat_wire::{AdminClaimWire, AdminOrderWire};

/// What `flat_wire.rs` reads as `crate::domain` in the client.
mod domain {
    pub use orchard::domain::*;
}

fn request(extra: serde_json::Value) -> OrderRequest {
    let mut body = json!({
        "box_id": "5kg", "quantity": 1, "name": "Tashi", "phone": "13800138000",
        "address": "12 Chunxi Road, Chengdu",
    });
    body.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    serde_json::from_value(body).unwrap()
}

fn parse(extra: serde_json::Value) -> Result<NewOrder, FieldErrors> {
    NewOrder::parse(&request(extra), |id| id.as_str() == "5kg")
}

#[test]
fn a_gifts_recipient_keeps_the_buyers_rules_and_its_message_is_at_most_100_characters() {
    let gift = parse(json!({
        "recipient": {"name": " 王妈妈 ", "phone": "+86 139-0013-9000", "address": "北京市海淀区 27 号"},
        "gift_message": "生日快乐",
    }))
    .unwrap();
    let to = gift.recipient.unwrap();
    assert_eq!(
        (to.name.as_str(), to.phone.as_str()),
        ("王妈妈", "+8613900139000")
    );
    assert_eq!(gift.gift_message.unwrap().as_str(), "生日快乐");

    let errors = parse(json!({
        "recipient": {"name": "", "phone": "123", "address": ["x"]},
        "gift_message": "a".repeat(101),
    }))
    .unwrap_err();
    assert_eq!(errors["recipient.name"], FieldError::Required);
    assert_eq!(errors["recipient.phone"], FieldError::InvalidPhone);
    assert_eq!(errors["recipient.address"], FieldError::NotText);
    assert_eq!(errors["gift_message"], FieldError::TooLong { max: 100 });
    assert_eq!(
        parse(json!({"recipient": "mum"})).unwrap_err()["recipient"],
        FieldError::NotAnObject
    );
    let plain = parse(json!({"recipient": null, "gift_message": "  "})).unwrap();
    assert!(plain.recipient.is_none() && plain.gift_message.is_none());
}

#[test]
fn a_form_sent_as_a_gift_is_the_request_the_api_reads_and_its_errors_name_the_recipients_fields() {
    let form = || {
        OrderRequest::from_form(
            "5kg",
            1,
            "Tashi",
            "13800138000",
            "12 Chunxi Road, Chengdu",
            "",
            "",
        )
    };
    let gift = form().as_gift(
        "Dawa",
        "+86 139-0000-1111",
        "3 Renmin Road, Lhasa",
        "生日快乐",
    );
    assert_eq!(
        gift,
        request(json!({
            "recipient": {"name": "Dawa", "phone": "+86 139-0000-1111", "address": "3 Renmin Road, Lhasa"},
            "gift_message": "生日快乐",
        }))
    );
    let order = NewOrder::parse(&gift, |id| id.as_str() == "5kg").unwrap();
    assert_eq!(order.recipient.unwrap().name.as_str(), "Dawa");
    // No words is no message; a blank recipient is refused field by field, as the form shows it.
    let blank = form().as_gift(" ", "", "Lha", "  ");
    assert!(blank.gift_message.is_null());
    let errors = NewOrder::parse(&blank, |_| true).unwrap_err();
    assert_eq!(errors["recipient.name"], FieldError::Required);
    assert_eq!(errors["recipient.phone"], FieldError::Required);
    assert_eq!(errors["recipient.address"], FieldError::TooShort { min: 5 });
}

#[test]
fn an_order_that_is_not_a_gift_keeps_its_fingerprint_and_a_gift_changes_it() {
    let plain = parse(json!({})).unwrap().fingerprint();
    assert_eq!(
        plain,
        r#"["5kg",1,"Tashi","13800138000","12 Chunxi Road, Chengdu",null,null]"#
    );
    let gift = parse(json!({"gift_message": "hi"})).unwrap().fingerprint();
    assert_ne!(gift, plain);
}

#[test]
fn a_shortfall_takes_the_fewest_newest_orders_that_free_enough_boxes() {
    let cut = |boxes| Shortfall {
        boxes,
        confirm: None,
    };
    let newest = [("C", 2), ("B", 4), ("A", 1)];
    assert_eq!(cut(1).choose(newest), (vec!["C".to_owned()], 2));
    assert_eq!(cut(2).choose(newest), (vec!["C".to_owned()], 2));
    assert_eq!(cut(3).choose(newest), (vec!["C".into(), "B".into()], 6));
    assert_eq!(
        cut(9).choose(newest),
        (vec!["C".into(), "B".into(), "A".into()], 7)
    );
    assert_eq!(cut(1).choose([]), (vec![], 0));
}

#[test]
fn a_shortfall_is_at_least_one_box_and_a_dry_run_is_true_or_false() {
    let parse = |body: serde_json::Value| Shortfall::parse(&serde_json::from_value(body).unwrap());
    assert_eq!(
        parse(json!({"boxes": 3, "dry_run": true})),
        Ok(Shortfall {
            boxes: 3,
            confirm: None
        })
    );
    assert_eq!(
        parse(json!({"boxes": 3, "dry_run": true, "orders": ["?"]})).map(|s| s.dry_run()),
        Ok(true),
        "a preview reads no ids"
    );
    let zero = parse(json!({"boxes": 0, "dry_run": 1})).unwrap_err();
    assert_eq!(
        zero["boxes"],
        FieldError::OutOfRange {
            min: 1,
            max: 1_000_000
        }
    );
    assert_eq!(zero["dry_run"], FieldError::NotTrueOrFalse);
    assert_eq!(parse(json!({})).unwrap_err()["boxes"], FieldError::Required);
    assert_eq!(Shortfall::parse_boxes(" 12 "), Ok(12));
    assert!(Shortfall::parse_boxes("0").is_err() && Shortfall::parse_boxes("x").is_err());
}

#[test]
fn a_shortfalls_confirm_names_the_previewed_orders_each_once() {
    let parse = |body: serde_json::Value| Shortfall::parse(&serde_json::from_value(body).unwrap());
    let confirm =
        parse(json!({"boxes": 3, "orders": ["a1b2c3d4e5f6", "G7H8J9K2M3N4", "A1B2C3D4E5F6"]}));
    let named: Vec<String> = confirm
        .unwrap()
        .confirm
        .unwrap()
        .iter()
        .map(|id| id.to_string())
        .collect();
    assert_eq!(
        named,
        ["A1B2C3D4E5F6", "G7H8J9K2M3N4"],
        "as typed or scanned, once"
    );
    assert_eq!(
        parse(json!({"boxes": 3})).unwrap_err()["orders"],
        FieldError::Required
    );
    let many: Vec<String> = (0..=MAX_SHORTFALL_ORDERS)
        .map(|n| format!("A{n:0>11}"))
        .collect();
    for orders in [
        json!([]),
        json!(["A1B2C3D4E5F"]),
        json!(["A1B2C3D4E5FO"]),
        json!(many),
    ] {
        let refused = parse(json!({"boxes": 3, "dry_run": false, "orders": orders}));
        assert!(refused.unwrap_err().contains_key("orders"), "{orders}");
    }
    let preview = Shortfall {
        boxes: 2_000_000,
        confirm: None,
    };
    assert_eq!(
        preview.read_at_most() as usize,
        MAX_SHORTFALL_ORDERS,
        "a preview is bounded"
    );
}

/// A team's order with every field set, as the server writes it (flattened).
fn full_admin_order() -> serde_json::Value {
    json!({
        "id": "A1B2C3D4E5F6", "producer": "drolma", "status": "cancelled", "box_id": "5kg", "weight_kg": 5, "quantity": 2,
        "total_fen": 13600, "created_at": "2026-11-11T02:00:00Z",
        "history": [{"status": "received", "at": "2026-11-11T02:00:00Z", "by": "Drolma"}],
        "tracking_number": "SF1", "cancel_reason": "harvest_short",
        "recipient": {"name": "Wang Mama", "phone": "13900139000", "address": "27 Zhongguancun Street"},
        "gift_message": "生日快乐",
        "claims": [full_claim_view()],
        "name": "Tashi", "phone": "13800138000", "address": "12 Chunxi Road", "note": "请放门卫", "ref": "wechat",
    })
}

fn full_claim_view() -> serde_json::Value {
    json!({
        "id": "C1", "kind": "damaged", "apples": 4, "message": "bruised", "photos": 1, "status": "resolved",
        "outcome": "refund", "refund_fen": 500, "outcome_message": "sorry",
        "created_at": "2026-11-14T02:00:00Z", "resolved_at": "2026-11-15T02:00:00Z",
    })
}

#[test]
fn the_browsers_field_by_field_read_of_a_team_order_and_claim_is_the_servers_flattened_one() {
    let order = full_admin_order();
    let flat: AdminOrder = serde_json::from_value(order.clone()).unwrap();
    let wire: AdminOrderWire = serde_json::from_value(order.clone()).unwrap();
    assert_eq!(AdminOrder::from(wire), flat);
    assert_eq!(
        serde_json::to_value(&flat).unwrap(),
        order,
        "nothing lost either way"
    );

    let mut claim = full_claim_view();
    claim.as_object_mut().unwrap().extend(
        json!({"order_id": "A1B2C3D4E5F6", "box_id": "5kg", "quantity": 2, "total_fen": 13600,
               "refunded_fen": 4000, "buyer_name": "Tashi", "photo_urls": ["/api/admin/claims/C1/photos/1"]})
        .as_object()
        .unwrap()
        .clone(),
    );
    let flat: AdminClaim = serde_json::from_value(claim.clone()).unwrap();
    let wire: AdminClaimWire = serde_json::from_value(claim.clone()).unwrap();
    assert_eq!(AdminClaim::from(wire), flat);
    assert_eq!(serde_json::to_value(&flat).unwrap(), claim);
}
