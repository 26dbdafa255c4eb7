//! The team's reads at the sale's scale, written once for both stores: a page of the orders a
//! filter matches (keyset on `seq`, newest first), how many it matches, the summary's and the
//! pick list's aggregates. The filter becomes a `WHERE` clause made only of fixed fragments and
//! numbered parameters (never the team's text), so both databases run the same statement shape.

use super::columns::Columns;
use super::fetch::{Dialect, Fetch};
use super::model::ProducerId;
use super::reads;
use super::rows::{Histories, OrderRow};
use super::sql::{self, order_columns, Arg};
use super::tallies;
use crate::domain::{AdminOrder, OrderFilter, Picklist, Summary};

/// A parameter value the clause owns (the patterns it made from the search).
enum Value {
    Text(String),
    Int(i64),
}

/// A `WHERE` clause (or nothing) and the values of its `$1`, `$2`, … in order.
#[derive(Default)]
struct Clause {
    sql: String,
    values: Vec<Value>,
}

/// `text` as a `LIKE` pattern that matches it literally (with `ESCAPE '\'`).
fn like_literal(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    for c in text.chars() {
        if matches!(c, '\\' | '%' | '_') {
            out.push('\\');
        }
        out.push(c);
    }
    out
}

impl Clause {
    /// The clause of producer `p`'s orders that `filter` matches, and of `before` (only orders
    /// older than that `seq`).
    fn of<D: Dialect>(p: ProducerId, filter: &OrderFilter, before: Option<i64>) -> Self {
        let mut clause = Self::default();
        clause.and("producer = ", Value::Int(p.0), "");
        if let Some(status) = filter.status {
            clause.and("status = ", Value::Text(status.as_str().to_owned()), "");
        }
        if let Some(tag) = &filter.ref_tag {
            clause.and("ref = ", Value::Text(tag.as_str().to_owned()), "");
        }
        if let Some(seq) = before {
            clause.and("seq < ", Value::Int(seq), "");
        }
        if let Some(search) = &filter.search {
            let (lower, close) = D::ASCII_LOWER;
            let id = Value::Text(format!("{}%", like_literal(&search.id_prefix)));
            clause.and("(id LIKE ", id, " ESCAPE '\\'");
            let name = Value::Text(format!("%{}%", like_literal(&search.folded)));
            clause.or(&format!("{lower}name{close} LIKE "), name, " ESCAPE '\\'");
            // A `LIKE` without wildcards: equality, ASCII case folded on both stores.
            let number = Value::Text(like_literal(&search.folded));
            clause.or(
                &format!("{lower}tracking_number{close} LIKE "),
                number,
                " ESCAPE '\\'",
            );
            if let Some(digits) = &search.digits {
                clause.or("phone LIKE ", Value::Text(format!("%{digits}%")), "");
            }
            clause.sql.push(')');
        }
        clause
    }

    fn push(&mut self, before: &str, value: Value, after: &str) {
        self.values.push(value);
        let n = self.values.len();
        self.sql.push_str(&format!("{before}${n}{after}"));
    }

    fn and(&mut self, before: &str, value: Value, after: &str) {
        let joint = if self.sql.is_empty() {
            " WHERE "
        } else {
            " AND "
        };
        self.push(&format!("{joint}{before}"), value, after);
    }

    fn or(&mut self, before: &str, value: Value, after: &str) {
        self.push(&format!(" OR {before}"), value, after);
    }

    fn args(&self) -> Vec<Arg<'_>> {
        self.values
            .iter()
            .map(|v| match v {
                Value::Text(t) => Arg::Text(t),
                Value::Int(n) => Arg::Int(*n),
            })
            .collect()
    }
}

/// One page of orders, newest first, and whether older ones follow.
pub struct Page {
    /// At most the page's size.
    pub orders: Vec<AdminOrder>,
    /// The `seq` of the page's last order, if more orders match past it.
    pub more_after: Option<i64>,
}

