//! What every request shares: the configuration, the content, the store's read side, the
//! writer, the live snapshot, the limits and the turns to send a claim's body.

use std::sync::Arc;

use super::claim_gate::{self, ClaimGate};
use super::config::Config;
use super::content::Content;
use super::limits::Limits;
use super::snapshot::Snapshot;
use super::store::{self, Store, Writer};
use super::storefront_cache::StorefrontCache;
use super::team::Team;

/// The application's shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    pub content: Arc<Content>,
    pub store: Store,
    pub writer: Arc<Writer>,
    pub snapshot: Arc<Snapshot>,
    pub limits: Arc<Limits>,
    /// The turns to send a claim's body (`--max-claim-uploads`, `…-per-client`).
    pub claim_gate: Arc<ClaimGate>,
    /// The storefront rendered last, with its ETag.
    pub storefront: Arc<StorefrontCache>,
    /// The team file's members.
    pub team: Arc<Team>,
}

impl AppState {
    /// Opens the database for this content and starts the writer.
    pub async fn open(config: Config, content: Content) -> Result<Self, String> {
        super::metrics::install();
        let team = Arc::new(config.team()?);
        let slug = super::market_file::default_slug(&config.content);
        let seeds = [store::Seed {
            slug: &slug,
            content: &content,
        }];
        let opened = store::open(
            &config.database,
            &seeds,
            config.pg_pool_size,
            usize::from(config.max_batch),
        )
        .await?;
        let (store, writer) = (opened.store, Arc::new(opened.writer));
        let snapshot = opened.producers[0].snapshot.clone();
        let limits = Arc::new(
            Limits::new(config.rate_limit_per_minute, config.max_pending_orders)
                .with_admin_failures(config.admin_failures_per_minute),
        );
        let claim_gate = Arc::new(ClaimGate::new(
            usize::try_from(config.max_claim_uploads).unwrap_or(usize::MAX),
            usize::try_from(config.max_claim_uploads_per_client).unwrap_or(usize::MAX),
            claim_gate::WAIT,
        ));
        Ok(Self {
            config: Arc::new(config),
            content: Arc::new(content),
            store,
            writer,
            snapshot,
            limits,
            claim_gate,
            storefront: Arc::new(StorefrontCache::new()),
            team,
        })
    }

    /// The writer, to finish its queue on shutdown.
    pub fn writer_handle(&self) -> Arc<Writer> {
        self.writer.clone()
    }
}
