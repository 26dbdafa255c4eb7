//! Buyers pay on their phones (issue #29), end to end: the real server in this process, with
//! WeChat Pay's and Alipay's local simulators, on SQLite and PostgreSQL. An order paid online
//! waits for its payment holding its boxes, is paid once however its notifications come, is
//! closed unpaid when its window passes, and a payment after that is refunded.
#![cfg(not(target_arch = "wasm32"))]

#[path = "../alipay_sim/sim.rs"]
mod alipay_sim;
#[path = "../common/mod.rs"]
mod common;
#[path = "../wechat_sim/sim.rs"]
mod wechat_sim;

mod alipay;
mod refunds;
mod retries;
mod shop;
mod wechat;
mod window;
