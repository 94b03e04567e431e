//! Operations: method names, parameters, request bodies and the calls generated for them.

use super::media::classify;
use super::names::{camel_ident, snake_ident, snake_join, Item, NameSet};
use super::responses;
use super::security::Schemes;
use super::types::TypeSpace;
use super::view::SchemaRef;
use super::{follow, join_doc};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{
    BodyContent, BodyEncoding, BodyParam, Call, Locals, Operation, ParamLocation, ParamStyle,
    Parameter, TypeRef,
};
use openapiv3::{
    OpenAPI, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, RequestBody,
};
use serde_json::Value;

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Resolves every operation in `paths`, in spec order.
pub fn resolve(
    doc: &OpenAPI,
    raw: &Value,
    space: &mut TypeSpace<'_>,
    schemes: &mut Schemes,
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let mut operations = Vec::new();
    let mut ids = DuplicateIds::default();
    for (path_key, item) in &doc.paths.paths {
        let item_pointer = child("/paths", path_key);
        let ReferenceOr::Item(item) = item else {
            diags.warn(
                &item_pointer,
                "a $ref path item is not supported; its operations are skipped",
            );
            continue;
        };
        for (method, op) in METHODS.iter().zip(path_operations(item)) {
            let Some(op) = op else { continue };
            let context = OperationContext {
                doc,
                raw,
                path_key,
                item,
                method,
                pointer: child(&item_pointer, method),
            };
            ids.check(op, &context.pointer, diags);
            if let Some(operation) = context.resolve(op, space, schemes, diags) {
                operations.push(operation);
            }
        }
    }
    operations
}

pub(super) fn path_operations(item: &PathItem) -> [Option<&openapiv3::Operation>; 8] {
    [
        &item.get,
        &item.put,
        &item.post,
        &item.delete,
        &item.options,
        &item.head,
        &item.patch,
        &item.trace,
    ]
    .map(Option::as_ref)
}

/// Where one operation stands in the spec.
struct OperationContext<'d> {
    doc: &'d OpenAPI,
    /// The same document as JSON, for what the typed one drops (response keys it cannot read).
    raw: &'d Value,
    path_key: &'d str,
    item: &'d PathItem,
    method: &'static str,
    pointer: String,
}

