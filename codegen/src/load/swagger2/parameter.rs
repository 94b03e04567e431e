//! A 2.0 parameter (or header, or form field) → its 3.0 form: the type keywords move into a
//! `schema`, `collectionFormat` becomes `style`/`explode`.

use serde_json::{Map, Value};

use super::{At, Lowering};

/// Keywords a 2.0 parameter, header or `items` shares with a schema.
const SCHEMA_KEYWORDS: [&str; 17] = [
    "type",
    "format",
    "items",
    "default",
    "maximum",
    "exclusiveMaximum",
    "minimum",
    "exclusiveMinimum",
    "maxLength",
    "minLength",
    "pattern",
    "maxItems",
    "minItems",
    "uniqueItems",
    "enum",
    "multipleOf",
    "x-nullable",
];

/// The schema a 2.0 parameter, header or `items` object describes.
pub(super) fn schema_of(param: &Map<String, Value>) -> Value {
    let mut schema = Map::new();
    for keyword in SCHEMA_KEYWORDS {
        let Some(value) = param.get(keyword) else {
            continue;
        };
        let value = match (keyword, value) {
            ("items", Value::Object(items)) => schema_of(items),
            _ => value.clone(),
        };
        schema.insert(keyword.into(), value);
    }
    Value::Object(schema)
}

impl Lowering<'_> {
    /// A non-body, non-form parameter in 3.0 form (a `$ref` is kept for `rewrite_refs`).
    pub(super) fn parameter(&mut self, at: &At, param: Value) -> Value {
        let Value::Object(param) = param else {
            return param;
        };
        if param.contains_key("$ref") {
            return Value::Object(param);
        }
        let location = param
            .get("in")
            .and_then(Value::as_str)
            .unwrap_or_default()
            .to_owned();
        let mut out = Map::new();
        for key in [
            "name",
            "in",
            "description",
            "required",
            "deprecated",
            "allowEmptyValue",
            "example",
        ] {
            if let Some(value) = param.get(key) {
                out.insert(key.into(), value.clone());
            }
        }
        if location == "path" {
            out.insert("required".into(), Value::Bool(true));
        }
        out.insert("schema".into(), schema_of(&param));
        self.rewrites
            .record(format!("{}/schema", at.lowered), &at.original);
        if let Some((style, explode)) = self.style(at, &param, &location) {
            out.insert("style".into(), style.into());
            out.insert("explode".into(), explode.into());
        }
        for (key, value) in &param {
            if key.starts_with("x-") && key != "x-nullable" {
                out.insert(key.clone(), value.clone());
            }
        }
        Value::Object(out)
    }

    /// `style` and `explode` for an array parameter, from its `collectionFormat` (csv by default).
    fn style(
        &mut self,
        at: &At,
        param: &Map<String, Value>,
        location: &str,
    ) -> Option<(&'static str, bool)> {
        if !param.get("type").is_some_and(|t| t == "array") {
            return None;
        }
        let comma = match location {
            "query" => ("form", false),
            _ => ("simple", false),
        };
        let format = param
            .get("collectionFormat")
            .and_then(Value::as_str)
            .unwrap_or("csv");
        Some(match (format, location) {
            ("csv", _) => comma,
            ("multi", "query") => ("form", true),
            ("ssv", "query") => ("spaceDelimited", false),
            ("pipes", "query") => ("pipeDelimited", false),
            ("tsv", _) => {
                let message = "collectionFormat tsv (tab-separated) is not supported; the values are sent comma-separated";
                self.diags.warn(&at.lowered, message);
                comma
            }
            (other, _) => {
                let message = format!(
                    "collectionFormat {other} is not supported for {location} parameters; the values are sent comma-separated"
                );
                self.diags.warn(&at.lowered, message);
                comma
            }
        })
    }
}
