//! Turns the shop's messages into string tables compiled into the program: the buyers' pages'
//! (`locales/{en,zh,fr}.json`), the buyer's orders pages' own (`locales/orders/`: tracking,
//! claims, so the storefront carries none), the team's page's (`locales/team/`), the few both
//! the buyer's orders and the team's pages show (`locales/shared/`: status names), the owner's
//! page's (`locales/owner/`) for the browser bundles (`$OUT_DIR/locales.rs`, each bundle
//! carrying only the tables it reads), and the server's pages' (`locales/pages/`: titles, the
//! share card, the first screen) for the server (`$OUT_DIR/pages.rs`). Each set becomes one key
//! enum and one table per language, in the same order.
//!
//! A message with a count has one form per CLDR plural category its language takes
//! (`{"one": "{{ count }} box left", "other": "{{ count }} boxes left"}`; the categories are
//! `Lang::plurals`, read from `src/domain/words.rs` itself), and takes one table entry per
//! category, `other` first, so a form is picked by adding the category to the message's place.
//!
//! The build stops when a language misses a message or has one too many, misses a plural form
//! its language needs or has one it does not use, words a message with a count without one (or
//! the other way round), leaves a message empty, or names other `{{ placeholders }}` than
//! English: a gap is found here, not by a buyer.

#[allow(dead_code)]
#[path = "src/domain/words.rs"]
mod words;

use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::{env, fs, path::Path};

use serde_json::Value;
use words::{placeholders, Lang, Plural};

/// One message in one language: its forms by plural category (a message without a count has
/// one, under `other`).
type Forms = Vec<(Plural, String)>;

/// The language every other is checked against.
const REFERENCE: Lang = Lang::En;

