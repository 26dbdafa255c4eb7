//! Turns the client's languages, `locales/{en,zh,fr}.json` (the buyers' pages) and
//! `locales/team/{en,zh,fr}.json` (the team's page), into string tables compiled into the
//! browser bundles (`$OUT_DIR/locales.rs`): one `Key` (or `TeamKey`) per message and one table
//! per language, in the same order; the buyers' bundles never carry the team's messages. The
//! build stops when a language misses a message, has one too many, or names different
//! `{{ placeholders }}` than English: a gap is found here, not by a buyer. `locales/orders/` holds
//! the messages only the buyer's orders pages show (tracking, claims), so the storefront carries
//! none; `locales/shared/` the few the team's pages show too (status names), and
//! `locales/owner/` the owner's page's own, so a helper's team page carries neither the buyers'
//! tracking words nor the owner's.

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

/// Reads one set of messages (`{dir}/{en,zh,fr}.json`), checks every language against English,
/// and writes its key enum, its `Message` implementation and one table per language
/// (`{prefix}EN`, `{prefix}ZH`, `{prefix}FR`).
fn generate(out: &mut String, dir: &str, enum_name: &str, prefix: &str) {
    let tables: Vec<BTreeMap<String, String>> = LOCALES
        .iter()
        .map(|locale| {
            let path = format!("{dir}/{locale}.json");
            println!("cargo::rerun-if-changed={path}");
            let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
            serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
        })
        .collect();
    let english = &tables[0];
    for (locale, table) in LOCALES.iter().zip(&tables).skip(1) {
        for (key, message) in english {
            let Some(translated) = table.get(key) else {
                panic!("{dir}/{locale}.json has no message `{key}`");
            };
            if placeholders(translated) != placeholders(message) {
                panic!("{dir}/{locale}.json `{key}` names other placeholders than English");
            }
        }
        if let Some(extra) = table.keys().find(|key| !english.contains_key(*key)) {
            panic!("{dir}/{locale}.json has `{extra}`, which English does not have");
        }
    }

    writeln!(
        out,
        "/// One message of `{dir}/`, in every language.\n\
         #[allow(non_camel_case_types)]\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
         pub enum {enum_name} {{"
    )
    .unwrap();
    for key in english.keys() {
        writeln!(out, "    {key},").unwrap();
    }
    out.push_str("}\n");
    writeln!(
        out,
        "impl Message for {enum_name} {{\n    \
         fn text(self, locale: Locale) -> &'static str {{\n        \
         let table = match locale {{\n            \
         Locale::Zh => &{prefix}ZH,\n            \
         Locale::En => &{prefix}EN,\n            \
         Locale::Fr => &{prefix}FR,\n        \
         }};\n        \
         table[self as usize]\n    \
         }}\n}}"
    )
    .unwrap();
    for (locale, table) in LOCALES.iter().zip(&tables) {
        let name = format!("{prefix}{}", locale.to_uppercase());
        writeln!(out, "const {name}: [&str; {}] = [", english.len()).unwrap();
        for key in english.keys() {
            writeln!(out, "    {:?},", table[key]).unwrap();
        }
        out.push_str("];\n");
    }
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    let mut out = String::new();
    // The buyers' messages (the storefront's), the buyer's orders' pages' own (`OrdersKey`:
    // tracking, claims, status names; the storefront's first load carries none of them), and
    // the team's (in the team's bundle only).
    generate(&mut out, "locales", "Key", "");
    generate(&mut out, "locales/orders", "OrdersKey", "ORDERS_");
    generate(&mut out, "locales/team", "TeamKey", "TEAM_");
    // The words both the buyer's orders and the team's pages show (`SharedKey`: the status
    // names, the courier's number), and the owner's page's own (`OwnerKey`: numbers, stock, a
    // short harvest, claims): each bundle carries only the tables it reads.
    generate(&mut out, "locales/shared", "SharedKey", "SHARED_");
    generate(&mut out, "locales/owner", "OwnerKey", "OWNER_");
    let path = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join("locales.rs");
    fs::write(&path, out).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}
