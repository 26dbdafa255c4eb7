//! The claims' reads, written once for both stores: an order's claims (its buyer's lookup), the
//! team's page of claims with their orders and what each order's claims refunded so far, one
//! claim, one photo (full or thumbnail), the total a refund may not pass, and whether an order
//! takes a claim (read before the claim's body).

use super::claims::ClaimStanding;
use super::columns::Columns;
use super::fetch::Fetch;
use super::model::ProducerId;
use super::sql::Arg;
use crate::domain::{
    AdminClaim, ClaimKind, ClaimListQuery, ClaimStatus, ClaimView, Cursor, OutcomeKind,
    RefundStatus, RefundView,
};
use crate::server::time::rfc3339;

/// The columns `read_view` reads (`c` is the claim), by name.
macro_rules! claim_columns {
    () => {
        "c.id AS id, c.kind AS kind, c.apples AS apples, c.message AS message, \
         (SELECT COUNT(*) FROM claim_photos AS p \
          WHERE p.producer = c.producer AND p.claim_seq = c.seq) AS photos, \
         c.status AS status, c.outcome AS outcome, c.refund_fen AS refund_fen, \
         c.outcome_message AS outcome_message, c.created_ms AS created_ms, \
         c.resolved_ms AS resolved_ms, \
         (SELECT f.fen FROM refunds AS f WHERE f.id = c.id) AS paid_back_fen, \
         (SELECT f.status FROM refunds AS f WHERE f.id = c.id) AS paid_back_status"
    };
}

/// The columns `read_admin` reads: the claim's, its order's, the claim's `seq`, and what the
/// order's resolved claims refunded.
macro_rules! admin_columns {
    () => {
        concat!(
            claim_columns!(),
            ", o.id AS order_id, o.box_id AS box_id, o.quantity AS quantity, \
             o.total_fen AS total_fen, o.name AS buyer_name, c.seq AS claim_seq, \
             (SELECT CAST(COALESCE(SUM(r.refund_fen), 0) AS BIGINT) FROM claims AS r \
              WHERE r.order_seq = c.order_seq AND r.status = 'resolved') AS refunded_fen \
             FROM claims AS c JOIN orders AS o ON o.seq = c.order_seq"
        )
    };
}

/// `$1`: an order's seq: its claims, oldest first.
const OF_ORDER: &str = concat!(
    "SELECT ",
    claim_columns!(),
    " FROM claims AS c WHERE c.order_seq = $1 ORDER BY c.seq"
);
/// `$1`: a producer, `$2`: a status or `''` for any, `$3`: the seq the page starts after, `$4`:
/// the page size.
const PAGE: &str = concat!(
    "SELECT ",
    admin_columns!(),
    " WHERE c.producer = $1 AND ($2 = '' OR c.status = $2) AND c.seq > $3 ORDER BY c.seq LIMIT $4"
);
/// `$1`: a claim's id, `$2`: its producer.
const ONE: &str = concat!(
    "SELECT ",
    admin_columns!(),
    " WHERE c.id = $1 AND c.producer = $2"
);
/// `$1`: a claim's id, `$2`: n from 1, `$3`: the claim's producer: the photo's `bytes`, and
/// whether it was `kept` re-encoded (`'kept'`, with a thumbnail) or filed before that (`'sent'`).
const PHOTO: &str = "SELECT p.bytes AS bytes, \
     CASE WHEN p.thumb IS NULL THEN 'sent' ELSE 'kept' END AS kept FROM claim_photos AS p \
     JOIN claims AS c ON c.producer = p.producer AND c.seq = p.claim_seq \
     WHERE c.id = $1 AND p.n = $2 AND c.producer = $3";
/// As `PHOTO`, with the thumbnail's bytes where there is one.
const THUMB: &str = "SELECT COALESCE(p.thumb, p.bytes) AS bytes, \
     CASE WHEN p.thumb IS NULL THEN 'sent' ELSE 'kept' END AS kept FROM claim_photos AS p \
     JOIN claims AS c ON c.producer = p.producer AND c.seq = p.claim_seq \
     WHERE c.id = $1 AND p.n = $2 AND c.producer = $3";
/// `$1`: a claim's id, `$2`: its producer: its order's total.
const ORDER_TOTAL: &str = "SELECT o.total_fen AS total_fen FROM claims AS c \
     JOIN orders AS o ON o.seq = c.order_seq WHERE c.id = $1 AND c.producer = $2";

/// `$1`: an order's id, `$2`: a key's hash, `$3`: the order's producer: the order's status, when
/// it was delivered (NULL if not), its open claims, and how many claims that key filed on it (0
/// or 1).
const STANDING: &str = "SELECT o.status AS status, \
     (SELECT MAX(e.at_ms) FROM order_events AS e \
      WHERE e.order_seq = o.seq AND e.status = 'delivered') AS delivered_ms, \
     (SELECT COUNT(*) FROM claims AS c WHERE c.order_seq = o.seq AND c.status = 'open') \
      AS open_claims, \
     (SELECT COUNT(*) FROM claims AS c WHERE c.order_seq = o.seq AND c.idempotency_key = $2) \
      AS filed \
     FROM orders AS o WHERE o.id = $1 AND o.producer = $3";

