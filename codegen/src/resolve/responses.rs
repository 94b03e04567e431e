//! An operation's documented responses, split into the `Ok` side and the typed error enum.
//!
//! `Ok` carries the main success type: every 2xx response when they share one type (no 2xx: the
//! 3xx ones; neither: `default`). When success responses carry different types they become an enum.
//! Every other documented response (3xx beside a 2xx, 4xx, 5xx, `default`) is a variant of the
//! operation's error enum, so a 303 is surfaced as a value, never followed or lost.
//!
//! Success responses that document `text/event-stream` or a download (a non-JSON, non-text media
//! type, or text with `format: binary`) also give the operation a streaming method each.

use super::media::{classify, essence};
use super::names::{camel_ident, snake_join};
use super::types::TypeSpace;
use super::view::SchemaRef;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{
    BodyEncoding, ResponseBody, ResponseCase, Responses, StatusMatch, StreamBody, StreamMethod,
    TypeRef,
};
use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};

/// An operation's responses resolved: the outcome, the `Accept` header, the streaming methods.
pub struct Resolved {
    /// How responses map onto `Result`.
    pub responses: Responses,
    /// Every documented media type, JSON first.
    pub accept: Option<String>,
    /// The streaming methods, with the names they want.
    pub streams: Vec<StreamMethod>,
}

/// What one response offers to stream.
#[derive(Default)]
struct Streamable {
    /// `text/event-stream`, with what its events carry.
    events: Option<StreamBody>,
    /// Media types a caller would download.
    downloads: Vec<String>,
}

/// Resolves `responses` of the operation at `pointer`; `op_type_name` prefixes synthesized names,
/// `method_name` (the operation's method) those of the streaming methods.
pub fn resolve(
    doc: &OpenAPI,
    responses: &openapiv3::Responses,
    pointer: &str,
    (op_type_name, method_name): (&str, &str),
    space: &mut TypeSpace<'_>,
    diags: &mut Diagnostics,
) -> Resolved {
    let base = child(pointer, "responses");
    let mut cases = Vec::new();
    let mut media_types: Vec<String> = Vec::new();
    let entries = responses
        .responses
        .iter()
        .map(|(status, r)| (status_match(status), status.to_string(), r))
        // The typed document reads `600` and `6XX` too; they are not HTTP statuses (and are
        // reported with the other keys that are not).
        .filter(|(status, _, _)| is_http_status(*status))
        .chain(
            responses
                .default
                .iter()
                .map(|r| (StatusMatch::Default, "default".to_string(), r)),
        );
    for (status, key, response) in entries {
        let response_pointer = child(&base, &key);
        let any_json;
        let response = match follow_response(doc, response) {
            Ok(response) => response,
            Err(why) => {
                let why = format!("response: {why}");
                space.fall_back(&response_pointer, why, diags);
                any_json = any_json_response();
                &any_json
            }
        };
        let variant = variant_name(status);
        let hint = format!("{op_type_name}{variant}");
        let body = body(
            response,
            &response_pointer,
            &hint,
            space,
            diags,
            &mut media_types,
        );
        let streamable = streamable(response, &response_pointer, &hint, space, diags);
        let headers =
            super::headers::resolve(doc, response, &response_pointer, &hint, space, diags);
        let doc = Some(response.description.trim().to_string()).filter(|d| !d.is_empty());
        let case = ResponseCase {
            status,
            variant,
            body,
            doc,
            headers,
        };
        cases.push((case, streamable));
    }
    cases.sort_by_key(|(c, _)| c.status);
    let is_class = |(c, _): &(ResponseCase, Streamable), class: u16| match c.status {
        StatusMatch::Code(code) => code / 100 == class,
        StatusMatch::Range(digit) => digit == class,
        StatusMatch::Default => false,
    };
    let success_class = [2, 3]
        .into_iter()
        .find(|&class| cases.iter().any(|c| is_class(c, class)));
    let (success, errors): (Vec<_>, Vec<_>) = match success_class {
        Some(class) => cases.into_iter().partition(|case| is_class(case, class)),
        None => cases
            .into_iter()
            .partition(|(c, _)| c.status == StatusMatch::Default),
    };
    let streams = stream_methods(method_name, &success);
    let mut success: Vec<ResponseCase> = success.into_iter().map(|(c, _)| c).collect();
    let errors = errors.into_iter().map(|(c, _)| c).collect();
    if success.is_empty() {
        // Nothing documents success: any 2xx is accepted without a body.
        success.push(ResponseCase {
            status: StatusMatch::Range(2),
            variant: "Success".into(),
            body: ResponseBody::Empty,
            doc: None,
            headers: None,
        });
    }
    let first = success[0].body.type_ref();
    let success_enum = success
        .iter()
        .any(|c| c.body.type_ref() != first)
        .then(|| camel_ident(&format!("{op_type_name}Success")));
    // Wanted names: `namespaces::settle_types` settles them with the types.
    let error_enum = camel_ident(&format!("{op_type_name}Error"));
    let accept = (!media_types.is_empty()).then(|| media_types.join(", "));
    Resolved {
        responses: Responses {
            success,
            success_enum,
            error_enum,
            errors,
        },
        accept,
        streams,
    }
}

