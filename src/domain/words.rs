//! The shop's languages and how a message becomes words in one of them, for the server's pages
//! and the browser's bundles alike: the language (`Lang`) and the one default both fall back
//! to, a message in every language (`Message`, implemented by the tables build.rs writes from
//! `locales/`), its `{{ name }}` placeholders filled (`fill`), and the plural category a count
//! picks by CLDR's rules (`Plural`). build.rs reads this very file too, so the categories a
//! table must spell out for a language are the ones written here.

/// One of the shop's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Lang {
    Zh,
    En,
    Fr,
}

impl Lang {
    /// Every language, in the language switch's order (the default first).
    pub const ALL: [Lang; 3] = [Lang::Zh, Lang::En, Lang::Fr];

    /// The language of a visitor who names none of the shop's: Chinese, as most buyers are (and
    /// a crawler that says nothing gets the card they will see). The server's pages fall back to
    /// it, and so does the browser for a page that carries no `lang`.
    pub const DEFAULT: Lang = Lang::Zh;

    /// The language's tag (`zh`, `en`, `fr`), as in `<html lang>`, the content file and the
    /// `lang` cookie.
    pub fn as_str(self) -> &'static str {
        match self {
            Lang::Zh => "zh",
            Lang::En => "en",
            Lang::Fr => "fr",
        }
    }

    /// The language of a BCP 47 tag (`zh-CN`, `zh-Hant-TW`, `fr`, `en_GB`), by its primary
    /// subtag, if it is one of the shop's.
    pub fn from_tag(tag: &str) -> Option<Lang> {
        let primary = tag.trim().split(['-', '_']).next().unwrap_or_default();
        Lang::ALL
            .into_iter()
            .find(|l| primary.eq_ignore_ascii_case(l.as_str()))
    }

    /// The language's own name, for the language switch.
    pub fn name(self) -> &'static str {
        match self {
            Lang::Zh => "中文",
            Lang::En => "English",
            Lang::Fr => "Français",
        }
    }

    /// The word "language" in this language: the switch's name for screen readers (written
    /// here beside the languages' own names, so that no bundle needs a message table for it).
    pub fn language_word(self) -> &'static str {
        match self {
            Lang::Zh => "语言",
            Lang::En => "Language",
            Lang::Fr => "Langue",
        }
    }

    /// A message in this language (a message with a count in its `other` form).
    pub fn text(self, key: impl Message) -> &'static str {
        key.text(self)
    }

    /// The plural categories a message with a count spells out in this language: CLDR's
    /// cardinal categories for whole numbers (Chinese has one form, English two, French three:
    /// `many` is a round million, "1 000 000 de caisses").
    pub fn plurals(self) -> &'static [Plural] {
        match self {
            Lang::Zh => &[Plural::Other],
            Lang::En => &[Plural::One, Plural::Other],
            Lang::Fr => &[Plural::One, Plural::Many, Plural::Other],
        }
    }

    /// The plural category of a count, by CLDR's cardinal rules for a whole number (CLDR's
    /// operands i = n, v = 0, e = 0): English `one` is 1; French `one` is 0 and 1, `many` a
    /// non-zero multiple of a million. The browser asks `Intl.PluralRules`, which agrees (the
    /// wasm tests compare them).
    pub fn plural(self, n: u64) -> Plural {
        match self {
            Lang::Zh => Plural::Other,
            Lang::En if n == 1 => Plural::One,
            Lang::En => Plural::Other,
            Lang::Fr if n <= 1 => Plural::One,
            Lang::Fr if n.is_multiple_of(1_000_000) => Plural::Many,
            Lang::Fr => Plural::Other,
        }
    }
}

/// A CLDR plural category: which form of a message with a count a number takes. Only the
/// categories the shop's languages use (CLDR also has `zero`, `two` and `few`). The value is the
/// form's place after the message's first (`other`) in a message table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Plural {
    /// The form for every count no other category takes ("5 boxes left").
    Other = 0,
    /// English 1, French 0 and 1 ("1 box left", "Encore 1 caisse").
    One = 1,
    /// French round millions ("Encore 1 000 000 de caisses").
    Many = 2,
}

impl Plural {
    /// Every category, in their order in a message table.
    pub const ALL: [Plural; 3] = [Plural::Other, Plural::One, Plural::Many];

    /// The category's CLDR name (`one`), as in `locales/*.json` and `Intl.PluralRules`.
    pub fn as_str(self) -> &'static str {
        match self {
            Plural::Other => "other",
            Plural::One => "one",
            Plural::Many => "many",
        }
    }

    /// The category of a CLDR name (`one`, `many`, `other`), if the shop's languages use it.
    pub fn from_name(name: &str) -> Option<Plural> {
        Plural::ALL.into_iter().find(|p| p.as_str() == name)
    }
}

