//! One schema put into the OpenAPI 3.0 form `openapiv3` reads: JSON Schema 2020-12 keywords of
//! 3.1 (type lists, `const`, numeric exclusive bounds, `$ref` with siblings, ...) and Swagger 2.0
//! leftovers (`x-nullable`, `type: file`, a bare-string discriminator) are rewritten in place.
//! Only this object changes; the walk in `normalize` visits its subschemas afterwards.

use serde_json::{json, Map, Value};

use super::InputVersion;
use crate::diagnostics::Diagnostics;

/// Where the schema sits.
pub(crate) struct Context<'a> {
    /// The version the file was written in.
    pub(crate) input: InputVersion,
    /// Pointer of this schema.
    pub(crate) pointer: &'a str,
    /// Pointer of the outermost schema around it (the target of `$recursiveRef: "#"`).
    pub(crate) resource: &'a str,
}

/// Rewrites one schema object (or boolean schema) into 3.0 form.
pub(crate) fn lower(node: &mut Value, cx: &Context<'_>, diags: &mut Diagnostics) {
    match node {
        Value::Bool(true) => *node = json!({}),
        Value::Bool(false) => *node = json!({"not": {}}),
        _ => {}
    }
    let Value::Object(s) = node else { return };
    dynamic_ref(s, cx, diags);
    if cx.input == InputVersion::OpenApi31 {
        ref_siblings(s);
    }
    if cx.input == InputVersion::Swagger2 {
        swagger2_keywords(s);
    }
    type_list(s);
    exclusive_bounds(s);
    if let Some(value) = s.shift_remove("const") {
        s.entry("enum").or_insert_with(|| Value::Array(vec![value]));
    }
    if let Some(Value::Array(mut examples)) = s.shift_remove("examples") {
        if !examples.is_empty() && !s.contains_key("example") {
            s.insert("example".into(), examples.swap_remove(0));
        }
    }
    content_encoding(s);
    tuple_items(s);
    null_branches(s, "anyOf");
    null_branches(s, "oneOf");
}

/// `items` as a list (a tuple, draft 4 style) → one schema that is any of them; `items: true` or
/// `false` (next to 2020-12 `prefixItems`) → no `items`.
fn tuple_items(s: &mut Map<String, Value>) {
    match s.get_mut("items") {
        Some(Value::Bool(_)) => {
            s.shift_remove("items");
        }
        Some(Value::Array(list)) => {
            let mut list = std::mem::take(list);
            list.dedup();
            let items = match list.len() {
                0 => None,
                1 => list.pop(),
                _ => Some(json!({ "anyOf": list })),
            };
            match items {
                Some(items) => s.insert("items".into(), items),
                None => s.shift_remove("items"),
            };
        }
        _ => {}
    }
}

/// `$recursiveRef: "#"` / `$dynamicRef: "#"` → a `$ref` to the outermost schema around it.
fn dynamic_ref(s: &mut Map<String, Value>, cx: &Context<'_>, diags: &mut Diagnostics) {
    for keyword in ["$recursiveRef", "$dynamicRef"] {
        let Some(target) = s.shift_remove(keyword) else {
            continue;
        };
        if target == "#" {
            s.entry("$ref")
                .or_insert_with(|| Value::String(format!("#{}", cx.resource)));
        } else {
            diags.warn(
                cx.pointer,
                format!("{keyword} {target} is not supported (only \"#\" is); the schema accepts any value there"),
            );
        }
    }
    s.shift_remove("$recursiveAnchor");
    s.shift_remove("$dynamicAnchor");
}

