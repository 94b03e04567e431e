//! Swagger 2.0 → OpenAPI 3.0: definitions, global parameters and responses, security definitions,
//! servers, bodies and form fields move to their 3.0 places. Every move is recorded in `Rewrites`
//! so that pointers into the lowered document still find the text the user wrote.

mod operation;
mod parameter;
mod security;

use serde_json::{Map, Value};

use super::rewrites::Rewrites;
use crate::diagnostics::Diagnostics;
use crate::pointer;
use crate::pointer::{child, escape_token};

/// Lowers a Swagger 2.0 document (already known to be an object) to 3.0 in place.
pub(crate) fn lower(doc: &mut Value, rewrites: &mut Rewrites, diags: &mut Diagnostics) {
    let Value::Object(mut src) = std::mem::take(doc) else {
        return;
    };
    let parameters = match src.get("parameters") {
        Some(Value::Object(p)) => p.clone(),
        _ => Map::new(),
    };
    let mut cx = Lowering {
        consumes: media_types(src.get("consumes")),
        produces: media_types(src.get("produces")),
        parameters,
        rewrites,
        diags,
    };
    let mut out = Map::new();
    out.insert("openapi".into(), "3.0.3".into());
    if let Some(info) = src.shift_remove("info") {
        out.insert("info".into(), info);
    }
    if let Some(servers) = servers(&src) {
        out.insert("servers".into(), servers);
    }
    let mut components = Map::new();
    for (key, value) in src {
        match key.as_str() {
            "swagger" | "host" | "basePath" | "schemes" | "consumes" | "produces" => {}
            "paths" => {
                out.insert(key, cx.paths(value));
            }
            "definitions" => {
                cx.rewrites.record("/components/schemas", "/definitions");
                components.insert("schemas".into(), value);
            }
            "parameters" => cx.global_parameters(value, &mut components),
            "responses" => {
                components.insert("responses".into(), cx.global_responses(value));
            }
            "securityDefinitions" => {
                cx.rewrites
                    .record("/components/securitySchemes", "/securityDefinitions");
                components.insert("securitySchemes".into(), security::schemes(value, cx.diags));
            }
            _ => {
                out.insert(key, value);
            }
        }
    }
    if !components.is_empty() {
        out.insert("components".into(), Value::Object(components));
    }
    let mut out = Value::Object(out);
    rewrite_refs(&mut out);
    *doc = out;
}

/// What every operation needs from the document: default media types and global parameters.
struct Lowering<'a> {
    consumes: Vec<String>,
    produces: Vec<String>,
    /// The document's `parameters`, as written (a `$ref` to one is resolved to see where it goes).
    parameters: Map<String, Value>,
    rewrites: &'a mut Rewrites,
    diags: &'a mut Diagnostics,
}

/// A node's pointer in the lowered document and in the file.
#[derive(Clone, Debug)]
struct At {
    lowered: String,
    original: String,
}

impl At {
    /// A node that did not move.
    fn same(pointer: String) -> At {
        At {
            lowered: pointer.clone(),
            original: pointer,
        }
    }

    /// The child `token` of this node, in both documents.
    fn child(&self, token: &str) -> At {
        At {
            lowered: child(&self.lowered, token),
            original: child(&self.original, token),
        }
    }
}

