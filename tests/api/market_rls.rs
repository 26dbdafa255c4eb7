//! PostgreSQL's second wall (issue #28, `migrations/postgres/0013_row_security.sql`): a
//! connection of the server's role that says no producer finds no producer-owned row and writes
//! none; one that names producer A sees none of B's rows and cannot write one; and that role,
//! which the server and these tests connect as (`scripts/with-postgres.sh`), is no superuser and
//! cannot bypass row-level security.

use sqlx::{Connection, Executor, PgConnection, Row};

use crate::claim_kit::{claim_filed, damaged_with_photo, shipped};
use crate::market_store::Market;

/// Every producer-owned table of the market's first migrations.
const TABLES: [&str; 5] = ["boxes", "orders", "order_events", "claims", "claim_photos"];

/// A market on PostgreSQL where both producers have a row in every producer-owned table (a
/// shipped order with its moves, a claim with a photo), and its database's URL.
async fn market_with_every_row() -> (Market, String) {
    let m = Market::open(true).await;
    for (app, key) in [(&m.a, "a1"), (&m.b, "b1")] {
        let order = shipped(app, key).await;
        claim_filed(app, &order, &format!("claim-{key}"), damaged_with_photo()).await;
    }
    let url = m.a.sandbox.database.clone().expect("a PostgreSQL market");
    (m, url)
}

/// The rows of `table` whose producer has slug `slug`, as `conn` sees them.
async fn rows_of(conn: &mut PgConnection, table: &str, slug: &str) -> i64 {
    let sql = format!(
        "SELECT COUNT(*) AS n FROM {table} WHERE producer = \
         (SELECT id FROM producers WHERE slug = '{slug}')"
    );
    let row = conn.fetch_one(sql.as_str()).await.unwrap();
    row.get("n")
}

/// Says, for the rest of `conn`'s transaction, that it works on producer `slug`'s rows (as the
/// server's store says it in each `BEGIN`).
async fn working_for(conn: &mut PgConnection, slug: &str) {
    let sql = format!(
        "SELECT set_config('orchard.producer', \
         (SELECT CAST(id AS TEXT) FROM producers WHERE slug = '{slug}'), true)"
    );
    conn.execute(sql.as_str()).await.unwrap();
}

/// A new box (`20kg`) of producer `slug`, written by `conn` (which may be refused).
async fn insert_box(conn: &mut PgConnection, slug: &str) -> Result<(), sqlx::Error> {
    let sql = format!(
        "INSERT INTO boxes (producer, id, weight_kg, price_fen, stock) \
         SELECT id, '20kg', 20, 30000, 5 FROM producers WHERE slug = '{slug}'"
    );
    conn.execute(sql.as_str()).await.map(drop)
}

#[tokio::test]
async fn a_connection_that_names_no_producer_finds_no_producer_owned_row_and_writes_none() {
    let (_m, url) = market_with_every_row().await;
    let mut market = crate::common::postgres::market_connection(&url).await;
    let mut bare = PgConnection::connect(&url).await.unwrap();
    for table in TABLES {
        for slug in ["content", "tashi"] {
            let there = rows_of(&mut market, table, slug).await;
            assert!(there > 0, "{slug} has no row in {table}: nothing to hide");
            assert_eq!(
                rows_of(&mut bare, table, slug).await,
                0,
                "{table}: {slug}'s rows seen without a producer"
            );
        }
        let all = format!("SELECT COUNT(*) AS n FROM {table}");
        let seen: i64 = bare.fetch_one(all.as_str()).await.unwrap().get("n");
        assert_eq!(seen, 0, "{table}: rows seen without a producer");
    }
    let refused = insert_box(&mut bare, "content").await.unwrap_err();
    assert!(
        refused.to_string().contains("row-level security"),
        "{refused}"
    );
    let moved = bare
        .execute("UPDATE boxes SET stock = 0")
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(moved, 0, "a box's stock changed without a producer");
}