/// What `response` offers to stream: its `text/event-stream` events, typed by the media type's
/// schema unless that is absent or a string, and its download media types.
fn streamable(
    response: &Response,
    pointer: &str,
    hint: &str,
    space: &mut TypeSpace<'_>,
    diags: &mut Diagnostics,
) -> Streamable {
    let mut found = Streamable::default();
    for (media, content) in &response.content {
        if essence(media) == "text/event-stream" {
            if found.events.is_some() {
                continue;
            }
            let events = match &content.schema {
                Some(schema) => {
                    let schema_pointer = child(&child(&child(pointer, "content"), media), "schema");
                    let hint = format!("{hint}Event");
                    let resolved =
                        space.resolve(SchemaRef::from(schema), &schema_pointer, &hint, diags);
                    match resolved.optional_if_nullable() {
                        TypeRef::String => StreamBody::TextEvents,
                        ty => StreamBody::JsonEvents(ty),
                    }
                }
                None => StreamBody::TextEvents,
            };
            found.events = Some(events);
        } else if is_download(media, content) {
            found.downloads.push(media.clone());
        }
    }
    found
}

/// A media type a caller would download: one that is not JSON, form, multipart or text, unless
/// it is a wildcard (`*/*`, often declared for JSON); or any of these with a `format: binary`
/// schema, except JSON, form and multipart. Never what is not `type/subtype` at all.
fn is_download(media: &str, content: &openapiv3::MediaType) -> bool {
    let well_formed = essence(media)
        .split_once('/')
        .is_some_and(|(kind, subtype)| !kind.is_empty() && !subtype.is_empty());
    if !well_formed {
        return false;
    }
    let binary = matches!(
        &content.schema,
        Some(ReferenceOr::Item(openapiv3::Schema {
            schema_kind: openapiv3::SchemaKind::Type(openapiv3::Type::String(string)),
            ..
        })) if string.format == openapiv3::VariantOrUnknownOrEmpty::Item(openapiv3::StringFormat::Binary)
    );
    match classify(media) {
        BodyEncoding::Bytes => binary || !media.contains('*'),
        BodyEncoding::Text => binary,
        _ => false,
    }
}

/// The streaming methods of an operation whose success cases are `success`: `<method>_events`
/// when one documents `text/event-stream` (its events typed as the first such case says),
/// `<method>_stream` when one documents a download.
fn stream_methods(method_name: &str, success: &[(ResponseCase, Streamable)]) -> Vec<StreamMethod> {
    let mut methods = Vec::new();
    let event_cases: Vec<(StatusMatch, &StreamBody)> = success
        .iter()
        .filter_map(|(case, s)| s.events.as_ref().map(|body| (case.status, body)))
        .collect();
    if let Some((_, body)) = event_cases.first() {
        methods.push(StreamMethod {
            name: snake_join(method_name, "events"),
            accept: "text/event-stream".into(),
            statuses: event_cases.iter().map(|(status, _)| *status).collect(),
            body: (*body).clone(),
        });
    }
    let download_cases: Vec<&(ResponseCase, Streamable)> = success
        .iter()
        .filter(|(_, s)| !s.downloads.is_empty())
        .collect();
    if !download_cases.is_empty() {
        let mut media_types: Vec<&str> = Vec::new();
        for media in download_cases.iter().flat_map(|(_, s)| &s.downloads) {
            if !media_types.contains(&media.as_str()) {
                media_types.push(media);
            }
        }
        methods.push(StreamMethod {
            name: snake_join(method_name, "stream"),
            accept: media_types.join(", "),
            statuses: download_cases.iter().map(|(case, _)| case.status).collect(),
            body: StreamBody::Bytes,
        });
    }
    methods
}

fn follow_response<'d>(
    doc: &'d OpenAPI,
    response: &'d ReferenceOr<Response>,
) -> Result<&'d Response, String> {
    let lookup = |name: &str| doc.components.as_ref()?.responses.get(name);
    super::follow(response, lookup, "#/components/responses/")
}

/// A JSON response of any shape: what a response that cannot be found degrades to.
fn any_json_response() -> Response {
    let content = [("application/json".to_string(), Default::default())];
    Response {
        content: content.into_iter().collect(),
        ..Default::default()
    }
}

