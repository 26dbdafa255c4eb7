//! The market of `--market-scale` (market_scale.rs): its files (a market file naming
//! `PRODUCERS` producers, each a copy of content/drolma.toml with its own name and its sale
//! open) and its orders, written straight into the database the server made (bulk SQL, one
//! statement a table: the API would take minutes to place 300,000 orders on this machine).
//!
//! The orders are a season's: spread over the last 90 days, the producers' interleaved, each
//! producer's oldest delivered and newest just received (70 % delivered, 15 % shipped, 7 %
//! packed, 8 % received by age; one in 31 cancelled whatever its age), a third of them two or
//! three boxes, 10 kg boxes one in three, three in ten with a group tag, a tracking number once
//! shipped, and each move after `received` an event in the order's history. The boxes' stock is
//! then lowered by what was ordered, as the writer would have.

use std::path::{Path, PathBuf};

use sqlx::{Connection, Executor};

use super::market::open_sale;

/// The market's producers and each one's orders.
pub const PRODUCERS: usize = 100;
pub const ORDERS_EACH: usize = 3_000;
/// The season the orders span, back from now.
const SEASON_MS: i64 = 90 * 86_400_000;
const DROLMA: &str = include_str!("../../content/drolma.toml");

/// Producer `n`'s slug.
pub fn slug(n: usize) -> String {
    format!("p{n:02}")
}

/// The market file and its producer files into `dir`, and the storefront's page template (so
/// `/p/{slug}` is the page a phone gets); answers the market file's path.
pub fn write_market(dir: &Path) -> PathBuf {
    let base: toml::Value = toml::from_str(&open_sale(DROLMA)).expect("drolma.toml");
    let mut market = String::from(
        "[market]\n\
         name = { zh = \"乡城县助农集市\", en = \"Xiangcheng county market\", fr = \"Marché du comté de Xiangcheng\" }\n\
         place = { zh = \"四川甘孜州乡城县\", en = \"Xiangcheng county, Garzê, Sichuan\", fr = \"Comté de Xiangcheng, Garzê, Sichuan\" }\n",
    );
    for n in 0..PRODUCERS {
        let mut producer = base.clone();
        let name = &mut producer["producer"]["name"];
        for (lang, word) in [("zh", "卓玛"), ("en", "Drolma"), ("fr", "Drolma")] {
            name[lang] = toml::Value::String(format!("{word} {}", n + 1));
        }
        let file = format!("{}.toml", slug(n));
        std::fs::write(dir.join(&file), toml::to_string(&producer).unwrap()).unwrap();
        market.push_str(&format!(
            "\n[[producer]]\nslug = \"{}\"\ncontent = \"{file}\"\n",
            slug(n)
        ));
    }
    let path = dir.join("market.toml");
    std::fs::write(&path, market).unwrap();
    let dist = dir.join("dist");
    std::fs::create_dir_all(&dist).unwrap();
    std::fs::write(dist.join("index.html"), template()).unwrap();
    path
}

/// The storefront's page as built (`dist/index.html`), else its source.
fn template() -> String {
    std::fs::read_to_string("dist/index.html")
        .or_else(|_| std::fs::read_to_string("index.html"))
        .expect("index.html (run from the repository's root)")
}

/// The status of the order `i` of the market (its producer's `i / PRODUCERS`-th), by age.
const STATUS: &str = "CASE WHEN i % 31 = 0 THEN 'cancelled' \
     WHEN (i / 100) * 100 / 3000 >= 92 THEN 'received' \
     WHEN (i / 100) * 100 / 3000 >= 85 THEN 'packed' \
     WHEN (i / 100) * 100 / 3000 >= 70 THEN 'shipped' ELSE 'delivered' END";

