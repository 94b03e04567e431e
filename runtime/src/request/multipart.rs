//! `multipart/form-data` bodies: one part per property, with a boundary absent from every part.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use super::multipart_fields::Field;

/// An encoded multipart body and the boundary its `Content-Type` must name.
pub(crate) struct Multipart {
    /// The boundary, without the leading `--`.
    pub(crate) boundary: String,
    /// The whole body.
    pub(crate) body: Vec<u8>,
}

struct Part {
    name: String,
    kind: PartKind,
    content: Vec<u8>,
}

/// How a part is labelled.
#[derive(PartialEq)]
enum PartKind {
    /// Plain text, no `Content-Type`.
    Text,
    /// `Content-Type: application/json`.
    Json,
    /// A file: `filename` and `Content-Type: application/octet-stream`.
    File,
}

/// Encodes the fields of an object as multipart parts: strings, numbers and booleans as text,
/// objects as JSON (`Content-Type: application/json`), arrays as one part per item, null omitted;
/// binary fields as file parts, one per file.
pub(crate) fn encode(fields: Vec<(String, Field)>) -> Multipart {
    let mut parts = Vec::new();
    for (name, field) in fields {
        match field {
            Field::Files(contents) => parts.extend(contents.into_iter().map(|content| Part {
                name: name.clone(),
                kind: PartKind::File,
                content,
            })),
            Field::Value(Value::Array(items)) => {
                parts.extend(items.iter().filter_map(|item| part(&name, item)))
            }
            Field::Value(other) => parts.extend(part(&name, &other)),
        }
    }
    let boundary = loop {
        let candidate = new_boundary();
        if !parts
            .iter()
            .any(|p| contains(&p.content, candidate.as_bytes()))
        {
            break candidate;
        }
    };
    let mut body = Vec::new();
    for p in &parts {
        let name = escape_name(&p.name);
        body.extend_from_slice(
            format!("--{boundary}\r\nContent-Disposition: form-data; name=\"{name}\"").as_bytes(),
        );
        match p.kind {
            PartKind::Text => body.extend_from_slice(b"\r\n"),
            PartKind::Json => body.extend_from_slice(b"\r\nContent-Type: application/json\r\n"),
            PartKind::File => body.extend_from_slice(
                format!("; filename=\"{name}\"\r\nContent-Type: application/octet-stream\r\n")
                    .as_bytes(),
            ),
        }
        body.extend_from_slice(b"\r\n");
        body.extend_from_slice(&p.content);
        body.extend_from_slice(b"\r\n");
    }
    body.extend_from_slice(format!("--{boundary}--\r\n").as_bytes());
    Multipart { boundary, body }
}

fn part(name: &str, value: &Value) -> Option<Part> {
    let (kind, content) = match value {
        Value::Null => return None,
        Value::String(s) => (PartKind::Text, s.clone()),
        Value::Number(_) | Value::Bool(_) => (PartKind::Text, value.to_string()),
        Value::Array(_) | Value::Object(_) => (PartKind::Json, value.to_string()),
    };
    Some(Part {
        name: name.to_owned(),
        kind,
        content: content.into_bytes(),
    })
}

fn contains(haystack: &[u8], needle: &[u8]) -> bool {
    haystack
        .windows(needle.len())
        .any(|window| window == needle)
}

/// Escapes a field name as the HTML standard does: `"`, CR and LF percent-encoded.
fn escape_name(name: &str) -> String {
    name.replace('"', "%22")
        .replace('\r', "%0D")
        .replace('\n', "%0A")
}

/// A boundary unlikely to repeat: std's randomly keyed hasher over a counter and the time.
fn new_boundary() -> String {
    static COUNTER: AtomicU64 = AtomicU64::new(0);
    let count = COUNTER.fetch_add(1, Ordering::Relaxed);
    let nanos = SystemTime::now()
        .duration_since(UNIX_EPOCH)
        .map_or(0, |d| d.as_nanos());
    let state = std::collections::hash_map::RandomState::new();
    let mut first = state.build_hasher();
    first.write_u64(count);
    first.write_u128(nanos);
    let mut second = state.build_hasher();
    second.write_u64(first.finish());
    second.write_u64(count);
    format!("apiforge-{:016x}{:016x}", first.finish(), second.finish())
}

#[cfg(test)]
mod tests {
    use bytes::Bytes;
    use serde_json::json;

    use super::super::multipart_fields::fields;
    use super::*;

    fn encode_value<V: serde::Serialize>(body: &V) -> Multipart {
        encode(fields(body).unwrap().unwrap())
    }

    #[test]
    fn one_part_per_property() {
        let body = json!({"name": "a\"b", "age": 3, "meta": {"k": [1]}, "tags": ["x", null, "y"], "gone": null});
        let Multipart { boundary, body } = encode_value(&body);
        let body = String::from_utf8(body).unwrap();
        let b = &boundary;
        assert_eq!(
            body,
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\"b\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"age\"\r\n\r\n3\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":[1]}}\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
                 --{b}--\r\n"
            )
        );
    }

    #[test]
    fn names_are_escaped() {
        let out = encode_value(&json!({"a\"b\r\n": "v"}));
        assert!(String::from_utf8(out.body)
            .unwrap()
            .contains("name=\"a%22b%0D%0A\""));
    }

    #[test]
    fn boundaries_differ() {
        assert_ne!(new_boundary(), new_boundary());
        assert!(new_boundary().len() > 30);
    }

    #[test]
    fn an_empty_object_is_only_the_closing_boundary() {
        let empty = encode_value(&json!({}));
        assert_eq!(
            empty.body,
            format!("--{}--\r\n", empty.boundary).into_bytes()
        );
    }

    #[derive(serde::Serialize)]
    struct Upload {
        file: Bytes,
        purpose: &'static str,
    }

    #[test]
    fn binary_fields_become_file_parts() {
        let upload = Upload {
            file: Bytes::from_static(&[0, 159, 146, 150]),
            purpose: "fine-tune",
        };
        let Multipart { boundary, body } = encode_value(&upload);
        let b = &boundary;
        let mut expected = format!(
            "--{b}\r\nContent-Disposition: form-data; name=\"file\"; filename=\"file\"\r\n\
             Content-Type: application/octet-stream\r\n\r\n"
        )
        .into_bytes();
        expected.extend_from_slice(&[0, 159, 146, 150]);
        expected.extend_from_slice(
            format!("\r\n--{b}\r\nContent-Disposition: form-data; name=\"purpose\"\r\n\r\nfine-tune\r\n--{b}--\r\n")
                .as_bytes(),
        );
        assert_eq!(body, expected);
    }
}
