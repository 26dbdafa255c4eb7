//! An order: what the buyer sends and the parsed order both sides agree on.

use serde::{Deserialize, Serialize};
use serde_json::Value;

use super::field_error::{keep, text, FieldError, FieldErrors};
use super::fields::{Address, BoxId, BuyerName, GiftMessage, Note, Phone, Quantity, RefTag};
#[cfg(not(target_arch = "wasm32"))]
use super::gift::GiftRecipient;
use super::gift::Recipient;
use super::PaymentMethod;

/// The body of `POST /api/orders` as it arrives. Every field is loose JSON so that a missing or
/// mistyped field becomes a field error (422) rather than a malformed-body error; unknown fields
/// such as `total_fen` are ignored. Only a JSON object is accepted.
#[cfg_attr(not(target_arch = "wasm32"), derive(utoipa::ToSchema))]
#[derive(Debug, Clone, Default, PartialEq, Serialize, Deserialize)]
#[serde(from = "serde_json::Map<String, Value>")]
#[cfg_attr(not(target_arch = "wasm32"), schema(example = json!({
    "box_id": "5kg", "quantity": 2, "name": "王小明", "phone": "13800138000",
    "address": "四川省成都市武侯区人民南路四段 12 号", "note": "请放门卫", "ref": "wechat-group"
})))]
pub struct OrderRequest {
    /// The box id.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String))]
    pub box_id: Value,
    /// A whole number of boxes.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = u32, minimum = 1, maximum = 20))]
    pub quantity: Value,
    /// The buyer's name: 1–64 characters once trimmed and in NFC, something visible.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, min_length = 1))]
    pub name: Value,
    /// The buyer's phone: a mainland mobile number (11 digits, `1[3-9]…`) or `+` and 8–15
    /// digits; spaces and dashes are ignored.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, min_length = 1))]
    pub phone: Value,
    /// The delivery address: 5–200 characters once trimmed and in NFC, something visible.
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = String, min_length = 1))]
    pub address: Value,
    /// An optional message to the producer, at most 200 characters.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<String>, required = false))]
    pub note: Value,
    /// An optional share or campaign tag: at most 64 of `[A-Za-z0-9_-]`.
    #[serde(rename = "ref", skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<String>, required = false))]
    pub ref_tag: Value,
    /// For a gift: who receives the box, with the same rules as the buyer's name, phone and
    /// address (errors under `recipient.name`, `recipient.phone`, `recipient.address`).
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<GiftRecipient>, required = false))]
    pub recipient: Value,
    /// A gift's few words, printed on the label: at most 100 characters.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<String>, required = false))]
    pub gift_message: Value,
    /// How the buyer pays: `wechat`, `alipay` or `cod` (pay on delivery, the default), among
    /// the producer's methods.
    #[serde(skip_serializing_if = "Value::is_null")]
    #[cfg_attr(not(target_arch = "wasm32"), schema(value_type = Option<PaymentMethod>, required = false))]
    pub payment: Value,
}

impl From<serde_json::Map<String, Value>> for OrderRequest {
    fn from(mut map: serde_json::Map<String, Value>) -> Self {
        let mut take = |k: &str| map.remove(k).unwrap_or(Value::Null);
        Self {
            box_id: take("box_id"),
            quantity: take("quantity"),
            name: take("name"),
            phone: take("phone"),
            address: take("address"),
            note: take("note"),
            ref_tag: take("ref"),
            recipient: take("recipient"),
            gift_message: take("gift_message"),
            payment: take("payment"),
        }
    }
}

impl OrderRequest {
    /// The request a form sends; blank optional fields are left out.
    pub fn from_form(
        box_id: &str,
        quantity: u32,
        name: &str,
        phone: &str,
        address: &str,
        note: &str,
        ref_tag: &str,
    ) -> Self {
        let optional = |s: &str| {
            if s.trim().is_empty() {
                Value::Null
            } else {
                Value::from(s)
            }
        };
        Self {
            box_id: box_id.into(),
            quantity: quantity.into(),
            name: name.into(),
            phone: phone.into(),
            address: address.into(),
            note: optional(note),
            ref_tag: optional(ref_tag),
            recipient: Value::Null,
            gift_message: Value::Null,
            payment: Value::Null,
        }
    }

    /// The same request paid with `method` (pay on delivery is the default, left out).
    pub fn paid_with(mut self, method: PaymentMethod) -> Self {
        self.payment = match method {
            PaymentMethod::Cod => Value::Null,
            online => online.as_str().into(),
        };
        self
    }

    /// The same request sent as a gift: the box goes to `name`, `phone`, `address` (an object
    /// under `recipient`, as the API reads it), with an optional `message` for the label.
    pub fn as_gift(mut self, name: &str, phone: &str, address: &str, message: &str) -> Self {
        let mut to = serde_json::Map::new();
        to.insert("name".into(), name.into());
        to.insert("phone".into(), phone.into());
        to.insert("address".into(), address.into());
        self.recipient = Value::Object(to);
        if !message.trim().is_empty() {
            self.gift_message = message.into();
        }
        self
    }
}

