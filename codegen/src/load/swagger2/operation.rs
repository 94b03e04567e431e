//! Path items and operations: parameters sorted into 3.0 parameters, one request body (from a
//! `body` parameter or from `formData` fields), and responses with content per media type.

use serde_json::{json, Map, Value};

use super::parameter::schema_of;
use super::{request_body_ref, At, Lowering};
use crate::load::shape::METHODS;
use crate::pointer::child;

/// A path item's or operation's parameters, sorted by where they go in 3.0.
#[derive(Clone, Default)]
struct Sorted {
    /// Converted parameters (or `$ref`s), each with its pointer in the file.
    regular: Vec<(String, Value)>,
    body: Option<Body>,
    form: Vec<FormField>,
}

/// A `body` parameter: inline, or a reference to a global one (named).
#[derive(Clone)]
struct Body {
    original: String,
    global: Option<String>,
    param: Value,
}

/// A `formData` parameter (references resolved).
#[derive(Clone)]
struct FormField {
    original: String,
    param: Map<String, Value>,
}

impl FormField {
    fn name(&self) -> &str {
        self.param
            .get("name")
            .and_then(Value::as_str)
            .unwrap_or_default()
    }
}

impl Lowering<'_> {
    /// Every path item of `paths`.
    pub(super) fn paths(&mut self, paths: Value) -> Value {
        let Value::Object(paths) = paths else {
            return paths;
        };
        let converted = paths.into_iter().map(|(path, item)| {
            let item = match path.starts_with('/') {
                true => self.path_item(&child("/paths", &path), item),
                false => item,
            };
            (path, item)
        });
        Value::Object(converted.collect())
    }

    fn path_item(&mut self, at: &str, item: Value) -> Value {
        let Value::Object(item) = item else {
            return item;
        };
        let shared = self.sort(&format!("{at}/parameters"), item.get("parameters"));
        let mut out = Map::new();
        for (key, value) in item {
            if key == "parameters" {
                self.emit_parameters(&mut out, &format!("{at}/parameters"), &shared);
            } else if METHODS.contains(&key.as_str()) && value.is_object() {
                let operation = self.operation(&child(at, &key), value, &shared);
                out.insert(key, operation);
            } else {
                out.insert(key, value);
            }
        }
        Value::Object(out)
    }

    fn operation(&mut self, at: &str, op: Value, shared: &Sorted) -> Value {
        let Value::Object(op) = op else { return op };
        let consumes = op
            .get("consumes")
            .map_or_else(|| self.consumes.clone(), |c| super::media_types(Some(c)));
        let produces = op
            .get("produces")
            .map_or_else(|| self.produces.clone(), |p| super::media_types(Some(p)));
        let own = self.sort(&format!("{at}/parameters"), op.get("parameters"));
        let body = own.body.clone().or_else(|| shared.body.clone());
        let mut form: Vec<FormField> = shared
            .form
            .iter()
            .filter(|f| !own.form.iter().any(|o| o.name() == f.name()))
            .cloned()
            .collect();
        form.extend(own.form.iter().cloned());

        let mut out = Map::new();
        for (key, value) in op {
            match key.as_str() {
                "consumes" | "produces" | "schemes" => {}
                "parameters" => self.emit_parameters(&mut out, &format!("{at}/parameters"), &own),
                "responses" => {
                    let responses =
                        self.responses(&At::same(format!("{at}/responses")), value, &produces);
                    out.insert(key, responses);
                }
                _ => {
                    out.insert(key, value);
                }
            }
        }
        let request_body = match (body, form.is_empty()) {
            (Some(body), form_is_empty) => {
                if !form_is_empty {
                    self.diags.warn(at, "an operation with a body parameter cannot also have form parameters; the form parameters are ignored");
                }
                Some(self.body(at, &body, &consumes))
            }
            (None, false) => Some(self.form(at, &form, &consumes)),
            (None, true) => None,
        };
        if let Some(request_body) = request_body {
            let index = out
                .keys()
                .position(|k| k == "parameters")
                .map(|i| i + 1)
                .or_else(|| out.keys().position(|k| k == "responses"));
            out.shift_insert(
                index.unwrap_or(out.len()),
                "requestBody".into(),
                request_body,
            );
        }
        Value::Object(out)
    }

    /// Sorts a `parameters` list (at `list` in the file) into regular, body and form parameters.
    fn sort(&mut self, list: &str, params: Option<&Value>) -> Sorted {
        let mut sorted = Sorted::default();
        let Some(Value::Array(params)) = params else {
            return sorted;
        };
        for (i, param) in params.iter().enumerate() {
            let original = format!("{list}/{i}");
            let (global, resolved) = match self.referenced_parameter(param) {
                Some((name, found)) => (Some(name), found.clone()),
                None => (None, param.clone()),
            };
            match resolved.get("in").and_then(Value::as_str) {
                Some("body") => {
                    sorted.body = Some(Body {
                        original,
                        global,
                        param: resolved,
                    })
                }
                Some("formData") => {
                    if let Value::Object(param) = resolved {
                        sorted.form.push(FormField { original, param });
                    }
                }
                _ => sorted.regular.push((original, param.clone())),
            }
        }
        sorted
    }

    /// Writes the regular parameters at `list` (the same place in both documents; indices shift
    /// where body and form parameters left).
    fn emit_parameters(&mut self, out: &mut Map<String, Value>, list: &str, sorted: &Sorted) {
        if sorted.regular.is_empty() {
            return;
        }
        let mut converted = Vec::with_capacity(sorted.regular.len());
        for (j, (original, param)) in sorted.regular.iter().enumerate() {
            let at = At {
                lowered: format!("{list}/{j}"),
                original: original.clone(),
            };
            self.rewrites.record(&at.lowered, &at.original);
            converted.push(self.parameter(&at, param.clone()));
        }
        out.insert("parameters".into(), Value::Array(converted));
    }

    /// The request body for a `body` parameter.
    fn body(&mut self, at: &str, body: &Body, consumes: &[String]) -> Value {
        let at = At {
            lowered: format!("{at}/requestBody"),
            original: body.original.clone(),
        };
        self.rewrites.record(&at.lowered, &at.original);
        match &body.global {
            Some(name) => request_body_ref(name),
            None => self.request_body(&at, &body.param, consumes),
        }
    }

    /// A 3.0 request body from a `body` parameter: its schema under each media type.
    pub(super) fn request_body(&mut self, at: &At, param: &Value, consumes: &[String]) -> Value {
        let schema = param.get("schema").cloned().unwrap_or_else(|| json!({}));
        let mut content = Map::new();
        for media_type in consumes {
            self.rewrites.record(
                format!(
                    "{}/schema",
                    child(&child(&at.lowered, "content"), media_type)
                ),
                format!("{}/schema", at.original),
            );
            content.insert(media_type.clone(), json!({ "schema": schema.clone() }));
        }
        let mut out = Map::new();
        if let Some(description) = param.get("description") {
            out.insert("description".into(), description.clone());
        }
        out.insert("content".into(), Value::Object(content));
        if param.get("required").is_some_and(|r| r == true) {
            out.insert("required".into(), Value::Bool(true));
        }
        if let Some(param) = param.as_object() {
            out.extend(
                param
                    .iter()
                    .filter(|(k, _)| k.starts_with("x-"))
                    .map(|(k, v)| (k.clone(), v.clone())),
            );
        }
        Value::Object(out)
    }

    /// A request body of one object whose properties are the form fields: multipart when a field
    /// is a file or `consumes` says so, urlencoded otherwise.
    fn form(&mut self, at: &str, fields: &[FormField], consumes: &[String]) -> Value {
        let is_file = |f: &FormField| f.param.get("type").is_some_and(|t| t == "file");
        let multipart =
            fields.iter().any(is_file) || consumes.iter().any(|c| c == "multipart/form-data");
        let media_type = if multipart {
            "multipart/form-data"
        } else {
            "application/x-www-form-urlencoded"
        };
        let body = format!("{at}/requestBody");
        let schema_at = format!("{}/schema", child(&format!("{body}/content"), media_type));
        if let Some(list) = fields
            .first()
            .and_then(|f| super::pointer::parent(&f.original))
        {
            self.rewrites.record(&body, list);
        }
        let mut properties = Map::new();
        let mut required = Vec::new();
        let mut encoding = Map::new();
        for field in fields {
            let name = field.name().to_owned();
            self.rewrites.record(
                child(&format!("{schema_at}/properties"), &name),
                &field.original,
            );
            let mut schema = schema_of(&field.param);
            if let (Some(description), Value::Object(schema)) =
                (field.param.get("description"), &mut schema)
            {
                schema.insert("description".into(), description.clone());
            }
            properties.insert(name.clone(), schema);
            if field.param.get("required").is_some_and(|r| r == true) {
                required.push(Value::String(name.clone()));
            }
            if field.param.get("type").is_some_and(|t| t == "array") {
                let explode = field
                    .param
                    .get("collectionFormat")
                    .is_some_and(|f| f == "multi");
                encoding.insert(name, json!({ "style": "form", "explode": explode }));
            }
        }
        let mut schema = json!({ "type": "object", "properties": properties });
        if !required.is_empty() {
            schema["required"] = Value::Array(required.clone());
        }
        let mut media = json!({ "schema": schema });
        if !encoding.is_empty() {
            media["encoding"] = Value::Object(encoding);
        }
        let mut out = json!({ "content": { media_type: media } });
        if !required.is_empty() {
            out["required"] = Value::Bool(true);
        }
        out
    }

    /// An operation's (or the global) `responses`.
    fn responses(&mut self, at: &At, responses: Value, produces: &[String]) -> Value {
        let Value::Object(responses) = responses else {
            return responses;
        };
        let converted = responses.into_iter().map(|(code, response)| {
            let response = match code.starts_with("x-") {
                true => response,
                false => self.response(&at.child(&code), response, produces),
            };
            (code, response)
        });
        Value::Object(converted.collect())
    }

    /// A response: `schema` under each media type of `produces` (with `examples` per media type),
    /// headers converted.
    pub(super) fn response(&mut self, at: &At, response: Value, produces: &[String]) -> Value {
        let Value::Object(response) = response else {
            return response;
        };
        if response.contains_key("$ref") {
            return Value::Object(response);
        }
        let mut out = Map::new();
        let description = response
            .get("description")
            .cloned()
            .unwrap_or_else(|| "".into());
        out.insert("description".into(), description);
        if let Some(Value::Object(headers)) = response.get("headers") {
            let headers_at = at.child("headers");
            let converted = headers
                .iter()
                .map(|(name, header)| (name.clone(), self.header(&headers_at.child(name), header)));
            out.insert("headers".into(), Value::Object(converted.collect()));
        }
        let examples = response.get("examples").and_then(Value::as_object);
        if let Some(schema) = response.get("schema") {
            let mut content = Map::new();
            let extra = examples
                .into_iter()
                .flatten()
                .map(|(m, _)| m)
                .filter(|m| !produces.contains(m));
            for media_type in produces.iter().chain(extra) {
                let mut media = json!({ "schema": schema.clone() });
                let media_at = at.child("content").child(media_type);
                self.rewrites.record(
                    format!("{}/schema", media_at.lowered),
                    format!("{}/schema", at.original),
                );
                if let Some(example) = examples.and_then(|e| e.get(media_type)) {
                    media["example"] = example.clone();
                    self.rewrites.record(
                        format!("{}/example", media_at.lowered),
                        child(&format!("{}/examples", at.original), media_type),
                    );
                }
                content.insert(media_type.clone(), media);
            }
            out.insert("content".into(), Value::Object(content));
        }
        out.extend(response.into_iter().filter(|(k, _)| k.starts_with("x-")));
        Value::Object(out)
    }

    /// A response header: its type keywords move into `schema`.
    fn header(&mut self, at: &At, header: &Value) -> Value {
        let Value::Object(header) = header else {
            return header.clone();
        };
        let mut out = Map::new();
        if let Some(description) = header.get("description") {
            out.insert("description".into(), description.clone());
        }
        out.insert("schema".into(), schema_of(header));
        self.rewrites
            .record(format!("{}/schema", at.lowered), &at.original);
        out.extend(
            header
                .iter()
                .filter(|(k, _)| k.starts_with("x-") && *k != "x-nullable")
                .map(|(k, v)| (k.clone(), v.clone())),
        );
        Value::Object(out)
    }
}
