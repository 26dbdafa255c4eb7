//! A local simulator of Alipay's open API gateway (issue #29, DESIGN.md "Payment"), so that no test
//! reaches the internet. It speaks as Alipay's documents say: RSA2 signatures over sorted
//! parameters (the app's, checked with its public key) and over the `…_response` text of answers
//! (Alipay's, made with the provider test key), the WAP pay redirect, `alipay.trade.query`,
//! `alipay.trade.close`, `alipay.trade.refund` (idempotent by `out_request_no`) and
//! `alipay.trade.fastpay.refund.query`, and the asynchronous notification posted as a form to the
//! trade's `notify_url` (retried by Alipay until the answer is exactly `success`).
//!
//! Standalone: another test crate includes it with
//! `#[path = "../alipay_sim/sim.rs"] mod alipay_sim;`. Its HTTP side is in `sim_gateway.rs`, its
//! notifications in `sim_notify.rs`; the control side (paying, notifying, failing refunds) is
//! Rust methods on `AlipaySim`, not HTTP.
// A crate including the simulator may use only part of its control side.
#![allow(dead_code)]

#[path = "sim_gateway.rs"]
mod gateway;
#[path = "sim_notify.rs"]
mod notify;
#[path = "sim_trade.rs"]
mod trade;

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::sync::{Arc, Mutex, MutexGuard};

use orchard::server::payment::alipay_sign::{china_time, Params};
use orchard::server::payment::keys::{PrivateKey, PublicKey};
use time::OffsetDateTime;
use tokio::sync::oneshot;

pub use notify::{Delivery, Twist};
pub use trade::{Trade, TradeStatus};

/// A file of tests/fixtures/payment/ (the test keys).
pub fn fixture(name: &str) -> String {
    let path = format!(
        "{}/tests/fixtures/payment/{name}",
        env!("CARGO_MANIFEST_DIR")
    );
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{path}: {e}"))
}

/// Why a control call could not be done.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum SimError {
    /// No trade with that `out_trade_no`.
    UnknownTrade,
    /// The trade is not waiting for the buyer: it cannot be paid.
    NotWaiting(TradeStatus),
    /// The trade's request named no `notify_url`.
    NoNotifyUrl,
}

/// What the simulator knows and is set to do.
#[derive(Default)]
struct State {
    trades: BTreeMap<String, Trade>,
    deliveries: Vec<Delivery>,
    fail_refunds: bool,
    next_trade: u64,
}

/// Shared by the gateway's handlers and the handle.
struct Shared {
    app_id: String,
    app_key: PublicKey,
    alipay_key: PrivateKey,
    state: Mutex<State>,
    client: reqwest::Client,
}

impl Shared {
    /// The state, with every trade left unpaid past its `time_expire` closed first, as Alipay
    /// closes it on time.
    fn state(&self) -> MutexGuard<'_, State> {
        let mut state = self
            .state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner());
        let now = now_china();
        for trade in state.trades.values_mut() {
            if trade::due_to_close(trade, &now) {
                trade.status = TradeStatus::TradeClosed;
            }
        }
        state
    }
}

/// The running simulator: its gateway on 127.0.0.1 (a free port) and the control side. Stopped by
/// `stop` or when dropped.
pub struct AlipaySim {
    shared: Arc<Shared>,
    addr: SocketAddr,
    stop: Option<oneshot::Sender<()>>,
    server: Option<tokio::task::JoinHandle<()>>,
}

/// `yyyy-MM-dd HH:mm:ss`, China time, now.
fn now_china() -> String {
    china_time(OffsetDateTime::now_utc())
}

impl AlipaySim {
    /// Starts the gateway for one app: `app_id`, the app's public key (verifies its requests) and
    /// Alipay's private key (signs answers and notifications).
    pub async fn start(app_id: &str, app_key: PublicKey, alipay_key: PrivateKey) -> Self {
        let shared = Arc::new(Shared {
            app_id: app_id.to_owned(),
            app_key,
            alipay_key,
            state: Mutex::new(State::default()),
            client: reqwest::Client::builder()
                .timeout(std::time::Duration::from_secs(10))
                .build()
                .expect("a plain HTTP client builds"),
        });
        let listener = tokio::net::TcpListener::bind("127.0.0.1:0")
            .await
            .expect("a free port on 127.0.0.1");
        let addr = listener
            .local_addr()
            .expect("a bound listener has an address");
        let (stop, stopped) = oneshot::channel::<()>();
        let app = gateway::router(shared.clone());
        let server = tokio::spawn(async move {
            axum::serve(listener, app)
                .with_graceful_shutdown(async move {
                    let _ = stopped.await;
                })
                .await
                .expect("the simulator serves until stopped");
        });
        Self {
            shared,
            addr,
            stop: Some(stop),
            server: Some(server),
        }
    }

