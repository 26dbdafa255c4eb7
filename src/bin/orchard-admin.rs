//! The team's page (`/admin`) in the browser: a bundle of its own, built by Trunk from
//! `admin/index.html` into `dist/admin/`, so a buyer's phone never downloads it.

#[cfg(target_arch = "wasm32")]
fn main() {
    orchard::client::mount_admin();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`orchard-admin` is the team's page for the browser: build it with `trunk build admin/index.html`. Run the shop with `orchard-server`.");
    std::process::exit(2);
}
