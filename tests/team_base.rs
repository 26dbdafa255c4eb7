//! Where the team's page sends its calls in a market, natively (the rule is plain Rust, included
//! from the client): a member of a producer always speaks to that producer's API, an operator to
//! the producer they chose, and a shop of one to the unscoped routes it has always used.

#[path = "../src/client/api/team_base.rs"]
mod team_base;

/// What `team_base.rs` reads as `crate::domain` in the client.
mod domain {
    pub use orchard::domain::{MemberInfo, Role};
}

use domain::{MemberInfo, Role};
use team_base::{admin_url, producer_of, runs_the_shop, slug, Team};

fn member(role: Role, producer: Option<&str>) -> MemberInfo {
    MemberInfo {
        name: "Pema".into(),
        role,
        producer: producer.map(str::to_owned),
    }
}

#[test]
fn a_shop_of_one_keeps_the_unscoped_routes_it_always_used() {
    for role in [Role::Owner, Role::Packer] {
        let producer = producer_of(&member(role, None), None);
        assert_eq!(producer, None);
        let team = Team::new("t", producer.as_deref());
        assert_eq!(
            team.url("/orders?status=received"),
            "/api/admin/orders?status=received"
        );
        assert_eq!(
            team.url("/boxes/5kg/shortfall"),
            "/api/admin/boxes/5kg/shortfall"
        );
    }
}

#[test]
fn a_member_of_a_producer_speaks_to_that_producer_whatever_was_chosen_in_the_tab() {
    let packer = member(Role::Packer, Some("yangjin"));
    for chosen in [None, Some("drolma")] {
        let team = Team::new("t", producer_of(&packer, chosen).as_deref());
        assert_eq!(team.url("/orders"), "/api/producers/yangjin/admin/orders");
    }
    let owner = member(Role::Owner, Some("drolma"));
    let team = Team::new("t", producer_of(&owner, Some("yangjin")).as_deref());
    assert_eq!(team.url("/summary"), "/api/producers/drolma/admin/summary");
}

#[test]
fn an_operator_speaks_to_the_producer_chosen_and_before_choosing_to_the_default_one() {
    let operator = member(Role::Operator, None);
    assert_eq!(producer_of(&operator, None), None);
    assert_eq!(admin_url(None, "/orders"), "/api/admin/orders");
    let chosen = producer_of(&operator, Some("yangjin"));
    assert_eq!(chosen.as_deref(), Some("yangjin"));
    let team = Team::new("t", chosen.as_deref());
    assert_eq!(
        team.url("/orders.csv?status=packed"),
        "/api/producers/yangjin/admin/orders.csv?status=packed"
    );
    assert_eq!(team.token, "t");
}

#[test]
fn a_slug_the_market_file_would_refuse_never_makes_a_url() {
    let cases = [
        ("drolma", true),
        ("farm-2", true),
        (&"a".repeat(32), true),
        (&"a".repeat(33), false),
        ("", false),
        ("Drolma", false),
        ("../admin", false),
        ("a/b", false),
        ("a?b", false),
        ("农户", false),
    ];
    for (text, allowed) in cases {
        assert_eq!(slug(text).is_some(), allowed, "{text:?}");
    }
    let operator = member(Role::Operator, None);
    let team = Team::new("t", producer_of(&operator, Some("../../orders")).as_deref());
    assert_eq!(
        team.url("/orders"),
        "/api/admin/orders",
        "the default producer's"
    );
    assert_eq!(admin_url(Some("a/b"), "/orders"), "/api/admin/orders");
}

#[test]
fn owners_and_operators_run_the_shop_and_packers_do_not() {
    assert!(runs_the_shop(&member(Role::Owner, Some("drolma"))));
    assert!(runs_the_shop(&member(Role::Operator, None)));
    assert!(!runs_the_shop(&member(Role::Packer, Some("drolma"))));
}

#[test]
fn an_order_at_the_counter_goes_to_the_buyers_route_of_the_producer_the_page_works_on() {
    let packer = member(Role::Packer, Some("yangjin"));
    let team = Team::new("t", producer_of(&packer, None).as_deref());
    assert_eq!(team.shop_url("/orders"), "/api/producers/yangjin/orders");
    assert_eq!(
        team.shop_url("/storefront"),
        "/api/producers/yangjin/storefront"
    );
    let shop_of_one = Team::new(
        "t",
        producer_of(&member(Role::Owner, None), None).as_deref(),
    );
    assert_eq!(shop_of_one.shop_url("/orders"), "/api/orders");
}