impl OperationContext<'_> {
    fn resolve(
        &self,
        op: &openapiv3::Operation,
        space: &mut TypeSpace<'_>,
        schemes: &mut Schemes,
        diags: &mut Diagnostics,
    ) -> Option<Operation> {
        let (path, fixed_query) = split_path_key(self.path_key);
        let id = match &op.operation_id {
            Some(id) if !id.trim().is_empty() => id.clone(),
            _ => synthesized_id(self.method, &path),
        };
        let type_name = camel_ident(&id);
        let mut param_names = NameSet::default();
        let params = self.parameters(op, &type_name, space, &mut param_names, diags)?;
        let item_pointer = child("/paths", self.path_key);
        let params = check_path_template(&path, params, &item_pointer, &self.pointer, diags)?;
        self.check_response_keys(diags);
        let (body, contents) = match &op.request_body {
            Some(body) => self.request_body(body, op, &type_name, space, &mut param_names, diags),
            None => (None, Vec::new()),
        };
        // A parameter keeps its name; the emitted code's locals step aside.
        let locals = Locals {
            request: param_names.claim("request"),
            response: param_names.claim("response"),
            config: param_names.claim("config"),
        };
        let method_name = snake_ident(&id);
        let calls = calls(&method_name, contents);
        let responses::Resolved {
            responses,
            accept,
            streams,
        } = responses::resolve(
            self.doc,
            &op.responses,
            &self.pointer,
            (&type_name, &method_name),
            space,
            diags,
        );
        let requirements = op.security.as_ref().or(self.doc.security.as_ref());
        let security = match requirements {
            Some(reqs) => {
                let pointer = if op.security.is_some() {
                    child(&self.pointer, "security")
                } else {
                    "/security".into()
                };
                schemes.requirements(reqs, &pointer, diags)
            }
            None => Vec::new(),
        };
        Some(Operation {
            id,
            pointer: self.pointer.clone(),
            http_method: self.method.to_ascii_uppercase(),
            path,
            fixed_query,
            accept,
            doc: join_doc(op.summary.as_deref(), op.description.as_deref()),
            deprecated: op.deprecated,
            params,
            body,
            calls,
            responses,
            security,
            locals,
            streams,
            pagination: None,
        })
    }

    /// Warns about response keys that are not a status, a range or `default` (the typed document
    /// has already dropped them, or they are left out in `responses::resolve`).
    fn check_response_keys(&self, diags: &mut Diagnostics) {
        let pointer = child(&self.pointer, "responses");
        let Some(keys) = self.raw.pointer(&pointer).and_then(Value::as_object) else {
            return;
        };
        for key in keys.keys() {
            if !key.starts_with("x-") && !is_response_key(key) {
                diags.warn(
                    child(&pointer, key),
                    format!("response key `{key}` is not a status code (100 to 599), a range such as `4XX`, or `default`; the response is ignored"),
                );
            }
        }
    }

    /// Path-level parameters overridden by operation-level ones with the same name and location.
    /// `None` when a required parameter cannot be sent (the operation is skipped).
    fn parameters(
        &self,
        op: &openapiv3::Operation,
        type_name: &str,
        space: &mut TypeSpace<'_>,
        names: &mut NameSet,
        diags: &mut Diagnostics,
    ) -> Option<Vec<Parameter>> {
        let item_pointer = child("/paths", self.path_key);
        let declared = self
            .item
            .parameters
            .iter()
            .enumerate()
            .map(|(i, p)| {
                (
                    p,
                    child(&child(&item_pointer, "parameters"), &i.to_string()),
                )
            })
            .chain(op.parameters.iter().enumerate().map(|(i, p)| {
                (
                    p,
                    child(&child(&self.pointer, "parameters"), &i.to_string()),
                )
            }));
        let mut found: Vec<(&SpecParameter, String)> = Vec::new();
        for (param, pointer) in declared {
            let param = match follow_parameter(self.doc, param) {
                Ok(param) => param,
                Err(why) => {
                    // Where the parameter goes and whether it is required are unknown.
                    diags.warn(&pointer, format!("{why}; the operation is skipped"));
                    return None;
                }
            };
            let key = |p: &SpecParameter| (p.parameter_data_ref().name.clone(), location(p));
            match found.iter_mut().find(|(p, _)| key(p) == key(param)) {
                Some(slot) => *slot = (param, pointer),
                None => found.push((param, pointer)),
            }
        }
        let mut params = Vec::with_capacity(found.len());
        for (param, pointer) in found {
            if !can_be_sent(param, &pointer, diags)? {
                continue;
            }
            params.push(parameter(param, &pointer, type_name, space, names, diags));
        }
        Some(params)
    }

    fn request_body(
        &self,
        body: &ReferenceOr<RequestBody>,
        op: &openapiv3::Operation,
        type_name: &str,
        space: &mut TypeSpace<'_>,
        names: &mut NameSet,
        diags: &mut Diagnostics,
    ) -> (Option<BodyParam>, Vec<BodyContent>) {
        let pointer = child(&self.pointer, "requestBody");
        let any_json;
        let body = match follow_body(self.doc, body) {
            Ok(body) => body,
            Err(why) => {
                space.fall_back(&pointer, format!("request body: {why}"), diags);
                any_json = any_json_body();
                &any_json
            }
        };
        let mut contents: Vec<BodyContent> = Vec::new();
        let mut resolved: Vec<(&ReferenceOr<openapiv3::Schema>, TypeRef)> = Vec::new();
        for (media_type, content) in &body.content {
            let encoding = classify(media_type);
            let content_pointer = child(&child(&pointer, "content"), media_type);
            let ty = match (encoding, &content.schema) {
                (BodyEncoding::Text, _) => TypeRef::String,
                (BodyEncoding::Bytes, _) => TypeRef::Bytes,
                (_, Some(schema)) => match resolved.iter().find(|(seen, _)| *seen == schema) {
                    // The same inline schema under several media types is one type.
                    Some((_, ty)) => ty.clone(),
                    None => {
                        let hint = format!("{type_name}Body");
                        let schema_pointer = child(&content_pointer, "schema");
                        let ty =
                            space.resolve(SchemaRef::from(schema), &schema_pointer, &hint, diags);
                        let ty = ty.optional_if_nullable();
                        resolved.push((schema, ty.clone()));
                        ty
                    }
                },
                (_, None) => TypeRef::Json,
            };
            if !contents
                .iter()
                .any(|c| c.encoding == encoding && c.ty == ty)
            {
                contents.push(BodyContent {
                    media_type: media_type.clone(),
                    encoding,
                    ty,
                });
            }
        }
        if contents.is_empty() {
            return (None, contents);
        }
        // JSON first: it is what the plain method sends.
        contents.sort_by_key(|c| c.encoding != BodyEncoding::Json);
        let wanted = op
            .extensions
            .get("x-codegen-request-body-name")
            .and_then(|v| v.as_str())
            .map(str::to_string)
            .or_else(|| body_schema_name(body))
            .unwrap_or_else(|| "body".to_string());
        let item = Item {
            what: "request body parameter",
            pointer: &pointer,
        };
        let param = BodyParam {
            name: names.claim_for(&snake_ident(&wanted), item, diags),
            required: body.required,
            doc: body.description.clone(),
        };
        (Some(param), contents)
    }
}

