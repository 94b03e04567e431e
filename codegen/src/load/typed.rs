//! The lowered JSON turned into `openapiv3::OpenAPI`; a failure is narrowed down to the innermost
//! object that is wrong, since `openapiv3`'s flattened and untagged types hide the path. A piece
//! that does not fit costs only that piece: a schema becomes any JSON, an operation or a
//! components entry is left out, each with a warning; only a document whose frame does not fit
//! fails as a whole.

use serde::de::DeserializeOwned;
use serde::Deserialize;
use serde_json::Value;

use super::shape::{children, Shape};
use crate::diagnostics::Diagnostics;
use crate::pointer::{escape_token, parent, tokens};

/// Why the document does not fit the OpenAPI 3.0 model, and where.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) pointer: String,
    pub(crate) message: String,
    /// The objects the failure lies in, outermost first (the document itself excluded).
    pub(crate) within: Vec<(String, Shape)>,
}

/// Pieces degraded before the document is given up on, so that a document broken everywhere
/// costs a bounded number of attempts.
const MAX_DEGRADED: usize = 1_000;

/// The typed document, degrading pieces that do not fit (see the module doc); `None`, with an
/// error, when the document itself does not fit.
pub(crate) fn document_degrading(
    raw: &mut Value,
    diags: &mut Diagnostics,
) -> Option<openapiv3::OpenAPI> {
    for _ in 0..MAX_DEGRADED {
        let failure = match document(raw) {
            Ok(document) => return Some(document),
            Err(failure) => failure,
        };
        let Some((at, consequence)) = degrade(raw, &failure.within) else {
            diags.error(failure.pointer, failure.message);
            return None;
        };
        let message = format!(
            "`#{}` does not fit OpenAPI 3.0 ({}); {consequence}",
            at, failure.message
        );
        diags.warn(failure.pointer, message);
    }
    diags.error(
        "",
        format!("more than {MAX_DEGRADED} parts of the document are not valid OpenAPI objects"),
    );
    None
}

/// Degrades the innermost piece around a failure: a schema becomes `{}`, an operation, path
/// item or components entry is removed. Its pointer and what became of it; `None` when the
/// failure lies in no such piece.
fn degrade(raw: &mut Value, within: &[(String, Shape)]) -> Option<(String, &'static str)> {
    if let Some((pointer, _)) = within.iter().rev().find(|(_, s)| *s == Shape::Schema) {
        *raw.pointer_mut(pointer)? = Value::Object(Default::default());
        return Some((pointer.clone(), "using serde_json::Value"));
    }
    let removable = within.iter().rev().find(|(pointer, shape)| {
        matches!(shape, Shape::Operation | Shape::PathItem) || is_components_entry(pointer)
    });
    let (pointer, shape) = removable?;
    let key = tokens(pointer).last()?;
    raw.pointer_mut(parent(pointer)?)?
        .as_object_mut()?
        .remove(&key)?;
    let consequence = match shape {
        Shape::Operation => "the operation is skipped",
        Shape::PathItem => "its operations are skipped",
        _ => "it is left out (references to it are reported where they are used)",
    };
    Some((pointer.clone(), consequence))
}

/// `/components/{section}/{name}`.
fn is_components_entry(pointer: &str) -> bool {
    let tokens: Vec<String> = tokens(pointer).collect();
    tokens.len() == 3 && tokens[0] == "components"
}

/// The typed document, or where and why it does not fit (the path is tracked only then: a
/// document that fits is read without it).
pub(crate) fn document(raw: &Value) -> Result<openapiv3::OpenAPI, Failure> {
    openapiv3::OpenAPI::deserialize(raw).map_err(|_| narrow(raw))
}

/// Descends into the first child that fails on its own, as long as there is one; reports the
/// innermost object's own error.
fn narrow(document: &Value) -> Failure {
    let (mut shape, mut value, mut pointer) = (Shape::Document, document, String::new());
    let mut within = Vec::new();
    'descend: loop {
        for child in children(shape, value) {
            let Some(inner) = child.get(value) else {
                continue;
            };
            if is_reference(inner) || check(child.shape, inner).is_ok() {
                continue;
            }
            child.extend_pointer(&mut pointer);
            within.push((pointer.clone(), child.shape));
            (shape, value) = (child.shape, inner);
            continue 'descend;
        }
        break;
    }
    let (path, message) = check(shape, value)
        .err()
        .unwrap_or_else(|| (String::new(), "not a valid OpenAPI object".into()));
    pointer.push_str(&path);
    Failure {
        pointer,
        message,
        within,
    }
}

fn is_reference(value: &Value) -> bool {
    value.get("$ref").is_some_and(Value::is_string)
}

