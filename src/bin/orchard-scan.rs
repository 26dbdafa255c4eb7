//! Scan to pack (`/admin/scan`) in the browser: the helpers' second page, a bundle of its own
//! built by Trunk from `scan/index.html` into `dist/scan/` (with the QR decoder's worker), so
//! the order list never carries the camera, nor this page the list.

#[cfg(target_arch = "wasm32")]
fn main() {
    orchard::client::mount_scan();
}

#[cfg(not(target_arch = "wasm32"))]
fn main() {
    eprintln!("`orchard-scan` is the team's scan page for the browser: build it with `trunk build scan/index.html`. Run the shop with `orchard-server`.");
    std::process::exit(2);
}
