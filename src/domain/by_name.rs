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
    use crate::domain::{OrderStatus, SaleState};

    #[test]
    fn every_status_and_sale_state_reads_back_as_written_and_an_unknown_name_is_refused() {
        for status in OrderStatus::ALL {
            let json = serde_json::to_string(&status).unwrap();
            assert_eq!(serde_json::from_str::<OrderStatus>(&json).unwrap(), status);
        }
        use SaleState::*;
        for state in [Upcoming, Open, SoldOut, Closed] {
            let json = serde_json::to_string(&state).unwrap();
            assert_eq!(serde_json::from_str::<SaleState>(&json).unwrap(), state);
        }
        let refused = serde_json::from_str::<OrderStatus>("\"lost\"").unwrap_err();
        assert!(refused.to_string().contains("an order status"), "{refused}");
        assert!(serde_json::from_str::<SaleState>("3").is_err());
    }
}
