//! Live values in views behind one shared type.
//!
//! Every `move || …` written in a `view!` is a type of its own, and Leptos compiles its
//! rendering (build, update, mount, unmount) once per type: dozens of small closures become
//! dozens of copies of the same machinery in the buyer's download. Behind `Live<T>` (a shared
//! `Fn() -> T`) that machinery is compiled once per `T`, and each closure adds only its own
//! body. The buyers' bundle is measured in `BENCHMARKS.md`.

use std::sync::Arc;

use crate::client::format;
use crate::client::i18n::lang;
use crate::domain::Money;

/// A value a view reads again whenever what it depends on changes.
pub type Live<T> = Arc<dyn Fn() -> T + Send + Sync>;

/// Wraps a closure as a live value.
pub fn live<T>(f: impl Fn() -> T + Send + Sync + 'static) -> Live<T> {
    Arc::new(f)
}

/// A price in the page's language, following the language and the amount.
pub fn money(fen: impl Fn() -> i64 + Send + Sync + 'static) -> Live<String> {
    live(move || format::money(lang(), Money::from_fen(fen())))
}

/// A whole number in the page's language, following the language and the number.
pub fn number(n: impl Fn() -> u64 + Send + Sync + 'static) -> Live<String> {
    live(move || format::number(lang(), n()))
}
