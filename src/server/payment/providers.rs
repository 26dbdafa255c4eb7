//! The market's providers: each producer's credentials (the payment file), the public address
//! the providers' notify, return and OAuth addresses are made on, the HTTP client every call
//! uses, and the provider for a producer's method (`Provider`, which speaks for either one).

use axum::http::HeaderMap;

use super::alipay_client::Alipay;
use super::alipay_provider::AlipayProvider;
use super::file::PaymentFile;
use super::port::{encode, Notice, Payable, PaymentProvider, PortError, Remote};
use super::wechat_client::WechatPay;
use super::wechat_provider::WechatProvider;
use crate::domain::{PaymentMethod, PaymentNext, RefundStatus};

/// One producer's provider for one method.
pub enum Provider<'m> {
    Wechat(WechatProvider<'m>),
    Alipay(AlipayProvider<'m>),
}

/// Runs `$call` on whichever provider `$provider` is.
macro_rules! either {
    ($provider:expr, $it:ident => $call:expr) => {
        match $provider {
            Provider::Wechat($it) => $call,
            Provider::Alipay($it) => $call,
        }
    };
}

impl PaymentProvider for Provider<'_> {
    async fn start(&self, order: &Payable<'_>) -> Result<PaymentNext, PortError> {
        either!(self, p => p.start(order).await)
    }

    async fn query(&self, out_trade_no: &str) -> Result<Remote, PortError> {
        either!(self, p => p.query(out_trade_no).await)
    }

    async fn close(&self, out_trade_no: &str) -> Result<(), PortError> {
        either!(self, p => p.close(out_trade_no).await)
    }

    async fn refund(
        &self,
        out_trade_no: &str,
        refund_id: &str,
        fen: i64,
        total_fen: i64,
        notify_url: &str,
    ) -> Result<RefundStatus, PortError> {
        either!(self, p => p.refund(out_trade_no, refund_id, fen, total_fen, notify_url).await)
    }

    fn verify_notification(&self, headers: &HeaderMap, body: &[u8]) -> Result<Notice, PortError> {
        either!(self, p => p.verify_notification(headers, body))
    }
}

/// The market's credentials, its public address and the HTTP client every provider call uses.
pub struct Payments {
    file: PaymentFile,
    public_url: String,
    http: reqwest::Client,
}

impl Payments {
    /// The port for `file`'s merchants, whose notify and return addresses are on `public_url`.
    pub fn new(file: PaymentFile, public_url: Option<&str>) -> Self {
        Self {
            file,
            public_url: public_url
                .unwrap_or_default()
                .trim_end_matches('/')
                .to_owned(),
            http: reqwest::Client::new(),
        }
    }

    /// Producer `slug`'s provider for `method`, if the file has its credentials.
    pub fn provider(&self, slug: &str, method: PaymentMethod) -> Option<Provider<'_>> {
        match method {
            PaymentMethod::Wechat => self.file.wechat.get(slug).map(|merchant| {
                let pay = WechatPay::new(merchant, self.http.clone());
                Provider::Wechat(WechatProvider { pay, merchant })
            }),
            PaymentMethod::Alipay => self.file.alipay.get(slug).map(|merchant| {
                let alipay = Alipay::new(merchant, self.http.clone());
                Provider::Alipay(AlipayProvider { alipay, merchant })
            }),
            PaymentMethod::Cod => None,
        }
    }

    /// Where `method`'s provider tells the server about producer `slug`'s orders.
    pub fn notify_url(&self, slug: &str, method: PaymentMethod) -> String {
        format!("{}/api/pay/{}/{slug}", self.public_url, method.as_str())
    }

    /// Where WeChat's OAuth sends the phone back for producer `slug`'s orders.
    pub fn oauth_url(&self, slug: &str) -> String {
        format!("{}/api/pay/wechat/{slug}/oauth", self.public_url)
    }

    /// The order's tracking page: where a phone comes back after paying (no token in it: the
    /// phone keeps it in "My orders").
    pub fn return_url(&self, id: &str) -> String {
        format!("{}/orders/{id}", self.public_url)
    }

    /// The buyer's openid for the `code` WeChat's OAuth gave producer `slug`'s official account
    /// (snsapi_base: `/sns/oauth2/access_token`).
    pub async fn openid(&self, slug: &str, code: &str) -> Result<String, PortError> {
        let m = self
            .file
            .wechat
            .get(slug)
            .ok_or_else(|| PortError(format!("no WeChat merchant for {slug}")))?;
        let url = format!(
            "{}/sns/oauth2/access_token?appid={}&secret={}&code={}&grant_type=authorization_code",
            m.sns_base,
            encode(&m.appid),
            encode(&m.app_secret),
            encode(code)
        );
        let answer: serde_json::Value = self
            .http
            .get(url)
            .timeout(std::time::Duration::from_secs(10))
            .send()
            .await
            .map_err(|e| PortError(format!("WeChat OAuth: {e}")))?
            .json()
            .await
            .map_err(|e| PortError(format!("WeChat OAuth: {e}")))?;
        match answer["openid"].as_str() {
            Some(openid) if !openid.is_empty() => Ok(openid.to_owned()),
            // The error's code and words, never the secret sent.
            _ => Err(PortError(format!(
                "WeChat OAuth: {} {}",
                answer["errcode"], answer["errmsg"]
            ))),
        }
    }
}