/// The moves after `received` each order's status implies, one event each, oldest first.
const EVENTS: &str = "INSERT INTO order_events (producer, order_seq, status, at_ms, by_member) \
     SELECT producer, seq, status, at_ms, 'owner' FROM ( \
     SELECT producer, seq, 'packed' AS status, created_ms + 86400000 AS at_ms FROM orders \
       WHERE status IN ('packed', 'shipped', 'delivered') \
     UNION ALL SELECT producer, seq, 'shipped', created_ms + 172800000 FROM orders \
       WHERE status IN ('shipped', 'delivered') \
     UNION ALL SELECT producer, seq, 'delivered', created_ms + 432000000 FROM orders \
       WHERE status = 'delivered' \
     UNION ALL SELECT producer, seq, 'cancelled', created_ms + 3600000 FROM orders \
       WHERE status = 'cancelled') AS e ORDER BY at_ms, seq";

/// Each box's stock lowered by the boxes its orders hold.
const STOCK: &str = "UPDATE boxes SET stock = stock - COALESCE((SELECT SUM(quantity) FROM orders \
     WHERE orders.producer = boxes.producer AND orders.box_id = boxes.id \
     AND orders.status <> 'cancelled'), 0)";

/// The orders' columns, each computed from `i` (0 to 299,999), the market's order number, and
/// `p.id`, its producer's row; `{id}`, `{token}`, `{phone}`, `{address}`, `{number}` are the
/// dialect's.
const ORDER: &str = "INSERT INTO orders (producer, id, token_hash, idempotency_key, fingerprint, \
     status, box_id, weight_kg, quantity, total_fen, name, phone, address, ref, created_ms, \
     tracking_number) \
     SELECT p.id, {id}, {token}, 'scale-' || i, 'f', status, \
     CASE WHEN i % 3 = 0 THEN '10kg' ELSE '5kg' END, CASE WHEN i % 3 = 0 THEN 10 ELSE 5 END, \
     1 + i % 7 / 5 + i % 11 / 10, \
     (1 + i % 7 / 5 + i % 11 / 10) * CASE WHEN i % 3 = 0 THEN 12800 ELSE 6800 END, \
     '买家' || i, {phone}, {address}, CASE WHEN i % 10 < 3 THEN 'group-' || (i % 20) END, \
     $1 + i * $2, \
     CASE WHEN status IN ('shipped', 'delivered') THEN {number} END \
     FROM (SELECT i, {status} AS status FROM {series}) AS o \
     JOIN scale_producers AS p ON p.n = i % 100 ORDER BY i";

fn order_sql(sqlite: bool) -> String {
    let [id, token, phone, address, number, series] = if sqlite {
        [
            "printf('%012d', i + 1)",
            "randomblob(32)",
            "printf('13%09d', i)",
            "printf('成都市锦江区春熙路%d号', i % 500)",
            "printf('SF%010d', i)",
            "(WITH RECURSIVE k(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM k WHERE i < $3 - 1) \
             SELECT i FROM k)",
        ]
    } else {
        [
            "lpad((i + 1)::text, 12, '0')",
            "decode(md5(i::text), 'hex')",
            "'13' || lpad(i::text, 9, '0')",
            "'成都市锦江区春熙路' || (i % 500) || '号'",
            "'SF' || lpad(i::text, 10, '0')",
            "generate_series(0, $3 - 1) AS i",
        ]
    };
    let sql = ORDER
        .replace("{id}", id)
        .replace("{token}", token)
        .replace("{phone}", phone)
        .replace("{address}", address)
        .replace("{number}", number)
        .replace("{status}", STATUS)
        .replace("{series}", series);
    // SQLite reads `$1` as a named parameter; `?1` is its positional one.
    if sqlite {
        sql.replace('$', "?")
    } else {
        sql
    }
}

