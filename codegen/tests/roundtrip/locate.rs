//! Finds the schema of a generated type in the spec file as written, from the type's pointer,
//! which points into the document the generator read: the file lowered to OpenAPI 3.0. The walk
//! follows the pointer's tokens and, where the file does not have a token, looks through what
//! lowering moved or merged: `$ref`s (a property inherited from an `allOf` member, a response
//! defined in `components`), the members of `allOf`/`anyOf`/`oneOf` (a 3.1 `anyOf` with `null`
//! becomes `allOf`), and `items` written as a list (a tuple, read as `anyOf`). A Swagger 2.0
//! pointer is first moved back to 2.0 places (`definitions`, a response's `schema`, the body
//! parameter, the parameter itself for other parameters); a form body, which 2.0 writes as
//! `formData` parameters, is put together as the object schema the generator made of it.

use serde_json::{json, Map, Value};
use std::borrow::Cow;

/// Walks deeper than this give up (a `$ref` cycle the pointer never leaves).
const MAX_STEPS: usize = 256;

/// The schema at `pointer` (the IR's, `#` or not) in the file `raw`.
pub fn locate<'r>(raw: &'r Value, pointer: &str, swagger2: bool) -> Option<Cow<'r, Value>> {
    let tokens: Vec<String> = pointer
        .trim_start_matches('#')
        .split('/')
        .skip(1)
        .map(|t| t.replace("~1", "/").replace("~0", "~"))
        .collect();
    let found = if swagger2 {
        let tokens: Vec<&str> = tokens.iter().map(String::as_str).collect();
        swagger2_locate(raw, &tokens)?
    } else {
        Cow::Borrowed(walk(raw, raw, &tokens, 0)?)
    };
    Some(match &*found {
        // `items: [A, B]` as the generator reads it.
        Value::Array(list) => Cow::Owned(json!({ "anyOf": list })),
        _ => found,
    })
}

/// The node `tokens` lead to from `node`, looking through references and schema members where a
/// token is missing.
fn walk<'r>(raw: &'r Value, node: &'r Value, tokens: &[String], steps: usize) -> Option<&'r Value> {
    let Some((token, rest)) = tokens.split_first() else {
        return Some(node);
    };
    if steps > MAX_STEPS {
        return None;
    }
    let found = match (node, rest) {
        // Lowering drops the `null` branches of a union: its indices count the others.
        (Value::Object(entries), [index, deeper @ ..])
            if matches!(token.as_str(), "anyOf" | "oneOf") =>
        {
            let all = entries
                .get(token.as_str())
                .and_then(Value::as_array)
                .map_or(&[][..], Vec::as_slice);
            let members: Vec<&Value> = all.iter().filter(|m| m["type"] != "null").collect();
            match members[..] {
                // One inline branch left beside `null` is merged into the union's own schema.
                [only] if all.len() > 1 && only.get("$ref").is_none() => {
                    walk(raw, only, tokens, steps + 1)
                }
                _ => index
                    .parse::<usize>()
                    .ok()
                    .and_then(|i| members.get(i))
                    .and_then(|member| walk(raw, member, deeper, steps + 1)),
            }
        }
        (Value::Object(entries), _) => entries
            .get(token.as_str())
            .and_then(|child| walk(raw, child, rest, steps + 1)),
        (Value::Array(items), _) => token
            .parse::<usize>()
            .ok()
            .and_then(|i| items.get(i))
            .and_then(|child| walk(raw, child, rest, steps + 1)),
        _ => None,
    };
    if found.is_some() {
        return found;
    }
    match node {
        // `items: [A, B]` lowered to `items: {anyOf: [A, B]}`.
        Value::Array(_) if is_combinator(token) => walk(raw, node, rest, steps + 1),
        Value::Object(entries) => {
            if let Some(target) = entries
                .get("$ref")
                .and_then(Value::as_str)
                .and_then(|r| reference(raw, r))
            {
                if let Some(found) = walk(raw, target, tokens, steps + 1) {
                    return Some(found);
                }
            }
            // A member the lowering merged into its parent (`anyOf: [{..}, null]` → `{..}`).
            let merged = ["allOf", "anyOf", "oneOf"]
                .iter()
                .filter_map(|k| entries.get(*k).and_then(Value::as_array))
                .flatten()
                .find_map(|member| walk(raw, member, tokens, steps + 1));
            if merged.is_some() || !is_combinator(token) {
                return merged;
            }
            // A combinator the lowering renamed (`anyOf: [X, null]` → `allOf: [X]`), its
            // `null` branches gone.
            let (index, rest) = rest.split_first()?;
            let index: usize = index.parse().ok()?;
            ["allOf", "anyOf", "oneOf"]
                .iter()
                .filter_map(|k| entries.get(*k).and_then(Value::as_array))
                .find_map(|members| {
                    let member = members.iter().filter(|m| m["type"] != "null").nth(index)?;
                    walk(raw, member, rest, steps + 1)
                })
        }
        _ => None,
    }
}

