//! Payment (issue #29, ../shared/DESIGN.md "Payment"): what the server needs to speak to WeChat
//! Pay API v3 and Alipay's open API. So far the keys both sign and verify with (`keys`) and
//! Alipay's RSA2 signatures of requests and notifications (`alipay_sign`) and of answers
//! (`alipay_answer`).

pub mod alipay_answer;
pub mod alipay_sign;
pub mod keys;
