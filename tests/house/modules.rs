//! Which file of `src/` names which: every `use` tree and every `crate::`/`super::`/`self::`
//! path outside comments and strings, resolved to the file that defines the item (following a
//! module's re-exports, so `use crate::domain::Money` points at `money.rs`, not `mod.rs`). A
//! `mod child;` declaration is not an import. Binaries (`src/main.rs`, `src/bin/`) are crates of
//! their own and are left out.

use std::collections::{BTreeMap, BTreeSet, HashMap};
use std::path::{Path, PathBuf};

#[path = "lexer.rs"]
mod lexer;

type ModPath = Vec<String>;

/// The files of one crate and the files each names.
pub struct Graph {
    names: Vec<String>,
    edges: Vec<BTreeSet<usize>>,
}

/// What was read of the crate: each module's file, and the names each module imports.
#[derive(Default)]
struct Crate {
    file_of: HashMap<ModPath, usize>,
    uses: HashMap<ModPath, HashMap<String, ModPath>>,
    paths: Vec<Vec<ModPath>>,
}

impl Graph {
    /// Reads `files` (all under `src`).
    pub fn read(src: &Path, files: &[PathBuf]) -> Graph {
        let mut krate = Crate::default();
        let mut names = Vec::new();
        let mut texts = Vec::new();
        let mut extra: HashMap<PathBuf, ModPath> = HashMap::new();
        for path in files {
            let rel = path.strip_prefix(src).unwrap_or(path);
            if rel.starts_with("bin") || rel == Path::new("main.rs") {
                continue;
            }
            let text = std::fs::read_to_string(path).unwrap_or_default();
            let module = module_of(rel);
            // `#[path = "x_tests.rs"] mod tests;`: that file is this module's child.
            for (file, child) in path_attributes(&text) {
                let mut m = module.clone();
                m.push(child);
                let dir = path.parent().unwrap_or(src);
                extra.insert(dir.join(file), m);
            }
            names.push(rel.display().to_string());
            texts.push((path.clone(), module, text));
        }
        for (i, (path, module, _)) in texts.iter_mut().enumerate() {
            if let Some(m) = extra.get(path.as_path()) {
                *module = m.clone();
            }
            krate.file_of.insert(module.clone(), i);
        }
        for (i, (_, module, text)) in texts.iter().enumerate() {
            let found = lexer::read(&lexer::tokens(text), module, |m| {
                krate.file_of.contains_key(m)
            });
            for (inline, uses) in found.inline_uses {
                krate.file_of.entry(inline.clone()).or_insert(i);
                krate.uses.entry(inline).or_default().extend(uses);
            }
            krate.paths.push(found.paths);
        }
        let edges = (0..names.len())
            .map(|i| {
                krate.paths[i]
                    .iter()
                    .filter_map(|p| krate.file(p, 0))
                    .filter(|&j| j != i)
                    .collect()
            })
            .collect();
        Graph { names, edges }
    }

    /// Every circle, one line each: its files from the first by name back to it.
    pub fn circles(&self) -> Vec<String> {
        let mut out = Vec::new();
        let mut seen = BTreeSet::new();
        for start in 0..self.names.len() {
            if seen.contains(&start) {
                continue;
            }
            let Some(cycle) = self.shortest_cycle(start) else {
                continue;
            };
            seen.extend(cycle.iter().copied());
            let mut line: Vec<&str> = cycle.iter().map(|&i| self.names[i].as_str()).collect();
            line.push(&self.names[start]);
            out.push(line.join(" → "));
        }
        out
    }

    /// The shortest way from `start` back to itself (breadth first), if any.
    fn shortest_cycle(&self, start: usize) -> Option<Vec<usize>> {
        let mut before: BTreeMap<usize, usize> = BTreeMap::new();
        let mut queue = std::collections::VecDeque::from([start]);
        while let Some(at) = queue.pop_front() {
            for &next in &self.edges[at] {
                if next == start {
                    let mut cycle = vec![at];
                    while let Some(&b) = before.get(cycle.last().unwrap()) {
                        cycle.push(b);
                    }
                    if *cycle.last().unwrap() != start {
                        cycle.push(start);
                    }
                    cycle.reverse();
                    cycle.dedup();
                    return Some(cycle);
                }
                if next != start && !before.contains_key(&next) {
                    before.insert(next, at);
                    queue.push_back(next);
                }
            }
        }
        None
    }
}

impl Crate {
    /// The file that defines what `path` (absolute, from the crate's root) names.
    fn file(&self, path: &ModPath, depth: u8) -> Option<usize> {
        let len = (0..=path.len())
            .rev()
            .find(|&n| self.file_of.contains_key(&path[..n]))?;
        let module = &path[..len];
        if depth < 8 {
            if let Some(first) = path.get(len) {
                if let Some(target) = self.uses.get(module).and_then(|u| u.get(first)) {
                    let mut next = target.clone();
                    next.extend_from_slice(&path[len + 1..]);
                    if let Some(file) = self.file(&next, depth + 1) {
                        return Some(file);
                    }
                }
            }
        }
        self.file_of.get(module).copied()
    }
}

/// The module path of a file, from `src/`: `lib.rs` is the root, `a/mod.rs` is `a`.
fn module_of(rel: &Path) -> ModPath {
    let mut parts: Vec<String> = rel
        .with_extension("")
        .components()
        .map(|c| c.as_os_str().to_string_lossy().into_owned())
        .collect();
    if parts.last().is_some_and(|p| p == "mod" || p == "lib") {
        parts.pop();
    }
    parts
}

/// `#[path = "file.rs"] mod name;` pairs: (file, name).
pub fn path_attributes(text: &str) -> Vec<(String, String)> {
    let mut out = Vec::new();
    let mut lines = text.lines();
    while let Some(line) = lines.next() {
        let Some(rest) = line.trim().strip_prefix("#[path = \"") else {
            continue;
        };
        let file = rest.split('"').next().unwrap_or_default().to_string();
        let name = lines.find_map(|l| {
            let l = l.trim();
            let l = l.strip_prefix("pub ").unwrap_or(l);
            l.strip_prefix("mod ")
                .map(|m| m.trim_end_matches(';').trim().to_string())
        });
        out.extend(name.map(|n| (file, n)));
    }
    out
}
