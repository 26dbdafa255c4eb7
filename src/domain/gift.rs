//! A gift: the box goes to someone else (`Recipient`, with the very rules of the buyer's own
//! name, phone and address), with a few words on the label (`GiftMessage`). What the buyer's
//! lookup shows of it (`GiftRecipient` without the phone) and what the team sees (with it).

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field_error::FieldError;
use super::field_error::{keep, text, FieldErrors};
use super::fields::{Address, BuyerName, Phone};

/// Who receives a gift: checked as the buyer is.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Recipient {
    pub name: BuyerName,
    pub phone: Phone,
    pub address: Address,
}

/// The field names of a recipient's errors, as the API's `fields` and the form name them.
const RECIPIENT_FIELDS: [&str; 3] = ["recipient.name", "recipient.phone", "recipient.address"];

/// The recipient's `key`, required text, checked by the buyer's own rule `parse`.
fn part<T>(
    map: &serde_json::Map<String, Value>,
    key: &str,
    parse: fn(&str) -> Result<T, FieldError>,
) -> Result<T, FieldError> {
    text(map.get(key).unwrap_or(&Value::Null), false).and_then(|s| parse(s.unwrap_or_default()))
}

impl Recipient {
    /// Parses the optional `recipient` of an order: absent or `null` is no gift; an object has
    /// its three fields checked at once, each error under `recipient.<field>`.
    pub fn parse(value: &Value, errors: &mut FieldErrors) -> Option<Option<Self>> {
        let map = match value {
            Value::Null => return Some(None),
            Value::Object(map) => map,
            _ => {
                errors.insert("recipient", FieldError::NotAnObject);
                return None;
            }
        };
        let [name_key, phone_key, address_key] = RECIPIENT_FIELDS;
        let name = keep(errors, name_key, part(map, "name", BuyerName::parse));
        let phone = keep(errors, phone_key, part(map, "phone", Phone::parse));
        let address = keep(errors, address_key, part(map, "address", Address::parse));
        Some(Some(Self {
            name: name?,
            phone: phone?,
            address: address?,
        }))
    }
}

/// A gift's recipient in the API: with the phone for the team, without it for the buyer's
/// lookup and tracking page.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GiftRecipient {
    pub name: String,
    /// In the team's answers only.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub phone: Option<String>,
    pub address: String,
}
