//! A fresh PostgreSQL database per test, on the server `scripts/with-postgres.sh` started, and
//! a connection for the tests that write behind the server's back.

use sqlx::{Connection, Executor, PgConnection};

/// The admin URL of the test server; panics when the tests were not run through the script.
pub fn admin_url() -> String {
    std::env::var("ORCHARD_TEST_POSTGRES").unwrap_or_else(|_| {
        panic!(
            "ORCHARD_TEST_POSTGRES is not set: run the tests through scripts/test.sh, which \
             starts PostgreSQL (or: bash scripts/with-postgres.sh cargo test)"
        )
    })
}

/// Creates a database with a random name and returns its URL; tests never share one.
pub async fn fresh_database() -> String {
    let admin = admin_url();
    let name = format!("orchard_test_{:016x}", rand::random::<u64>());
    let mut conn = PgConnection::connect(&admin)
        .await
        .unwrap_or_else(|e| panic!("connecting to ORCHARD_TEST_POSTGRES: {e}"));
    conn.execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("CREATE DATABASE");
    conn.close().await.ok();
    let (base, _) = admin
        .split('?')
        .next()
        .unwrap_or_default()
        .rsplit_once('/')
        .expect("ORCHARD_TEST_POSTGRES looks like postgres://user@host:port/database");
    format!("{base}/{name}")
}

/// A connection to `url` that sees and writes every producer's rows for the rest of its session
/// (the setting row-level security reads, `migrations/postgres/0013_row_security.sql`, as the
/// server's market-wide paths set it per transaction): for a test that writes behind the
/// server's back.
pub async fn market_connection(url: &str) -> PgConnection {
    let mut conn = PgConnection::connect(url)
        .await
        .unwrap_or_else(|e| panic!("connecting to {url}: {e}"));
    conn.execute("SET orchard.producer = 'market'")
        .await
        .expect("SET orchard.producer");
    conn
}