fn read(dir: &str, lang: Lang) -> BTreeMap<String, Value> {
    let path = format!("{dir}/{}.json", lang.as_str());
    println!("cargo::rerun-if-changed={path}");
    let text = fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"));
    serde_json::from_str(&text).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// The forms of message `key` in `lang`, checked: a string for a message without a count, else
/// exactly the plural categories the language takes.
fn forms(place: &str, key: &str, lang: Lang, value: &Value, counted: bool) -> Forms {
    let forms = match (value, counted) {
        (Value::String(text), false) => vec![(Plural::Other, text.clone())],
        (Value::Object(map), true) => {
            let mut forms = Forms::new();
            for (name, text) in map {
                let Some(plural) = Plural::from_name(name) else {
                    panic!("{place} `{key}`: `{name}` is no plural category of {lang:?}");
                };
                if !lang.plurals().contains(&plural) {
                    panic!("{place} `{key}` has a `{name}` form, which {lang:?} does not use");
                }
                let Value::String(text) = text else {
                    panic!("{place} `{key}` `{name}` is not a string");
                };
                forms.push((plural, text.clone()));
            }
            for plural in lang.plurals() {
                if !forms.iter().any(|(p, _)| p == plural) {
                    panic!(
                        "{place} `{key}` has no `{}` form, which {lang:?} needs",
                        plural.as_str()
                    );
                }
            }
            forms
        }
        (_, true) => panic!("{place} `{key}` has a count in English: give it plural forms"),
        (_, false) => panic!("{place} `{key}` is a plain string in English: give it one too"),
    };
    if let Some((_, empty)) = forms.iter().find(|(_, text)| text.trim().is_empty()) {
        panic!("{place} `{key}` is empty: {empty:?}");
    }
    forms
}

/// The form of `plural`, else `other` (English has no `many`: its place holds `other`).
fn form(forms: &Forms, plural: Plural) -> &str {
    forms
        .iter()
        .find(|(p, _)| *p == plural)
        .or_else(|| forms.iter().find(|(p, _)| *p == Plural::Other))
        .map_or("", |(_, text)| text)
}

/// Reads one set of messages (`{dir}/{en,zh,fr}.json`), checks every language against English,
/// and writes its key enum, its `Message` implementation and one table per language
/// (`{prefix}EN`, `{prefix}ZH`, `{prefix}FR`).
fn generate(out: &mut String, dir: &str, enum_name: &str, prefix: &str) {
    let raw: Vec<(Lang, BTreeMap<String, Value>)> =
        Lang::ALL.iter().map(|&l| (l, read(dir, l))).collect();
    let reference = &raw
        .iter()
        .find(|(l, _)| *l == REFERENCE)
        .expect("English")
        .1;
    let counted: BTreeMap<&str, bool> = reference
        .iter()
        .map(|(key, value)| (key.as_str(), value.is_object()))
        .collect();
    let mut tables: Vec<(Lang, BTreeMap<&str, Forms>)> = Vec::new();
    for (lang, table) in &raw {
        let place = format!("{dir}/{}.json", lang.as_str());
        if let Some(extra) = table.keys().find(|k| !counted.contains_key(k.as_str())) {
            panic!("{place} has `{extra}`, which English does not have");
        }
        let checked = counted
            .iter()
            .map(|(&key, &is_counted)| {
                let Some(value) = table.get(key) else {
                    panic!("{place} has no message `{key}`");
                };
                (key, forms(&place, key, *lang, value, is_counted))
            })
            .collect();
        tables.push((*lang, checked));
    }
    let english = &tables
        .iter()
        .find(|(l, _)| *l == REFERENCE)
        .expect("English")
        .1;
    for (lang, table) in &tables {
        for (key, forms) in table {
            let want = placeholders(form(&english[key], Plural::Other));
            if counted[key] && !want.contains(&"count") {
                panic!("{dir}/en.json `{key}` has plural forms but no {{{{ count }}}}");
            }
            for (plural, text) in forms {
                if placeholders(text) != want {
                    panic!(
                        "{dir}/{}.json `{key}` ({}) names other placeholders than English",
                        lang.as_str(),
                        plural.as_str()
                    );
                }
            }
        }
    }

    // Each message's place in the tables: one entry, or one per category for a count.
    writeln!(
        out,
        "/// One message of `{dir}/`, in every language.\n\
         #[allow(non_camel_case_types)]\n\
         #[derive(Clone, Copy, Debug, PartialEq, Eq)]\n\
         pub enum {enum_name} {{"
    )
    .unwrap();
    let mut at = 0;
    for (key, is_counted) in &counted {
        writeln!(out, "    {key} = {at},").unwrap();
        at += if *is_counted { Plural::ALL.len() } else { 1 };
    }
    out.push_str("}\n");
    let plural_keys: Vec<String> = counted
        .iter()
        .filter(|(_, c)| **c)
        .map(|(k, _)| format!("{enum_name}::{k}"))
        .collect();
    let (plural, index) = if plural_keys.is_empty() {
        ("_", "self as usize".to_owned())
    } else {
        (
            "plural",
            format!(
                "match self {{ {} => self as usize + plural as usize, _ => self as usize }}",
                plural_keys.join(" | ")
            ),
        )
    };
    writeln!(
        out,
        "impl Message for {enum_name} {{\n    \
         fn form(self, lang: Lang, {plural}: Plural) -> &'static str {{\n        \
         let table = match lang {{\n            \
         Lang::Zh => &{prefix}ZH,\n            \
         Lang::En => &{prefix}EN,\n            \
         Lang::Fr => &{prefix}FR,\n        \
         }};\n        \
         table[{index}]\n    \
         }}\n}}"
    )
    .unwrap();
    writeln!(
        out,
        "impl {enum_name} {{\n    \
         /// Every message of the set.\n    \
         #[allow(dead_code)]\n    \
         pub const ALL: [{enum_name}; {}] = [{}];\n}}",
        counted.len(),
        counted
            .keys()
            .map(|k| format!("{enum_name}::{k}"))
            .collect::<Vec<_>>()
            .join(", ")
    )
    .unwrap();
    for (lang, table) in &tables {
        let name = format!("{prefix}{}", lang.as_str().to_uppercase());
        writeln!(out, "const {name}: [&str; {at}] = [").unwrap();
        for (key, is_counted) in &counted {
            let forms = &table[key];
            let slots: &[Plural] = if *is_counted {
                &Plural::ALL
            } else {
                &[Plural::Other]
            };
            for plural in slots {
                writeln!(out, "    {:?},", form(forms, *plural)).unwrap();
            }
        }
        out.push_str("];\n");
    }
}

fn write(name: &str, text: &str) {
    let path = Path::new(&env::var("OUT_DIR").expect("cargo sets OUT_DIR")).join(name);
    fs::write(&path, text).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
}

fn main() {
    println!("cargo::rerun-if-changed=build.rs");
    println!("cargo::rerun-if-changed=src/domain/words.rs");
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
    write("locales.rs", &out);
    // The server's pages' words (`PageKey`), checked by the same rules.
    let mut pages = String::new();
    generate(&mut pages, "locales/pages", "PageKey", "PAGE_");
    write("pages.rs", &pages);
}
