//! Orders against PostgreSQL with one and with two server instances on one fresh database,
//! the buyers split between them (`--postgres postgres://…`, e.g. the URL that
//! `scripts/with-postgres.sh` exports as ORCHARD_TEST_POSTGRES; run it with ORCHARD_PG_DURABLE=1
//! so PostgreSQL keeps fsync on).

use std::time::Duration;

use sqlx::{Connection, Executor};

use super::report::{summary, Tally};
use super::server::Server;
use super::{check_stock, drive, place_order};

/// A fresh database on the server behind `admin_url`, as a URL.
pub async fn fresh_database(admin_url: &str) -> String {
    let name = format!("orchard_load_{:x}", rand::random::<u32>());
    let mut admin = sqlx::PgConnection::connect(admin_url)
        .await
        .expect("PostgreSQL answers");
    admin
        .execute(format!("CREATE DATABASE {name}").as_str())
        .await
        .expect("CREATE DATABASE");
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    format!("{base}/{name}")
}

/// One run: `instances` servers on one new database, `buyers` split between them.
pub async fn orders(admin_url: &str, instances: usize, buyers: usize, seconds: u64) {
    let database = fresh_database(admin_url).await;
    let servers: Vec<Server> = (0..instances)
        .map(|_| Server::start_on(Some(&database), &[]))
        .collect();
    let urls: Vec<String> = servers
        .iter()
        .map(|s| format!("{}/api/orders", s.base))
        .collect();
    let run: u32 = rand::random();
    let (mut tally, elapsed): (Tally, Duration) =
        drive(buyers, seconds, false, move |client, buyer, n| {
            place_order(
                &client,
                &urls[buyer % urls.len()],
                format!("pg-{run:x}-{buyer}-{n}"),
            )
        })
        .await;
    let rss: f64 = servers.iter().map(Server::peak_rss_mb).fold(0.0, f64::max);
    let name = format!("PostgreSQL, {instances} instance(s), {buyers} buyers split between them");
    summary(&name, "acknowledged orders", &mut tally, elapsed, rss);
    // Every instance reloads the totals from the database each second.
    tokio::time::sleep(Duration::from_millis(2500)).await;
    check_stock(&servers[0], tally.boxes_created).await;
}