/// Writes the market's orders into `database` (`sqlite://…` or `postgres://…`), whose schema the
/// server made and whose producers it seeded; answers how many were written.
pub async fn fill(database: &str) -> i64 {
    let total = (PRODUCERS * ORDERS_EACH) as i64;
    let step = SEASON_MS / total;
    let now = std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .unwrap();
    let first = now.as_millis() as i64 - SEASON_MS;
    if let Some(path) = database.strip_prefix("sqlite://") {
        let mut db = rusqlite::Connection::open(path).unwrap();
        let tx = db.transaction().unwrap();
        tx.execute_batch("CREATE TEMP TABLE scale_producers (n INTEGER PRIMARY KEY, id INTEGER)")
            .unwrap();
        for n in 0..PRODUCERS {
            tx.execute(
                "INSERT INTO scale_producers (n, id) SELECT ?1, id FROM producers WHERE slug = ?2",
                rusqlite::params![n as i64, slug(n)],
            )
            .unwrap();
        }
        let written = tx
            .execute(&order_sql(true), rusqlite::params![first, step, total])
            .unwrap();
        tx.execute_batch(&format!("{EVENTS}; {STOCK}")).unwrap();
        tx.commit().unwrap();
        written as i64
    } else {
        let mut db = sqlx::PgConnection::connect(database).await.unwrap();
        let mut tx = db.begin().await.unwrap();
        // Every producer's rows at once: the whole market's, past row-level security
        // (migrations/postgres/0013), as the server's market-wide reads say.
        tx.execute("SELECT set_config('orchard.producer', 'market', true)")
            .await
            .unwrap();
        tx.execute("CREATE TEMP TABLE scale_producers (n BIGINT PRIMARY KEY, id BIGINT)")
            .await
            .unwrap();
        let slugs: Vec<String> = (0..PRODUCERS).map(slug).collect();
        sqlx::query(
            "INSERT INTO scale_producers (n, id) SELECT s.n - 1, p.id FROM producers AS p \
             JOIN unnest($1::text[]) WITH ORDINALITY AS s (slug, n) ON p.slug = s.slug",
        )
        .bind(&slugs)
        .execute(&mut *tx)
        .await
        .unwrap();
        let written = sqlx::query(&order_sql(false))
            .bind(first)
            .bind(step)
            .bind(total)
            .execute(&mut *tx)
            .await
            .unwrap()
            .rows_affected();
        tx.execute(EVENTS).await.unwrap();
        tx.execute(STOCK).await.unwrap();
        tx.commit().await.unwrap();
        // As autovacuum would soon after a season's orders: the planner's statistics.
        db.execute("ANALYZE").await.unwrap();
        written as i64
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_market_file_names_a_hundred_producers_each_with_its_own_name_and_its_sale_open() {
        let dir = tempfile::tempdir().unwrap();
        let market: toml::Value =
            toml::from_str(&std::fs::read_to_string(write_market(dir.path())).unwrap()).unwrap();
        let producers = market["producer"].as_array().unwrap();
        assert_eq!(producers.len(), PRODUCERS);
        let mut names = std::collections::BTreeSet::new();
        for (n, producer) in producers.iter().enumerate() {
            assert_eq!(producer["slug"].as_str(), Some(slug(n).as_str()));
            let file = dir.path().join(producer["content"].as_str().unwrap());
            let content: toml::Value =
                toml::from_str(&std::fs::read_to_string(file).unwrap()).unwrap();
            names.insert(
                content["producer"]["name"]["en"]
                    .as_str()
                    .unwrap()
                    .to_owned(),
            );
            assert!(
                content["sale"].get("closes_at").is_none(),
                "the sale is open"
            );
        }
        assert_eq!(names.len(), PRODUCERS, "each producer its own name");
        assert!(dir.path().join("dist/index.html").exists());
    }

    #[test]
    fn the_dialects_bind_their_own_parameters_and_name_every_column_once() {
        let (sqlite, postgres) = (order_sql(true), order_sql(false));
        assert!(sqlite.contains("?3") && !sqlite.contains('$'));
        assert!(postgres.contains("$3") && !postgres.contains('?'));
        for sql in [sqlite, postgres] {
            assert!(
                !sql.contains('{'),
                "every dialect's piece is filled in: {sql}"
            );
        }
    }
}