/// One method per body media type: the first keeps the base name, the others get a suffix. The
/// names are the wanted ones; the client's namespace settles them.
fn calls(base_name: &str, contents: Vec<BodyContent>) -> Vec<Call> {
    let call = |method_name: String, body: Option<BodyContent>| Call {
        with_response_name: snake_join(&method_name, "with_response"),
        method_name,
        body,
    };
    if contents.is_empty() {
        return vec![call(base_name.to_string(), None)];
    }
    contents
        .into_iter()
        .enumerate()
        .map(|(i, content)| {
            let method_name = if i == 0 {
                base_name.to_string()
            } else {
                let suffix = match content.encoding {
                    BodyEncoding::Json => "json",
                    BodyEncoding::Form => "form",
                    BodyEncoding::Multipart => "multipart",
                    BodyEncoding::Text => "text",
                    BodyEncoding::Bytes => "bytes",
                };
                snake_join(base_name, suffix)
            };
            call(method_name, Some(content))
        })
        .collect()
}

/// Remembers where each operationId was first used, to warn about the ones used again.
#[derive(Default)]
struct DuplicateIds {
    first: std::collections::HashMap<String, String>,
}

impl DuplicateIds {
    fn check(&mut self, op: &openapiv3::Operation, pointer: &str, diags: &mut Diagnostics) {
        let Some(id) = &op.operation_id else { return };
        match self.first.get(id) {
            Some(first) => diags.warn(
                child(pointer, "operationId"),
                format!("operationId `{id}` is also used at `#{first}`; operationIds must be unique (the methods get distinct names)"),
            ),
            None => {
                self.first.insert(id.clone(), pointer.to_string());
            }
        }
    }
}

fn parameter(
    param: &SpecParameter,
    pointer: &str,
    type_name: &str,
    space: &mut TypeSpace<'_>,
    names: &mut NameSet,
    diags: &mut Diagnostics,
) -> Parameter {
    let data = param.parameter_data_ref();
    let location = location(param);
    let style = match param {
        SpecParameter::Query { style, .. } => match style {
            QueryStyle::Form => ParamStyle::Form {
                explode: data.explode.unwrap_or(true),
            },
            QueryStyle::SpaceDelimited => ParamStyle::SpaceDelimited,
            QueryStyle::PipeDelimited => ParamStyle::PipeDelimited,
            QueryStyle::DeepObject => ParamStyle::DeepObject,
        },
        SpecParameter::Cookie { .. } => ParamStyle::Form {
            explode: data.explode.unwrap_or(true),
        },
        SpecParameter::Path { style, .. } => {
            if !matches!(style, openapiv3::PathStyle::Simple) {
                diags.warn(
                    child(pointer, "style"),
                    "label and matrix path styles are sent as simple",
                );
            }
            ParamStyle::Simple
        }
        SpecParameter::Header { .. } => ParamStyle::Simple,
    };
    let hint = format!("{type_name}{}", camel_ident(&data.name));
    let ty = match &data.format {
        ParameterSchemaOrContent::Schema(schema) => {
            space
                .resolve(
                    SchemaRef::from(schema),
                    &child(pointer, "schema"),
                    &hint,
                    diags,
                )
                .ty
        }
        ParameterSchemaOrContent::Content(content) => match content.iter().next() {
            Some((media, media_type)) => match &media_type.schema {
                Some(schema) => {
                    let schema_pointer = child(&child(&child(pointer, "content"), media), "schema");
                    space
                        .resolve(SchemaRef::from(schema), &schema_pointer, &hint, diags)
                        .ty
                }
                None => TypeRef::String,
            },
            None => TypeRef::String,
        },
    };
    let item = Item {
        what: "parameter",
        pointer,
    };
    Parameter {
        name: names.claim_for(&snake_ident(&data.name), item, diags),
        wire_name: data.name.clone(),
        location,
        style,
        ty,
        required: data.required || location == ParamLocation::Path,
        doc: data.description.clone(),
        pointer: pointer.to_string(),
    }
}

