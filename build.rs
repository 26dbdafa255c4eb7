//! Turns the client's languages, `locales/{en,zh,fr}.json`, into string tables compiled into
//! the browser bundle (`$OUT_DIR/locales.rs`): one `Key` per message and one table per
//! language, in the same order. The build stops when a language misses a message, has one too
//! many, or names different `{{ placeholders }}` than English: a gap is found here, not by a
//! buyer.

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

const LOCALES: [&str; 3] = ["en", "zh", "fr"];

fn placeholders(message: &str) -> Vec<&str> {
    let mut names: Vec<&str> = message
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim()))
        .collect();
    names.sort_unstable();
    names
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let tables: Vec<BTreeMap<String, String>> = LOCALES
        .iter()
        .map(|locale| {
            let path = format!("locales/{locale}.json");
            println!("cargo::rerun-if-changed={path}");
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect();
    let english = &tables[0];
    for (locale, table) in LOCALES.iter().zip(&tables).skip(1) {
        for (key, message) in english {
            let Some(translated) = table.get(key) else {
                panic!("locales/{locale}.json has no message `{key}`");
            };
            if placeholders(translated) != placeholders(message) {
                panic!("locales/{locale}.json `{key}` names other placeholders than English");
            }
        }
        if let Some(extra) = table.keys().find(|key| !english.contains_key(*key)) {
            panic!("locales/{locale}.json has `{extra}`, which English does not have");
        }
    }

    let mut out = String::from(
        "/// One message of the client, in every language.\n\
         #[allow(non_camel_case_types)]\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
         pub enum Key {\n",
    );
    for key in english.keys() {
        writeln!(out, "    {key},").unwrap();
    }
    out.push_str("}\n");
    for (locale, table) in LOCALES.iter().zip(&tables) {
        let name = locale.to_uppercase();
        writeln!(out, "const {name}: [&str; {}] = [", english.len()).unwrap();
        for key in english.keys() {
            writeln!(out, "    {:?},", table[key]).unwrap();
        }
        out.push_str("];\n");
    }
    let path = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
