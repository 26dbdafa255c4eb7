//! The axum server: configuration, the content file, the store and its single writer, the JSON
//! routes, and the built client's static files. Native only.

mod app_json;
mod body_deadline;
mod claim_gate;
mod client_ip;
pub mod config;
mod conn_caps;
pub mod content;
mod content_record;
mod content_refresh;
pub mod courier_csv;
mod error;
mod fd_limit;
mod limits;
mod linger;
pub mod market_file;
mod metrics;
mod openapi;
mod pages;
mod paying;
pub mod payment;
mod photos;
mod request_log;
mod routes;
mod scope;
mod send_deadline;
mod serve;
mod shops;
mod snapshot;
mod state;
mod static_files;
mod store;
mod storefront_cache;
pub mod team;
mod time;
mod tokens;
mod unique_keys;

use axum::Router;
use tokio::net::TcpListener;

pub use config::Config;
pub use content::{Content, ContentError};
pub use error::ApiError;
pub use state::AppState;

// The order limit and its client key, for examples/limiter_bench.rs.
pub use client_ip::limit_key;
pub use limits::Limits;
// A claim photo checked, decoded within limits and re-encoded, for examples/photo_bench.rs.
pub use photos::{keep as keep_photo, Kept as KeptPhoto};

/// Everything that can stop the server from starting, each with a message for the operator.
#[derive(Debug)]
pub enum StartError {
    /// The content file is missing or invalid (exit code 2).
    Content(ContentError),
    /// The configuration is refused, e.g. a weak admin token (exit code 2).
    Config(String),
    /// The database could not be opened, migrated or seeded.
    Database(String),
    /// The address could not be bound.
    Listen(String),
}

impl std::fmt::Display for StartError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::Content(e) => write!(f, "{e}"),
            Self::Config(e) => write!(f, "{e}"),
            Self::Database(e) => write!(f, "database: {e}"),
            Self::Listen(e) => write!(f, "listen: {e}"),
        }
    }
}

/// The whole HTTP application for a ready state: the API under `/api/`, `/healthz`, and the
/// built client for every other path. It needs each request's peer address (`ConnectInfo`):
/// `run` serves it with one, tests call it with `oneshot` behind axum's `MockConnectInfo`.
pub fn app(state: AppState) -> Router {
    let dist = state.config.dist.clone();
    let headers = std::sync::Arc::new(static_files::SecurityHeaders::new(state.config.hsts));
    let public_url = state
        .config
        .public_url
        .as_deref()
        .and_then(|u| config::public_origin(u).ok());
    let shops = state.shops.clone();
    let rendered = pages::Pages::render(&dist, shops.clone(), public_url.as_deref());
    let (page_routes, client_routes) = pages::routes(std::sync::Arc::new(rendered));
    let routed = routes::router()
        .merge(page_routes)
        .fallback_service(static_files::service(&dist, client_routes))
        .with_state(state);
    // The producer an address names is read before routing (`scope`), so every route serves
    // every producer at its unscoped address.
    Router::new()
        .fallback_service(routed)
        .layer(axum::middleware::from_fn_with_state(shops, scope::resolve))
        .layer(axum::middleware::from_fn_with_state(
            headers,
            static_files::security_headers,
        ))
        .layer(request_log::layer())
}

/// Raises the descriptor limit, reads the content, opens the store, binds the address and
/// serves until SIGTERM or Ctrl-C.
pub async fn run(config: Config) -> Result<(), StartError> {
    config.check().map_err(StartError::Config)?;
    let fds = fd_limit::raise_to_hard();
    let market = market_file::MarketFile::load(&config.content).map_err(StartError::Content)?;
    let state = AppState::open_market(config, market.name, market.place, market.producers)
        .await
        .map_err(StartError::Database)?;
    let listener = TcpListener::bind(&state.config.addr)
        .await
        .map_err(|e| StartError::Listen(format!("{}: {e}", state.config.addr)))?;
    let local = listener
        .local_addr()
        .map_err(|e| StartError::Listen(e.to_string()))?;
    let settings = serve::Settings::for_config(&state.config, fds);
    tracing::info!(addr = %local, "orchard-server listening on http://{local}");
    if state.config.public_url.is_none() {
        tracing::warn!(
            "no --public-url (ORCHARD_PUBLIC_URL): share cards will lack absolute URLs (og:url, og:image), which chat apps' link previews need"
        );
    }
    let writer = state.writer_handle();
    serve::serve(listener, app(state), settings, shutdown_signal()).await;
    writer.shutdown().await;
    tracing::info!("orchard-server stopped");
    Ok(())
}

async fn shutdown_signal() {
    let ctrl_c = async {
        let _ = tokio::signal::ctrl_c().await;
    };
    let term = async {
        match tokio::signal::unix::signal(tokio::signal::unix::SignalKind::terminate()) {
            Ok(mut s) => {
                s.recv().await;
            }
            Err(_) => std::future::pending::<()>().await,
        }
    };
    tokio::select! { _ = ctrl_c => {}, _ = term => {} }
    tracing::info!("shutting down: finishing requests in flight");
}
