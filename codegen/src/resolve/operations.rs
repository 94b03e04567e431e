//! Operations: method names, parameters, request bodies and the calls generated for them.

use super::media::classify;
use super::names::{camel_ident, snake_ident, NameSet};
use super::responses;
use super::security::Schemes;
use super::types::TypeSpace;
use super::view::SchemaRef;
use super::{follow, join_doc};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{
    BodyContent, BodyEncoding, BodyParam, Call, Operation, ParamLocation, ParamStyle, Parameter,
    TypeRef,
};
use openapiv3::{
    OpenAPI, Parameter as SpecParameter, ParameterSchemaOrContent, PathItem, QueryStyle,
    ReferenceOr, RequestBody,
};

pub(super) const METHODS: [&str; 8] = [
    "get", "put", "post", "delete", "options", "head", "patch", "trace",
];

/// Methods of the generated client that operations may not take.
const CLIENT_METHODS: &[&str] = &["new", "with_transport", "runtime", "runtime_mut"];

/// Resolves every operation in `paths`, in spec order.
pub fn resolve(
    doc: &OpenAPI,
    space: &mut TypeSpace<'_>,
    schemes: &mut Schemes,
    diags: &mut Diagnostics,
) -> Vec<Operation> {
    let mut method_names = NameSet::with_reserved(CLIENT_METHODS);
    let mut operations = Vec::new();
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
                path_key,
                item,
                method,
                pointer: child(&item_pointer, method),
            };
            if let Some(operation) = context.resolve(op, space, schemes, &mut method_names, diags) {
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
        method_names: &mut NameSet,
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
        let params = check_path_template(&path, params, &self.pointer, diags)?;
        let base_name = method_names.claim(&snake_ident(&id).replace("r#", ""));
        let (body, contents) = match &op.request_body {
            Some(body) => self.request_body(body, op, &type_name, space, &mut param_names, diags),
            None => (None, Vec::new()),
        };
        let calls = calls(&base_name, contents, method_names);
        let (responses, accept) = responses::resolve(
            self.doc,
            &op.responses,
            &self.pointer,
            &type_name,
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
        })
    }

    /// Path-level parameters overridden by operation-level ones with the same name and location.
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
        let params = found
            .into_iter()
            .map(|(param, pointer)| parameter(param, &pointer, type_name, space, names, diags));
        Some(params.collect())
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
        let param = BodyParam {
            name: names.claim(&snake_ident(&wanted)),
            required: body.required,
            doc: body.description.clone(),
        };
        (Some(param), contents)
    }
}

/// One method per body media type: the first keeps the base name, the others get a suffix.
fn calls(base_name: &str, contents: Vec<BodyContent>, method_names: &mut NameSet) -> Vec<Call> {
    if contents.is_empty() {
        return vec![Call {
            method_name: base_name.to_string(),
            body: None,
        }];
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
                method_names.claim(&format!("{base_name}_{suffix}"))
            };
            Call {
                method_name,
                body: Some(content),
            }
        })
        .collect()
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
    Parameter {
        name: names.claim(&snake_ident(&data.name)),
        wire_name: data.name.clone(),
        location,
        style,
        ty,
        required: data.required || location == ParamLocation::Path,
        doc: data.description.clone(),
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

/// Every `{name}` in the template needs a path parameter (else the operation is skipped with a
/// warning); path parameters the template does not use are dropped with a warning.
fn check_path_template(
    path: &str,
    params: Vec<Parameter>,
    pointer: &str,
    diags: &mut Diagnostics,
) -> Option<Vec<Parameter>> {
    let placeholders = placeholders(path);
    let mut ok = true;
    for name in &placeholders {
        if !params
            .iter()
            .any(|p| p.location == ParamLocation::Path && &p.wire_name == name)
        {
            diags.warn(pointer, format!("the path template names `{{{name}}}` but the operation declares no such path parameter; the operation is skipped"));
            ok = false;
        }
    }
    if !ok {
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

fn placeholders(path: &str) -> Vec<String> {
    path.split('{')
        .skip(1)
        .filter_map(|rest| rest.split_once('}'))
        .map(|(name, _)| name.to_string())
        .collect()
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
        assert_eq!(placeholders("/a/{id}/b/{other}"), vec!["id", "other"]);
    }
}
