//! Enums read by their names: one string, parsed by the enum's own `parse`. serde's derive
//! writes each enum a visitor of its own (by name, by index, by bytes, as a map) that the
//! storefront downloads for every enum it reads; one string read and the enum's `parse` cost a
//! fraction of that. A name the enum does not know is an error naming what was expected.

use serde::de::{Deserialize, Deserializer, Error, Unexpected};

/// The enum `parse` finds by the string `d` holds; `expected` says what may be there.
pub fn by_name<'de, D: Deserializer<'de>, T>(
    d: D,
    expected: &'static str,
    parse: impl FnOnce(&str) -> Option<T>,
) -> Result<T, D::Error> {
    let name = String::deserialize(d)?;
    parse(&name).ok_or_else(|| D::Error::invalid_value(Unexpected::Str(&name), &expected))
}

#[cfg(test)]
mod tests {
    use serde::de::{Deserialize, Deserializer};

    /// An enum of the domain's kind, read by name.
    #[derive(Debug, PartialEq)]
    enum Fruit {
        Apple,
        Walnut,
    }

    impl<'de> Deserialize<'de> for Fruit {
        fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
            super::by_name(d, "apple or walnut", |name| match name {
                "apple" => Some(Fruit::Apple),
                "walnut" => Some(Fruit::Walnut),
                _ => None,
            })
        }
    }

    #[test]
    fn a_known_name_reads_as_its_value_and_anything_else_is_refused_saying_what_was_expected() {
        let read = |json: &str| serde_json::from_str::<Fruit>(json);
        assert_eq!(read("\"apple\"").unwrap(), Fruit::Apple);
        assert_eq!(read("\"walnut\"").unwrap(), Fruit::Walnut);
        let unknown = read("\"pear\"").unwrap_err().to_string();
        assert!(
            unknown.contains("\"pear\"") && unknown.contains("apple or walnut"),
            "{unknown}"
        );
        assert!(read("0").is_err(), "not by index");
        assert!(read("{\"apple\": null}").is_err(), "not as a map");
    }
}
