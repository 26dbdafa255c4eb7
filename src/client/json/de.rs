//! A serde `Deserializer` over the value `JSON.parse` made: the same derived types as the
//! server's, read straight from JavaScript objects, arrays, strings, numbers and booleans.
//!
//! Ours rather than serde-wasm-bindgen's because of its errors: serde words an unexpected value
//! with the value itself, and the one that is a floating-point number pulls Rust's whole float
//! formatting into every bundle (about 11 KB of wasm) for a message no buyer reads. Here an
//! error names what was expected and never formats the value it got.

use std::fmt;

use js_sys::{Array, Object, Reflect};
use serde::de::{self, DeserializeSeed, Visitor};
use wasm_bindgen::{JsCast, JsValue};

/// Why a JSON value is not the type asked for.
#[derive(Debug)]
pub struct Error(String);

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl std::error::Error for Error {}

impl de::Error for Error {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Error(msg.to_string())
    }

    fn invalid_type(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error(format!("invalid type: expected {expected}"))
    }

    fn invalid_value(_: de::Unexpected, expected: &dyn de::Expected) -> Self {
        Error(format!("invalid value: expected {expected}"))
    }
}

/// The largest integer a JavaScript number holds exactly (2^53 − 1).
const MAX_SAFE: f64 = 9_007_199_254_740_991.0;

/// One JavaScript value to deserialize.
pub struct Deserializer(pub JsValue);

impl<'de> de::Deserializer<'de> for Deserializer {
    type Error = Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        let value = self.0;
        if value.is_null() || value.is_undefined() {
            visitor.visit_unit()
        } else if let Some(b) = value.as_bool() {
            visitor.visit_bool(b)
        } else if let Some(n) = value.as_f64() {
            // A whole number is an integer (JSON has one number type); only others are floats.
            if n.fract() == 0.0 && (0.0..=MAX_SAFE).contains(&n) {
                visitor.visit_u64(n as u64)
            } else if n.fract() == 0.0 && (-MAX_SAFE..0.0).contains(&n) {
                visitor.visit_i64(n as i64)
            } else {
                visitor.visit_f64(n)
            }
        } else if let Some(s) = value.as_string() {
            visitor.visit_string(s)
        } else if Array::is_array(&value) {
            visitor.visit_seq(Items::new(value.unchecked_into()))
        } else if value.is_object() {
            visitor.visit_map(Entries::new(value.unchecked_into()))
        } else {
            Err(de::Error::invalid_type(
                de::Unexpected::Other("JavaScript value"),
                &visitor,
            ))
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        if self.0.is_null() || self.0.is_undefined() {
            visitor.visit_none()
        } else {
            visitor.visit_some(self)
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, Error> {
        visitor.visit_newtype_struct(self)
    }

    /// A unit variant is its name (`"packed"`); any other variant an object of one key.
    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        // A unit variant is read as the others (no value): one reader compiled per enum, not two.
        if self.0.is_string() {
            let (name, value) = (self.0, JsValue::UNDEFINED);
            return visitor.visit_enum(Variant { name, value });
        }
        let object = match self.0.dyn_into::<Object>() {
            Ok(object) if !Array::is_array(&object) => object,
            _ => return Err(de::Error::custom("expected an enum")),
        };
        let keys = Object::keys(&object);
        if keys.length() != 1 {
            return Err(de::Error::custom("expected an object of one key"));
        }
        let name = keys.get(0);
        let value = Reflect::get(&object, &name).unwrap_or_default();
        visitor.visit_enum(Variant { name, value })
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        visitor.visit_unit()
    }

    // A type that says what it wants is offered only that (a struct or map an object, a list an
    // array, a text or a field's name a string): through `deserialize_any`, each visitor's every
    // `visit_*` would be compiled, bytes of every bundle for values the server never writes.
    fn deserialize_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        self.deserialize_map(visitor)
    }