/// Reads `claim_columns!()`.
fn read_view<R: Columns>(r: &R) -> Result<ClaimView, R::Error> {
    Ok(ClaimView {
        id: r.text("id")?,
        kind: r.parsed("kind", "kind", |k| ClaimKind::parse(k).ok())?,
        apples: r.maybe_int("apples")?.and_then(|n| u32::try_from(n).ok()),
        message: r.maybe_text("message")?,
        photos: r.count("photos")?,
        status: r.parsed("status", "status", ClaimStatus::parse)?,
        outcome: r.maybe_parsed("outcome", "outcome", OutcomeKind::parse)?,
        refund_fen: r.maybe_int("refund_fen")?,
        outcome_message: r.maybe_text("outcome_message")?,
        created_at: rfc3339(r.int("created_ms")?),
        resolved_at: r.maybe_int("resolved_ms")?.map(rfc3339),
        refund: match r.maybe_int("paid_back_fen")? {
            None => None,
            Some(fen) => Some(RefundView {
                fen,
                status: r.parsed("paid_back_status", "refund status", RefundStatus::parse)?,
            }),
        },
    })
}

/// Reads `admin_columns!()`, with the claim's `seq`.
fn read_admin<R: Columns>(r: &R) -> Result<(AdminClaim, i64), R::Error> {
    let claim = read_view(r)?;
    let photo_urls = (1..=claim.photos)
        .map(|n| AdminClaim::photo_url(&claim.id, n))
        .collect();
    let admin = AdminClaim {
        order_id: r.text("order_id")?,
        box_id: r.text("box_id")?,
        quantity: r.count("quantity")?,
        total_fen: r.int("total_fen")?,
        refunded_fen: r.int("refunded_fen")?,
        buyer_name: r.text("buyer_name")?,
        photo_urls,
        claim,
    };
    Ok((admin, r.int("claim_seq")?))
}

/// The claims of the order with `seq`, oldest first.
pub async fn of_order(db: &impl Fetch, seq: i64) -> Result<Vec<ClaimView>, sqlx::Error> {
    let rows = db.fetch(OF_ORDER, &[Arg::Int(seq)]).await?;
    rows.iter().map(read_view).collect()
}

/// One page of producer `p`'s claims `query` asks for, oldest first, and the next page's cursor.
pub async fn page(
    db: &impl Fetch,
    p: ProducerId,
    query: &ClaimListQuery,
) -> Result<(Vec<AdminClaim>, Option<Cursor>), sqlx::Error> {
    let status = query.status.map_or("", ClaimStatus::as_str);
    let after = query.after.map_or(0, Cursor::seq);
    let args = [
        Arg::Int(p.0),
        Arg::Text(status),
        Arg::Int(after),
        Arg::Int(i64::from(query.limit) + 1),
    ];
    let rows = db.fetch(PAGE, &args).await?;
    let mut claims = rows.iter().map(read_admin).collect::<Result<Vec<_>, _>>()?;
    let more = claims.len() > query.limit as usize;
    claims.truncate(query.limit as usize);
    let next = more
        .then(|| claims.last().map(|(_, seq)| Cursor::after(*seq)))
        .flatten();
    Ok((claims.into_iter().map(|(c, _)| c).collect(), next))
}

/// Producer `p`'s claim `id` with its order.
pub async fn one(
    db: &impl Fetch,
    p: ProducerId,
    id: &str,
) -> Result<Option<AdminClaim>, sqlx::Error> {
    let rows = db.fetch(ONE, &[Arg::Text(id), Arg::Int(p.0)]).await?;
    rows.first()
        .map(|r| read_admin(r).map(|(c, _)| c))
        .transpose()
}

/// Which size of a photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PhotoSize {
    /// The photo, at most 1600 px its long side.
    Full,
    /// The owner's thumbnail, at most 240 px.
    Thumb,
}

/// A photo as the store has it.
#[derive(Debug)]
pub enum StoredPhoto {
    /// Kept re-encoded: a JPEG of the size asked.
    Kept(Vec<u8>),
    /// Filed before photos were re-encoded: the bytes as sent (checked then by their header
    /// only), never served as they are (`photos::keep` first).
    Sent(Vec<u8>),
}

/// Photo `n` (from 1) of producer `p`'s claim `id` in `size`.
pub async fn photo<F: Fetch>(
    db: &F,
    p: ProducerId,
    id: &str,
    n: i64,
    size: PhotoSize,
) -> Result<Option<StoredPhoto>, sqlx::Error> {
    let sql = match size {
        PhotoSize::Full => PHOTO,
        PhotoSize::Thumb => THUMB,
    };
    let rows = db
        .fetch(sql, &[Arg::Text(id), Arg::Int(n), Arg::Int(p.0)])
        .await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    let bytes = r.maybe_bytes("bytes")?.unwrap_or_default();
    Ok(Some(match r.text("kept")?.as_str() {
        "kept" => StoredPhoto::Kept(bytes),
        _ => StoredPhoto::Sent(bytes),
    }))
}

/// The total of the order producer `p`'s claim `id` is about, if the claim exists.
pub async fn order_total(
    db: &impl Fetch,
    p: ProducerId,
    id: &str,
) -> Result<Option<i64>, sqlx::Error> {
    let rows = db
        .fetch(ORDER_TOTAL, &[Arg::Text(id), Arg::Int(p.0)])
        .await?;
    rows.first().map(|r| r.int("total_fen")).transpose()
}

/// What producer `p`'s order `id` weighs for a claim filed with the key of hash `key_hash`, if
/// the order exists.
pub async fn standing(
    db: &impl Fetch,
    p: ProducerId,
    id: &str,
    key_hash: &str,
) -> Result<Option<ClaimStanding>, sqlx::Error> {
    let args = [Arg::Text(id), Arg::Text(key_hash), Arg::Int(p.0)];
    let rows = db.fetch(STANDING, &args).await?;
    let Some(r) = rows.first() else {
        return Ok(None);
    };
    Ok(Some(ClaimStanding {
        status: r.status("status")?,
        delivered_ms: r.maybe_int("delivered_ms")?,
        open: r.int("open_claims")?,
        filed: r.int("filed")? > 0,
    }))
}
