//! The headers a response declares (`responses.<status>.headers`, `$ref`s into
//! `components/headers` followed), as one typed struct per operation and status.
//!
//! Field names come from the header names, types from their schemas. `Set-Cookie` is always every
//! occurrence as a string (its values hold commas and cannot be combined). `Content-Type` is not
//! read (OpenAPI says it is ignored there); names that are not HTTP header names are skipped with a
//! warning. Which schemas can type a header is only known once every type is resolved:
//! [`check_types`] then reads any other shape as text, with a warning.

use super::follow;
use super::names::{camel_ident, snake_ident, NameSet};
use super::types::TypeSpace;
use super::view::SchemaRef;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{HeaderField, HeaderRead, HeaderStruct, Operation, TypeDef, TypeKind, TypeRef};
use openapiv3::{
    Header, OpenAPI, ParameterSchemaOrContent, ReferenceOr, Response, Schema, SchemaKind, Type,
};

/// The header struct of `response` (at `pointer`), wanting the name `<hint>Headers`; `None` when
/// it declares no header that can be read.
pub fn resolve(
    doc: &OpenAPI,
    response: &Response,
    pointer: &str,
    hint: &str,
    space: &mut TypeSpace<'_>,
    diags: &mut Diagnostics,
) -> Option<HeaderStruct> {
    let base = child(pointer, "headers");
    let mut seen: Vec<String> = Vec::new();
    let mut names = NameSet::default();
    let mut fields = Vec::new();
    let text_header = text_header();
    for (name, header) in &response.headers {
        let header_pointer = child(&base, name);
        let wire_name = name.to_ascii_lowercase();
        if !is_header_name(name) {
            diags.warn(
                &header_pointer,
                format!("`{name}` is not an HTTP header name; the header is not read"),
            );
            continue;
        }
        if wire_name == "content-type" {
            continue;
        }
        if seen.contains(&wire_name) {
            diags.warn(
                &header_pointer,
                format!("header `{name}` is declared twice (names are case-insensitive); the first is read"),
            );
            continue;
        }
        seen.push(wire_name.clone());
        let header = match follow_header(doc, header) {
            Ok(header) => header,
            Err(why) => {
                diags.warn(&header_pointer, format!("header: {why}; read as text"));
                &text_header
            }
        };
        let (ty, read) = if wire_name == "set-cookie" {
            (TypeRef::String, HeaderRead::Every)
        } else {
            let read = if header.required {
                HeaderRead::Required
            } else {
                HeaderRead::Optional
            };
            (
                value_type(header, &header_pointer, hint, name, space, diags),
                read,
            )
        };
        fields.push(HeaderField {
            name: names.claim(&snake_ident(name)),
            wire_name,
            pointer: header_pointer,
            ty,
            read,
            doc: header
                .description
                .as_deref()
                .map(str::trim)
                .map(str::to_string),
        });
    }
    (!fields.is_empty()).then(|| HeaderStruct {
        name: camel_ident(&format!("{hint}Headers")),
        pointer: base,
        fields,
    })
}

fn value_type(
    header: &Header,
    pointer: &str,
    hint: &str,
    name: &str,
    space: &mut TypeSpace<'_>,
    diags: &mut Diagnostics,
) -> TypeRef {
    match &header.format {
        ParameterSchemaOrContent::Schema(schema) => {
            let hint = format!("{hint}{}", camel_ident(name));
            let schema_pointer = child(pointer, "schema");
            space
                .resolve(SchemaRef::from(schema), &schema_pointer, &hint, diags)
                .ty
        }
        ParameterSchemaOrContent::Content(_) => {
            diags.warn(pointer, "a header described by `content` is read as text");
            TypeRef::String
        }
    }
}

fn follow_header<'d>(
    doc: &'d OpenAPI,
    header: &'d ReferenceOr<Header>,
) -> Result<&'d Header, String> {
    let lookup = |name: &str| doc.components.as_ref()?.headers.get(name);
    follow(header, lookup, "#/components/headers/")
}

/// An optional string header: what a header that cannot be found degrades to.
fn text_header() -> Header {
    let string = Schema {
        schema_data: Default::default(),
        schema_kind: SchemaKind::Type(Type::String(Default::default())),
    };
    Header {
        description: None,
        style: Default::default(),
        required: false,
        deprecated: None,
        format: ParameterSchemaOrContent::Schema(ReferenceOr::Item(string)),
        example: None,
        examples: Default::default(),
        extensions: Default::default(),
    }
}