    fn deserialize_map<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.dyn_into::<Object>() {
            Ok(object) if !Array::is_array(&object) => visitor.visit_map(Entries::new(object)),
            _ => Err(expected(&visitor)),
        }
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.dyn_into::<Array>() {
            Ok(array) => visitor.visit_seq(Items::new(array)),
            Err(_) => Err(expected(&visitor)),
        }
    }

    fn deserialize_string<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_string() {
            Some(s) => visitor.visit_string(s),
            None => Err(expected(&visitor)),
        }
    }

    fn deserialize_str<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_identifier<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        self.deserialize_string(visitor)
    }

    fn deserialize_bool<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, Error> {
        match self.0.as_bool() {
            Some(b) => visitor.visit_bool(b),
            None => Err(expected(&visitor)),
        }
    }

    serde::forward_to_deserialize_any! {
        i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char bytes byte_buf
        unit unit_struct tuple tuple_struct
    }
}

/// A value of another kind than `visitor` reads, naming what it expected (never the value).
fn expected<'de, V: Visitor<'de>>(visitor: &V) -> Error {
    de::Error::invalid_type(de::Unexpected::Other("JavaScript value"), visitor)
}

/// An array's items, in order.
struct Items {
    array: Array,
    next: u32,
}

impl Items {
    fn new(array: Array) -> Self {
        Self { array, next: 0 }
    }
}

impl<'de> de::SeqAccess<'de> for Items {
    type Error = Error;

    fn next_element_seed<T: DeserializeSeed<'de>>(
        &mut self,
        seed: T,
    ) -> Result<Option<T::Value>, Error> {
        if self.next >= self.array.length() {
            return Ok(None);
        }
        let item = self.array.get(self.next);
        self.next += 1;
        seed.deserialize(Deserializer(item)).map(Some)
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.array.length().saturating_sub(self.next) as usize)
    }
}

/// An object's own keys and their values, in the object's order.
struct Entries {
    object: Object,
    keys: Array,
    next: u32,
}

impl Entries {
    fn new(object: Object) -> Self {
        let keys = Object::keys(&object);
        Self {
            object,
            keys,
            next: 0,
        }
    }
}

impl<'de> de::MapAccess<'de> for Entries {
    type Error = Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, Error> {
        if self.next >= self.keys.length() {
            return Ok(None);
        }
        seed.deserialize(Deserializer(self.keys.get(self.next)))
            .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, Error> {
        let key = self.keys.get(self.next);
        self.next += 1;
        let value = Reflect::get(&self.object, &key).unwrap_or_default();
        seed.deserialize(Deserializer(value))
    }

    fn size_hint(&self) -> Option<usize> {
        Some(self.keys.length().saturating_sub(self.next) as usize)
    }
}

/// A variant written as `{"name": value}`.
struct Variant {
    name: JsValue,
    value: JsValue,
}

impl<'de> de::EnumAccess<'de> for Variant {
    type Error = Error;
    type Variant = Deserializer;

    fn variant_seed<V: DeserializeSeed<'de>>(
        self,
        seed: V,
    ) -> Result<(V::Value, Deserializer), Error> {
        let name = seed.deserialize(Deserializer(self.name))?;
        Ok((name, Deserializer(self.value)))
    }
}

impl<'de> de::VariantAccess<'de> for Deserializer {
    type Error = Error;

    fn unit_variant(self) -> Result<(), Error> {
        de::Deserialize::deserialize(self)
    }

    fn newtype_variant_seed<T: DeserializeSeed<'de>>(self, seed: T) -> Result<T::Value, Error> {
        seed.deserialize(self)
    }

    fn tuple_variant<V: Visitor<'de>>(self, _len: usize, visitor: V) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, visitor)
    }

    fn struct_variant<V: Visitor<'de>>(
        self,
        _fields: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, Error> {
        de::Deserializer::deserialize_any(self, visitor)
    }
}
