//! The owner's page (`/admin/owner`: numbers, stock, a short harvest, claims) in the browser: a
//! bundle of its own, built by Trunk from `owner/index.html` into `dist/owner/`, so neither a
//! buyer's phone nor a helper's ever downloads it.

#[cfg(target_arch = "wasm32")]
fn main() {
    orchard::client::mount_owner();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`orchard-owner` is the owner's page for the browser: build it with `trunk build owner/index.html`. Run the shop with `orchard-server`.");
    std::process::exit(2);
}
