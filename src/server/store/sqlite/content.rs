//! A producer's content edit and pictures, written by SQLite's writer (in the write's
//! savepoint, as every team write).

use rusqlite::Connection;

use super::super::content_writes::{
    ContentWrite, PictureWrite, DROP_PICTURE, INSERT_PICTURE, SET_BOX, SET_CONTENT,
};
use super::super::model::{Outcome, ProducerId, Refused};
use super::super::sql;
use super::apply::execute;

/// Writes producer `p`'s content and the boxes the edit changes and deletes the pictures it no
/// longer names, if the content is still the version the edit was made from; else writes
/// nothing (`Refused::ContentMoved`).
pub fn edit(conn: &Connection, p: ProducerId, w: &ContentWrite) -> rusqlite::Result<Outcome<()>> {
    if execute(conn, SET_CONTENT, &w.content_args(p))? != 1 {
        // Another edit (another instance's) wrote the content since this one read it.
        return Ok(Err(Refused::ContentMoved.into()));
    }
    for (new, args) in w.box_args(p) {
        execute(conn, if new { sql::SEED_BOX } else { SET_BOX }, &args)?;
    }
    for args in w.dropped_args(p) {
        execute(conn, DROP_PICTURE, &args)?;
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
