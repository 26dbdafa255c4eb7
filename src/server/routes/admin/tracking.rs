//! `POST /api/admin/tracking-numbers`: the courier's CSV (`text/csv`, at most 2 MiB; read by
//! `courier_csv`) ships each packed order it names with its number. Lines that do not read are
//! refused by number before anything is written; the others are applied together in one
//! transaction.

use axum::body::Bytes;
use axum::extract::{FromRequest, Request, State};
use axum::http::header;
use utoipa::openapi::schema::{KnownFormat, ObjectBuilder, Schema, SchemaFormat, Type};
use utoipa::openapi::RefOr;

use super::member::Member;
use crate::domain::{TrackingUploadResult, WriteRefusal};
use crate::server::app_json::AppJson;
use crate::server::courier_csv::TrackingUpload;
use crate::server::error::ApiError;
use crate::server::scope::ShopScope;
use crate::server::state::AppState;

/// The courier's CSV as the document describes it: bytes (read as UTF-8 by the server), so a
/// tool generating bodies sends text, not JSON values.
struct CourierCsv;

impl utoipa::PartialSchema for CourierCsv {
    fn schema() -> RefOr<Schema> {
        ObjectBuilder::new()
            .schema_type(Type::String)
            .format(Some(SchemaFormat::KnownFormat(KnownFormat::Binary)))
            .into()
    }
}

impl utoipa::ToSchema for CourierCsv {}

/// Whether the body is declared `text/csv`.
fn is_csv(req: &Request) -> bool {
    req.headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.split(';').next())
        .is_some_and(|essence| essence.trim().eq_ignore_ascii_case("text/csv"))
}

/// Ships the packed orders of the upload, answering what shipped and which lines did not.
#[utoipa::path(
    post,
    path = "/admin/tracking-numbers",
    operation_id = "team_tracking_numbers",
    tag = "team",
    request_body(content = CourierCsv, content_type = "text/csv", description = "UTF-8, an optional BOM and header row, lines `order_id,tracking_number` separated by `,`, `;` or a tab (as the first line has it), cells optionally quoted (RFC 4180), at most 2 MiB."),
    security(("team_token" = [])),
    responses((status = 200, description = "How many orders shipped and, by line number, why a line was not applied.", body = crate::domain::TrackingUploadResult))
)]
pub async fn upload(
    member: Member,
    State(state): State<AppState>,
    ShopScope(shop): ShopScope,
    req: Request,
) -> Result<AppJson<TrackingUploadResult>, ApiError> {
    if !is_csv(&req) {
        return Err(ApiError::UnsupportedMediaType);
    }
    let body = Bytes::from_request(req, &state)
        .await
        .map_err(ApiError::from_body)?;
    let upload = TrackingUpload::parse(&body);
    let mut answer = shop.writer.ship(upload.lines, member.name()).await?;
    let unread = upload.refused.into_iter();
    answer
        .refused
        .extend(unread.map(|(line, why): (usize, WriteRefusal)| (line.to_string(), why.code())));
    Ok(AppJson(answer))
}
