//! The admin calls, each with the team's token as a Bearer header.

use gloo_net::http::{Request, Response};
use wasm_bindgen::JsValue;

use super::{network, read_json, with_json, ApiError};
use crate::domain::{
    AdminOrder, AdminOrderList, BoxOffer, BulkMoveRequest, BulkMoveResult, MemberInfo,
    OrderListParams, Picklist, ShortfallResult, StatusMoveRequest, Summary, TrackingUploadResult,
};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

pub(super) async fn get(token: &str, url: &str) -> Result<Response, ApiError> {
    Request::get(url)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(network)
}

/// A query string (`?a=1&b=2`, or nothing) of the parameters given, each encoded.
pub fn query(pairs: &[(&str, Option<&str>)]) -> String {
    let mut out = String::new();
    for (name, value) in pairs {
        if let Some(value) = value {
            out.push(if out.is_empty() { '?' } else { '&' });
            out.push_str(name);
            out.push('=');
            out.push_str(&String::from(js_sys::encode_uri_component(value)));
        }
    }
    out
}

/// The query string of an order list's page.
pub fn list_query(p: &OrderListParams) -> String {
    query(&[
        ("status", p.status.as_deref()),
        ("q", p.q.as_deref()),
        ("ref", p.ref_tag.as_deref()),
        ("limit", p.limit.as_deref()),
        ("cursor", p.cursor.as_deref()),
    ])
}

/// `GET /api/admin/orders?status=&q=&limit=&cursor=`: one page, newest first.
pub async fn orders(token: &str, params: &OrderListParams) -> Result<AdminOrderList, ApiError> {
    read_json(get(token, &format!("/api/admin/orders{}", list_query(params))).await?).await
}

/// `GET /api/admin/me`: whose token this is, and their role.
pub async fn me(token: &str) -> Result<MemberInfo, ApiError> {
    read_json(get(token, "/api/admin/me").await?).await
}

/// `GET /api/admin/summary` (the owner's; a packer is refused with 403).
pub async fn summary(token: &str) -> Result<Summary, ApiError> {
    read_json(get(token, "/api/admin/summary").await?).await
}

/// `GET /api/admin/picklist`, for one status or every one.
pub async fn picklist(token: &str, status: Option<&str>) -> Result<Picklist, ApiError> {
    let url = format!("/api/admin/picklist{}", query(&[("status", status)]));
    read_json(get(token, &url).await?).await
}

/// `GET /api/admin/labels?status=` or `?ids=`: the printable labels, as HTML.
pub async fn labels(token: &str, query: &str) -> Result<String, ApiError> {
    text(get(token, &format!("/api/admin/labels{query}")).await?).await
}

async fn text(r: Response) -> Result<String, ApiError> {
    if !r.ok() {
        return read_json::<()>(r).await.map(|_| String::new());
    }
    r.text()
        .await
        .map_err(|e| ApiError::Unexpected(e.to_string()))
}

/// `POST /api/admin/orders/{id}/status`.
pub async fn move_status(
    token: &str,
    id: &str,
    change: &StatusMoveRequest,
) -> Result<AdminOrder, ApiError> {
    let request = Request::post(&format!("/api/admin/orders/{id}/status"))
        .header("Authorization", &bearer(token));
    let r = with_json(request, change)?.send().await.map_err(network)?;
    read_json(r).await
}

/// `POST /api/admin/orders/status`: many orders of one status moved on together.
pub async fn move_many(token: &str, change: &BulkMoveRequest) -> Result<BulkMoveResult, ApiError> {
    let request = Request::post("/api/admin/orders/status").header("Authorization", &bearer(token));
    let r = with_json(request, change)?.send().await.map_err(network)?;
    read_json(r).await
}

/// `POST /api/admin/tracking-numbers` with the courier's CSV file (a `File` from an
/// `<input type=file>`, sent as it is).
pub async fn tracking_numbers(
    token: &str,
    file: JsValue,
) -> Result<TrackingUploadResult, ApiError> {
    let r = Request::post("/api/admin/tracking-numbers")
        .header("Authorization", &bearer(token))
        .header("Content-Type", "text/csv")
        .body(file)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `PUT /api/admin/boxes/{id}`.
pub async fn set_stock(token: &str, box_id: &str, stock: u32) -> Result<BoxOffer, ApiError> {
    #[derive(serde::Serialize)]
    struct Stock {
        stock: u32,
    }
    let request =
        Request::put(&format!("/api/admin/boxes/{box_id}")).header("Authorization", &bearer(token));
    let r = with_json(request, &Stock { stock })?
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `POST /api/admin/boxes/{id}/shortfall`: the orders a short harvest would cancel (a
/// preview, `confirm` being `None`), or the previewed orders `confirm` names, cancelled.
pub async fn shortfall(
    token: &str,
    box_id: &str,
    boxes: u32,
    confirm: Option<&[String]>,
) -> Result<ShortfallResult, ApiError> {
    #[derive(serde::Serialize)]
    struct Cut<'a> {
        boxes: u32,
        dry_run: bool,
        #[serde(skip_serializing_if = "Option::is_none")]
        orders: Option<&'a [String]>,
    }
    let cut = Cut {
        boxes,
        dry_run: confirm.is_none(),
        orders: confirm,
    };
    let request = Request::post(&format!("/api/admin/boxes/{box_id}/shortfall"))
        .header("Authorization", &bearer(token));
    let r = with_json(request, &cut)?.send().await.map_err(network)?;
    read_json(r).await
}

/// `GET /api/admin/orders.csv`, optionally for one status.
pub async fn dispatch_csv(token: &str, status: &str) -> Result<String, ApiError> {
    let status = (!status.is_empty()).then_some(status);
    text(
        get(
            token,
            &format!("/api/admin/orders.csv{}", query(&[("status", status)])),
        )
        .await?,
    )
    .await
}