impl Lowering<'_> {
    /// Global `parameters`: bodies become `components/requestBodies`, form fields are inlined
    /// where they are used, the rest become `components/parameters`.
    fn global_parameters(&mut self, params: Value, components: &mut Map<String, Value>) {
        let Value::Object(params) = params else {
            return;
        };
        let mut parameters = Map::new();
        let mut bodies = Map::new();
        for (name, param) in params {
            let original = child("/parameters", &name);
            match param.get("in").and_then(Value::as_str) {
                Some("body") => {
                    let at = At {
                        lowered: child("/components/requestBodies", &name),
                        original,
                    };
                    self.rewrites.record(&at.lowered, &at.original);
                    let consumes = self.consumes.clone();
                    bodies.insert(name, self.request_body(&at, &param, &consumes));
                }
                Some("formData") => {}
                _ => {
                    let at = At {
                        lowered: child("/components/parameters", &name),
                        original,
                    };
                    self.rewrites.record(&at.lowered, &at.original);
                    parameters.insert(name, self.parameter(&at, param));
                }
            }
        }
        if !parameters.is_empty() {
            components.insert("parameters".into(), Value::Object(parameters));
        }
        if !bodies.is_empty() {
            components.insert("requestBodies".into(), Value::Object(bodies));
        }
    }

    /// Global `responses` → `components/responses`.
    fn global_responses(&mut self, responses: Value) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        self.rewrites.record("/components/responses", "/responses");
        let produces = self.produces.clone();
        let converted = responses.into_iter().map(|(name, response)| {
            let at = At {
                lowered: child("/components/responses", &name),
                original: child("/responses", &name),
            };
            let response = self.response(&at, response, &produces);
            (name, response)
        });
        Value::Object(converted.collect())
    }

    /// The global parameter a `#/parameters/...` reference names, with that name.
    fn referenced_parameter(&self, param: &Value) -> Option<(String, &Value)> {
        let target = param.get("$ref")?.as_str()?.strip_prefix("#/parameters/")?;
        let name = pointer::tokens(&format!("/{target}")).next()?;
        let found = self.parameters.get(&name)?;
        Some((name, found))
    }
}

/// A `consumes`/`produces` list; `application/json` when absent or empty.
fn media_types(list: Option<&Value>) -> Vec<String> {
    let listed: Vec<String> = list
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .map(str::to_owned)
        .collect();
    match listed.is_empty() {
        true => vec!["application/json".to_owned()],
        false => listed,
    }
}

/// `host` + `basePath` + `schemes` → one server per HTTP scheme listed (https when none is).
fn servers(src: &Map<String, Value>) -> Option<Value> {
    let host = src.get("host").and_then(Value::as_str);
    let base = src.get("basePath").and_then(Value::as_str);
    if host.is_none() && base.is_none() {
        return None;
    }
    let base = base.unwrap_or("");
    let Some(host) = host else {
        let url = if base.is_empty() { "/" } else { base };
        return Some(serde_json::json!([{ "url": url }]));
    };
    let mut schemes: Vec<&str> = src
        .get("schemes")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .filter_map(Value::as_str)
        .filter(|s| matches!(*s, "http" | "https"))
        .collect();
    if schemes.is_empty() {
        schemes.push("https");
    }
    let servers = schemes
        .into_iter()
        .map(|scheme| serde_json::json!({ "url": format!("{scheme}://{host}{base}") }));
    Some(Value::Array(servers.collect()))
}

/// `#/definitions/`, `#/parameters/` and `#/responses/` references → their `#/components/` places.
fn rewrite_refs(value: &mut Value) {
    match value {
        Value::Object(map) => {
            for (key, inner) in map.iter_mut() {
                match inner {
                    Value::String(target) if key == "$ref" => {
                        if let Some(moved) = moved_ref(target) {
                            *target = moved;
                        }
                    }
                    _ => rewrite_refs(inner),
                }
            }
        }
        Value::Array(items) => items.iter_mut().for_each(rewrite_refs),
        _ => {}
    }
}

fn moved_ref(target: &str) -> Option<String> {
    [
        ("#/definitions/", "#/components/schemas/"),
        ("#/parameters/", "#/components/parameters/"),
        ("#/responses/", "#/components/responses/"),
    ]
    .into_iter()
    .find_map(|(from, to)| target.strip_prefix(from).map(|rest| format!("{to}{rest}")))
}

/// The `$ref` to a global body parameter once it is a request body.
fn request_body_ref(name: &str) -> Value {
    serde_json::json!({ "$ref": format!("#/components/requestBodies/{}", escape_token(name)) })
}

#[cfg(test)]
mod tests;
