//! JSON in the browser: the browser's own `JSON.parse`/`JSON.stringify` with serde-wasm-bindgen
//! between JavaScript values and Rust types. The same serde types as the server, without
//! carrying a JSON parser and number formatter in the buyer's download (serde_json is the
//! server's). Plain objects, never JavaScript `Map`s; integers as numbers.

use serde::de::DeserializeOwned;
use serde::Serialize;

/// A JSON text as a Rust value, or why not.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, String> {
    let value = js_sys::JSON::parse(text).map_err(|_| "not JSON".to_owned())?;
    serde_wasm_bindgen::from_value(value).map_err(|e| e.to_string())
}

/// A Rust value as JSON text.
pub fn to_string<T: Serialize + ?Sized>(value: &T) -> Result<String, String> {
    let value = value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| e.to_string())?;
    js_sys::JSON::stringify(&value)
        .map(String::from)
        .map_err(|_| "not serializable".to_owned())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::domain::{OrderRequest, Storefront};
    use wasm_bindgen_test::wasm_bindgen_test;

    #[wasm_bindgen_test]
    fn an_order_request_goes_out_as_a_plain_object_and_comes_back_the_same() {
        let request = OrderRequest::from_form("5kg", 2, "Lin", "13800138000", "Chengdu", "", "");
        let text = to_string(&request).unwrap();
        assert!(
            text.starts_with('{') && text.contains(r#""quantity":2"#),
            "{text}"
        );
        assert!(
            !text.contains("note"),
            "blank optional fields are left out: {text}"
        );
        assert_eq!(parse::<OrderRequest>(&text).unwrap(), request);
    }

    #[wasm_bindgen_test]
    fn a_wrong_or_malformed_answer_is_an_error_not_a_panic() {
        assert!(parse::<Storefront>("{").is_err());
        assert!(parse::<Storefront>(r#"{"producer": 3}"#).is_err());
        assert!(parse::<u32>("-1").is_err());
    }
}
