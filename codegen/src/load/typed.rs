//! The lowered JSON turned into `openapiv3::OpenAPI`; a failure is narrowed down to the innermost
//! object that is wrong, since `openapiv3`'s flattened and untagged types hide the path.

use serde::de::DeserializeOwned;
use serde_json::Value;

use super::shape::{children, Shape};
use crate::pointer::escape_token;

/// Why the document does not fit the OpenAPI 3.0 model, and where.
#[derive(Debug)]
pub(crate) struct Failure {
    pub(crate) pointer: String,
    pub(crate) message: String,
}

/// The typed document, or where and why it does not fit.
pub(crate) fn document(raw: &Value) -> Result<openapiv3::OpenAPI, Failure> {
    serde_path_to_error::deserialize(raw).map_err(|_| narrow(Shape::Document, raw, String::new()))
}

/// Descends into the first child that fails on its own; reports the object's own error when none does.
fn narrow(shape: Shape, value: &Value, mut pointer: String) -> Failure {
    for child in children(shape, value) {
        let Some(inner) = child.get(value) else {
            continue;
        };
        if is_reference(inner) || check(child.shape, inner).is_ok() {
            continue;
        }
        child.extend_pointer(&mut pointer);
        return narrow(child.shape, inner, pointer);
    }
    let (path, message) = check(shape, value)
        .err()
        .unwrap_or_else(|| (String::new(), "not a valid OpenAPI object".into()));
    pointer.push_str(&path);
    Failure { pointer, message }
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
}
