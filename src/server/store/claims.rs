//! Claims in the store's words, for both backends: what filing one asks the writer
//! (`ClaimFiling`), the statements both stores run word for word, and the checks made on what
//! the writer read inside its transaction (the idempotency key first, then the claim window
//! and the open claims, also weighed before a claim's body is read: `ClaimStanding`; for a
//! resolution, the claim still open and the order's refunds so far). Each backend's `claims.rs`
//! runs them its own way: the SQLite writer thread, or one PostgreSQL transaction holding the
//! order's row lock.

use super::model::{KeyReuse, ProducerId, Refused};
use super::sql::Arg;
use crate::domain::{
    may_claim, ClaimCreated, ClaimStatus, NewClaim, OrderStatus, PhotoType, Resolution,
};
use crate::server::photos::Kept;
use crate::server::time::now_ms;
use crate::server::tokens;

/// A claim ready to be written: parsed, its photos checked.
#[derive(Debug)]
pub struct ClaimFiling {
    /// The order's id (its token was checked).
    pub order_id: String,
    /// The `Idempotency-Key`'s hash (`tokens::key_hash`): the key itself is never stored.
    pub key_hash: String,
    /// What the claim means, hashed: a retry with the key must mean the same claim.
    pub fingerprint: String,
    pub claim: NewClaim,
    /// The photos in the order sent, re-encoded (`photos::keep`): full and thumbnail JPEGs.
    pub photos: Vec<Kept>,
}

/// A resolution ready to be written.
#[derive(Debug)]
pub struct ClaimResolving {
    pub id: String,
    pub resolution: Resolution,
    /// The team member who resolves it.
    pub by: String,
}

impl ClaimFiling {
    /// The fingerprint of a claim and its photos (`tokens::hash_hex` of a canonical text), the
    /// photos by the SHA-256 of their bytes as sent (as before they were re-encoded).
    pub fn fingerprint(claim: &NewClaim, photos: &[Kept]) -> String {
        let photos: Vec<String> = photos
            .iter()
            .map(|kept| hex::encode(kept.sent_sha256))
            .collect();
        let text = serde_json::json!([
            claim.kind.as_str(),
            claim.apples.map(|a| a.get()),
            claim.message.as_ref().map(|m| m.as_str()),
            photos,
        ]);
        tokens::hash_hex(&text.to_string())
    }

    /// The answer to a retry of the claim `id` made with this key before (`fingerprint` is
    /// the earlier claim's), or why not.
    pub fn replay(&self, id: String, fingerprint: &str) -> Result<ClaimCreated, Refused> {
        if fingerprint != self.fingerprint {
            return Err(Refused::KeyReused(KeyReuse::OtherClaim));
        }
        Ok(ClaimCreated {
            id,
            status: ClaimStatus::Open,
        })
    }

    /// Whether the order (`status`, delivered at `delivered_ms`, `open` claims open) takes this
    /// claim now.
    pub fn check(
        &self,
        status: OrderStatus,
        delivered_ms: Option<i64>,
        open: i64,
    ) -> Result<(), Refused> {
        let standing = ClaimStanding {
            status,
            delivered_ms,
            open,
            filed: false,
        };
        standing.allows()
    }

    /// The values of `INSERT_CLAIM` for a new claim `id` on order `order_seq` of producer `p`,
    /// made at `at_ms`.
    pub fn insert_args<'a>(
        &'a self,
        id: &'a str,
        order_seq: i64,
        at_ms: i64,
        p: ProducerId,
    ) -> [Arg<'a>; 9] {
        let c = &self.claim;
        [
            Arg::Text(id),
            Arg::Int(order_seq),
            Arg::Text(&self.key_hash),
            Arg::Text(&self.fingerprint),
            Arg::Text(c.kind.as_str()),
            Arg::MaybeInt(c.apples.map(|a| i64::from(a.get()))),
            Arg::MaybeText(c.message.as_ref().map(|m| m.as_str())),
            Arg::Int(at_ms),
            Arg::Int(p.0),
        ]
    }

    /// The values of `INSERT_PHOTO` for each photo of claim `claim_seq` of producer `p`, n from
    /// 1: both kept as JPEG.
    pub fn photo_args(&self, claim_seq: i64, p: ProducerId) -> Vec<[Arg<'_>; 6]> {
        self.photos
            .iter()
            .zip(1..)
            .map(|(kept, n)| {
                [
                    Arg::Int(claim_seq),
                    Arg::Int(n),
                    Arg::Text(PhotoType::Jpeg.content_type()),
                    Arg::Bytes(&kept.full),
                    Arg::Bytes(&kept.thumb),
                    Arg::Int(p.0),
                ]
            })
            .collect()
    }

    /// The 201 of the new claim `id`.
    pub fn created(id: String) -> ClaimCreated {
        ClaimCreated {
            id,
            status: ClaimStatus::Open,
        }
    }
}