/// A 3.1 `$ref` with other keywords beside it: documentation-only siblings are dropped, anything
/// else keeps its meaning as `allOf: [{$ref}]` next to the siblings.
fn ref_siblings(s: &mut Map<String, Value>) {
    let Some(index) = s.keys().position(|k| k == "$ref") else {
        return;
    };
    let documentation = |k: &str| matches!(k, "$ref" | "description" | "summary" | "$comment");
    if s.keys().all(|k| documentation(k)) {
        s.retain(|k, _| k == "$ref");
        return;
    }
    let Some(reference) = s.shift_remove("$ref") else {
        return;
    };
    let branch = json!({ "$ref": reference });
    match s.get_mut("allOf") {
        Some(Value::Array(all)) => all.insert(0, branch),
        _ => {
            s.shift_insert(
                index.min(s.len()),
                "allOf".into(),
                Value::Array(vec![branch]),
            );
        }
    }
}

/// `x-nullable: true` → `nullable`; `type: file` → a binary string; `discriminator: name` → object.
fn swagger2_keywords(s: &mut Map<String, Value>) {
    if let Some(nullable) = s.shift_remove("x-nullable") {
        if nullable == true {
            s.insert("nullable".into(), Value::Bool(true));
        }
    }
    if s.get("type").is_some_and(|t| t == "file") {
        s.insert("type".into(), "string".into());
        s.insert("format".into(), "binary".into());
    }
    if let Some(Value::String(name)) = s.get("discriminator") {
        let object = json!({ "propertyName": name });
        s.insert("discriminator".into(), object);
    }
}

/// Keywords that only apply to instances of one JSON type, moved into that type's branch when a
/// type list is split.
fn keywords_of(ty: &str) -> &'static [&'static str] {
    match ty {
        "string" => &["format", "pattern", "minLength", "maxLength", "enum"],
        "number" | "integer" => &[
            "format",
            "minimum",
            "maximum",
            "exclusiveMinimum",
            "exclusiveMaximum",
            "multipleOf",
            "enum",
        ],
        "boolean" => &["enum"],
        "array" => &["items", "minItems", "maxItems", "uniqueItems"],
        "object" => &[
            "properties",
            "required",
            "additionalProperties",
            "minProperties",
            "maxProperties",
        ],
        _ => &[],
    }
}

fn matches_type(value: &Value, ty: &str) -> bool {
    match ty {
        "string" => value.is_string(),
        "number" => value.is_number(),
        "integer" => value.is_i64() || value.is_u64(),
        "boolean" => value.is_boolean(),
        "array" => value.is_array(),
        "object" => value.is_object(),
        _ => false,
    }
}

/// `type: [T, "null"]` → `type: T, nullable: true`; `type: "null"` → nullable with no type;
/// several non-null types → `anyOf` with one branch per type.
fn type_list(s: &mut Map<String, Value>) {
    let types: Vec<Value> = match s.get("type") {
        Some(Value::Array(types)) => types.clone(),
        Some(Value::String(t)) if t == "null" => vec![Value::String("null".into())],
        _ => return,
    };
    let index = s.keys().position(|k| k == "type").unwrap_or(s.len());
    s.shift_remove("type");
    let mut named: Vec<String> = Vec::new();
    for ty in types.iter().filter_map(Value::as_str) {
        if ty != "null" && !named.iter().any(|n| n == ty) {
            named.push(ty.to_owned());
        }
    }
    if types.iter().any(|t| t == "null") {
        s.insert("nullable".into(), Value::Bool(true));
    }
    match named.as_slice() {
        [] => {}
        [only] => {
            s.shift_insert(
                index.min(s.len()),
                "type".into(),
                Value::String(only.clone()),
            );
        }
        several => {
            let branches: Vec<Value> = several.iter().map(|ty| branch_for(s, ty)).collect();
            for ty in several {
                for keyword in keywords_of(ty) {
                    s.shift_remove(*keyword);
                }
            }
            let split = Value::Array(branches);
            // An `anyOf` already there keeps its meaning: both must hold.
            if !s.contains_key("anyOf") {
                s.shift_insert(index.min(s.len()), "anyOf".into(), split);
            } else if let Some(Value::Array(all)) = s.get_mut("allOf") {
                all.push(json!({ "anyOf": split }));
            } else {
                s.insert("allOf".into(), json!([{ "anyOf": split }]));
            }
        }
    }
}

