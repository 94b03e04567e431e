//! `securityDefinitions` → `components/securitySchemes`.

use serde_json::{json, Map, Value};

use crate::diagnostics::Diagnostics;
use crate::pointer::child;

/// Converts every security definition (basic → http basic, oauth2 flows renamed).
pub(super) fn schemes(definitions: Value, diags: &mut Diagnostics) -> Value {
    let Value::Object(definitions) = definitions else {
        return definitions;
    };
    let converted = definitions.into_iter().map(|(name, definition)| {
        let pointer = child("/components/securitySchemes", &name);
        let scheme = scheme(definition, &pointer, diags);
        (name, scheme)
    });
    Value::Object(converted.collect())
}

fn scheme(definition: Value, pointer: &str, diags: &mut Diagnostics) -> Value {
    let Value::Object(mut def) = definition else {
        return definition;
    };
    let mut out = Map::new();
    match def.get("type").and_then(Value::as_str) {
        Some("basic") => {
            out.insert("type".into(), "http".into());
            out.insert("scheme".into(), "basic".into());
        }
        Some("oauth2") => {
            out.insert("type".into(), "oauth2".into());
            out.insert("flows".into(), flows(&def, pointer, diags));
        }
        _ => return Value::Object(def),
    }
    if let Some(description) = def.shift_remove("description") {
        out.insert("description".into(), description);
    }
    out.extend(def.into_iter().filter(|(k, _)| k.starts_with("x-")));
    Value::Object(out)
}

/// The one 3.0 flow a 2.0 `flow` names.
fn flows(def: &Map<String, Value>, pointer: &str, diags: &mut Diagnostics) -> Value {
    let field = |name: &str| def.get(name).cloned().unwrap_or_else(|| "".into());
    let scopes = def.get("scopes").cloned().unwrap_or_else(|| json!({}));
    let flow = def.get("flow").and_then(Value::as_str).unwrap_or_default();
    match flow {
        "implicit" => {
            json!({"implicit": {"authorizationUrl": field("authorizationUrl"), "scopes": scopes}})
        }
        "password" => json!({"password": {"tokenUrl": field("tokenUrl"), "scopes": scopes}}),
        "application" => {
            json!({"clientCredentials": {"tokenUrl": field("tokenUrl"), "scopes": scopes}})
        }
        "accessCode" => json!({"authorizationCode": {
            "authorizationUrl": field("authorizationUrl"),
            "tokenUrl": field("tokenUrl"),
            "scopes": scopes
        }}),
        other => {
            diags.warn(
                pointer,
                format!("unknown OAuth2 flow {other:?}; the scheme has no flows"),
            );
            json!({})
        }
    }
}