fn is_combinator(token: &str) -> bool {
    matches!(token, "allOf" | "anyOf" | "oneOf")
}

/// The target of a local `$ref`.
fn reference<'r>(raw: &'r Value, reference: &str) -> Option<&'r Value> {
    raw.pointer(reference.strip_prefix('#')?)
}

/// A lowered pointer's schema in a Swagger 2.0 file.
fn swagger2_locate<'r>(raw: &'r Value, tokens: &[&str]) -> Option<Cow<'r, Value>> {
    let owned =
        |tokens: Vec<&str>| -> Vec<String> { tokens.into_iter().map(String::from).collect() };
    let at = |tokens: Vec<&str>| walk(raw, raw, &owned(tokens), 0).map(Cow::Borrowed);
    match tokens {
        ["components", "schemas", rest @ ..] => at([&["definitions"], rest].concat()),
        ["components", "responses", name, "content", _, "schema", rest @ ..] => {
            at([&["responses", name, "schema"], rest].concat())
        }
        ["components", "parameters", name, "schema", rest @ ..] => {
            at([&["parameters", name], rest].concat())
        }
        ["components", "requestBodies", name, "content", _, "schema", rest @ ..] => {
            at([&["parameters", name, "schema"], rest].concat())
        }
        ["paths", path, method, "responses", status, "content", _, "schema", rest @ ..] => at([
            &["paths", path, method, "responses", status, "schema"],
            rest,
        ]
        .concat()),
        ["paths", path, method, "responses", status, "headers", name, "schema", rest @ ..] => at([
            &["paths", path, method, "responses", status, "headers", name],
            rest,
        ]
        .concat()),
        ["paths", path, "parameters", j, "schema", rest @ ..] => {
            let param = regular_parameter(raw, &raw["paths"][*path]["parameters"], j)?;
            walk(raw, param, &owned(rest.to_vec()), 0).map(Cow::Borrowed)
        }
        ["paths", path, method, "parameters", j, "schema", rest @ ..] => {
            let param = regular_parameter(raw, &raw["paths"][*path][*method]["parameters"], j)?;
            walk(raw, param, &owned(rest.to_vec()), 0).map(Cow::Borrowed)
        }
        ["paths", path, method, "requestBody", "content", _, "schema", rest @ ..] => {
            let parameters = operation_parameters(raw, path, method);
            if let Some(body) = parameters.iter().find(|p| p["in"] == "body") {
                return walk(raw, body.get("schema")?, &owned(rest.to_vec()), 0).map(Cow::Borrowed);
            }
            let form = form_schema(&parameters);
            match rest {
                [] => Some(Cow::Owned(form)),
                ["properties", name, deeper @ ..] => {
                    let field = parameters
                        .iter()
                        .find(|p| p["in"] == "formData" && p["name"] == *name)?;
                    walk(raw, field, &owned(deeper.to_vec()), 0).map(Cow::Borrowed)
                }
                _ => None,
            }
        }
        _ => at(tokens.to_vec()),
    }
}

/// The `index`-th parameter of `list` that is neither the body nor a form field (the lowered list
/// has those only), `$ref` followed: a 2.0 parameter describes its value with schema keywords.
fn regular_parameter<'r>(raw: &'r Value, list: &'r Value, index: &str) -> Option<&'r Value> {
    let index: usize = index.parse().ok()?;
    list.as_array()?
        .iter()
        .filter_map(|p| {
            p.get("$ref")
                .and_then(Value::as_str)
                .map_or(Some(p), |r| reference(raw, r))
        })
        .filter(|p| p["in"] != "body" && p["in"] != "formData")
        .nth(index)
}

