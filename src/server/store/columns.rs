//! `Columns`: a row as either driver returns it — sqlx (the reads on both stores, the PostgreSQL
//! writes) or rusqlite (the SQLite writer thread) — read by column name. Every SELECT names or
//! aliases its columns, and those names are the readers' contract: a column added, moved or
//! dropped in a statement never moves another, and one missing or of the wrong type is an error
//! (a 500 on the API), never a neighbour's value. A status the schema does not know is an error
//! too, on every path, never read as `received`.

use crate::domain::{CancelReason, OrderStatus};

/// A row as either driver returns it, read by column name.
pub trait Columns {
    /// The driver's error.
    type Error;
    /// An integer column.
    fn int(&self, name: &str) -> Result<i64, Self::Error>;
    /// A text column, or NULL.
    fn maybe_text(&self, name: &str) -> Result<Option<String>, Self::Error>;
    /// An integer column, or NULL.
    fn maybe_int(&self, name: &str) -> Result<Option<i64>, Self::Error>;
    /// A byte column, or NULL.
    fn maybe_bytes(&self, name: &str) -> Result<Option<Vec<u8>>, Self::Error>;
    /// The driver's error for a column whose value breaks the schema's rules.
    fn broken(name: &str, why: String) -> Self::Error;

    /// A text column that is never NULL.
    fn text(&self, name: &str) -> Result<String, Self::Error> {
        self.maybe_text(name)?
            .ok_or_else(|| Self::broken(name, "NULL where text was expected".into()))
    }

    /// A count (boxes, kilograms) that the schema keeps within `u32`.
    fn count(&self, name: &str) -> Result<u32, Self::Error> {
        let n = self.int(name)?;
        u32::try_from(n).map_err(|_| Self::broken(name, format!("{n} is not a count")))
    }

    /// A text column that `parse` must know (a status, a kind): `what` names it in the error.
    fn parsed<T>(
        &self,
        name: &str,
        what: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<T, Self::Error> {
        let raw = self.text(name)?;
        parse(&raw).ok_or_else(|| Self::broken(name, format!("unknown {what} {raw:?}")))
    }

    /// As `parsed`, for a column that may be NULL.
    fn maybe_parsed<T>(
        &self,
        name: &str,
        what: &str,
        parse: impl FnOnce(&str) -> Option<T>,
    ) -> Result<Option<T>, Self::Error> {
        match self.maybe_text(name)? {
            None => Ok(None),
            Some(raw) => parse(&raw)
                .map(Some)
                .ok_or_else(|| Self::broken(name, format!("unknown {what} {raw:?}"))),
        }
    }

    /// An order status as written by `OrderStatus::as_str`.
    fn status(&self, name: &str) -> Result<OrderStatus, Self::Error> {
        self.parsed(name, "status", OrderStatus::parse)
    }

    /// A cancel reason as written by `CancelReason::as_str`, or NULL.
    fn cancel_reason(&self, name: &str) -> Result<Option<CancelReason>, Self::Error> {
        self.maybe_parsed(name, "cancel reason", CancelReason::parse)
    }
}

impl<R> Columns for R
where
    R: sqlx::Row,
    for<'n> &'n str: sqlx::ColumnIndex<R>,
    for<'r> i64: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> String: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
    for<'r> Vec<u8>: sqlx::Decode<'r, R::Database> + sqlx::Type<R::Database>,
{
    type Error = sqlx::Error;

    fn int(&self, name: &str) -> Result<i64, sqlx::Error> {
        self.try_get(name)
    }

    fn maybe_text(&self, name: &str) -> Result<Option<String>, sqlx::Error> {
        self.try_get(name)
    }

    fn maybe_int(&self, name: &str) -> Result<Option<i64>, sqlx::Error> {
        self.try_get(name)
    }

    fn maybe_bytes(&self, name: &str) -> Result<Option<Vec<u8>>, sqlx::Error> {
        self.try_get(name)
    }

    fn broken(name: &str, why: String) -> sqlx::Error {
        sqlx::Error::ColumnDecode {
            index: format!("{name:?}"),
            source: why.into(),
        }
    }
}

/// A rusqlite row (a wrapper, so that it cannot collide with the sqlx rows above). rusqlite
/// finds a name among the statement's columns, ignoring ASCII case.
pub struct Lite<'a, 'stmt>(pub &'a rusqlite::Row<'stmt>);

impl Columns for Lite<'_, '_> {
    type Error = rusqlite::Error;

    fn int(&self, name: &str) -> rusqlite::Result<i64> {
        self.0.get(name)
    }

    fn maybe_text(&self, name: &str) -> rusqlite::Result<Option<String>> {
        self.0.get(name)
    }

    fn maybe_int(&self, name: &str) -> rusqlite::Result<Option<i64>> {
        self.0.get(name)
    }

    fn maybe_bytes(&self, name: &str) -> rusqlite::Result<Option<Vec<u8>>> {
        self.0.get(name)
    }

    fn broken(name: &str, why: String) -> rusqlite::Error {
        let why = format!("column {name:?}: {why}");
        rusqlite::Error::FromSqlConversionFailure(0, rusqlite::types::Type::Text, why.into())
    }
}
