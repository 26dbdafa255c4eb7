//! `POST /api/admin/tracking-numbers`: the courier's CSV (`text/csv`, at most 2 MiB) ships each
//! packed order it names with its number. Lines that do not read are refused by number before
//! anything is written; the others are applied together in one transaction.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::header;

use super::member::Member;
use crate::domain::{TrackingUpload, TrackingUploadResult, WriteRefusal};
use crate::server::error::{ApiError, AppJson};
use crate::server::state::AppState;

/// Whether the body is declared `text/csv`.
fn is_csv(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/csv"))
}

/// Ships the packed orders of the upload, answering what shipped and which lines did not.
pub async fn upload(
    member: Member,
    State(state): State<AppState>,
    req: Request,
) -> Result<AppJson<TrackingUploadResult>, ApiError> {
    if !is_csv(&req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body = Bytes::from_request(req, &state)
        .await
        .map_err(ApiError::from_body)?;
    let upload = TrackingUpload::parse(&body);
    let mut answer = state.writer.ship(upload.lines, member.name()).await?;
    let unread = upload.refused.into_iter();
    answer.refused.extend(
        unread.map(|(line, why): (usize, WriteRefusal)| (line.to_string(), why.code().to_owned())),
    );
    Ok(AppJson(answer))
}
