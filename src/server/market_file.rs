//! The file `--content` names: a market file (`[market]` with its name and place, then one
//! `[[producer]]` per producer, each a slug and a producer file relative to the market file; the
//! first is the default producer) or a producer file alone, which is a market of one named after
//! its producer, under the slug its file's name gives (`drolma.toml` → `drolma`). Read once at
//! start; every mistake names the file and the key at fault, as a producer file's do.

use std::path::{Path, PathBuf};

use serde::Deserialize;

use super::content::{Content, ContentError};
use crate::domain::Localized;

/// The most characters a producer's slug has (`[a-z0-9-]{1,32}`).
pub const MAX_SLUG_LEN: usize = 32;

/// The market as its file describes it: its name and place in each language and its producers
/// in the file's order, the default one first.
#[derive(Debug, Clone)]
pub struct MarketFile {
    /// The market's name by language tag (`zh`, `en`, `fr`).
    pub name: Localized,
    /// Where the market is, by language tag.
    pub place: Localized,
    /// Each producer's slug and content; never empty, the default producer first.
    pub producers: Vec<(String, Content)>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct File {
    market: MarketSection,
    #[serde(default)]
    producer: Vec<ProducerEntry>,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct MarketSection {
    name: Localized,
    place: Localized,
}

#[derive(Deserialize)]
#[serde(deny_unknown_fields)]
struct ProducerEntry {
    slug: String,
    content: String,
}

impl MarketFile {
    /// Reads the file `--content` names: a market file and each producer file it names, or a
    /// producer file alone (a market of one).
    pub fn load(path: &Path) -> Result<Self, ContentError> {
        let fail = |key: Option<&str>, message: String| ContentError {
            path: path.to_owned(),
            key: key.map(str::to_owned),
            message,
        };
        let text = std::fs::read_to_string(path)
            .map_err(|e| fail(None, format!("cannot be read: {e}")))?;
        let table: toml::Table = toml::from_str(&text).map_err(|e| fail(None, e.to_string()))?;
        if !table.contains_key("market") {
            if table.get("producer").is_some_and(toml::Value::is_array) {
                let why = "a market file starts with [market] (its name and place)";
                return Err(fail(Some("market"), why.into()));
            }
            return Self::of_one(path, &text);
        }
        let file: File = toml::from_str(&text).map_err(|e| fail(None, e.to_string()))?;
        for (key, texts) in [
            ("market.name", &file.market.name),
            ("market.place", &file.market.place),
        ] {
            if texts.values().all(|t| t.trim().is_empty()) {
                return Err(fail(Some(key), "give it in at least one language".into()));
            }
        }
        if file.producer.is_empty() {
            let why = "list at least one [[producer]] (a slug and its content file)";
            return Err(fail(Some("producer"), why.into()));
        }
        let dir = path.parent().unwrap_or(Path::new(""));
        let mut producers: Vec<(String, Content)> = Vec::with_capacity(file.producer.len());
        for (i, entry) in file.producer.iter().enumerate() {
            let key = |k: &str| format!("producer[{i}].{k}");
            if !is_slug(&entry.slug) {
                let why = format!(
                    "{:?} is not a slug: 1 to {MAX_SLUG_LEN} of a-z, 0-9 and -",
                    entry.slug
                );
                return Err(fail(Some(&key("slug")), why));
            }
            if producers.iter().any(|(slug, _)| *slug == entry.slug) {
                let why = format!("{:?} is listed twice", entry.slug);
                return Err(fail(Some(&key("slug")), why));
            }
            let content_path: PathBuf = dir.join(&entry.content);
            if !content_path.is_file() {
                let why = format!(
                    "{:?} is no file ({} was looked for)",
                    entry.content,
                    content_path.display()
                );
                return Err(fail(Some(&key("content")), why));
            }
            producers.push((entry.slug.clone(), Content::load(&content_path)?));
        }
        Ok(Self {
            name: file.market.name,
            place: file.market.place,
            producers,
        })
    }

    /// A producer file alone: a market of one, named and placed as its producer.
    fn of_one(path: &Path, text: &str) -> Result<Self, ContentError> {
        let content = Content::parse(text).map_err(|(key, message)| ContentError {
            path: path.to_owned(),
            key,
            message,
        })?;
        // `[producer] slug`, else the file's name (a market file names each producer's slug).
        let table: toml::Table = toml::from_str(text).map_err(|e| ContentError {
            path: path.to_owned(),
            key: None,
            message: e.to_string(),
        })?;
        let slug = match table.get("producer").and_then(|p| p.get("slug")) {
            None => default_slug(path),
            Some(toml::Value::String(slug)) if is_slug(slug) => slug.clone(),
            Some(other) => {
                return Err(ContentError {
                    path: path.to_owned(),
                    key: Some("producer.slug".into()),
                    message: format!("{other} is not 1 to 32 of a-z, 0-9 and -"),
                })
            }
        };
        Ok(Self {
            name: content.producer.name.clone(),
            place: content.producer.place.clone(),
            producers: vec![(slug, content)],
        })
    }

    /// The default producer: the first of the file (the only one of a producer file).
    pub fn default_producer(&self) -> (&str, &Content) {
        let (slug, content) = &self.producers[0];
        (slug, content)
    }

    /// The producer with this slug, if the market has one.
    pub fn producer(&self, slug: &str) -> Option<&Content> {
        self.producers
            .iter()
            .find(|(s, _)| s == slug)
            .map(|(_, content)| content)
    }
}

/// Whether `text` is a producer's slug: 1 to 32 of `a-z`, `0-9` and `-`.
pub fn is_slug(text: &str) -> bool {
    (1..=MAX_SLUG_LEN).contains(&text.len())
        && text
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
}

/// The slug of the producer a producer file (a market of one) describes: the file's name
/// without `.toml` when it is a valid slug (`drolma.toml` → `drolma`), else `shop`.
pub fn default_slug(path: &Path) -> String {
    let stem = path
        .file_stem()
        .and_then(|s| s.to_str())
        .unwrap_or_default();
    if is_slug(stem) { stem } else { "shop" }.to_owned()
}

#[cfg(test)]
#[path = "market_file_tests.rs"]
mod tests;
