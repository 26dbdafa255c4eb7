//! The client's three languages: 中文, English, Français (the domain's `Lang`, here called
//! `Locale`, with its `fill` and plural categories). The messages live in
//! `locales/{en,zh,fr}.json` (and the team's page's in `locales/team/`, the owner's page's in
//! `locales/owner/`, the buyer's orders' in `locales/orders/`, the status names both the buyer's
//! orders and the team's pages show in `locales/shared/`); build.rs turns them
//! into one `Key` (`TeamKey`) per message and a table per language, and refuses to build when a
//! language misses one or a plural form. A message with a count picks its form by the count
//! (the browser's `Intl.PluralRules`). The page starts in the language the server
//! chose for it (`<html lang>`); the buyer's choice is kept in the `lang` cookie.
//!
//! Every translated text on a page is one and the same small view type (a closure reading the
//! current language), whatever the message: the bundle pays for translation once, not once per
//! message.

use leptos::prelude::*;

use crate::client::format;
/// The page's language: the very type the server's pages are written in (`domain::Lang`).
pub use crate::domain::Lang as Locale;
pub use crate::domain::{fill, Lang, Message, Plural};

include!(concat!(env!("OUT_DIR"), "/locales.rs"));

/// The plural category of `n` in `lang`, as the browser's `Intl.PluralRules` says (CLDR's rules,
/// which `Lang::plural` writes out for the server; the wasm tests check they agree).
pub fn plural(lang: Locale, n: u64) -> Plural {
    let rules = js_sys::Intl::PluralRules::new(
        &js_sys::Array::of1(&lang.as_str().into()),
        &js_sys::Object::new(),
    );
    rules
        .select(n as f64)
        .as_string()
        .as_deref()
        .and_then(Plural::from_name)
        .unwrap_or(Plural::Other)
}

/// The language the page starts in: the one the server wrote the page in (`<html lang>`, chosen
/// from `?lang=`, the `lang` cookie and the browser's languages), so the app takes over the first
/// screen in the same words; the shop's default language (the server's too) for a page that
/// carries none.
fn first_locale() -> Locale {
    document()
        .document_element()
        .and_then(|html| html.get_attribute("lang"))
        .as_deref()
        .and_then(Locale::from_tag)
        .unwrap_or(Locale::DEFAULT)
}

/// Something to say to the buyer: one of the app's messages with its placeholders, a message
/// with a count, or words that arrived as they are (a field message from the server).
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum Text {
    Message(Key, Vec<(&'static str, String)>),
    /// A message in the form its count takes, the count in `{{ count }}` as the language writes
    /// numbers ("1,187 boxes left").
    Count(Key, u64),
    Verbatim(String),
}

impl From<Key> for Text {
    fn from(key: Key) -> Self {
        Text::Message(key, Vec::new())
    }
}

impl Text {
    /// The words in one language.
    pub fn in_locale(&self, locale: Locale) -> String {
        match self {
            Text::Message(key, args) => fill(locale.text(*key), args),
            Text::Count(key, n) => fill(
                key.form(locale, plural(locale, *n)),
                &[("count", format::number(locale.as_str(), *n))],
            ),
            Text::Verbatim(words) => words.clone(),
        }
    }
}

/// The page's current language, shared through the context.
#[derive(Clone, Copy)]
pub struct I18n(RwSignal<Locale>);

impl I18n {
    /// The current language (tracked).
    pub fn locale(self) -> Locale {
        self.0.get()
    }

    /// Switches the page's language and remembers it in the `lang` cookie, so that the server
    /// sends every next page in it from the first byte.
    pub fn set_locale(self, locale: Locale) {
        let cookie = format!(
            "lang={}; path=/; max-age=31536000; samesite=lax",
            locale.as_str()
        );
        let _ = js_sys::Reflect::set(&document(), &"cookie".into(), &cookie.into());
        self.0.set(locale);
    }

    /// A message in the current language (tracked).
    pub fn get(self, key: impl Message) -> &'static str {
        key.text(self.locale())
    }

    /// The form a message with a count takes for `n`, in the current language (tracked).
    pub fn get_count(self, key: impl Message, n: u64) -> &'static str {
        let locale = self.locale();
        key.form(locale, plural(locale, n))
    }

    /// A message with a count, `{{ count }}` filled, in the current language (tracked).
    pub fn count(self, key: impl Message, n: u64) -> String {
        fill(self.get_count(key, n), &[("count", n.to_string())])
    }

    /// A message that follows the language.
    pub fn view(self, key: impl Message) -> impl IntoView + Copy + 'static {
        move || self.get(key)
    }

    /// A message with placeholders that follows the language.
    pub fn view_with(self, key: impl Message, args: Vec<(&'static str, String)>) -> impl IntoView {
        self.view_count(key, None, args)
    }

    /// A message with placeholders that follows the language, in the form its count takes if
    /// it has one (`{{ count }}` among `args`): one view type with `view_with`, so a bundle pays
    /// for it once.
    pub fn view_count(
        self,
        key: impl Message,
        count: Option<u64>,
        args: Vec<(&'static str, String)>,
    ) -> impl IntoView {
        move || {
            let form = count.map_or_else(|| self.get(key), |n| self.get_count(key, n));
            fill(form, &args)
        }
    }

    /// Any text that follows the language.
    pub fn show(self, text: Text) -> impl IntoView {
        move || text.in_locale(self.locale())
    }
}

/// Starts the page in its first language and keeps `<html lang>` in step with it.
pub fn provide_i18n() -> I18n {
    let i18n = I18n(RwSignal::new(first_locale()));
    Effect::new(move || {
        if let Some(html) = document().document_element() {
            let _ = html.set_attribute("lang", i18n.locale().as_str());
        }
    });
    provide_context(i18n);
    i18n
}

/// The page's language, from any component under the app.
pub fn use_i18n() -> I18n {
    expect_context()
}

/// The current language's tag (`en`, `zh`, `fr`), tracked.
pub fn lang() -> &'static str {
    use_i18n().locale().as_str()
}

