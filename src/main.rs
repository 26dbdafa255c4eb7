//! The browser entry point: mounts the Leptos app. Trunk builds this binary for wasm32.

#[cfg(target_arch = "wasm32")]
fn main() {
    orchard::client::mount();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`orchard` is the browser client: build it with `trunk build`. Run the shop with `orchard-server`.");
    std::process::exit(2);
}
