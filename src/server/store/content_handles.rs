//! What the routes call to edit a producer's content and keep and serve its pictures: the
//! writer's `edit_content` and `store_picture`, the store's `content_now` and `picture`.

use super::columns::Columns;
use super::content_writes::{ContentWrite, PictureWrite, CONTENT_NOW, PICTURE};
use super::fetch::Fetch;
use super::handles::{on_backend, Backend, Store, Writer};
use super::model::{ProducerId, StoreError};
use super::producers;
use super::sql::Arg;
use super::work::Work;
use crate::server::content::Content;

impl Writer {
    /// Writes this producer's edited content and the boxes it changes, in one transaction.
    pub async fn edit_content(&self, write: ContentWrite) -> Result<(), StoreError> {
        self.submit(write, Work::EditContent).await
    }

    /// Keeps every size of an uploaded picture of this producer, in one transaction.
    pub async fn store_picture(&self, write: PictureWrite) -> Result<(), StoreError> {
        self.submit(write, Work::StorePicture).await
    }
}

impl Store {
    /// This producer's content as the database keeps it now (the JSON text) and its version,
    /// which an edit made from it names (`ContentWrite::seen`); `None` before it is seeded.
    pub async fn content_now(&self) -> Result<Option<(String, i64)>, StoreError> {
        let args = [Arg::Int(self.1 .0)];
        Ok(on_backend!(self.own(), db => read_content_now(&db, &args).await)?)
    }

    /// Size `width` of this producer's picture `n`: its content type and bytes.
    pub async fn picture(
        &self,
        n: i64,
        width: u32,
    ) -> Result<Option<(String, Vec<u8>)>, StoreError> {
        let args = [Arg::Int(self.1 .0), Arg::Int(n), Arg::Int(i64::from(width))];
        Ok(on_backend!(self.own(), db => read_picture(&db, &args).await)?)
    }
}

async fn read_content_now(
    db: &impl Fetch,
    args: &[Arg<'_>],
) -> Result<Option<(String, i64)>, sqlx::Error> {
    let rows = db.fetch(CONTENT_NOW, args).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let Some(json) = row.maybe_text("content")? else {
        return Ok(None);
    };
    Ok(Some((json, row.int("content_version")?)))
}

async fn read_picture(
    db: &impl Fetch,
    args: &[Arg<'_>],
) -> Result<Option<(String, Vec<u8>)>, sqlx::Error> {
    let rows = db.fetch(PICTURE, args).await?;
    let Some(row) = rows.first() else {
        return Ok(None);
    };
    let bytes = row.maybe_bytes("bytes")?.unwrap_or_default();
    Ok(Some((row.text("content_type")?, bytes)))
}

/// `$1`: a producer, `$2`: what a request makes (`producers::made_from`): a row if the operator
/// put this producer on the market from that very request and its content is unedited since.
const MADE_FROM_UNEDITED: &str = "SELECT id FROM producers \
     WHERE id = $1 AND created_from = $2 AND content_version = 0";

impl Store {
    /// Whether this producer was put on the market from a request that makes `content` and is
    /// unedited since: that request sent again is answered as the first was.
    pub async fn made_unedited_from(&self, content: &Content) -> Result<bool, StoreError> {
        let made = producers::made_from(content);
        let args = [Arg::Int(self.1 .0), Arg::Text(&made)];
        Ok(on_backend!(self.own(), db => any_row(&db, MADE_FROM_UNEDITED, &args).await)?)
    }
}

async fn any_row(db: &impl Fetch, sql: &str, args: &[Arg<'_>]) -> Result<bool, sqlx::Error> {
    Ok(!db.fetch(sql, args).await?.is_empty())
}

/// Every producer's content as the database keeps it, by producer.
const CONTENTS: &str = "SELECT id, content FROM producers WHERE content IS NOT NULL";

impl Store {
    /// Whether other server instances may write this database (PostgreSQL), so that what they
    /// change must be read back.
    pub fn is_shared(&self) -> bool {
        matches!(self.0, Backend::Postgres(_))
    }

    /// Every producer's content as the database keeps it (the JSON text), by producer.
    pub async fn contents(&self) -> Result<Vec<(ProducerId, String)>, StoreError> {
        Ok(on_backend!(&self.0, pool => read_contents(pool).await)?)
    }
}

async fn read_contents(db: &impl Fetch) -> Result<Vec<(ProducerId, String)>, sqlx::Error> {
    let rows = db.fetch(CONTENTS, &[]).await?;
    rows.iter()
        .map(|r| Ok((ProducerId(r.int("id")?), r.text("content")?)))
        .collect()
}
