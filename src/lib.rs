//! Orchard: one crate, three rooms. `domain` is shared by both sides and pure; `client` is the
//! Leptos app compiled to WebAssembly; `server` is the axum JSON API that also serves the
//! built client. The arrows point only into `domain`. Beside them, `qr` reads the labels' QR
//! codes from camera frames (the team's camera, its worker and the tests): shared, not a rule.

pub mod bundles;
pub mod domain;
pub mod qr;

#[cfg(target_arch = "wasm32")]
pub mod client;

#[cfg(not(target_arch = "wasm32"))]
pub mod server;
