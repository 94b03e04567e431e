//! An operation's documented responses, split into the `Ok` side and the typed error enum.
//!
//! `Ok` carries the main success type: every 2xx response when they share one type (no 2xx: the
//! 3xx ones; neither: `default`). When success responses carry different types they become an enum.
//! Every other documented response (3xx beside a 2xx, 4xx, 5xx, `default`) is a variant of the
//! operation's error enum, so a 303 is surfaced as a value, never followed or lost.

use super::media::classify;
use super::names::camel_ident;
use super::types::TypeSpace;
use super::view::SchemaRef;
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{BodyEncoding, ResponseBody, ResponseCase, Responses, StatusMatch};
use openapiv3::{OpenAPI, ReferenceOr, Response, StatusCode};

/// Resolves `responses` of the operation at `pointer`; `op_type_name` prefixes synthesized names.
pub fn resolve(
    doc: &OpenAPI,
    responses: &openapiv3::Responses,
    pointer: &str,
    op_type_name: &str,
    space: &mut TypeSpace<'_>,
    diags: &mut Diagnostics,
) -> (Responses, Option<String>) {
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
        let headers =
            super::headers::resolve(doc, response, &response_pointer, &hint, space, diags);
        let doc = Some(response.description.trim().to_string()).filter(|d| !d.is_empty());
        cases.push(ResponseCase {
            status,
            variant,
            body,
            doc,
            headers,
        });
    }
    cases.sort_by_key(|c| c.status);
    let is_class = |c: &ResponseCase, class: u16| match c.status {
        StatusMatch::Code(code) => code / 100 == class,
        StatusMatch::Range(digit) => digit == class,
        StatusMatch::Default => false,
    };
    let success_class = [2, 3]
        .into_iter()
        .find(|&class| cases.iter().any(|c| is_class(c, class)));
    let (mut success, errors): (Vec<ResponseCase>, Vec<ResponseCase>) = match success_class {
        Some(class) => cases.into_iter().partition(|c| is_class(c, class)),
        None => cases
            .into_iter()
            .partition(|c| c.status == StatusMatch::Default),
    };
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
    (
        Responses {
            success,
            success_enum,
            error_enum,
            errors,
        },
        accept,
    )
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
    fn variants_are_named_by_reason() {
        assert_eq!(variant_name(StatusMatch::Code(303)), "SeeOther");
        assert_eq!(variant_name(StatusMatch::Code(422)), "UnprocessableEntity");
        assert_eq!(variant_name(StatusMatch::Code(499)), "Status499");
        assert_eq!(variant_name(StatusMatch::Range(4)), "ClientError");
        assert_eq!(variant_name(StatusMatch::Default), "Default");
    }
}
