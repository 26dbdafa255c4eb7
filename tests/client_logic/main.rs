//! The client's logic that can break, in a real browser: the countdown across the opening
//! moment, prices and numbers per language, server errors mapped to fields and messages, and
//! one idempotency key per order reused on every retry, what each refusal says in each
//! language, and a proxy's HTML answer read by its status for the buyer's claim and the team's
//! queued move alike.
#![cfg(target_arch = "wasm32")]

#[path = "../text_cases/mod.rs"]
mod text_cases;

mod clock;
mod form;
mod proxy;
mod words;

wasm_bindgen_test::wasm_bindgen_test_configure!(run_in_browser);
