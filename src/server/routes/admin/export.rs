//! `GET /api/admin/orders.csv`: the dispatch list, streamed. The orders are read in keyset pages
//! of `PAGE` (newest first, like the list) and each page is sent as it is read, so neither the
//! server nor the database holds 100,000 orders at once. The team's read turn is taken for each
//! page's read and given back before the page is sent (`in_turn`): a reader that stops reading
//! (a phone losing signal) holds the send, never the team's other reads; the serving loop drops
//! a response that cannot be written for `--send-timeout-secs`. The list's filters (`status`,
//! `q`, `ref`) apply. The labels stream the same way (`pages`, `streamed`).

use std::future::Future;
use std::sync::Arc;

use axum::body::{Body, Bytes};
use axum::extract::State;
use axum::http::header::{CACHE_CONTROL, CONTENT_DISPOSITION, CONTENT_TYPE};
use axum::response::IntoResponse;
use futures_util::stream::{self, Stream, StreamExt};

use super::list::Params;
use super::{csv, Owner};
use crate::domain::{AdminOrder, OrderFilter};
use crate::server::error::ApiError;
use crate::server::limits::Limits;
use crate::server::scope::ShopScope;
use crate::server::state::AppState;
use crate::server::store::{Store, StoreError};

/// Orders read (and sent) at a time.
pub(super) const PAGE: u32 = 1000;

/// Where the reading stands: the `seq` to read below (none: from the newest), or done.
type Next = Option<Option<i64>>;

/// Runs one page's `read` in the team's read turn, given back as soon as the rows are in, before
/// they are rendered and sent: so no download holds it while its reader is slow or gone. A read
/// that fails ends the body there (`broken`).
pub(super) async fn in_turn<T>(
    limits: &Limits,
    read: impl Future<Output = Result<T, StoreError>>,
) -> std::io::Result<T> {
    let turn = limits
        .admin_read()
        .await
        .map_err(|_| std::io::Error::other("the team's read turn is closed"))?;
    let rows = read.await.map_err(broken);
    drop(turn);
    rows
}

/// The orders `filter` matches, newest first, a page at a time, without histories; each page
/// read in its own turn (`in_turn`).
pub(super) fn pages(
    store: Store,
    limits: Arc<Limits>,
    filter: OrderFilter,
) -> impl Stream<Item = std::io::Result<Vec<AdminOrder>>> + Send {
    let first: Next = Some(None);
    stream::unfold(first, move |next| {
        let (store, limits, filter) = (store.clone(), limits.clone(), filter.clone());
        async move {
            let before = next?;
            let read = store.orders_page(&filter, before, PAGE, false);
            match in_turn(&limits, read).await {
                Ok(page) => Some((Ok(page.orders), page.more_after.map(Some))),
                Err(e) => Some((Err(e), None)),
            }
        }
    })
}

/// A body of `head`, each page as `render` writes it, and `tail`. Pages are rendered on the
/// blocking pool: a thousand labels' QR codes are CPU work that would otherwise hold a thread
/// serving requests (the team's list among them) for as long. A page that cannot be read ends
/// the body there, so the download fails rather than look complete.
pub(super) fn streamed(
    head: String,
    pages: impl Stream<Item = std::io::Result<Vec<AdminOrder>>> + Send + 'static,
    render: fn(&[AdminOrder]) -> String,
    tail: &'static str,
) -> Body {
    let body = pages.then(move |page| async move {
        let orders = page?;
        tokio::task::spawn_blocking(move || Bytes::from(render(&orders)))
            .await
            .map_err(std::io::Error::other)
    });
    let ends = |text: String| stream::once(async { Ok::<_, std::io::Error>(Bytes::from(text)) });
    Body::from_stream(ends(head).chain(body).chain(ends(tail.to_owned())))
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
    ShopScope(shop): ShopScope,
    Params(params): Params,
) -> Result<impl IntoResponse, ApiError> {
    let filter = OrderFilter::parse(&params).map_err(ApiError::invalid)?;
    let pages = pages(shop.store.clone(), state.limits.clone(), filter);
    Ok((
        [
            (CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                CONTENT_DISPOSITION,
                "attachment; filename=\"orchard-dispatch.csv\"",
            ),
            (CACHE_CONTROL, "no-store"),
        ],
        streamed(csv::head(), pages, csv::lines, ""),
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
