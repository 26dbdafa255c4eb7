//! The storefront's answer, rendered once and served to everyone: the JSON body and its ETag are
//! kept until the numbers change (the snapshot's version), the producer's content is edited (its
//! revision), the sale changes state, or a second has passed.
//!
//! Why these keys:
//! - The body holds `server_time`, which would make every answer different. The client only uses
//!   it to estimate its clock offset for the countdown, so it may be up to one second stale: the
//!   body is re-rendered at most once a second while nothing else changes.
//! - The ETag is weak (`W/"…"`) and leaves `server_time` out: two answers with the same ETag say
//!   the same thing about the sale, boxes and impact, which is exactly what a weak validator
//!   promises. It is `W/"<boot>-<version>.<revision>-<state>"`, where `<boot>` is random per process, so a
//!   version number reused after a restart never validates an older answer.

use std::sync::{Arc, RwLock};

use axum::http::HeaderValue;
use bytes::Bytes;

use super::content::Content;
use super::snapshot::Snapshot;
use crate::domain::SaleState;

/// One rendered storefront.
#[derive(Debug)]
pub struct Rendered {
    /// The snapshot version it shows.
    pub version: u64,
    /// The content's revision it shows (edits made before it).
    pub revision: u64,
    /// The sale's state when it was rendered.
    pub state: SaleState,
    /// Boxes left in that version (to tell whether the state would differ now).
    pub left: u64,
    /// The second (Unix time) of its `server_time`.
    pub second: i64,
    /// The JSON body.
    pub body: Bytes,
    /// Its weak ETag.
    pub etag: HeaderValue,
}

/// The storefront rendered last, shared by every request.
#[derive(Debug)]
pub struct StorefrontCache {
    boot: u32,
    last: RwLock<Option<Arc<Rendered>>>,
}

impl Default for StorefrontCache {
    fn default() -> Self {
        Self::new()
    }
}

impl StorefrontCache {
    /// An empty cache with a fresh boot id.
    pub fn new() -> Self {
        Self {
            boot: rand::random(),
            last: RwLock::new(None),
        }
    }

    /// The ETag the current answer would carry, without rendering when the cache knows it, and
    /// the answer itself when `need_body` (or when the ETag cannot be known otherwise).
    pub fn get(
        &self,
        snapshot: &Snapshot,
        (revision, content): (u64, Arc<Content>),
        now_ms: i64,
        need_body: bool,
    ) -> Arc<Rendered> {
        let version = snapshot.version();
        let second = now_ms.div_euclid(1000);
        if let Some(last) = self.last.read().unwrap_or_else(|p| p.into_inner()).as_ref() {
            let state = SaleState::at(now_ms, content.opens_ms, content.closes_ms, last.left);
            if last.version == version
                && last.revision == revision
                && last.state == state
                && (!need_body || last.second == second)
            {
                return last.clone();
            }
        }
        let rendered = Arc::new(self.render(snapshot, (revision, &content), now_ms));
        let mut slot = self.last.write().unwrap_or_else(|p| p.into_inner());
        // Keep the newest of what racing renders produced.
        let newer = slot.as_ref().is_none_or(|s| {
            (s.revision, s.version, s.second)
                <= (rendered.revision, rendered.version, rendered.second)
        });
        if newer {
            *slot = Some(rendered.clone());
        }
        rendered
    }

    fn render(
        &self,
        snapshot: &Snapshot,
        (revision, content): (u64, &Content),
        now_ms: i64,
    ) -> Rendered {
        let (version, storefront) = snapshot.storefront(content, now_ms);
        let left = storefront
            .boxes
            .iter()
            .map(|b| u64::from(b.available))
            .sum();
        let state = storefront.sale.state;
        let body = serde_json::to_vec(&storefront).unwrap_or_default();
        let etag = format!(
            "W/\"{:08x}-{version}.{revision}-{}\"",
            self.boot,
            state_tag(state)
        );
        Rendered {
            version,
            revision,
            state,
            left,
            second: now_ms.div_euclid(1000),
            body: Bytes::from(body),
            etag: HeaderValue::from_str(&etag).unwrap_or(HeaderValue::from_static("W/\"0\"")),
        }
    }
}

fn state_tag(state: SaleState) -> &'static str {
    match state {
        SaleState::Upcoming => "upcoming",
        SaleState::Open => "open",
        SaleState::SoldOut => "sold_out",
        SaleState::Closed => "closed",
    }
}

/// Whether an `If-None-Match` header value names `etag` (weak comparison, as RFC 9110 asks for
/// `If-None-Match`; `*` matches any current answer).
pub fn none_match(if_none_match: &str, etag: &str) -> bool {
    let opaque = |tag: &str| tag.trim().trim_start_matches("W/").to_owned();
    let ours = opaque(etag);
    if_none_match
        .split(',')
        .any(|tag| tag.trim() == "*" || opaque(tag) == ours)
}