/// Picks the media type to decode (JSON first, then text, then anything as bytes).
fn body(
    response: &Response,
    pointer: &str,
    hint: &str,
    space: &mut TypeSpace<'_>,
    diags: &mut Diagnostics,
    media_types: &mut Vec<String>,
) -> ResponseBody {
    for media in response.content.keys() {
        if !media_types.contains(media) {
            match classify(media) {
                BodyEncoding::Json => media_types.insert(
                    media_types
                        .iter()
                        .take_while(|m| classify(m) == BodyEncoding::Json)
                        .count(),
                    media.clone(),
                ),
                _ => media_types.push(media.clone()),
            }
        }
    }
    let pick = |wanted: BodyEncoding| response.content.iter().find(|(m, _)| classify(m) == wanted);
    if let Some((media, content)) = pick(BodyEncoding::Json) {
        let content_pointer = child(&child(pointer, "content"), media);
        return match &content.schema {
            Some(schema) => {
                let resolved = space.resolve(
                    SchemaRef::from(schema),
                    &child(&content_pointer, "schema"),
                    hint,
                    diags,
                );
                ResponseBody::Json(resolved.optional_if_nullable())
            }
            None => ResponseBody::Json(crate::ir::TypeRef::Json),
        };
    }
    if pick(BodyEncoding::Text).is_some() {
        return ResponseBody::Text;
    }
    if response.content.is_empty() {
        ResponseBody::Empty
    } else {
        ResponseBody::Bytes
    }
}

fn is_http_status(status: StatusMatch) -> bool {
    match status {
        StatusMatch::Code(code) => (100..600).contains(&code),
        StatusMatch::Range(digit) => (1..6).contains(&digit),
        StatusMatch::Default => true,
    }
}

fn status_match(status: &StatusCode) -> StatusMatch {
    match status {
        StatusCode::Code(code) => StatusMatch::Code(*code),
        StatusCode::Range(digit) => StatusMatch::Range(*digit),
    }
}

/// `BadRequest` for 400, `Status499` for unnamed codes, `ClientError` for `4XX`.
fn variant_name(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => match reason(code) {
            Some(reason) => camel_ident(reason),
            None => format!("Status{code}"),
        },
        StatusMatch::Range(digit) => match digit {
            1 => "Informational".into(),
            2 => "Success".into(),
            3 => "Redirection".into(),
            4 => "ClientError".into(),
            5 => "ServerError".into(),
            other => format!("Status{other}xx"),
        },
        StatusMatch::Default => "Default".into(),
    }
}

fn reason(code: u16) -> Option<&'static str> {
    Some(match code {
        100 => "Continue",
        101 => "Switching Protocols",
        200 => "Ok",
        201 => "Created",
        202 => "Accepted",
        203 => "Non Authoritative Information",
        204 => "No Content",
        205 => "Reset Content",
        206 => "Partial Content",
        207 => "Multi Status",
        300 => "Multiple Choices",
        301 => "Moved Permanently",
        302 => "Found",
        303 => "See Other",
        304 => "Not Modified",
        307 => "Temporary Redirect",
        308 => "Permanent Redirect",
        400 => "Bad Request",
        401 => "Unauthorized",
        402 => "Payment Required",
        403 => "Forbidden",
        404 => "Not Found",
        405 => "Method Not Allowed",
        406 => "Not Acceptable",
        408 => "Request Timeout",
        409 => "Conflict",
        410 => "Gone",
        411 => "Length Required",
        412 => "Precondition Failed",
        413 => "Payload Too Large",
        414 => "Uri Too Long",
        415 => "Unsupported Media Type",
        416 => "Range Not Satisfiable",
        417 => "Expectation Failed",
        418 => "Im A Teapot",
        421 => "Misdirected Request",
        422 => "Unprocessable Entity",
        423 => "Locked",
        424 => "Failed Dependency",
        425 => "Too Early",
        426 => "Upgrade Required",
        428 => "Precondition Required",
        429 => "Too Many Requests",
        431 => "Request Header Fields Too Large",
        451 => "Unavailable For Legal Reasons",
        500 => "Internal Server Error",
        501 => "Not Implemented",
        502 => "Bad Gateway",
        503 => "Service Unavailable",
        504 => "Gateway Timeout",
        505 => "Http Version Not Supported",
        507 => "Insufficient Storage",
        _ => return None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn downloads_are_binary_media_types_or_binary_schemas() {
        let media = |schema: &str| openapiv3::MediaType {
            schema: (!schema.is_empty()).then(|| serde_json::from_str(schema).unwrap()),
            ..Default::default()
        };
        let binary = media(r#"{"type": "string", "format": "binary"}"#);
        let object = media(r#"{"type": "object"}"#);
        assert!(is_download("application/octet-stream", &media("")));
        assert!(is_download("image/png", &object));
        assert!(is_download("text/csv", &binary));
        assert!(is_download("*/*", &binary));
        assert!(!is_download("*/*", &object));
        assert!(!is_download("text/plain", &media("")));
        assert!(!is_download("application/json", &binary));
        assert!(!is_download("multipart/form-data", &binary));
        assert!(!is_download("Set-Cookie", &media("")));
        assert!(!is_download("Header:", &binary));
    }

    #[test]
    fn variants_are_named_by_reason() {
        assert_eq!(variant_name(StatusMatch::Code(303)), "SeeOther");
        assert_eq!(variant_name(StatusMatch::Code(422)), "UnprocessableEntity");
        assert_eq!(variant_name(StatusMatch::Code(499)), "Status499");
        assert_eq!(variant_name(StatusMatch::Range(4)), "ClientError");
        assert_eq!(variant_name(StatusMatch::Default), "Default");
    }
}
