//! Rows are read by column name, on both drivers and both stores: the store's real statements
//! read an order the same with their columns listed in another order, and a column missing from
//! a statement or of the wrong type is an error naming it, never a neighbour's value (a gift order whose every text
//! differs, so that any swap would show).

use rusqlite::params_from_iter;
use sqlx::{Connection, Executor};

use super::columns::Lite;
use super::fetch::Fetch;
use super::model::{ProducerId, Scope};
use super::placement::{KeyRecord, OrderState};
use super::rows::{Histories, OrderRow};
use super::sql::{self, Arg};
use super::{postgres, sqlite};
use crate::domain::AdminOrder;
use crate::server::tokens;

const ID: &str = "GIFT00000001";
const KEY: &str = "the-gift-key";
/// The producer the migrations make for the rows of a shop from before the market.
const PRODUCER: Arg<'static> = Arg::Int(1);

/// `statement` with the columns of its SELECT list reversed.
fn reversed(statement: &str) -> String {
    let (list, from) = statement["SELECT ".len()..].split_once(" FROM ").unwrap();
    let turned: Vec<&str> = list.split(',').map(str::trim).rev().collect();
    format!("SELECT {} FROM {from}", turned.join(", "))
}

/// `statement` without column `name` in its SELECT list.
fn without(statement: &str, name: &str) -> String {
    let (list, from) = statement["SELECT ".len()..].split_once(" FROM ").unwrap();
    let kept: Vec<&str> = list
        .split(',')
        .map(str::trim)
        .filter(|c| *c != name)
        .collect();
    format!("SELECT {} FROM {from}", kept.join(", "))
}

/// Writes a box and a cancelled gift order shipped with a number, every text column distinct.
async fn seed(db: &impl Fetch) {
    let (salt, key_hash) = ([7u8; 24], tokens::key_hash(KEY));
    let boxes = [
        Arg::Text("5kg"),
        Arg::Int(5),
        Arg::Int(6800),
        Arg::Int(10),
        PRODUCER,
    ];
    db.fetch(sql::SEED_BOX, &boxes).await.unwrap();
    let order = [
        Arg::Text(ID),
        Arg::Bytes(b"token hash"),
        Arg::Text(&key_hash),
        Arg::Text("the fingerprint"),
        Arg::Bytes(&salt),
        Arg::Text("5kg"),
        Arg::Int(5),
        Arg::Int(2),
        Arg::Int(13600),
        Arg::Text("Buyer Name"),
        Arg::Text("13800000001"),
        Arg::Text("1 Buyer Road"),
        Arg::MaybeText(Some("a note")),
        Arg::MaybeText(Some("a-tag")),
        Arg::Int(1_700_000_000_000),
        Arg::MaybeText(Some("Recipient Name")),
        Arg::MaybeText(Some("13900000002")),
        Arg::MaybeText(Some("2 Recipient Lane")),
        Arg::MaybeText(Some("a gift message")),
        PRODUCER,
        Arg::Text("received"),
        Arg::MaybeText(Some("wechat")),
        Arg::MaybeInt(Some(1_700_000_900_000)),
        Arg::MaybeText(Some("AnOauthStateOf32CharactersXYZ0123")),
    ];
    db.fetch(sql::insert_order!(), &order).await.unwrap();
    let moved = "UPDATE orders SET status = 'cancelled', cancel_reason = 'harvest_short', \
         tracking_number = 'SF1234567890' WHERE id = $1";
    db.fetch(moved, &[Arg::Text(ID)]).await.unwrap();
}

/// What the order must read as: each value where it belongs.
fn assert_in_place(order: &AdminOrder) {
    let gift = order.order.recipient.as_ref().expect("a gift");
    let seen = [
        (order.name.as_str(), "Buyer Name"),
        (order.phone.as_str(), "13800000001"),
        (order.address.as_str(), "1 Buyer Road"),
        (order.note.as_deref().unwrap(), "a note"),
        (order.ref_tag.as_deref().unwrap(), "a-tag"),
        (gift.name.as_str(), "Recipient Name"),
        (gift.phone.as_deref().unwrap(), "13900000002"),
        (gift.address.as_str(), "2 Recipient Lane"),
        (
            order.order.gift_message.as_deref().unwrap(),
            "a gift message",
        ),
        (
            order.order.tracking_number.as_deref().unwrap(),
            "SF1234567890",
        ),
        (order.order.status.as_str(), "cancelled"),
    ];
    for (read, written) in seen {
        assert_eq!(read, written);
    }
    assert_eq!((order.order.quantity, order.order.weight_kg), (2, 5));
}