/// A message in every language: one set of `locales/` (build.rs writes each set's key enum and
/// its implementation, reading its own tables).
pub trait Message: Copy + Send + Sync + 'static {
    /// The message in `lang`, in the form of `plural` (a message without a count has one form,
    /// whatever the category).
    fn form(self, lang: Lang, plural: Plural) -> &'static str;

    /// The message in `lang` (a message with a count in its `other` form).
    fn text(self, lang: Lang) -> &'static str {
        self.form(lang, Plural::Other)
    }
}

/// A message with its `{{ name }}` placeholders filled in by name (spaces inside the braces do
/// not matter); a placeholder without a value stays visible, as written.
pub fn fill(message: &str, args: &[(&str, String)]) -> String {
    let mut out = String::with_capacity(message.len() + 16);
    let mut rest = message;
    while let Some(start) = rest.find("{{") {
        let Some(len) = rest[start..].find("}}") else {
            break;
        };
        out.push_str(&rest[..start]);
        let name = rest[start + 2..start + len].trim();
        match args.iter().find(|(n, _)| *n == name) {
            Some((_, value)) => out.push_str(value),
            None => out.push_str(&rest[start..start + len + 2]),
        }
        rest = &rest[start + len + 2..];
    }
    out.push_str(rest);
    out
}

/// The `{{ name }}` placeholders of a message, sorted (each once per mention).
pub fn placeholders(message: &str) -> Vec<&str> {
    let mut names: Vec<&str> = message
        .split("{{")
        .skip(1)
        .filter_map(|rest| rest.split_once("}}").map(|(name, _)| name.trim()))
        .collect();
    names.sort_unstable();
    names
}

#[cfg(test)]
mod tests {
    use super::{fill, placeholders, Lang, Plural};

    #[test]
    fn a_count_picks_its_plural_form_by_each_languages_cldr_rules() {
        use Plural::{Many, One, Other};
        let cases: &[(u64, [Plural; 3])] = &[
            // n, then zh, en, fr
            (0, [Other, Other, One]),
            (1, [Other, One, One]),
            (2, [Other, Other, Other]),
            (11, [Other, Other, Other]),
            (21, [Other, Other, Other]),
            (999_999, [Other, Other, Other]),
            (1_000_000, [Other, Other, Many]),
            (1_000_001, [Other, Other, Other]),
            (2_000_000, [Other, Other, Many]),
            (1_500_000, [Other, Other, Other]),
        ];
        for (n, want) in cases {
            let got = [Lang::Zh, Lang::En, Lang::Fr].map(|l| l.plural(*n));
            assert_eq!(got, *want, "{n}");
        }
    }

    #[test]
    fn every_language_spells_out_exactly_the_categories_its_counts_take() {
        let counts: Vec<u64> = (0..=2000)
            .chain([1_000_000, 2_000_000, 1_000_001])
            .collect();
        for lang in Lang::ALL {
            let mut taken: Vec<Plural> = counts.iter().map(|n| lang.plural(*n)).collect();
            taken.dedup();
            for plural in &taken {
                assert!(lang.plurals().contains(plural), "{lang:?} {plural:?}");
            }
            for plural in lang.plurals() {
                assert!(taken.contains(plural), "{lang:?} never takes {plural:?}");
            }
            assert!(lang.plurals().contains(&Plural::Other), "{lang:?}");
        }
    }

    #[test]
    fn a_category_is_read_by_its_cldr_name_and_the_others_are_not_the_shops() {
        for plural in Plural::ALL {
            assert_eq!(Plural::from_name(plural.as_str()), Some(plural));
        }
        assert_eq!(Plural::from_name("few"), None);
        assert_eq!(Plural::from_name("One"), None);
    }

    #[test]
    fn the_default_language_is_one_of_the_shops_and_shown_first() {
        assert!(Lang::ALL.contains(&Lang::DEFAULT));
        assert_eq!(
            Lang::ALL[0],
            Lang::DEFAULT,
            "the switch shows the default first"
        );
    }

    #[test]
    fn a_browser_tag_finds_the_language_by_its_first_part() {
        assert_eq!(Lang::from_tag("zh-CN"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("zh-Hant-TW"), Some(Lang::Zh));
        assert_eq!(Lang::from_tag("FR"), Some(Lang::Fr));
        assert_eq!(Lang::from_tag("en_US"), Some(Lang::En));
        assert_eq!(Lang::from_tag("bo"), None);
        assert_eq!(Lang::from_tag(""), None);
    }

    #[test]
    fn placeholders_are_filled_by_name_and_unknown_ones_are_left_visible() {
        let args = [("count", "3".to_string()), ("kg", "5".to_string())];
        assert_eq!(
            fill("{{ count }} boxes of {{kg}} kg", &args),
            "3 boxes of 5 kg"
        );
        assert_eq!(fill("no {{ such }} name", &args), "no {{ such }} name");
        assert_eq!(fill("unclosed {{ count", &args), "unclosed {{ count");
        assert_eq!(fill("还剩 {{ count }} 箱", &args), "还剩 3 箱");
        assert_eq!(
            placeholders("{{ status }}: {{ count }}, {{count}}"),
            ["count", "count", "status"]
        );
    }
}
