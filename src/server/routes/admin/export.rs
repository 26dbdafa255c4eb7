//! `GET /api/admin/orders.csv`: the dispatch list, streamed. The orders are read in keyset pages
//! of `PAGE` (newest first, like the list) and each page is sent as it is read, so neither the
//! server nor the database holds 100,000 orders at once; the team's read turn is held until the
//! last page is sent. The list's filters (`status`, `q`, `ref`) apply.

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use futures_util::stream::{self, StreamExt};

use super::list::Params;
use super::{csv, Admin};
use crate::domain::OrderFilter;
use crate::server::error::ApiError;
use crate::server::state::AppState;
use crate::server::store::StoreError;

/// Orders read (and sent) at a time.
const PAGE: u32 = 1000;

/// Where the export stands: the `seq` to read below (none: from the newest), or done.
type Next = Option<Option<i64>>;

/// The CSV, streamed page by page.
pub(super) async fn export(
    _: Admin,
    State(state): State<AppState>,
    Params(params): Params,
) -> Result<impl IntoResponse, ApiError> {
    let filter = OrderFilter::parse(&params).map_err(ApiError::invalid)?;
    let turn = state.limits.admin_read().await?;
    let store = state.store.clone();
    let first: Next = Some(None);
    let pages = stream::unfold(first, move |next| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            let before = next?;
            match store.orders_page(&filter, before, PAGE, false).await {
                Ok(page) => {
                    let next: Next = page.more_after.map(Some);
                    Some((Ok(Bytes::from(csv::lines(&page.orders))), next))
                }
                Err(e) => Some((Err(broken(e)), None)),
            }
        }
    });
    let head = stream::once(async { Ok(Bytes::from(csv::head())) });
    // The turn ends when the body (and so this stream) is dropped: after the last page.
    let body = head.chain(pages).map(move |chunk| {
        let _held = &turn;
        chunk
    });
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"orchard-dispatch.csv\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        Body::from_stream(body),
    ))
}

/// A page that could not be read: logged, and the body ends there (the download fails rather
/// than look complete).
fn broken(e: StoreError) -> std::io::Error {
    let cause = match e {
        StoreError::Database(cause) => cause,
        other => format!("{other:?}"),
    };
    tracing::error!(%cause, "the CSV export stopped");
    std::io::Error::other("the CSV export stopped")
}