#[cfg(test)]
mod tests {
    use std::sync::Arc;

    use super::{none_match, StorefrontCache};
    use crate::server::content::Content;
    use crate::server::snapshot::{Delta, Snapshot, Totals};

    const OPENS_MS: i64 = 1_700_000_000_000;

    fn content() -> Content {
        Content::parse(
            r#"[producer]
name = { en = "Drolma" }
place = { en = "Zhongde" }
picture = "/p.svg"
[producer.story]
en = ["A tree."]
[sale]
opens_at = "2023-11-14T22:13:20Z"
harvest_at = "2023-11-01T00:00:00Z"
[impact]
kg_per_family = 2000
[[boxes]]
id = "5kg"
weight_kg = 5
price_fen = 6800
stock = 10
"#,
        )
        .unwrap()
    }

    fn snapshot() -> Snapshot {
        Snapshot::new(Totals {
            stock: vec![("5kg".into(), 10)],
            orders: 0,
            kg_sold: 0,
        })
    }

    #[test]
    fn the_etag_holds_while_nothing_changes_and_server_time_moves_at_most_each_second() {
        let (content, snapshot, cache) = (content(), snapshot(), StorefrontCache::new());
        assert_eq!(content.opens_ms, OPENS_MS);
        let t = OPENS_MS + 10_000;
        let first = cache.get(&snapshot, (0, Arc::new(content.clone())), t, true);
        let same_second = cache.get(&snapshot, (0, Arc::new(content.clone())), t + 400, true);
        assert!(
            std::sync::Arc::ptr_eq(&first, &same_second),
            "rendered once a second"
        );
        let later = cache.get(&snapshot, (0, Arc::new(content.clone())), t + 5_000, true);
        assert_eq!(later.etag, first.etag);
        assert_ne!(later.body, first.body, "server_time moved on");
        let just_checking = cache.get(&snapshot, (0, Arc::new(content.clone())), t + 9_000, false);
        assert_eq!(just_checking.etag, first.etag);
    }

    #[test]
    fn the_etag_changes_when_the_numbers_or_the_sale_state_change() {
        let (content, snapshot, cache) = (content(), snapshot(), StorefrontCache::new());
        let before_opening = cache.get(
            &snapshot,
            (0, Arc::new(content.clone())),
            OPENS_MS - 1,
            true,
        );
        let open = cache.get(&snapshot, (0, Arc::new(content.clone())), OPENS_MS, true);
        assert_ne!(open.etag, before_opening.etag, "upcoming → open");
        snapshot.apply(&[Delta::Ordered {
            box_id: "5kg".into(),
            quantity: 10,
            weight_kg: 5,
        }]);
        let sold_out = cache.get(&snapshot, (0, Arc::new(content.clone())), OPENS_MS, false);
        assert_ne!(sold_out.etag, open.etag);
        let body: serde_json::Value = serde_json::from_slice(&sold_out.body).unwrap();
        assert_eq!(body["sale"]["state"], "sold_out");
        assert_eq!(body["boxes"][0]["available"], 0);
        let other_process =
            StorefrontCache::new().get(&snapshot, (0, Arc::new(content.clone())), OPENS_MS, false);
        assert_ne!(
            other_process.etag, sold_out.etag,
            "a restart never reuses a tag"
        );
    }

    #[test]
    fn an_edit_of_the_content_is_answered_at_once_under_a_new_etag() {
        let (content, snapshot, cache) = (content(), snapshot(), StorefrontCache::new());
        let before = cache.get(&snapshot, (0, Arc::new(content.clone())), OPENS_MS, true);
        let mut edited = content.clone();
        edited
            .producer
            .name
            .insert("en".into(), "Grandma Drolma".into());
        let after = cache.get(&snapshot, (1, Arc::new(edited)), OPENS_MS + 10, false);
        assert_ne!(after.etag, before.etag);
        let body: serde_json::Value = serde_json::from_slice(&after.body).unwrap();
        assert_eq!(body["producer"]["name"]["en"], "Grandma Drolma");
    }

    #[test]
    fn if_none_match_compares_weakly_and_accepts_lists_and_a_star() {
        let etag = "W/\"1a2b-7-open\"";
        for (header, matches) in [
            ("W/\"1a2b-7-open\"", true),
            ("\"1a2b-7-open\"", true),
            ("\"x\", W/\"1a2b-7-open\"", true),
            ("*", true),
            ("W/\"1a2b-8-open\"", false),
            ("W/\"1a2b-7-sold_out\"", false),
            ("", false),
        ] {
            assert_eq!(none_match(header, etag), matches, "{header}");
        }
    }
}
