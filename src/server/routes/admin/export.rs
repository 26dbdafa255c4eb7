//! `GET /api/admin/orders.csv`: the dispatch list, streamed. The orders are read in keyset pages
//! of `PAGE` (newest first, like the list) and each page is sent as it is read, so neither the
//! server nor the database holds 100,000 orders at once; the team's read turn is held until the
//! last page is sent. The list's filters (`status`, `q`, `ref`) apply. The labels stream the
//! same way (`pages`, `streamed`).

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use futures_util::stream::{self, Stream, StreamExt};
use tokio::sync::OwnedSemaphorePermit;

use super::list::Params;
use super::{csv, Owner};
use crate::domain::{AdminOrder, OrderFilter};
use crate::server::error::ApiError;
use crate::server::state::AppState;
use crate::server::store::{Store, StoreError};

/// Orders read (and sent) at a time.
pub(super) const PAGE: u32 = 1000;

/// Where the reading stands: the `seq` to read below (none: from the newest), or done.
type Next = Option<Option<i64>>;

/// The orders `filter` matches, newest first, a page at a time, without histories.
pub(super) fn pages(
    store: Store,
    filter: OrderFilter,
) -> impl Stream<Item = Result<Vec<AdminOrder>, StoreError>> + Send {
    let first: Next = Some(None);
    stream::unfold(first, move |next| {
        let (store, filter) = (store.clone(), filter.clone());
        async move {
            let before = next?;
            match store.orders_page(&filter, before, PAGE, false).await {
                Ok(page) => Some((Ok(page.orders), page.more_after.map(Some))),
                Err(e) => Some((Err(e), None)),
            }
        }
    })
}

/// A body of `head`, each page as `render` writes it, and `tail`; `turn` (the team's read turn)
/// is held until the body is dropped, after its last page. A page that cannot be read ends the
/// body there, so the download fails rather than look complete.
pub(super) fn streamed(
    head: String,
    pages: impl Stream<Item = Result<Vec<AdminOrder>, StoreError>> + Send + 'static,
    render: fn(&[AdminOrder]) -> String,
    tail: &'static str,
    turn: OwnedSemaphorePermit,
) -> Body {
    let body = pages.map(move |page| match page {
        Ok(orders) => Ok(Bytes::from(render(&orders))),
        Err(e) => Err(broken(e)),
    });
    let ends = |text: String| stream::once(async { Ok::<_, std::io::Error>(Bytes::from(text)) });
    let whole = ends(head).chain(body).chain(ends(tail.to_owned()));
    Body::from_stream(whole.map(move |chunk| {
        let _held = &turn;
        chunk
    }))
}

/// The CSV, streamed page by page.
#[utoipa::path(
    get,
    path = "/admin/orders.csv",
    operation_id = "team_orders_csv",
    tag = "team",
    params(crate::domain::OrderListParams),
    security(("team_token" = [])),
    responses((status = 200, description = "The dispatch list (the owner only), streamed.", content_type = "text/csv", body = String, headers(
        ("Content-Disposition" = String, description = "`attachment; filename=\"orchard-dispatch.csv\"`.")
    )))
)]
pub(super) async fn export(
    _: Owner,
    State(state): State<AppState>,
    Params(params): Params,
) -> Result<impl IntoResponse, ApiError> {
    let filter = OrderFilter::parse(&params).map_err(ApiError::invalid)?;
    let turn = state.limits.admin_read().await?;
    let pages = pages(state.store.clone(), filter);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"orchard-dispatch.csv\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        streamed(csv::head(), pages, csv::lines, "", turn),
    ))
}

/// Logs why a page could not be read; the error ends the body.
fn broken(e: StoreError) -> std::io::Error {
    let cause = match e {
        StoreError::Database(cause) => cause,
        other => format!("{other:?}"),
    };
    tracing::error!(%cause, "a streamed export stopped");
    std::io::Error::other("a streamed export stopped")
}