/// `{type: ty}` with the keywords of `s` that belong to `ty` (enum values of other types left out).
fn branch_for(s: &Map<String, Value>, ty: &str) -> Value {
    let mut branch = Map::new();
    branch.insert("type".into(), Value::String(ty.to_owned()));
    for keyword in keywords_of(ty) {
        let Some(value) = s.get(*keyword) else {
            continue;
        };
        if *keyword == "enum" {
            let values: Vec<Value> = value
                .as_array()
                .into_iter()
                .flatten()
                .filter(|v| matches_type(v, ty))
                .cloned()
                .collect();
            if !values.is_empty() {
                branch.insert("enum".into(), Value::Array(values));
            }
        } else {
            branch.insert((*keyword).into(), value.clone());
        }
    }
    Value::Object(branch)
}

/// Numeric `exclusiveMinimum: n` → `minimum: n, exclusiveMinimum: true` (same for maximum),
/// unless an inclusive bound beside it is already stricter.
fn exclusive_bounds(s: &mut Map<String, Value>) {
    for (exclusive, bound, stricter) in [
        ("exclusiveMinimum", "minimum", std::cmp::Ordering::Greater),
        ("exclusiveMaximum", "maximum", std::cmp::Ordering::Less),
    ] {
        let Some(Value::Number(limit)) = s.get(exclusive).cloned() else {
            continue;
        };
        let inclusive = s.get(bound).and_then(Value::as_f64);
        let keeps_inclusive = match (inclusive, limit.as_f64()) {
            (Some(inclusive), Some(limit)) => inclusive.partial_cmp(&limit) == Some(stricter),
            _ => false,
        };
        if keeps_inclusive {
            s.shift_remove(exclusive);
        } else {
            s.insert(bound.into(), Value::Number(limit));
            s.insert(exclusive.into(), Value::Bool(true));
        }
    }
}

/// `contentEncoding: base64` → `format: byte`; binary content (`contentMediaType` that is not text
/// or JSON, or `contentEncoding: binary`) → `format: binary`.
fn content_encoding(s: &mut Map<String, Value>) {
    let encoding = s.shift_remove("contentEncoding");
    let media_type = s.shift_remove("contentMediaType");
    if s.contains_key("format") || s.get("type").is_some_and(|t| t != "string") {
        return;
    }
    let encoding = encoding.as_ref().and_then(Value::as_str);
    let textual = |m: &str| m.starts_with("text/") || m.ends_with("json") || m.ends_with("+xml");
    let format = match (encoding, media_type.as_ref().and_then(Value::as_str)) {
        (Some("base64" | "base64url"), _) => "byte",
        (Some("binary"), _) => "binary",
        (None, Some(media)) if !textual(media) => "binary",
        _ => return,
    };
    s.insert("format".into(), format.into());
}

/// `anyOf`/`oneOf` branches that only say "null" → `nullable: true` on the schema. A single
/// remaining branch is merged into the schema when it is inline and shares no keyword with it,
/// and becomes `allOf: [branch]` (the 3.0 idiom for a nullable reference) otherwise.
fn null_branches(s: &mut Map<String, Value>, keyword: &str) {
    let Some(Value::Array(branches)) = s.get_mut(keyword) else {
        return;
    };
    let before = branches.len();
    branches.retain(|b| !is_null_schema(b));
    if branches.len() == before {
        return;
    }
    s.insert("nullable".into(), Value::Bool(true));
    let Some(Value::Array(branches)) = s.get(keyword) else {
        return;
    };
    match branches.len() {
        0 => {
            s.shift_remove(keyword);
        }
        1 => {
            let index = s.keys().position(|k| k == keyword).unwrap_or(s.len());
            let Some(Value::Array(mut remaining)) = s.shift_remove(keyword) else {
                return;
            };
            let Some(branch) = remaining.pop() else {
                return;
            };
            match branch {
                Value::Object(inline)
                    if !inline.contains_key("$ref")
                        && inline.keys().all(|k| !s.contains_key(k)) =>
                {
                    s.extend(inline);
                }
                branch => match s.get_mut("allOf") {
                    Some(Value::Array(all)) => all.push(branch),
                    _ => {
                        s.shift_insert(
                            index.min(s.len()),
                            "allOf".into(),
                            Value::Array(vec![branch]),
                        );
                    }
                },
            }
        }
        _ => {}
    }
}

