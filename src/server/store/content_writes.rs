//! A producer's content and pictures in the store's words, for both backends: an edit
//! (`ContentWrite`: the content's JSON and the boxes whose weight or price changed, or that are
//! new, with their first stock, written only over the content's version it was made from), a
//! picture in every size (`PictureWrite`), and the SQL that
//! reads them. Each backend's `content.rs` writes them in the writer's transaction;
//! `content_handles.rs` asks for them.

use super::model::{stock_set, Outcome, ProducerId};
use super::sql::Arg;
use crate::server::time::now_ms;

/// One box an edit writes: a box on sale gets its weight and price; a new one (`new_stock`) is
/// added with its first stock.
#[derive(Debug, Clone)]
pub struct BoxWrite {
    pub id: String,
    pub weight_kg: u32,
    pub price_fen: i64,
    pub new_stock: Option<u32>,
}

/// A content edit: the whole content as the database keeps it, the boxes it changes, the
/// content's version it was made from (written only if the database's is still that one), and
/// the uploaded pictures the content named before and names no more (every size deleted).
#[derive(Debug)]
pub struct ContentWrite {
    pub json: String,
    pub boxes: Vec<BoxWrite>,
    pub seen: i64,
    pub dropped_pictures: Vec<i64>,
}

/// One uploaded picture, every size of it: `(width, content type, bytes)`, under number `n`.
#[derive(Debug)]
pub struct PictureWrite {
    pub n: i64,
    pub sizes: Vec<(u32, &'static str, Vec<u8>)>,
}

/// `$1`: the content's JSON, `$2`: its producer, `$3`: the version it was made from; no row
/// when another edit wrote the content since.
pub const SET_CONTENT: &str = "UPDATE producers \
     SET content = $1, content_version = content_version + 1 WHERE id = $2 AND content_version = $3";
/// `$1`: weight, `$2`: price, `$3`: box id, `$4`: its producer.
pub const SET_BOX: &str =
    "UPDATE boxes SET weight_kg = $1, price_fen = $2 WHERE id = $3 AND producer = $4";
/// A picture's size: `$1` producer, `$2` n, `$3` width, `$4` type, `$5` bytes, `$6` now.
pub const INSERT_PICTURE: &str = "INSERT INTO producer_pictures \
     (producer, n, width, content_type, bytes, created_ms) VALUES ($1, $2, $3, $4, $5, $6)";
/// `$1`: a producer, `$2`: a picture's n: every size of it, deleted.
pub const DROP_PICTURE: &str = "DELETE FROM producer_pictures WHERE producer = $1 AND n = $2";
/// `$1`: a producer, `$2`: a picture's n, `$3` its width: its type and bytes.
pub const PICTURE: &str = "SELECT content_type, bytes FROM producer_pictures \
     WHERE producer = $1 AND n = $2 AND width = $3";
/// `$1`: a producer: its content and the content's version, for an edit to start from.
pub const CONTENT_NOW: &str = "SELECT content, content_version FROM producers WHERE id = $1";
/// `$1`: a producer: the content the database keeps for it (NULL before its file seeded it).
pub const CONTENT_OF: &str = "SELECT content FROM producers WHERE id = $1";
/// `$1`: the file's content, `$2`: a producer whose database content is still empty.
pub const SEED_CONTENT: &str =
    "UPDATE producers SET content = $1 WHERE id = $2 AND content IS NULL";
/// Every producer put on the market at run time, oldest first: served again after a restart
/// although no file names them.
pub const WITH_CONTENT: &str = "SELECT id, slug, content FROM producers \
     WHERE at_run_time = 1 AND slug IS NOT NULL AND content IS NOT NULL ORDER BY id";

impl ContentWrite {
    /// `SET_CONTENT`'s values for producer `p`.
    pub fn content_args(&self, p: ProducerId) -> [Arg<'_>; 3] {
        [Arg::Text(&self.json), Arg::Int(p.0), Arg::Int(self.seen)]
    }

    /// For each box: `SET_BOX`'s values (a box on sale) or `sql::SEED_BOX`'s (a new one).
    pub fn box_args(&self, p: ProducerId) -> Vec<(bool, Vec<Arg<'_>>)> {
        self.boxes
            .iter()
            .map(|b| {
                let (weight, price) = (Arg::Int(i64::from(b.weight_kg)), Arg::Int(b.price_fen));
                match b.new_stock {
                    None => (false, vec![weight, price, Arg::Text(&b.id), Arg::Int(p.0)]),
                    Some(stock) => (
                        true,
                        vec![
                            Arg::Text(&b.id),
                            weight,
                            price,
                            Arg::Int(i64::from(stock)),
                            Arg::Int(p.0),
                        ],
                    ),
                }
            })
            .collect()
    }

    /// `DROP_PICTURE`'s values for each picture the edit no longer names, for producer `p`.
    pub fn dropped_args(&self, p: ProducerId) -> Vec<[Arg<'_>; 2]> {
        let each = |n: &i64| [Arg::Int(p.0), Arg::Int(*n)];
        self.dropped_pictures.iter().map(each).collect()
    }

    /// What the edit changes in the storefront's numbers: each new box's stock.
    pub fn done(&self) -> Outcome<()> {
        let mut deltas = Vec::new();
        for b in &self.boxes {
            if let Some(stock) = b.new_stock {
                deltas.extend(stock_set(&b.id, stock)?.1);
            }
        }
        Ok(((), deltas))
    }
}

impl PictureWrite {
    /// `INSERT_PICTURE`'s values for each size, for producer `p`.
    pub fn size_args(&self, p: ProducerId) -> Vec<[Arg<'_>; 6]> {
        let now = now_ms();
        self.sizes
            .iter()
            .map(|(width, kind, bytes)| {
                [
                    Arg::Int(p.0),
                    Arg::Int(self.n),
                    Arg::Int(i64::from(*width)),
                    Arg::Text(kind),
                    Arg::Bytes(bytes),
                    Arg::Int(now),
                ]
            })
            .collect()
    }
}