/// The parameters of an operation and of its path item, `$ref`s to global ones followed.
fn operation_parameters<'r>(raw: &'r Value, path: &str, method: &str) -> Vec<&'r Value> {
    let item = &raw["paths"][path];
    item[method]["parameters"]
        .as_array()
        .into_iter()
        .chain(item["parameters"].as_array())
        .flatten()
        .filter_map(|p| match p.get("$ref").and_then(Value::as_str) {
            Some(r) => reference(raw, r),
            None => Some(p),
        })
        .collect()
}

/// The object schema of a form body: one property per `formData` parameter (a 2.0 parameter
/// describes its value with schema keywords of its own), `required` from their flags.
fn form_schema(parameters: &[&Value]) -> Value {
    let fields: Vec<&&Value> = parameters
        .iter()
        .filter(|p| p["in"] == "formData")
        .collect();
    let properties: Map<String, Value> = fields
        .iter()
        .filter_map(|p| Some((p["name"].as_str()?.to_string(), (**p).clone())))
        .collect();
    let required: Vec<&Value> = fields
        .iter()
        .filter(|p| p["required"] == true)
        .map(|p| &p["name"])
        .collect();
    json!({"type": "object", "properties": properties, "required": required})
}

#[cfg(test)]
mod tests {
    use super::locate;
    use serde_json::json;

    #[test]
    fn lowered_pointers_find_the_schema_as_written() {
        let raw = json!({
            "openapi": "3.1.0",
            "paths": {"/a": {"get": {"responses": {"401": {"$ref": "#/components/responses/Denied"}}}}},
            "components": {
                "responses": {"Denied": {"content": {"application/json": {"schema": {"title": "denied"}}}}},
                "schemas": {
                    "Base": {"properties": {"owner": {"title": "owner"}}},
                    "Key": {"allOf": [{"$ref": "#/components/schemas/Base"}, {"properties": {"value": {"title": "value"}}}]},
                    "Maybe": {"anyOf": [{"title": "maybe"}, {"type": "null"}]},
                    "Tuple": {"items": [{"title": "first"}, {"title": "second"}]}
                }
            }
        });
        let title = |pointer: &str| {
            locate(&raw, pointer, false)
                .map(|s| s["title"].as_str().unwrap_or_default().to_string())
        };
        assert_eq!(
            title("#/components/schemas/Key/properties/owner").as_deref(),
            Some("owner")
        );
        assert_eq!(
            title("/components/schemas/Key/properties/value").as_deref(),
            Some("value")
        );
        assert_eq!(
            title("/paths/~1a/get/responses/401/content/application~1json/schema").as_deref(),
            Some("denied")
        );
        assert_eq!(
            title("/components/schemas/Maybe/allOf/0").as_deref(),
            Some("maybe")
        );
        assert_eq!(
            title("/components/schemas/Tuple/items/anyOf/1").as_deref(),
            Some("second")
        );
        assert_eq!(title("/components/schemas/Key/properties/missing"), None);
    }

    #[test]
    fn swagger2_pointers_find_definitions_bodies_and_form_fields() {
        let raw = json!({
            "swagger": "2.0",
            "definitions": {"Pet": {"title": "pet"}},
            "paths": {"/pets": {
                "parameters": [{"in": "query", "name": "dry", "type": "boolean"}],
                "post": {
                    "parameters": [{"in": "body", "name": "pet", "schema": {"title": "body"}}],
                    "responses": {"200": {"schema": {"title": "created"}}}
                },
                "put": {"parameters": [
                    {"in": "formData", "name": "name", "type": "string", "required": true},
                    {"in": "formData", "name": "tag", "type": "string"}
                ]}
            }}
        });
        let at = |pointer: &str| locate(&raw, pointer, true).map(|s| s.into_owned());
        assert_eq!(at("/components/schemas/Pet").unwrap()["title"], "pet");
        let response = "/paths/~1pets/post/responses/200/content/application~1json/schema";
        assert_eq!(at(response).unwrap()["title"], "created");
        let body = "/paths/~1pets/post/requestBody/content/application~1json/schema";
        assert_eq!(at(body).unwrap()["title"], "body");
        let form =
            "/paths/~1pets/put/requestBody/content/application~1x-www-form-urlencoded/schema";
        let form = at(form).unwrap();
        assert_eq!(form["required"], json!(["name"]));
        assert_eq!(form["properties"]["tag"]["type"], "string");
    }
}