fn location(param: &SpecParameter) -> ParamLocation {
    match param {
        SpecParameter::Query { .. } => ParamLocation::Query,
        SpecParameter::Header { .. } => ParamLocation::Header,
        SpecParameter::Path { .. } => ParamLocation::Path,
        SpecParameter::Cookie { .. } => ParamLocation::Cookie,
    }
}

/// Whether a header or cookie parameter's name can go on the wire (an HTTP token, RFC 9110); one
/// that cannot is left out with a warning, and `None` says the operation must be skipped because
/// the parameter is required.
fn can_be_sent(param: &SpecParameter, pointer: &str, diags: &mut Diagnostics) -> Option<bool> {
    let data = param.parameter_data_ref();
    let kind = match location(param) {
        ParamLocation::Header => "header",
        ParamLocation::Cookie => "cookie",
        ParamLocation::Path | ParamLocation::Query => return Some(true),
    };
    if is_http_token(&data.name) {
        return Some(true);
    }
    let consequence = if data.required {
        "the operation, which requires it, is skipped"
    } else {
        "the parameter is left out"
    };
    diags.warn(
        child(pointer, "name"),
        format!(
            "{kind} name {:?} is not an HTTP token, so it cannot be sent; {consequence}",
            data.name
        ),
    );
    (!data.required).then_some(false)
}

/// RFC 9110 `token`: one or more visible ASCII characters other than delimiters.
pub(crate) fn is_http_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// `default`, a status code from 100 to 599, or a range `1XX` to `5XX`.
fn is_response_key(key: &str) -> bool {
    let bytes = key.as_bytes();
    key == "default"
        || (bytes.len() == 3
            && (b'1'..=b'5').contains(&bytes[0])
            && (bytes[1..].iter().all(u8::is_ascii_digit)
                || bytes[1..].iter().all(|b| b.eq_ignore_ascii_case(&b'X'))))
}

/// The template must be well formed (else the operation is skipped) and every `{name}` in it
/// needs a path parameter (else the operation is skipped), each with a warning; path parameters
/// the template does not use are dropped with a warning.
fn check_path_template(
    path: &str,
    params: Vec<Parameter>,
    item_pointer: &str,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Parameter>> {
    let placeholders = match placeholders(path) {
        Ok(names) => names,
        Err(problem) => {
            diags.warn(
                item_pointer,
                format!(
                    "the path template {path:?} is malformed ({problem}); the operation is skipped"
                ),
            );
            return None;
        }
    };
    let missing: Vec<&String> = placeholders
        .iter()
        .filter(|name| {
            !params
                .iter()
                .any(|p| p.location == ParamLocation::Path && &p.wire_name == *name)
        })
        .collect();
    if !missing.is_empty() {
        let names: Vec<String> = missing.iter().map(|n| format!("`{{{n}}}`")).collect();
        diags.warn(
            pointer,
            format!(
                "the path template names {} but the operation declares no such path parameter; the operation is skipped",
                names.join(", ")
            ),
        );
        return None;
    }
    let (kept, unused): (Vec<Parameter>, Vec<Parameter>) = params
        .into_iter()
        .partition(|p| p.location != ParamLocation::Path || placeholders.contains(&p.wire_name));
    for p in unused {
        diags.warn(
            pointer,
            format!(
                "path parameter `{}` does not appear in the path template; it is left out",
                p.wire_name
            ),
        );
    }
    Some(kept)
}

/// The `{name}`s of a path template, in order, or what is wrong with it.
fn placeholders(path: &str) -> Result<Vec<String>, &'static str> {
    let mut names = Vec::new();
    let mut rest = path;
    while let Some(open) = rest.find(['{', '}']) {
        if rest[open..].starts_with('}') {
            return Err("a `}` closes no `{`");
        }
        let inside = &rest[open + 1..];
        let close = inside.find(['{', '}']).ok_or("a `{` is never closed")?;
        if inside[close..].starts_with('{') {
            return Err("a `{` opens inside another");
        }
        if close == 0 {
            return Err("`{}` names no parameter");
        }
        names.push(inside[..close].to_string());
        rest = &inside[close + 1..];
    }
    Ok(names)
}