/// What the writer will weigh when a claim comes, read before its body is: the order's status,
/// when it was delivered, its open claims, and whether the claim's key filed one of them.
#[derive(Debug)]
pub struct ClaimStanding {
    pub status: OrderStatus,
    pub delivered_ms: Option<i64>,
    pub open: i64,
    /// The key filed a claim on this order before: a retry, answered that claim by the writer.
    pub filed: bool,
}

impl ClaimStanding {
    /// Whether a claim may be sent now: the writer's rule (`ClaimFiling::check`), and always for
    /// a retry of a claim filed, even if it made the third open one.
    pub fn allows(&self) -> Result<(), Refused> {
        if self.filed {
            return Ok(());
        }
        let open = usize::try_from(self.open).unwrap_or(usize::MAX);
        may_claim(self.status, self.delivered_ms, open, now_ms()).map_err(Refused::ClaimNotAllowed)
    }
}

impl ClaimResolving {
    /// Whether the claim (`status`, as read) may be resolved this way on an order of
    /// `total_fen` whose resolved claims refunded `refunded_fen`: it must still be open, and a
    /// refund must fit what is left of the total.
    pub fn check(&self, status: &str, total_fen: i64, refunded_fen: i64) -> Result<(), Refused> {
        if status != ClaimStatus::Open.as_str() {
            return Err(Refused::ClaimResolved);
        }
        self.resolution
            .fits(total_fen, refunded_fen)
            .map_err(|remaining_fen| Refused::RefundTooLarge { remaining_fen })
    }

    /// The values of `RESOLVE` for a claim of producer `p`, resolved at `at_ms`.
    pub fn args(&self, at_ms: i64, p: ProducerId) -> [Arg<'_>; 7] {
        let r = &self.resolution;
        [
            Arg::Text(r.outcome.as_str()),
            Arg::MaybeInt(r.refund_fen),
            Arg::MaybeText(r.message.as_ref().map(|m| m.as_str())),
            Arg::Text(&self.by),
            Arg::Int(at_ms),
            Arg::Text(&self.id),
            Arg::Int(p.0),
        ]
    }
}

/// `CLAIM_ORDER`'s text, which PostgreSQL's `CLAIM_ORDER_FOR_UPDATE` extends.
macro_rules! claim_order {
    () => {
        "SELECT c.status AS status, o.seq AS order_seq, o.total_fen AS total_fen FROM claims AS c \
         JOIN orders AS o ON o.seq = c.order_seq WHERE c.id = $1 AND c.producer = $2"
    };
}
pub(super) use claim_order;

/// `$1`: an order's id, `$2`: its producer: its `seq` and status.
pub const ORDER: &str = "SELECT seq, status FROM orders WHERE id = $1 AND producer = $2";
/// `$1`: an order's seq, `$2`: a key's hash, `$3`: the producer: the claim that key made on that
/// order.
pub const BY_KEY: &str = "SELECT id, fingerprint FROM claims \
     WHERE order_seq = $1 AND idempotency_key = $2 AND producer = $3";
/// `$1`: an order's seq, `$2`: its producer: when it was delivered, if it was (NULL otherwise).
pub const DELIVERED_AT: &str = "SELECT MAX(at_ms) AS delivered_ms FROM order_events \
     WHERE order_seq = $1 AND producer = $2 AND status = 'delivered'";
/// `$1`: an order's seq, `$2`: its producer: its claims still open.
pub const OPEN: &str = "SELECT COUNT(*) AS open_claims FROM claims \
     WHERE order_seq = $1 AND producer = $2 AND status = 'open'";
/// A new claim, `ClaimFiling::insert_args`; answers its `seq`.
pub const INSERT: &str = "INSERT INTO claims (id, order_seq, idempotency_key, fingerprint, kind, \
     apples, message, status, created_ms, producer) \
     VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9) RETURNING seq";
/// One photo of claim `$1`: n `$2`, type `$3`, bytes `$4`, its thumbnail's bytes `$5`, the
/// claim's producer `$6`.
pub const INSERT_PHOTO: &str =
    "INSERT INTO claim_photos (claim_seq, n, content_type, bytes, thumb, producer) \
     VALUES ($1, $2, $3, $4, $5, $6)";
/// `$1`: a claim's id, `$2`: its producer: its status, its order's `seq` and total
/// (`CLAIM_ORDER_FOR_UPDATE` on PostgreSQL, which locks the order's row).
pub const CLAIM_ORDER: &str = claim_order!();
/// `$1`: an order's seq, `$2`: its producer: what its resolved claims refunded so far.
pub const REFUNDED: &str = "SELECT CAST(COALESCE(SUM(refund_fen), 0) AS BIGINT) AS refunded_fen \
     FROM claims \
     WHERE order_seq = $1 AND producer = $2 AND status = 'resolved'";
/// Resolves claim `$6` of producer `$7` if it is still open (`ClaimResolving::args`).
pub const RESOLVE: &str = "UPDATE claims SET status = 'resolved', outcome = $1, refund_fen = $2, \
     outcome_message = $3, resolved_by = $4, resolved_ms = $5 \
     WHERE id = $6 AND producer = $7 AND status = 'open'";