    /// The gateway's address, as a producer's payment file names it (`gateway = "…"`).
    pub fn gateway(&self) -> String {
        format!("http://{}/gateway.do", self.addr)
    }

    /// Stops the gateway and waits for it to end.
    pub async fn stop(mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
        if let Some(server) = self.server.take() {
            let _ = server.await;
        }
    }

    /// The trade as Alipay holds it now.
    pub fn trade(&self, out_trade_no: &str) -> Option<Trade> {
        self.shared.state().trades.get(out_trade_no).cloned()
    }

    /// From now on every `alipay.trade.refund` fails (ACQ.SELLER_BALANCE_NOT_ENOUGH) while `on`.
    pub fn fail_refunds(&self, on: bool) {
        self.shared.state().fail_refunds = on;
    }

    /// The buyer pays: the trade becomes TRADE_SUCCESS and its notification (signed, not yet
    /// sent) is returned, to be sent now (`deliver`) or late.
    pub fn pay_quietly(&self, out_trade_no: &str) -> Result<Params, SimError> {
        {
            let mut state = self.shared.state();
            let trade = state
                .trades
                .get_mut(out_trade_no)
                .ok_or(SimError::UnknownTrade)?;
            if trade.status != TradeStatus::WaitBuyerPay {
                return Err(SimError::NotWaiting(trade.status));
            }
            trade.status = TradeStatus::TradeSuccess;
            trade.gmt_payment = Some(now_china());
        }
        self.notification(out_trade_no, Twist::Honest)
    }

    /// The buyer pays and Alipay notifies the merchant at once.
    pub async fn pay(&self, out_trade_no: &str) -> Result<Delivery, SimError> {
        let fields = self.pay_quietly(out_trade_no)?;
        self.deliver(&fields).await
    }

    /// A new notification (its own `notify_id`) of the trade as it stands, bent by `twist`.
    pub fn notification(&self, out_trade_no: &str, twist: Twist) -> Result<Params, SimError> {
        let state = self.shared.state();
        let trade = state
            .trades
            .get(out_trade_no)
            .ok_or(SimError::UnknownTrade)?;
        Ok(notify::notification(&self.shared, trade, twist))
    }

    /// Posts `fields` as a form to the `notify_url` of the trade they name, and records what the
    /// merchant answered.
    pub async fn deliver(&self, fields: &Params) -> Result<Delivery, SimError> {
        let url = {
            let state = self.shared.state();
            let out_trade_no = fields.get("out_trade_no").map(String::as_str);
            let trade = out_trade_no
                .and_then(|out| state.trades.get(out))
                .ok_or(SimError::UnknownTrade)?;
            trade.notify_url.clone().ok_or(SimError::NoNotifyUrl)?
        };
        Ok(self.deliver_to(&url, fields).await)
    }

    /// Posts `fields` as a form to `url` and records what was answered.
    pub async fn deliver_to(&self, url: &str, fields: &Params) -> Delivery {
        let delivery = notify::send(&self.shared.client, url, fields).await;
        self.shared.state().deliveries.push(delivery.clone());
        delivery
    }

    /// Every notification sent so far and what was answered, in order.
    pub fn deliveries(&self) -> Vec<Delivery> {
        self.shared.state().deliveries.clone()
    }

    /// The notifications Alipay would send again: those whose `notify_id` was never answered
    /// exactly `success`, each once, in the order first sent.
    pub fn unacknowledged(&self) -> Vec<Params> {
        notify::unacknowledged(&self.shared.state().deliveries)
    }

    /// Alipay's retry: sends every unacknowledged notification again, unchanged (same
    /// `notify_id`, same signature).
    pub async fn retry(&self) -> Vec<Delivery> {
        let mut answers = Vec::new();
        for fields in self.unacknowledged() {
            if let Ok(delivery) = self.deliver(&fields).await {
                answers.push(delivery);
            }
        }
        answers
    }
}

impl Drop for AlipaySim {
    fn drop(&mut self) {
        if let Some(stop) = self.stop.take() {
            let _ = stop.send(());
        }
    }
}
