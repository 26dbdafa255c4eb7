//! A producer's content edit and pictures, written by PostgreSQL's writer (in the write's
//! transaction).

use sqlx::PgConnection;

use super::super::content_writes::{
    ContentWrite, PictureWrite, DROP_PICTURE, INSERT_PICTURE, SET_BOX, SET_CONTENT,
};
use super::super::model::{Outcome, ProducerId, Refused};
use super::super::sql;
use super::apply::execute;

/// Writes producer `p`'s content and the boxes the edit changes and deletes the pictures it no
/// longer names, if the content is still the version the edit was made from; else writes
/// nothing (`Refused::ContentMoved`).
pub async fn edit(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &ContentWrite,
) -> Result<Outcome<()>, sqlx::Error> {
    if execute(conn, SET_CONTENT, &w.content_args(p)).await? != 1 {
        // Another edit (another instance's) wrote the content since this one read it.
        return Ok(Err(Refused::ContentMoved.into()));
    }
    for (new, args) in w.box_args(p) {
        execute(conn, if new { sql::SEED_BOX } else { SET_BOX }, &args).await?;
    }
    for args in w.dropped_args(p) {
        execute(conn, DROP_PICTURE, &args).await?;
    }
    Ok(w.done())
}

/// Keeps every size of producer `p`'s picture.
pub async fn picture(
    conn: &mut PgConnection,
    p: ProducerId,
    w: &PictureWrite,
) -> Result<Outcome<()>, sqlx::Error> {
    for args in w.size_args(p) {
        execute(conn, INSERT_PICTURE, &args).await?;
    }
    Ok(Ok(((), Vec::new())))
}
