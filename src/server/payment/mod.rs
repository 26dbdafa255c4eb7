//! Payment (issue #29, ../shared/DESIGN.md "Payment"): what the server needs to speak to WeChat
//! Pay API v3 and Alipay's open API. The keys both sign and verify with (`keys`); each
//! producer's merchant credentials (`file`, `ORCHARD_PAYMENT_FILE`); WeChat Pay's request
//! signatures, answer and notification verification, resource decryption and JSAPI `paySign`
//! (`wechat_sign`) and its HTTP client (`wechat_client`); Alipay's RSA2 signatures of requests
//! and notifications (`alipay_sign`) and of answers (`alipay_answer`) and its client
//! (`alipay_client`). The payment port (`port`: one trait, `PaymentProvider`) is implemented by
//! `wechat_provider` and `alipay_provider`; `providers` picks a producer's.

pub mod alipay_answer;
pub mod alipay_client;
pub mod alipay_provider;
pub mod alipay_sign;
pub mod file;
pub mod keys;
pub mod port;
pub mod providers;
pub mod wechat_client;
pub mod wechat_provider;
pub mod wechat_sign;

#[cfg(test)]
mod test_fixtures;