#[tokio::test]
async fn a_transaction_for_producer_a_sees_none_of_bs_rows_and_cannot_write_one() {
    let (_m, url) = market_with_every_row().await;
    let mut conn = PgConnection::connect(&url).await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    working_for(&mut tx, "content").await;
    for table in TABLES {
        assert!(
            rows_of(&mut tx, table, "content").await > 0,
            "{table}: A's own rows"
        );
        assert_eq!(
            rows_of(&mut tx, table, "tashi").await,
            0,
            "{table}: B's rows seen by A"
        );
    }
    let shipped_b = (&mut *tx)
        .execute("UPDATE orders SET status = 'delivered' WHERE status = 'shipped'")
        .await
        .unwrap()
        .rows_affected();
    assert_eq!(shipped_b, 1, "only A's shipped order moves");
    let refused = insert_box(&mut tx, "tashi").await.unwrap_err();
    assert!(
        refused.to_string().contains("row-level security"),
        "{refused}"
    );
    tx.rollback().await.unwrap();

    let mut tx = conn.begin().await.unwrap();
    working_for(&mut tx, "content").await;
    insert_box(&mut tx, "content")
        .await
        .expect("A writes its own box");
    tx.commit().await.unwrap();
    // The setting ended with its transaction.
    assert_eq!(rows_of(&mut conn, "boxes", "content").await, 0);
}

#[tokio::test]
async fn the_servers_role_is_no_superuser_has_no_bypassrls_and_owns_the_walled_tables() {
    let (_m, url) = market_with_every_row().await;
    let mut conn = PgConnection::connect(&url).await.unwrap();
    // The server's own connections, open in its pool after the writes above.
    let server = conn
        .fetch_all(
            "SELECT DISTINCT r.rolname, r.rolsuper, r.rolbypassrls FROM pg_stat_activity AS a \
             JOIN pg_roles AS r ON r.oid = a.usesysid \
             WHERE a.datname = current_database() AND a.pid <> pg_backend_pid()",
        )
        .await
        .unwrap();
    assert_eq!(server.len(), 1, "the server connects as one role");
    let role: String = server[0].get("rolname");
    assert!(
        !server[0].get::<bool, _>("rolsuper"),
        "{role} is a superuser"
    );
    assert!(
        !server[0].get::<bool, _>("rolbypassrls"),
        "{role} bypasses RLS"
    );
    // Every table with a producer column but the producers' list, whichever migration made it.
    let walled = conn
        .fetch_all(
            "SELECT c.relname, pg_get_userbyid(c.relowner) AS owner, c.relrowsecurity, \
             c.relforcerowsecurity, (SELECT COUNT(*) FROM pg_policy AS p \
             WHERE p.polrelid = c.oid) AS policies \
             FROM pg_class AS c JOIN pg_attribute AS a ON a.attrelid = c.oid \
             WHERE c.relkind = 'r' AND c.relnamespace = current_schema()::regnamespace \
             AND a.attname = 'producer' AND c.relname <> 'producers'",
        )
        .await
        .unwrap();
    let names: Vec<String> = walled.iter().map(|r| r.get("relname")).collect();
    for table in TABLES {
        assert!(
            names.iter().any(|n| n == table),
            "{table} not among {names:?}"
        );
    }
    for (row, table) in walled.iter().zip(&names) {
        assert_eq!(row.get::<String, _>("owner"), role, "{table}'s owner");
        assert!(row.get::<bool, _>("relrowsecurity"), "{table}: not enabled");
        assert!(
            row.get::<bool, _>("relforcerowsecurity"),
            "{table}: not forced"
        );
        assert_eq!(row.get::<i64, _>("policies"), 1, "{table}: its policy");
    }
}

#[tokio::test]
async fn the_teams_search_may_use_its_trigram_indexes_under_row_level_security() {
    let (_m, url) = market_with_every_row().await;
    let mut conn = PgConnection::connect(&url).await.unwrap();
    let mut tx = conn.begin().await.unwrap();
    working_for(&mut tx, "tashi").await;
    // A few rows make a scan cheaper than any index: forbid the scans that read every row, so
    // that the plan shows which indexes the search's conditions may use at all.
    (&mut *tx)
        .execute("SET LOCAL enable_seqscan = off")
        .await
        .unwrap();
    // The team's search of a name (src/server/store/lists.rs with the PostgreSQL dialect),
    // without its `producer = …`, which an index on `producer` would serve on so few rows: the
    // policy's own condition is no index's, so only the match itself can use one.
    let plan: Vec<String> = sqlx::query_scalar(
        "EXPLAIN SELECT seq FROM orders WHERE \
         translate(name, 'ABCDEFGHIJKLMNOPQRSTUVWXYZ', 'abcdefghijklmnopqrstuvwxyz') \
         LIKE '%sonam%' ESCAPE '\\'",
    )
    .fetch_all(&mut *tx)
    .await
    .unwrap();
    let plan = plan.join("\n");
    assert!(
        plan.contains("orders_by_name_trigrams"),
        "the search of a name reads without its index (are textlike and translate LEAKPROOF? \
         scripts/with-postgres.sh):\n{plan}"
    );
}
