//! The buyer's own orders in the browser (`/my-orders`, `/orders/{id}`): a bundle of its own,
//! built by Trunk from `mine/index.html` into `dist/mine/`, so the storefront stays small.

#[cfg(target_arch = "wasm32")]
fn main() {
    orchard::client::mount_orders();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`orchard-orders` is the buyer's orders page for the browser: build it with `trunk build mine/index.html`. Run the shop with `orchard-server`.");
    std::process::exit(2);
}
