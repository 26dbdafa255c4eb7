//! What every request shares: the configuration, the market's producers (`Shops`: each one's
//! content, store and writer handles, live numbers), the limits, the team and the turns to send
//! a claim's body.

use std::sync::Arc;

use axum::extract::FromRequestParts;
use axum::http::request::Parts;

use super::claim_gate::{self, ClaimGate};
use super::config::Config;
use super::content::Content;
use super::error::ApiError;
use super::limits::Limits;
use super::payment::providers::Payments;
use super::shops::{LiveContent, Shop, ShopScope, Shops};
use super::store::{self, Writer};
use super::storefront_cache::StorefrontCache;
use super::team::Team;
use crate::domain::Localized;

/// The application's shared state, cheap to clone.
#[derive(Clone)]
pub struct AppState {
    pub config: Arc<Config>,
    /// The market's producers, each with its content, store and writer handles and numbers.
    pub shops: Arc<Shops>,
    pub limits: Arc<Limits>,
    /// The turns to send a claim's body (`--max-claim-uploads`, `…-per-client`).
    pub claim_gate: Arc<ClaimGate>,
    /// The team file's members.
    pub team: Arc<Team>,
    /// The producers' payment providers (WeChat Pay, Alipay) and their addresses.
    pub payments: Arc<Payments>,
}

impl AppState {
    /// Opens the database for the shop of one producer (a market of one) and starts the
    /// writer; the producer's slug is the content file's name (`drolma.toml` → `drolma`).
    pub async fn open(config: Config, content: Content) -> Result<Self, String> {
        let slug = super::market_file::default_slug(&config.content);
        let (name, place) = (
            content.producer.name.clone(),
            content.producer.place.clone(),
        );
        Self::open_market(config, name, place, vec![(slug, content)]).await
    }

    /// Opens the database for a market of `producers` (slug and content, the default one
    /// first), seeding those the database does not have yet, and starts the writer.
    pub async fn open_market(
        config: Config,
        name: Localized,
        place: Localized,
        producers: Vec<(String, Content)>,
    ) -> Result<Self, String> {
        super::metrics::install();
        let team_file = config.team()?;
        let seeds: Vec<store::Seed> = producers
            .iter()
            .map(|(slug, content)| store::Seed { slug, content })
            .collect();
        let opened = store::open(
            &config.database,
            &seeds,
            config.pg_pool_size,
            usize::from(config.max_batch),
        )
        .await?;
        // The producers the database has, those put on the market at run time among them.
        let slugs: Vec<&str> = opened.producers.iter().map(|p| p.slug.as_str()).collect();
        let team = Arc::new(team_file.in_market(&slugs)?);
        // Read at start so that a file that does not read, or a producer accepting a method
        // the file has no credentials for, stops the server naming what to fix.
        let payment = config.payment()?;
        if let unknown @ [_, ..] = payment.unknown_slugs(&slugs).as_slice() {
            return Err(format!(
                "ORCHARD_PAYMENT_FILE: no producer {unknown:?} on this market"
            ));
        }
        for producer in &opened.producers {
            let terms = &producer.content.payment;
            payment.check_terms(&producer.slug, terms, config.public_url.is_some())?;
        }
        if config.payment_file.is_some() {
            tracing::info!(
                wechat = ?payment.wechat.keys().collect::<Vec<_>>(),
                alipay = ?payment.alipay.keys().collect::<Vec<_>>(),
                "payment credentials read"
            );
        }
        let shops = opened
            .producers
            .into_iter()
            .map(|producer| Shop {
                id: producer.id,
                slug: producer.slug,
                content: LiveContent::new(producer.content),
                store: opened.store.scoped(producer.id),
                writer: opened.writer.scoped(producer.id),
                snapshot: producer.snapshot,
                storefront: StorefrontCache::new(),
            })
            .collect();
        let limits = Arc::new(
            Limits::new(config.rate_limit_per_minute, config.max_pending_orders)
                .with_admin_failures(config.admin_failures_per_minute),
        );
        let claim_gate = Arc::new(ClaimGate::new(
            usize::try_from(config.max_claim_uploads).unwrap_or(usize::MAX),
            usize::try_from(config.max_claim_uploads_per_client).unwrap_or(usize::MAX),
            claim_gate::WAIT,
        ));
        let shops = Arc::new(Shops::new(name, place, shops)?);
        super::content_refresh::spawn(&shops);
        let payments = Arc::new(Payments::new(payment, config.public_url.as_deref()));
        let sweeping = super::paying::Sweeping {
            every: std::time::Duration::from_secs(config.payment_sweep_seconds),
            refund_after: std::time::Duration::from_secs(config.refund_retry_seconds),
        };
        super::paying::spawn_sweep(&shops, payments.clone(), sweeping);
        Ok(Self {
            config: Arc::new(config),
            shops,
            limits,
            claim_gate,
            team,
            payments,
        })
    }

    /// The writer (every shop shares it), to finish its queue on shutdown.
    pub fn writer_handle(&self) -> Writer {
        self.shops.default_shop().writer.clone()
    }
}

/// A request's producer (see `ShopScope`): the one its address named, else the default one.
impl FromRequestParts<AppState> for ShopScope {
    type Rejection = ApiError;

    async fn from_request_parts(
        parts: &mut Parts,
        state: &AppState,
    ) -> Result<Self, Self::Rejection> {
        Ok(parts
            .extensions
            .get::<ShopScope>()
            .cloned()
            .unwrap_or_else(|| ShopScope(state.shops.default_shop())))
    }
}
