//! `GET /metrics`: the Prometheus text format, rendered from the `metrics` facade's recorder.
//!
//! What is measured (names as scraped):
//! - `orchard_orders_total{outcome}`: every `POST /api/orders` answer, `created`, `replayed`, or
//!   the refusal's error code (`sold_out`, `invalid`, `rate_limited`, `overloaded`, …);
//! - `orchard_http_request_duration_seconds{method,route}`: latency per matched route (the route
//!   pattern such as `/api/orders/{id}`, never the raw path, so ids do not explode the series);
//! - `orchard_writer_batch_size` and `orchard_writer_commit_seconds`: how many writes each
//!   transaction carried and how long it took from `BEGIN` to the fsynced `COMMIT`;
//! - `orchard_boxes_left{box_id}`;
//! - `orchard_requests_shed_total` (503 `overloaded`) and `orchard_requests_rate_limited_total`
//!   (429).
//! - `orchard_connections_open`, `orchard_connections_refused_total{reason}` (`total` or
//!   `per_client`: closed at accept by a connection cap) and
//!   `orchard_connections_timed_out_total` (headers too slow, or idle past the header timeout),
//!   `orchard_connections_send_timed_out_total` (an answer's write waited past the send timeout:
//!   the client stopped reading).
//!
//! `/metrics` needs no token, like most scrape targets: it shows counts and timings, never a
//! buyer's detail, and sharing the admin token (which can move orders and set stock) with every
//! scraper would be the greater risk. It should still not be public: keep it off the CDN or the
//! reverse proxy (serve only `/api/`, `/healthz` and the client there).

use std::sync::OnceLock;
use std::time::{Duration, Instant};

use axum::extract::{MatchedPath, Request};
use axum::http::header::CONTENT_TYPE;
use axum::http::Method;
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::Router;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};

const LATENCY_BUCKETS: &[f64] = &[
    0.0005, 0.001, 0.002, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5,
];
const BATCH_BUCKETS: &[f64] = &[1.0, 2.0, 4.0, 8.0, 16.0, 32.0, 64.0, 128.0, 256.0, 512.0];

static HANDLE: OnceLock<PrometheusHandle> = OnceLock::new();

/// Installs the process-wide recorder the first time (later calls share it) and returns the
/// handle that renders it.
pub fn install() -> PrometheusHandle {
    HANDLE
        .get_or_init(|| {
            let recorder = PrometheusBuilder::new()
                .set_buckets_for_metric(Matcher::Suffix("_seconds".into()), LATENCY_BUCKETS)
                .and_then(|b| {
                    b.set_buckets_for_metric(
                        Matcher::Full("orchard_writer_batch_size".into()),
                        BATCH_BUCKETS,
                    )
                })
                .expect("histogram buckets are not empty")
                .build_recorder();
            let handle = recorder.handle();
            if metrics::set_global_recorder(recorder).is_err() {
                tracing::warn!("another metrics recorder is installed; /metrics stays empty");
            }
            // Histograms keep their samples until upkeep folds them into buckets: without it,
            // memory would grow with every request between two scrapes.
            let upkeep = handle.clone();
            std::thread::Builder::new()
                .name("metrics-upkeep".into())
                .spawn(move || loop {
                    std::thread::sleep(Duration::from_secs(5));
                    upkeep.run_upkeep();
                })
                .ok();
            handle
        })
        .clone()
}

/// `GET /metrics`: it needs nothing of the application's state, so it serves any.
pub fn router<S: Clone + Send + Sync + 'static>() -> Router<S> {
    Router::new().route("/metrics", get(render))
}

async fn render() -> Response {
    (
        [(CONTENT_TYPE, "text/plain; version=0.0.4; charset=utf-8")],
        install().render(),
    )
        .into_response()
}

/// Middleware: records each request's latency under its matched route.
pub async fn track_latency(req: Request, next: Next) -> Response {
    let start = Instant::now();
    let route = req
        .extensions()
        .get::<MatchedPath>()
        .map(|p| p.as_str().to_owned())
        .unwrap_or_else(|| "unmatched".to_owned());
    let method = method_label(req.method());
    let response = next.run(req).await;
    metrics::histogram!("orchard_http_request_duration_seconds", "method" => method, "route" => route)
        .record(start.elapsed().as_secs_f64());
    response
}

/// A fixed set of labels, so odd methods cannot add series.
fn method_label(method: &Method) -> &'static str {
    match *method {
        Method::GET => "GET",
        Method::HEAD => "HEAD",
        Method::POST => "POST",
        Method::PUT => "PUT",
        Method::DELETE => "DELETE",
        _ => "other",
    }
}