/// Whether `value` reads as the `openapiv3` type for `shape`; on failure, the pointer (relative to
/// `value`) the deserializer reached and its message.
fn check(shape: Shape, value: &Value) -> Result<(), (String, String)> {
    use openapiv3 as o;
    match shape {
        Shape::Document => fits::<o::OpenAPI>(value),
        Shape::Info => fits::<o::Info>(value),
        Shape::Server => fits::<o::Server>(value),
        Shape::Tag => fits::<o::Tag>(value),
        Shape::Paths => fits::<o::Paths>(value),
        Shape::PathItem => fits::<o::PathItem>(value),
        Shape::Operation => fits::<o::Operation>(value),
        Shape::Parameter => fits::<o::Parameter>(value),
        Shape::RequestBody => fits::<o::RequestBody>(value),
        Shape::Responses => fits::<o::Responses>(value),
        Shape::Response => fits::<o::Response>(value),
        Shape::MediaType => fits::<o::MediaType>(value),
        Shape::Header => fits::<o::Header>(value),
        Shape::Encoding => fits::<o::Encoding>(value),
        Shape::Example => fits::<o::Example>(value),
        Shape::Link => fits::<o::Link>(value),
        Shape::Callback => fits::<o::Callback>(value),
        Shape::Components => fits::<o::Components>(value),
        Shape::SecurityScheme => fits::<o::SecurityScheme>(value),
        Shape::Schema => fits::<o::Schema>(value),
        Shape::Discriminator => fits::<o::Discriminator>(value),
    }
}

fn fits<T: DeserializeOwned>(value: &Value) -> Result<(), (String, String)> {
    match serde_path_to_error::deserialize::<_, T>(value) {
        Ok(_) => Ok(()),
        Err(e) => {
            let mut pointer = String::new();
            for segment in e.path().iter() {
                match segment {
                    serde_path_to_error::Segment::Seq { index } => {
                        pointer.push_str(&format!("/{index}"))
                    }
                    serde_path_to_error::Segment::Map { key } => {
                        pointer.push('/');
                        pointer.push_str(&escape_token(key));
                    }
                    serde_path_to_error::Segment::Enum { .. }
                    | serde_path_to_error::Segment::Unknown => {}
                }
            }
            Err((pointer, e.into_inner().to_string()))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn failure(doc: Value) -> (String, String) {
        let f = document(&doc).unwrap_err();
        (f.pointer, f.message)
    }

    fn minimal() -> Value {
        json!({"openapi": "3.0.3", "info": {"title": "t", "version": "1"}, "paths": {}})
    }

    #[test]
    fn a_minimal_document_reads() {
        assert!(document(&minimal()).is_ok());
    }

    #[test]
    fn failures_point_at_the_innermost_object() {
        let mut doc = minimal();
        doc["paths"] = json!({"/x": {"get": {"responses": "oops"}}});
        let (pointer, message) = failure(doc);
        assert_eq!(pointer, "/paths/~1x/get/responses");
        assert!(message.contains("invalid type"), "{message}");

        let mut doc = minimal();
        doc["components"] =
            json!({"schemas": {"A": {"properties": {"b": {"type": "object", "required": "b"}}}}});
        assert_eq!(failure(doc).0, "/components/schemas/A/properties/b");

        let mut doc = minimal();
        doc["info"] = json!({"version": "1"});
        assert_eq!(
            failure(doc),
            ("/info".to_owned(), "missing field `title`".to_owned())
        );
    }

    fn degraded(mut doc: Value) -> (Option<openapiv3::OpenAPI>, Value, Vec<(String, String)>) {
        let mut diags = Diagnostics::default();
        let typed = document_degrading(&mut doc, &mut diags);
        let found = diags
            .into_vec()
            .into_iter()
            .map(|d| (d.pointer, d.message))
            .collect();
        (typed, doc, found)
    }

    #[test]
    fn pieces_that_do_not_fit_are_degraded_and_the_rest_is_read() {
        let mut doc = minimal();
        doc["paths"] = json!({
            "/bad": {"get": {"responses": "oops"}},
            "/good": {"get": {"responses": {"204": {"description": "ok"}}}},
        });
        doc["components"] = json!({
            "schemas": {"A": {"properties": {"b": {"type": "object", "required": "b"}}}},
            "parameters": {"P": {"name": "p", "in": "nowhere"}},
        });
        let (typed, raw, found) = degraded(doc);
        let typed = typed.expect("the rest reads");
        assert!(typed.paths.paths["/bad"].as_item().unwrap().get.is_none());
        assert!(typed.paths.paths["/good"].as_item().unwrap().get.is_some());
        assert_eq!(
            raw["components"]["schemas"]["A"]["properties"]["b"],
            json!({})
        );
        assert!(typed.components.unwrap().parameters.is_empty());
        let pointers: Vec<&str> = found.iter().map(|(p, _)| p.as_str()).collect();
        assert_eq!(pointers.len(), 3, "{found:?}");
        assert!(found
            .iter()
            .any(|(p, m)| p == "/paths/~1bad/get/responses"
                && m.ends_with("the operation is skipped")));
        assert!(found
            .iter()
            .any(|(p, m)| p.starts_with("/components/schemas/A/properties/b")
                && m.ends_with("using serde_json::Value")));
        assert!(found
            .iter()
            .any(|(p, m)| p.starts_with("/components/parameters/P") && m.contains("left out")));
    }

    #[test]
    fn a_frame_that_does_not_fit_fails_the_document() {
        let mut doc = minimal();
        doc["info"] = json!({"version": "1"});
        let (typed, _, found) = degraded(doc);
        assert!(typed.is_none());
        assert_eq!(
            found,
            [("/info".to_owned(), "missing field `title`".to_owned())]
        );
    }
}
