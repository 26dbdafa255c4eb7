//! A producer's content edit and pictures, written by SQLite's writer (in the write's
//! savepoint, as every team write).

use rusqlite::Connection;

use super::super::content_writes::{
    ContentWrite, PictureWrite, INSERT_PICTURE, SET_BOX, SET_CONTENT,
};
use super::super::model::{Outcome, ProducerId};
use super::super::sql;
use super::apply::execute;

/// Writes producer `p`'s content and the boxes the edit changes.
pub fn edit(conn: &Connection, p: ProducerId, w: &ContentWrite) -> rusqlite::Result<Outcome<()>> {
    execute(conn, SET_CONTENT, &w.content_args(p))?;
    for (new, args) in w.box_args(p) {
        execute(conn, if new { sql::SEED_BOX } else { SET_BOX }, &args)?;
    }
    Ok(w.done())
}

/// Keeps every size of producer `p`'s picture.
pub fn picture(
    conn: &Connection,
    p: ProducerId,
    w: &PictureWrite,
) -> rusqlite::Result<Outcome<()>> {
    for args in w.size_args(p) {
        execute(conn, INSERT_PICTURE, &args)?;
    }
    Ok(Ok(((), Vec::new())))
}
