//! One route a file.

mod claim_form;
mod claim_words;
mod claims;
mod home;
mod my_orders;
mod not_found;
mod pay_qr;
mod producer_name;
mod tracking;
mod tracking_notes;
mod tracking_pay;

pub use home::Home;
pub use my_orders::MyOrders;
pub use not_found::NotFound;
pub use tracking::Tracking;
pub use tracking_pay::PaymentPanel;

pub mod admin;
pub use admin::owner::OwnerPage;
pub use admin::{Admin, ScanPage};
