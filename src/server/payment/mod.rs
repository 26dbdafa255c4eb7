//! Payment (issue #29, ../shared/DESIGN.md "Payment"): what the server needs to speak to WeChat
//! Pay API v3 and Alipay's open API. So far: the keys both sign and verify with (`keys`) and
//! each producer's merchant credentials (`file`, `ORCHARD_PAYMENT_FILE`).

pub mod file;
pub mod keys;