/// Splits `/responses?beta=true#x` into the path and its fixed query pairs (the fragment, which
/// some specs use to put several operations on one path, is dropped).
fn split_path_key(key: &str) -> (String, Vec<(String, String)>) {
    let without_fragment = key.split('#').next().unwrap_or(key);
    match without_fragment.split_once('?') {
        Some((path, query)) => {
            let pairs = query
                .split('&')
                .filter(|p| !p.is_empty())
                .map(|p| match p.split_once('=') {
                    Some((k, v)) => (k.to_string(), v.to_string()),
                    None => (p.to_string(), String::new()),
                })
                .collect();
            (path.to_string(), pairs)
        }
        None => (without_fragment.to_string(), Vec::new()),
    }
}

/// A stable id for an operation without `operationId`: `get /pets/{id}` → `get_pets_id`.
fn synthesized_id(method: &str, path: &str) -> String {
    let words: Vec<&str> = path
        .split(|c: char| !c.is_alphanumeric())
        .filter(|w| !w.is_empty())
        .collect();
    if words.is_empty() {
        format!("{method}_root")
    } else {
        format!("{method}_{}", words.join("_"))
    }
}

fn body_schema_name(body: &RequestBody) -> Option<String> {
    let (_, content) = body.content.iter().next()?;
    match content.schema.as_ref()? {
        ReferenceOr::Reference { reference } => reference.rsplit('/').next().map(str::to_string),
        ReferenceOr::Item(_) => None,
    }
}

fn follow_parameter<'d>(
    doc: &'d OpenAPI,
    param: &'d ReferenceOr<SpecParameter>,
) -> Result<&'d SpecParameter, String> {
    let lookup = |name: &str| doc.components.as_ref()?.parameters.get(name);
    follow(param, lookup, "#/components/parameters/")
}

fn follow_body<'d>(
    doc: &'d OpenAPI,
    body: &'d ReferenceOr<RequestBody>,
) -> Result<&'d RequestBody, String> {
    let lookup = |name: &str| doc.components.as_ref()?.request_bodies.get(name);
    follow(body, lookup, "#/components/requestBodies/")
}

/// A required JSON body of any shape: what a body that cannot be found degrades to.
fn any_json_body() -> RequestBody {
    let content = [("application/json".to_string(), Default::default())];
    RequestBody {
        content: content.into_iter().collect(),
        required: true,
        ..Default::default()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn path_keys_are_split() {
        assert_eq!(split_path_key("/a/{id}"), ("/a/{id}".to_string(), vec![]));
        assert_eq!(
            split_path_key("/responses?beta=true"),
            (
                "/responses".to_string(),
                vec![("beta".into(), "true".into())]
            )
        );
        assert_eq!(
            split_path_key("/oauth2/token#refresh"),
            ("/oauth2/token".to_string(), vec![])
        );
    }

    #[test]
    fn ids_are_synthesized_from_method_and_path() {
        assert_eq!(synthesized_id("get", "/pets/{id}"), "get_pets_id");
        assert_eq!(synthesized_id("post", "/"), "post_root");
    }

    #[test]
    fn placeholders_are_found() {
        assert_eq!(
            placeholders("/a/{id}/b/{other}").unwrap(),
            vec!["id", "other"]
        );
        assert_eq!(placeholders("/a/{id").unwrap_err(), "a `{` is never closed");
        assert_eq!(placeholders("/a/id}").unwrap_err(), "a `}` closes no `{`");
        assert_eq!(
            placeholders("/a/{b{c}}").unwrap_err(),
            "a `{` opens inside another"
        );
        assert_eq!(
            placeholders("/a/{}").unwrap_err(),
            "`{}` names no parameter"
        );
    }

    #[test]
    fn header_names_must_be_tokens() {
        assert!(is_http_token("X-Session-Token"));
        assert!(!is_http_token("X Session"));
        assert!(!is_http_token("x:y"));
        assert!(!is_http_token(""));
        assert!(!is_http_token("ümlaut"));
    }

    #[test]
    fn response_keys() {
        for good in ["200", "599", "4XX", "2xx", "default"] {
            assert!(is_response_key(good), "{good}");
        }
        for bad in ["20", "600", "099", "6XX", "foo", "2X0", "Default"] {
            assert!(!is_response_key(bad), "{bad}");
        }
    }
}
