//! Pieces of the storefront shared by pages.

mod boxes;

pub use boxes::BoxList;