/// At most `limit` of producer `p`'s orders matching `filter` older than `before`, newest first;
/// with their histories if `histories` (the CSV needs none).
pub async fn page<F: Fetch>(
    db: &F,
    p: ProducerId,
    filter: &OrderFilter,
    before: Option<i64>,
    limit: u32,
    histories: bool,
) -> Result<Page, sqlx::Error> {
    let clause = Clause::of::<F::Db>(p, filter, before);
    let statement = format!(
        concat!(
            "SELECT ",
            order_columns!(),
            " FROM orders{} ORDER BY seq DESC LIMIT {}"
        ),
        clause.sql,
        u64::from(limit) + 1
    );
    let found = db.fetch_planned(&statement, &clause.args()).await?;
    let mut orders = found
        .iter()
        .map(OrderRow::read)
        .collect::<Result<Vec<_>, _>>()?;
    let more = orders.len() > limit as usize;
    orders.truncate(limit as usize);
    let more_after = more.then(|| orders.last().map(|o| o.seq)).flatten();
    let moves = match (histories, orders.is_empty()) {
        (true, false) => {
            let seqs: Vec<Arg> = std::iter::once(Arg::Int(p.0))
                .chain(orders.iter().map(|o| Arg::Int(o.seq)))
                .collect();
            let marks: Vec<String> = (2..=seqs.len()).map(|n| format!("${n}")).collect();
            let statement = format!(
                "SELECT order_seq, status, at_ms, by_member FROM order_events \
                 WHERE producer = $1 AND order_seq IN ({}) ORDER BY {}",
                marks.join(", "),
                <F::Db as Dialect>::EVENTS_ORDER
            );
            Histories::read(&db.fetch(&statement, &seqs).await?)?
        }
        _ => Histories::default(),
    };
    let producer = reads::slug(db, p).await?;
    Ok(Page {
        orders: orders
            .into_iter()
            .map(|o| with_producer(o.admin(&moves), &producer))
            .collect(),
        more_after,
    })
}

/// An order of the team's with its producer's slug.
fn with_producer(mut order: AdminOrder, producer: &str) -> AdminOrder {
    order.order.producer = producer.to_owned();
    order
}

/// How many of producer `p`'s orders match `filter`, on every page.
pub async fn count<F: Fetch>(
    db: &F,
    p: ProducerId,
    filter: &OrderFilter,
) -> Result<u64, sqlx::Error> {
    let clause = Clause::of::<F::Db>(p, filter, None);
    let statement = format!("SELECT COUNT(*) AS orders FROM orders{}", clause.sql);
    let found = db.fetch_planned(&statement, &clause.args()).await?;
    found
        .first()
        .map_or(Ok(0), |r| Ok(r.int("orders")?.max(0) as u64))
}

/// Producer `p`'s sale at a glance, from its orders' tallies and its boxes' stock (the caller
/// adds the families lifted, which the content decides).
pub async fn summary<F: Fetch>(db: &F, p: ProducerId) -> Result<Summary, sqlx::Error> {
    let producer = [Arg::Int(p.0)];
    let tallies = db
        .fetch(<F::Db as Dialect>::ORDER_TALLIES, &producer)
        .await?;
    let boxes = db.fetch(sql::BOX_STOCK, &producer).await?;
    tallies::summary(&tallies, &boxes)
}

/// What to pack of producer `p`'s orders `filter` matches: one aggregate by box.
pub async fn picklist<F: Fetch>(
    db: &F,
    p: ProducerId,
    filter: &OrderFilter,
) -> Result<Picklist, sqlx::Error> {
    let clause = Clause::of::<F::Db>(p, filter, None);
    let statement = format!(
        "SELECT box_id, COUNT(*) AS orders, CAST(SUM(quantity) AS BIGINT) AS boxes FROM orders{} \
         GROUP BY box_id ORDER BY box_id",
        clause.sql
    );
    tallies::picklist(&db.fetch_planned(&statement, &clause.args()).await?)
}

/// Producer `p`'s orders of `ids` that exist, in no particular order, without histories (the
/// labels).
pub async fn by_ids<F: Fetch>(
    db: &F,
    p: ProducerId,
    ids: &[String],
) -> Result<Vec<AdminOrder>, sqlx::Error> {
    let args: Vec<Arg> = std::iter::once(Arg::Int(p.0))
        .chain(ids.iter().map(|id| Arg::Text(id)))
        .collect();
    let marks: Vec<String> = (2..=args.len()).map(|n| format!("${n}")).collect();
    let statement = format!(
        concat!(
            "SELECT ",
            order_columns!(),
            " FROM orders WHERE producer = $1 AND id IN ({})"
        ),
        marks.join(", ")
    );
    let found = db.fetch(&statement, &args).await?;
    let (none, producer) = (Histories::default(), reads::slug(db, p).await?);
    found
        .iter()
        .map(|r| OrderRow::read(r).map(|o| with_producer(o.admin(&none), &producer)))
        .collect()
}
