//! Every API test in one binary (one link of axum and sqlx instead of one per file), through the
//! real router with `oneshot`: `helpers::TestApp` is the shop each test opens, on a fresh
//! temporary database (`common` makes its folder and content; the real binary's tests in
//! `tests/server_process.rs` and `tests/postgres_instances.rs` share it).
#![cfg(not(target_arch = "wasm32"))]

#[path = "../common/mod.rs"]
mod common;
mod helpers;

mod admin;
mod admin_gate;
mod backends;
mod body_props;
mod bundles;
mod buyer_limit;
mod claim_bodies;
mod claim_early;
mod claim_gate;
mod claim_kit;
mod claim_refunds;
mod claims;
mod claims_photos;
mod claims_team;
mod counter;
mod counter_slip;
mod courier_csv;
mod crowd;
mod error_codes;
mod gifts;
mod json_bodies;
mod market_editor;
mod market_fair;
mod market_kit;
mod market_producers;
mod market_producers_edit;
mod market_producers_pictures;
mod market_rls;
mod market_routes;
mod market_store;
mod market_store_new;
mod market_team;
mod market_upgrade;
mod openapi;
mod order_text;
mod orders;
mod page_policy;
mod pages_lang;
mod payment_file;
mod private;
mod shortfall;
mod static_files;
mod team_bulk;
mod team_kit;
mod team_labels;
mod team_reads;
mod team_roles;
mod team_tokens;