/// The reads through sqlx (the reads on both stores, the PostgreSQL writes).
async fn reads_by_name_through_sqlx(db: &impl Fetch) {
    let id = [Arg::Text(ID), PRODUCER];
    let none = Histories::default();
    let real = db.fetch(sql::ORDER, &id).await.unwrap();
    let order = OrderRow::read(&real[0]).unwrap().admin(&none);
    assert_in_place(&order);
    let turned = db.fetch(&reversed(sql::ORDER), &id).await.unwrap();
    assert_eq!(OrderRow::read(&turned[0]).unwrap().admin(&none), order);

    let hash = tokens::key_hash(KEY);
    let key = [Arg::Text(&hash), PRODUCER];
    let real = db.fetch(sql::KEY_RECORD, &key).await.unwrap();
    let turned = db.fetch(&reversed(sql::KEY_RECORD), &key).await.unwrap();
    let (real, turned) = (
        KeyRecord::read(&real[0], KEY),
        KeyRecord::read(&turned[0], KEY),
    );
    assert_eq!(format!("{turned:?}"), format!("{real:?}"));
    assert_eq!(real.unwrap().fingerprint, "the fingerprint");

    for name in ["phone", "recipient_phone", "status"] {
        let short = db.fetch(&without(sql::ORDER, name), &id).await.unwrap();
        let error = OrderRow::read(&short[0]).expect_err(name).to_string();
        assert!(error.contains(name), "{name}: {error}");
    }
    let mistyped = db.fetch(&text_as_quantity(), &id).await.unwrap();
    let error = OrderRow::read(&mistyped[0]).expect_err("a text quantity");
    assert!(error.to_string().contains("quantity"), "{error}");
}

/// `sql::ORDER` with the buyer's name where the quantity should be.
fn text_as_quantity() -> String {
    let out = sql::ORDER.replacen(" quantity,", " name AS quantity,", 1);
    assert_ne!(out, sql::ORDER);
    out
}

#[test]
fn the_sqlite_store_reads_its_rows_by_name_on_both_drivers_whatever_their_order() {
    let dir = tempfile::tempdir().unwrap();
    let url = format!("sqlite://{}", dir.path().join("by-name.db").display());
    let runtime = tokio::runtime::Runtime::new().unwrap();
    let path = runtime.block_on(async {
        let (readers, setup, path) = sqlite::open(&url).await.unwrap();
        seed(&setup).await;
        reads_by_name_through_sqlx(&readers).await;
        path
    });

    // The writer thread's rusqlite connection reads the same statements by the same names.
    let conn = sqlite::write_connection(&path).unwrap();
    let read = |statement: &str| {
        let mut statement = conn.prepare(statement).unwrap();
        statement.query_row(params_from_iter(&[Arg::Text(ID), PRODUCER]), |r| {
            let state = OrderState::read(&Lite(r))?;
            Ok((OrderRow::read(&Lite(r))?, state))
        })
    };
    let (row, state) = read(sql::ORDER).unwrap();
    let order = row.admin(&Histories::default());
    assert_in_place(&order);
    let (turned, turned_state) = read(&reversed(sql::ORDER)).unwrap();
    assert_eq!(turned.admin(&Histories::default()), order);
    assert_eq!(format!("{turned_state:?}"), format!("{state:?}"));
    for name in ["address", "recipient_address", "status"] {
        let error = read(&without(sql::ORDER, name))
            .expect_err(name)
            .to_string();
        assert!(error.contains(name), "{name}: {error}");
    }
    let error = read(&text_as_quantity()).expect_err("a text quantity");
    assert!(error.to_string().contains("quantity"), "{error}");
}

#[test]
fn the_postgres_store_reads_its_rows_by_name_whatever_their_order() {
    let admin = std::env::var("ORCHARD_TEST_POSTGRES")
        .expect("ORCHARD_TEST_POSTGRES is not set: run the tests through scripts/with-postgres.sh");
    let runtime = tokio::runtime::Runtime::new().unwrap();
    runtime.block_on(async {
        let name = format!("orchard_by_name_{:016x}", rand::random::<u64>());
        let mut conn = sqlx::PgConnection::connect(&admin).await.unwrap();
        conn.execute(format!("CREATE DATABASE {name}").as_str())
            .await
            .unwrap();
        let base = admin.split('?').next().unwrap().rsplit_once('/').unwrap().0;
        let pool = postgres::open(&format!("{base}/{name}"), 2).await.unwrap();
        // One transaction of the producer's, as a `Store` call reads (row-level security).
        let producer = postgres::Reading::new(pool, Scope::Producer(ProducerId(1)));
        seed(&producer).await;
        reads_by_name_through_sqlx(&producer).await;
    });
}