/// A valid order, before it meets the stock.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    pub box_id: BoxId,
    pub quantity: Quantity,
    pub name: BuyerName,
    pub phone: Phone,
    pub address: Address,
    pub note: Option<Note>,
    pub ref_tag: Option<RefTag>,
    /// Who receives the box, for a gift.
    pub recipient: Option<Recipient>,
    pub gift_message: Option<GiftMessage>,
    /// How the buyer pays.
    pub payment: PaymentMethod,
}

/// The way to pay an order asks for, if the producer takes it (absent: on delivery).
fn payment(value: &Value, accepted: &[PaymentMethod]) -> Result<PaymentMethod, FieldError> {
    let method = match text(value, true)? {
        None => PaymentMethod::Cod,
        Some(name) => PaymentMethod::parse(name).ok_or(FieldError::PaymentNotAccepted)?,
    };
    if accepted.contains(&method) {
        Ok(method)
    } else {
        Err(FieldError::PaymentNotAccepted)
    }
}

fn quantity(value: &Value) -> Result<Quantity, FieldError> {
    match value {
        Value::Null => Err(FieldError::Required),
        Value::Number(n) => match n.as_i64() {
            Some(n) => Quantity::parse(n),
            None if n.as_u64().is_some() => Err(FieldError::OutOfRange {
                min: Quantity::MIN,
                max: Quantity::MAX,
            }),
            None => Err(FieldError::NotAWholeNumber),
        },
        _ => Err(FieldError::NotAWholeNumber),
    }
}

impl NewOrder {
    /// `parse_with` for a producer paid on delivery only, as every shop before payment.
    pub fn parse(
        req: &OrderRequest,
        box_on_sale: impl Fn(&BoxId) -> bool,
    ) -> Result<Self, FieldErrors> {
        Self::parse_with(req, box_on_sale, &[PaymentMethod::Cod])
    }

    /// Parses every field at once, so the buyer sees all their mistakes together.
    /// `box_on_sale` says whether a syntactically valid box id is one the producer offers;
    /// `accepted`, the ways the producer is paid (`payment` must be one of them).
    pub fn parse_with(
        req: &OrderRequest,
        box_on_sale: impl Fn(&BoxId) -> bool,
        accepted: &[PaymentMethod],
    ) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::new();
        let e = &mut errors;

        let box_id = keep(
            e,
            "box_id",
            text(&req.box_id, false)
                .and_then(|s| BoxId::parse(s.unwrap_or_default()))
                .and_then(|id| {
                    if box_on_sale(&id) {
                        Ok(id)
                    } else {
                        Err(FieldError::UnknownBox)
                    }
                }),
        );
        let quantity = keep(e, "quantity", quantity(&req.quantity));
        let name = keep(
            e,
            "name",
            text(&req.name, false).and_then(|s| BuyerName::parse(s.unwrap_or_default())),
        );
        let phone = keep(
            e,
            "phone",
            text(&req.phone, false).and_then(|s| Phone::parse(s.unwrap_or_default())),
        );
        let address = keep(
            e,
            "address",
            text(&req.address, false).and_then(|s| Address::parse(s.unwrap_or_default())),
        );
        let note = keep(
            e,
            "note",
            text(&req.note, true).and_then(|s| Note::parse(s.unwrap_or_default())),
        );
        let ref_tag = keep(
            e,
            "ref",
            text(&req.ref_tag, true).and_then(|s| RefTag::parse(s.unwrap_or_default())),
        );
        let recipient = Recipient::parse(&req.recipient, e);
        let gift_message = keep(
            e,
            "gift_message",
            text(&req.gift_message, true).and_then(|s| GiftMessage::parse(s.unwrap_or_default())),
        );
        let payment = keep(e, "payment", payment(&req.payment, accepted));

        let parsed = || {
            Some(Self {
                box_id: box_id?,
                quantity: quantity?,
                name: name?,
                phone: phone?,
                address: address?,
                note: note?,
                ref_tag: ref_tag?,
                recipient: recipient?,
                gift_message: gift_message?,
                payment: payment?,
            })
        };
        parsed().filter(|_| errors.is_empty()).ok_or(errors)
    }

    /// A canonical text of the parsed order: two requests that mean the same order give the
    /// same text, whatever their key order, spacing or ignored fields.
    pub fn fingerprint(&self) -> String {
        let mut parts = vec![
            self.box_id.as_str().into(),
            self.quantity.get().into(),
            self.name.as_str().into(),
            self.phone.as_str().into(),
            self.address.as_str().into(),
            self.note.as_ref().map(Note::as_str).into(),
            self.ref_tag.as_ref().map(RefTag::as_str).into(),
        ];
        // Only a gift has more: an order that is not one keeps the fingerprint it always had,
        // so a retry across an upgrade still means the same order.
        if self.recipient.is_some() || self.gift_message.is_some() {
            let recipient = self.recipient.as_ref().map(|r| {
                serde_json::json!([r.name.as_str(), r.phone.as_str(), r.address.as_str()])
            });
            parts.push(recipient.into());
            parts.push(self.gift_message.as_ref().map(GiftMessage::as_str).into());
        }
        // Likewise only an order paid online: the same body paid another way is another order.
        if self.payment.is_online() {
            parts.push(self.payment.as_str().into());
        }
        Value::Array(parts).to_string()
    }
}