/// A message of one set (`Key` or `TeamKey`) as a view that follows the language, with
/// optional placeholders (values are shown with `Display`); a `count = n` first picks the
/// message's plural form by `n`. Used through `t!` and `team!`.
macro_rules! message {
    ($set:ident, $i18n:expr, $key:ident) => {
        $i18n.view($crate::client::i18n::$set::$key)
    };
    ($set:ident, $i18n:expr, $key:ident, count = $count:expr $(, $name:ident = $value:expr)* $(,)?) => {{
        let count = $count;
        $i18n.view_count(
            $crate::client::i18n::$set::$key,
            Some(u64::try_from(count).unwrap_or(u64::MAX)),
            vec![("count", count.to_string()) $(, (stringify!($name), ($value).to_string()))*],
        )
    }};
    ($set:ident, $i18n:expr, $key:ident, $($name:ident = $value:expr),+ $(,)?) => {
        $i18n.view_with(
            $crate::client::i18n::$set::$key,
            vec![$((stringify!($name), ($value).to_string())),+],
        )
    };
}

/// A buyers' message as a view: `t!(i18n, key)`, or `t!(i18n, key, name = value, …)`.
macro_rules! t {
    ($($args:tt)*) => { $crate::client::i18n::message!(Key, $($args)*) };
}

/// A buyers' message as text in the current language (tracked): `t_string!(i18n, key)`.
macro_rules! t_string {
    ($i18n:expr, $key:ident) => {
        $i18n.get($crate::client::i18n::Key::$key)
    };
}

/// A team's message (`locales/team/`) as a view, like `t!`.
macro_rules! team {
    ($($args:tt)*) => { $crate::client::i18n::message!(TeamKey, $($args)*) };
}

/// A team's message as text, like `t_string!`.
macro_rules! team_string {
    ($i18n:expr, $key:ident) => {
        $i18n.get($crate::client::i18n::TeamKey::$key)
    };
}

/// A message of the buyer's orders' pages (`locales/orders/`) as a view, like `t!`.
macro_rules! orders {
    ($($args:tt)*) => { $crate::client::i18n::message!(OrdersKey, $($args)*) };
}

/// A message both the buyer's orders and the team's pages show (`locales/shared/`), like `t!`.
macro_rules! shared {
    ($($args:tt)*) => { $crate::client::i18n::message!(SharedKey, $($args)*) };
}

/// A message of the owner's page (`locales/owner/`), like `t!`.
macro_rules! owner {
    ($($args:tt)*) => { $crate::client::i18n::message!(OwnerKey, $($args)*) };
}

/// An owner's page's message as text, like `t_string!`.
macro_rules! owner_string {
    ($i18n:expr, $key:ident) => {
        $i18n.get($crate::client::i18n::OwnerKey::$key)
    };
}

pub(crate) use {message, orders, owner, owner_string, shared, t, t_string, team, team_string};

#[cfg(test)]
mod tests {
    use super::*;
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn every_language_has_its_own_words_for_a_message() {
        assert_eq!(Locale::En.text(Key::nav_my_orders), "My orders");
        assert_ne!(
            Locale::Zh.text(Key::nav_my_orders),
            Locale::En.text(Key::nav_my_orders)
        );
        assert_ne!(
            Locale::Fr.text(Key::nav_my_orders),
            Locale::En.text(Key::nav_my_orders)
        );
    }
}
