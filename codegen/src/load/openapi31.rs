//! OpenAPI 3.1 → 3.0, the document-level part: what 3.0 has no place for is dropped (webhooks
//! with a warning). Schemas are lowered afterwards by `normalize`.

use serde_json::{Map, Value};

use crate::diagnostics::Diagnostics;
use crate::pointer::child;

/// Lowers the document-level differences of a 3.1 document in place.
pub(crate) fn lower(doc: &mut Value, diags: &mut Diagnostics) {
    let Value::Object(root) = doc else { return };
    root.insert("openapi".into(), "3.0.3".into());
    if let Some(webhooks) = root.shift_remove("webhooks") {
        let count = webhooks.as_object().map_or(0, Map::len);
        diags.warn("/webhooks", format!("webhooks are not generated ({count})"));
    }
    root.shift_remove("jsonSchemaDialect");
    if let Some(Value::Object(info)) = root.get_mut("info") {
        info.shift_remove("summary");
        if let Some(Value::Object(license)) = info.get_mut("license") {
            license.shift_remove("identifier");
        }
    }
    if !root.contains_key("paths") {
        root.insert("paths".into(), Value::Object(Map::new()));
    }
    if let Some(Value::Object(components)) = root.get_mut("components") {
        components.shift_remove("pathItems");
        if let Some(Value::Object(schemes)) = components.get_mut("securitySchemes") {
            schemes.retain(|name, scheme| {
                let mutual_tls = scheme.get("type").is_some_and(|t| t == "mutualTLS");
                if mutual_tls {
                    let pointer = child("/components/securitySchemes", name);
                    diags.warn(
                        pointer,
                        "mutual TLS is not generated; configure it on the transport",
                    );
                }
                !mutual_tls
            });
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn what_3_0_cannot_hold_is_dropped() {
        let mut doc = json!({
            "openapi": "3.1.0",
            "jsonSchemaDialect": "https://json-schema.org/draft/2020-12/schema",
            "info": {"title": "t", "version": "1", "summary": "s", "license": {"name": "MIT", "identifier": "MIT"}},
            "webhooks": {"a": {}, "b": {}},
            "components": {
                "pathItems": {"p": {}},
                "securitySchemes": {"tls": {"type": "mutualTLS"}, "key": {"type": "apiKey", "name": "k", "in": "header"}}
            }
        });
        let mut diags = Diagnostics::default();
        lower(&mut doc, &mut diags);
        assert_eq!(
            doc,
            json!({
                "openapi": "3.0.3",
                "info": {"title": "t", "version": "1", "license": {"name": "MIT"}},
                "paths": {},
                "components": {"securitySchemes": {"key": {"type": "apiKey", "name": "k", "in": "header"}}}
            })
        );
        let found = diags.into_vec();
        assert_eq!(found[0].pointer, "/webhooks");
        assert_eq!(found[0].message, "webhooks are not generated (2)");
        assert_eq!(found[1].pointer, "/components/securitySchemes/tls");
    }
}
