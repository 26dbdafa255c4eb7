//! A fake `dist/` for the scripts, the scripts run on it, and what they wrote read back.

use orchard::bundles::{self, Bundle, Group};
use serde_json::Value;
use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};

pub const ROOT: &str = env!("CARGO_MANIFEST_DIR");

/// `file`'s text, from the crate's root.
pub fn read(file: &str) -> String {
    std::fs::read_to_string(Path::new(ROOT).join(file)).unwrap()
}

/// `bytes` pseudo-random bytes (no compressor shrinks them), from `seed`.
pub fn noise(bytes: usize, mut seed: u64) -> Vec<u8> {
    (0..bytes)
        .map(|_| {
            seed ^= seed << 13;
            seed ^= seed >> 7;
            seed ^= seed << 17;
            seed as u8
        })
        .collect()
}

/// A built `dist/` as Trunk lays it out, each bundle's wasm `wasm_bytes(bundle)` long: every
/// bundle's page, glue, wasm and CSS in its folder (and its worker's files), the PWA helper, the
/// service worker as written in `public/`, media, icons and the store's screenshots.
pub fn fake_dist(dir: &Path, wasm_bytes: impl Fn(&Bundle) -> usize) -> PathBuf {
    let dist = dir.join("dist");
    let write = |file: &str, bytes: &[u8]| {
        let path = dist.join(file);
        std::fs::create_dir_all(path.parent().unwrap()).unwrap();
        std::fs::write(path, bytes).unwrap();
    };
    for (i, b) in bundles::ALL.iter().enumerate() {
        let at = |name: &str| format!("{}{name}", b.public_url().trim_start_matches('/'));
        let pwa = if b.group == Group::Buyer {
            "<script src=\"/pwa.js\" defer></script>"
        } else {
            ""
        };
        write(
            &b.file(),
            format!("<!doctype html><title>{}</title>{pwa}", b.name).as_bytes(),
        );
        let glue = format!("{}-0123456789abcdef", b.bin);
        write(
            &at(&format!("{glue}.js")),
            b"export default function init() {}",
        );
        write(
            &at(&format!("{glue}_bg.wasm")),
            &noise(wasm_bytes(b), i as u64 + 1),
        );
        write(
            &at(&format!("{}-fedcba9876543210.css", b.name)),
            b"body { margin: 0 }",
        );
        if let Some(worker) = b.worker {
            for file in [".js", "_bg.wasm", "_loader.js"] {
                write(
                    &at(&format!("{}{file}", worker.bin)),
                    b"self.onmessage = () => {};",
                );
            }
        }
    }
    write("sw.js", read("public/sw.js").as_bytes());
    write("pwa.js", b"navigator.serviceWorker.register('/sw.js');");
    write("manifest.webmanifest", b"{}");
    write("icons/icon.svg", b"<svg/>");
    write("icons/og-card.png", b"png");
    write("media/tree.jpg", b"jpg");
    write("screenshots/phone.png", b"png");
    dist
}

/// `scripts/{script}` run on `dist` with this build's server printing the table.
pub fn run(script: &str, dist: &Path) -> Output {
    Command::new("bash")
        .arg(Path::new(ROOT).join("scripts").join(script))
        .arg(dist)
        .env("ORCHARD_SERVER", env!("CARGO_BIN_EXE_orchard-server"))
        .output()
        .unwrap()
}

/// The value a built `sw.js` gives `name` (`const NAME = …;`, one line).
pub fn constant(sw: &str, name: &str) -> Value {
    let prefix = format!("const {name} = ");
    let line = sw.lines().find_map(|l| l.strip_prefix(&prefix)).unwrap();
    serde_json::from_str(line.trim_end_matches(';')).unwrap()
}

pub fn strings(value: &Value) -> BTreeSet<String> {
    let list = value.as_array().unwrap().iter();
    list.map(|v| v.as_str().unwrap().to_owned()).collect()
}

/// What the function `name` of the worker built in `dist` answers for each of `inputs`: the worker
/// run in Node in a bare context (its events are not fired).
pub fn ask_worker(dist: &Path, name: &str, inputs: &[&str]) -> Value {
    let script = format!(
        "const vm = require('vm'); const fs = require('fs');
         const context = {{ self: {{ addEventListener() {{}}, location: {{ origin: 'http://x' }} }}, importScripts() {{}} }};
         vm.runInNewContext(fs.readFileSync({sw:?}, 'utf8') + ';globalThis.asked = {name};', context);
         console.log(JSON.stringify({inputs}.map((p) => context.asked(p))));",
        sw = dist.join("sw.js").display().to_string(),
        inputs = serde_json::to_string(inputs).unwrap(),
    );
    let out = Command::new("node").arg("-e").arg(script).output().unwrap();
    assert!(
        out.status.success(),
        "{}",
        String::from_utf8_lossy(&out.stderr)
    );
    serde_json::from_slice(&out.stdout).unwrap()
}
