//! The admin calls, each with the team's token as a Bearer header, to the producer the
//! `Team` names (`team_base`: the one place the team's API base is chosen).

use gloo_net::http::{Request, Response};
use wasm_bindgen::JsValue;

use super::team_base::Team;
use super::{network, read_json, with_json, ApiError};
use crate::domain::{
    AdminOrder, AdminOrderList, BoxOffer, BulkMoveRequest, BulkMoveResult, MemberInfo,
    OrderListParams, Picklist, ShortfallResult, StatusMoveRequest, Summary, TrackingUploadResult,
};

fn bearer(token: &str) -> String {
    format!("Bearer {token}")
}

/// `GET` of `url` as it is, with the token.
pub(super) async fn get_url(token: &str, url: &str) -> Result<Response, ApiError> {
    Request::get(url)
        .header("Authorization", &bearer(token))
        .send()
        .await
        .map_err(network)
}

/// `GET` of the team endpoint `rest` of the team's producer.
pub(super) async fn get(team: &Team, rest: &str) -> Result<Response, ApiError> {
    get_url(&team.token, &team.url(rest)).await
}

/// A request to the team endpoint `rest` of the team's producer, with the token.
fn to(
    team: &Team,
    method: fn(&str) -> gloo_net::http::RequestBuilder,
    rest: &str,
) -> gloo_net::http::RequestBuilder {
    method(&team.url(rest)).header("Authorization", &bearer(&team.token))
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

/// `GET …/admin/orders?status=&q=&limit=&cursor=`: one page, newest first.
pub async fn orders(team: &Team, params: &OrderListParams) -> Result<AdminOrderList, ApiError> {
    read_json(get(team, &format!("/orders{}", list_query(params))).await?).await
}

/// `GET /api/admin/me`: whose token this is, their role and their producer (asked of the
/// market, not of a producer).
pub async fn me(token: &str) -> Result<MemberInfo, ApiError> {
    read_json(get_url(token, "/api/admin/me").await?).await
}

/// `GET …/admin/summary` (the owner's; a packer is refused with 403).
pub async fn summary(team: &Team) -> Result<Summary, ApiError> {
    read_json(get(team, "/summary").await?).await
}

/// `GET …/admin/picklist`, for one status or every one.
pub async fn picklist(team: &Team, status: Option<&str>) -> Result<Picklist, ApiError> {
    let url = format!("/picklist{}", query(&[("status", status)]));
    read_json(get(team, &url).await?).await
}

/// `GET …/admin/labels?status=` or `?ids=`: the printable labels, as HTML.
pub async fn labels(team: &Team, query: &str) -> Result<String, ApiError> {
    text(get(team, &format!("/labels{query}")).await?).await
}

async fn text(r: Response) -> Result<String, ApiError> {
    if !r.ok() {
        return read_json::<()>(r).await.map(|_| String::new());
    }
    r.text()
        .await
        .map_err(|e| ApiError::Unexpected(e.to_string()))
}

/// `POST …/admin/orders/{id}/status`.
pub async fn move_status(
    team: &Team,
    id: &str,
    change: &StatusMoveRequest,
) -> Result<AdminOrder, ApiError> {
    let request = to(team, Request::post, &format!("/orders/{id}/status"));
    let r = with_json(request, change)?.send().await.map_err(network)?;
    read_json(r).await
}

/// `POST …/admin/orders/status`: many orders of one status moved on together.
pub async fn move_many(team: &Team, change: &BulkMoveRequest) -> Result<BulkMoveResult, ApiError> {
    let request = to(team, Request::post, "/orders/status");
    let r = with_json(request, change)?.send().await.map_err(network)?;
    read_json(r).await
}

/// `POST …/admin/tracking-numbers` with the courier's CSV file (a `File` from an
/// `<input type=file>`, sent as it is).
pub async fn tracking_numbers(
    team: &Team,
    file: JsValue,
) -> Result<TrackingUploadResult, ApiError> {
    let r = to(team, Request::post, "/tracking-numbers")
        .header("Content-Type", "text/csv")
        .body(file)
        .map_err(network)?
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `PUT …/admin/boxes/{id}`.
pub async fn set_stock(team: &Team, box_id: &str, stock: u32) -> Result<BoxOffer, ApiError> {
    #[derive(serde::Serialize)]
    struct Stock {
        stock: u32,
    }
    let request = to(team, Request::put, &format!("/boxes/{box_id}"));
    let r = with_json(request, &Stock { stock })?
        .send()
        .await
        .map_err(network)?;
    read_json(r).await
}

/// `POST …/admin/boxes/{id}/shortfall`: the orders a short harvest would cancel (a
/// preview, `confirm` being `None`), or the previewed orders `confirm` names, cancelled.
pub async fn shortfall(
    team: &Team,
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
    let request = to(team, Request::post, &format!("/boxes/{box_id}/shortfall"));
    let r = with_json(request, &cut)?.send().await.map_err(network)?;
    read_json(r).await
}

/// `GET …/admin/orders.csv`, optionally for one status.
pub async fn dispatch_csv(team: &Team, status: &str) -> Result<String, ApiError> {
    let status = (!status.is_empty()).then_some(status);
    text(
        get(
            team,
            &format!("/orders.csv{}", query(&[("status", status)])),
        )
        .await?,
    )
    .await
}
