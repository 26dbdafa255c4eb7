//! The producer's copy of every route: in a market, each buyer's and team's route of the
//! document also answers at `/api/producers/{slug}/…` for that producer (the unscoped one means
//! the default producer). The copies are made from the finished operations, so they can never
//! say less than the originals: each gains the `slug` parameter, a `_for_producer` operation id,
//! and the 404 an unknown slug answers.

use serde_json::{json, Value};

/// The routes that are the market's, not a producer's: they have no producer's copy.
const MARKET_WIDE: [&str; 4] = [
    "/api/openapi.json",
    "/api/market",
    "/api/admin/market",
    "/api/admin/producers",
];

/// Adds `/api/producers/{slug}/…` for every `/api/…` path of `doc` but the market's own.
pub fn add_producer_copies(doc: &mut Value) {
    let Some(paths) = doc.get_mut("paths").and_then(Value::as_object_mut) else {
        return;
    };
    let copies: Vec<(String, Value)> = paths
        .iter()
        .filter(|(path, _)| path.starts_with("/api/") && !MARKET_WIDE.contains(&path.as_str()))
        // The providers' doors name their producer already.
        .filter(|(path, _)| !path.starts_with("/api/pay/"))
        .map(|(path, item)| {
            let scoped = format!("/api/producers/{{slug}}{}", &path["/api".len()..]);
            (scoped, for_producer(item.clone()))
        })
        .collect();
    paths.extend(copies);
}

/// One path item's operations, for the producer `slug` names.
fn for_producer(mut item: Value) -> Value {
    let Some(operations) = item.as_object_mut() else {
        return item;
    };
    for operation in operations.values_mut().filter(|o| o.is_object()) {
        if let Some(id) = operation["operationId"].as_str() {
            operation["operationId"] = json!(format!("{id}_for_producer"));
        }
        // The links name the unscoped operations; a copy's would need its own ids.
        if let Some(responses) = operation["responses"].as_object_mut() {
            for response in responses.values_mut() {
                if let Some(response) = response.as_object_mut() {
                    response.remove("links");
                }
            }
            responses.entry("404").or_insert_with(not_found);
        }
        let slug = json!({"name": "slug", "in": "path", "required": true,
            "description": "The producer's slug, `[a-z0-9-]{1,32}`.",
            "schema": {"type": "string", "pattern": "^[a-z0-9-]{1,32}$"}});
        match operation["parameters"].as_array_mut() {
            Some(parameters) => parameters.insert(0, slug),
            None => operation["parameters"] = json!([slug]),
        }
    }
    item
}

/// The 404 of an unknown slug, in the shape `errors.rs` gives every refusal.
fn not_found() -> Value {
    let code = json!({"properties": {"error": {"properties": {"code": {
        "enum": ["not_found"], "type": "string"}}, "type": "object"}}, "type": "object"});
    let schema = json!({"allOf": [{"$ref": "#/components/schemas/ErrorBody"}, code]});
    json!({"description": "`not_found`: no producer has this slug.",
           "content": {"application/json": {"schema": schema}}})
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_producers_route_is_copied_with_its_slug_but_the_markets_own() {
        let mut doc = json!({"paths": {
            "/api/storefront": {"get": {"operationId": "storefront", "responses": {"200": {}}}},
            "/api/market": {"get": {"operationId": "market", "responses": {"200": {}}}},
            "/healthz": {"get": {"operationId": "health", "responses": {"200": {}}}}
        }});
        add_producer_copies(&mut doc);
        let paths = doc["paths"].as_object().unwrap();
        assert_eq!(paths.len(), 4, "{paths:?}");
        let copy = &doc["paths"]["/api/producers/{slug}/storefront"]["get"];
        assert_eq!(copy["operationId"], "storefront_for_producer");
        assert_eq!(copy["parameters"][0]["name"], "slug");
        assert!(copy["responses"]["404"].is_object());
        assert!(doc["paths"]["/api/producers/{slug}/market"].is_null());
    }
}
