//! The house's two rules that no compiler checks (STYLE.md, habit 11): no Rust file over 300
//! lines, and no import circle between the files of `src/` (file A naming an item of file B
//! while B, directly or through others, names one of A's). A circle is reported with its files,
//! so the next reader sees which two ideas are tangled.
#![cfg(not(target_arch = "wasm32"))]

#[path = "house/modules.rs"]
mod modules;

use std::path::{Path, PathBuf};

/// The longest a Rust file may be before it is holding two ideas.
const MAX_LINES: usize = 300;

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    let Ok(entries) = std::fs::read_dir(dir) else {
        return;
    };
    for entry in entries.flatten() {
        let path = entry.path();
        if path.is_dir() {
            rust_files(&path, out);
        } else if path.extension().is_some_and(|e| e == "rs") {
            out.push(path);
        }
    }
}

fn root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

#[test]
fn no_rust_file_is_over_three_hundred_lines() {
    let mut files = vec![root().join("build.rs")];
    for dir in ["src", "tests", "examples"] {
        rust_files(&root().join(dir), &mut files);
    }
    let mut long: Vec<String> = files
        .iter()
        .filter_map(|path| {
            let lines = std::fs::read_to_string(path).ok()?.lines().count();
            let name = path.strip_prefix(root()).unwrap_or(path).display();
            (lines > MAX_LINES).then(|| format!("{name}: {lines} lines"))
        })
        .collect();
    long.sort();
    assert!(long.is_empty(), "split these files:\n{}", long.join("\n"));
}

#[test]
fn no_two_files_of_src_import_each_other_even_through_others() {
    let mut files = Vec::new();
    rust_files(&root().join("src"), &mut files);
    let graph = modules::Graph::read(&root().join("src"), &files);
    let circles = graph.circles();
    assert!(
        circles.is_empty(),
        "import circles between files:\n{}",
        circles.join("\n")
    );
}

#[test]
fn the_reader_finds_a_circle_and_follows_re_exports() {
    // a.rs uses b's item through the parent's re-export, b.rs uses a's directly: a circle.
    let dir = tempfile::tempdir().unwrap();
    let src = dir.path();
    let write = |name: &str, text: &str| std::fs::write(src.join(name), text).unwrap();
    write("lib.rs", "mod a;\nmod b;\nmod c;\npub use b::Bee;\n");
    write("a.rs", "use crate::Bee;\npub struct Ay;\n");
    write("b.rs", "use super::a::Ay;\npub struct Bee;\n");
    write(
        "c.rs",
        "use super::{a::Ay, b::Bee};\n#[cfg(test)]\nmod tests {\n    use super::*;\n}\n",
    );
    let files = ["lib.rs", "a.rs", "b.rs", "c.rs"]
        .map(|f| src.join(f))
        .to_vec();
    let circles = modules::Graph::read(src, &files).circles();
    assert_eq!(circles, vec!["a.rs → b.rs → a.rs".to_string()]);
}