/// Whether `name` is an HTTP field name (RFC 9110 `token`).
fn is_header_name(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Reads every header whose schema resolved to something a header value cannot be (an object, a
/// union, free-form JSON, nested arrays, bytes) as text, with a warning naming the header.
pub fn check_types(types: &[TypeDef], operations: &mut [Operation], diags: &mut Diagnostics) {
    for op in operations {
        let cases = op
            .responses
            .success
            .iter_mut()
            .chain(&mut op.responses.errors);
        for headers in cases.filter_map(|case| case.headers.as_mut()) {
            for field in &mut headers.fields {
                let ty = strip_option(&field.ty);
                let fits = match ty {
                    TypeRef::Vec(item) => is_scalar(types, strip_option(item)),
                    other => is_scalar(types, other),
                };
                if fits {
                    field.ty = ty.clone();
                } else {
                    diags.warn(
                        &field.pointer,
                        format!(
                            "the schema of header `{}` is not a scalar, an enum or an array of them; read as text",
                            field.wire_name
                        ),
                    );
                    field.ty = TypeRef::String;
                }
            }
        }
    }
}

fn strip_option(ty: &TypeRef) -> &TypeRef {
    match ty {
        TypeRef::Option(inner) | TypeRef::Boxed(inner) => strip_option(inner),
        other => other,
    }
}

/// Whether a header value (or an item of a comma-separated list) can be read as `ty`.
fn is_scalar(types: &[TypeDef], ty: &TypeRef) -> bool {
    match ty {
        TypeRef::String
        | TypeRef::Bool
        | TypeRef::Integer(_)
        | TypeRef::Float(_)
        | TypeRef::DateTime
        | TypeRef::Date
        | TypeRef::Uuid => true,
        TypeRef::Named(id) => match &types[id.0].kind {
            TypeKind::Enum(_) => true,
            TypeKind::Alias(inner) => is_scalar(types, strip_option(inner)),
            _ => false,
        },
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use crate::ir::{Api, HeaderRead, HeaderStruct, TypeKind, TypeRef};
    use crate::{resolve_str, Settings};

    fn resolve(headers: &str, components: &str) -> (Api, Vec<String>) {
        let spec = format!(
            "openapi: 3.0.3\ninfo: {{title: t, version: '1'}}\npaths:\n  /a:\n    get:\n      operationId: listThings\n      responses:\n        '200':\n          description: ok\n          headers:\n{headers}\n        '404':\n          description: gone\n          headers:\n            Retry-After: {{schema: {{type: integer}}}}\ncomponents:\n{components}\n"
        );
        let (api, diags) = resolve_str("t.yaml", &spec, &Settings::default()).unwrap();
        (api, diags.iter().map(|d| d.to_string()).collect())
    }

    fn success_headers(api: &Api) -> &HeaderStruct {
        api.operations[0].responses.success[0]
            .headers
            .as_ref()
            .unwrap()
    }

    #[test]
    fn headers_become_a_named_struct_per_status() {
        let (api, diags) = resolve(
            "            X-Total-Count: {required: true, schema: {type: integer, format: int32}}\n            Set-Cookie: {schema: {type: string}}\n            Link: {$ref: '#/components/headers/Link'}\n            x-mode: {schema: {type: string, enum: [a, b]}}\n            X-Ids: {schema: {type: array, items: {type: string, format: uuid}}}\n            Content-Type: {schema: {type: string}}",
            "  headers:\n    Link: {description: pages, schema: {type: string}}",
        );
        assert!(diags.is_empty(), "{diags:?}");
        let headers = success_headers(&api);
        assert_eq!(headers.name, "ListThingsOkHeaders");
        let fields: Vec<(&str, &str, HeaderRead)> = headers
            .fields
            .iter()
            .map(|f| (f.name.as_str(), f.wire_name.as_str(), f.read))
            .collect();
        assert_eq!(
            fields,
            [
                ("x_total_count", "x-total-count", HeaderRead::Required),
                ("set_cookie", "set-cookie", HeaderRead::Every),
                ("link", "link", HeaderRead::Optional),
                ("x_mode", "x-mode", HeaderRead::Optional),
                ("x_ids", "x-ids", HeaderRead::Optional),
            ]
        );
        let types: Vec<&TypeRef> = headers.fields.iter().map(|f| &f.ty).collect();
        assert_eq!(types[0], &TypeRef::Integer(crate::ir::IntegerKind::I32));
        assert_eq!(types[1], &TypeRef::String);
        assert_eq!(headers.fields[2].doc.as_deref(), Some("pages"));
        let TypeRef::Named(mode) = types[3] else {
            panic!("{:?}", types[3])
        };
        assert_eq!(api.types[mode.0].name, "ListThingsOkXMode");
        assert!(matches!(api.types[mode.0].kind, TypeKind::Enum(_)));
        assert_eq!(types[4], &TypeRef::Vec(Box::new(TypeRef::Uuid)));
        let errors = &api.operations[0].responses.errors[0];
        assert_eq!(
            errors.headers.as_ref().unwrap().name,
            "ListThingsNotFoundHeaders"
        );
    }

    #[test]
    fn unreadable_headers_are_located_warnings() {
        let (api, diags) = resolve(
            "            X-Obj: {schema: {type: object, properties: {a: {type: string}}}}\n            'Bad Name': {schema: {type: string}}\n            X-Gone: {$ref: '#/components/headers/Nope'}\n            X-A: {schema: {type: string}}\n            x-a: {schema: {type: integer}}",
            "  schemas: {}",
        );
        let headers = success_headers(&api);
        let names: Vec<&str> = headers.fields.iter().map(|f| f.name.as_str()).collect();
        assert_eq!(names, ["x_obj", "x_gone", "x_a"]);
        assert_eq!(headers.fields[0].ty, TypeRef::String);
        assert_eq!(headers.fields[1].ty, TypeRef::String);
        assert_eq!(diags.len(), 4, "{diags:#?}");
        for (diag, (fragment, pointer)) in diags.iter().zip([
            ("not an HTTP header name", "/headers/Bad Name"),
            ("points to nothing", "/headers/X-Gone"),
            ("declared twice", "/headers/x-a"),
            ("not a scalar", "/headers/X-Obj"),
        ]) {
            assert!(diag.contains(fragment), "{diag}");
            assert!(diag.contains(pointer), "{diag}");
            assert!(diag.contains("t.yaml:"), "{diag}");
        }
    }

    #[test]
    fn header_struct_names_step_aside_for_schemas() {
        let (api, _) = resolve(
            "            Link: {schema: {type: string}}",
            "  schemas:\n    ListThingsOkHeaders: {type: object}",
        );
        assert_eq!(success_headers(&api).name, "ListThingsOkHeaders2");
    }
}