fn is_null_schema(value: &Value) -> bool {
    let Some(s) = value.as_object() else {
        return false;
    };
    let null_type = match s.get("type") {
        Some(Value::String(t)) => t == "null",
        Some(Value::Array(types)) => types.len() == 1 && types[0] == "null",
        _ => false,
    };
    null_type
        && s.keys()
            .all(|k| matches!(k.as_str(), "type" | "description" | "title" | "$comment"))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn lowered(input: InputVersion, mut schema: Value) -> Value {
        let cx = Context {
            input,
            pointer: "/components/schemas/S/properties/p",
            resource: "/components/schemas/S",
        };
        lower(&mut schema, &cx, &mut Diagnostics::default());
        schema
    }

    fn v31(schema: Value) -> Value {
        lowered(InputVersion::OpenApi31, schema)
    }

    #[test]
    fn a_type_and_null_become_nullable() {
        assert_eq!(
            v31(json!({"type": ["string", "null"], "format": "date"})),
            json!({"type": "string", "format": "date", "nullable": true})
        );
        assert_eq!(
            v31(json!({"type": ["integer"]})),
            json!({"type": "integer"})
        );
        assert_eq!(
            v31(json!({"type": "null", "description": "d"})),
            json!({"description": "d", "nullable": true})
        );
    }

    #[test]
    fn several_types_become_any_of() {
        assert_eq!(
            v31(
                json!({"type": ["string", "array", "null"], "items": {"type": "string"}, "maxLength": 3, "description": "d", "enum": ["a", ["b"], null]})
            ),
            json!({
                "anyOf": [
                    {"type": "string", "maxLength": 3, "enum": ["a"]},
                    {"type": "array", "items": {"type": "string"}}
                ],
                "description": "d",
                "nullable": true
            })
        );
    }

    #[test]
    fn const_examples_and_bounds() {
        assert_eq!(v31(json!({"const": "x"})), json!({"enum": ["x"]}));
        assert_eq!(v31(json!({"examples": [1, 2]})), json!({"example": 1}));
        assert_eq!(
            v31(json!({"type": "number", "exclusiveMinimum": 0, "exclusiveMaximum": 10})),
            json!({"type": "number", "exclusiveMinimum": true, "exclusiveMaximum": true, "minimum": 0, "maximum": 10})
        );
        assert_eq!(
            v31(json!({"minimum": 5, "exclusiveMinimum": 0})),
            json!({"minimum": 5})
        );
        // Already 3.0 style: untouched.
        assert_eq!(
            v31(json!({"minimum": 0, "exclusiveMinimum": true})),
            json!({"minimum": 0, "exclusiveMinimum": true})
        );
    }

    #[test]
    fn refs_with_siblings() {
        assert_eq!(
            v31(json!({"$ref": "#/components/schemas/A", "description": "d"})),
            json!({"$ref": "#/components/schemas/A"})
        );
        assert_eq!(
            v31(json!({"description": "d", "$ref": "#/components/schemas/A", "nullable": true})),
            json!({"description": "d", "allOf": [{"$ref": "#/components/schemas/A"}], "nullable": true})
        );
        // 3.0: siblings of $ref are ignored by the spec, and left for openapiv3 to ignore.
        let kept = json!({"$ref": "#/components/schemas/A", "nullable": true});
        assert_eq!(lowered(InputVersion::OpenApi30, kept.clone()), kept);
    }

    #[test]
    fn recursive_refs_point_at_the_enclosing_component() {
        assert_eq!(
            v31(json!({"$recursiveRef": "#"})),
            json!({"$ref": "#/components/schemas/S"})
        );
        assert_eq!(
            v31(json!({"$dynamicRef": "#"})),
            json!({"$ref": "#/components/schemas/S"})
        );
        let mut diags = Diagnostics::default();
        let cx = Context {
            input: InputVersion::OpenApi31,
            pointer: "/x",
            resource: "/x",
        };
        let mut s = json!({"$dynamicRef": "#meta"});
        lower(&mut s, &cx, &mut diags);
        assert_eq!(s, json!({}));
        assert_eq!(diags.items().len(), 1);
    }

    #[test]
    fn binary_content() {
        assert_eq!(
            v31(json!({"type": "string", "contentMediaType": "application/octet-stream"})),
            json!({"type": "string", "format": "binary"})
        );
        assert_eq!(
            v31(json!({"type": "string", "contentEncoding": "base64"})),
            json!({"type": "string", "format": "byte"})
        );
        assert_eq!(
            v31(json!({"type": "string", "contentMediaType": "application/json"})),
            json!({"type": "string"})
        );
    }

    #[test]
    fn null_branches_become_nullable() {
        assert_eq!(
            v31(
                json!({"anyOf": [{"$ref": "#/components/schemas/A"}, {"type": "null"}], "description": "d"})
            ),
            json!({"allOf": [{"$ref": "#/components/schemas/A"}], "description": "d", "nullable": true})
        );
        assert_eq!(
            v31(json!({"oneOf": [{"type": "string"}, {"type": "integer"}, {"type": "null"}]})),
            json!({"oneOf": [{"type": "string"}, {"type": "integer"}], "nullable": true})
        );
        assert_eq!(
            v31(
                json!({"anyOf": [{"type": "integer", "format": "int64"}, {"type": "null"}], "description": "d"})
            ),
            json!({"type": "integer", "format": "int64", "description": "d", "nullable": true})
        );
        assert_eq!(
            v31(
                json!({"anyOf": [{"type": "string", "description": "inner"}, {"type": "null"}], "description": "d"})
            ),
            json!({"allOf": [{"type": "string", "description": "inner"}], "description": "d", "nullable": true})
        );
    }

    #[test]
    fn tuple_items_become_one_schema() {
        assert_eq!(
            lowered(
                InputVersion::Swagger2,
                json!({"items": [{"type": "integer"}, {"type": "null"}]})
            ),
            json!({"items": {"anyOf": [{"type": "integer"}, {"type": "null"}]}})
        );
        assert_eq!(
            v31(json!({"items": [{"type": "integer"}]})),
            json!({"items": {"type": "integer"}})
        );
    }

    #[test]
    fn boolean_schemas() {
        assert_eq!(v31(json!(true)), json!({}));
        assert_eq!(v31(json!(false)), json!({"not": {}}));
        assert_eq!(
            v31(json!({"type": "array", "items": false})),
            json!({"type": "array"})
        );
    }

    #[test]
    fn swagger2_leftovers() {
        let s = lowered(
            InputVersion::Swagger2,
            json!({"type": "file", "x-nullable": true}),
        );
        assert_eq!(
            s,
            json!({"type": "string", "format": "binary", "nullable": true})
        );
        let s = lowered(InputVersion::Swagger2, json!({"discriminator": "kind"}));
        assert_eq!(s, json!({"discriminator": {"propertyName": "kind"}}));
        let s = lowered(InputVersion::Swagger2, json!({"type": ["string", "null"]}));
        assert_eq!(s, json!({"type": "string", "nullable": true}));
    }
}
