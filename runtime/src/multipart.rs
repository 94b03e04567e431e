//! `multipart/form-data` bodies: one part per property, with a boundary absent from every part.

use std::hash::{BuildHasher, Hasher};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{SystemTime, UNIX_EPOCH};

use serde_json::Value;

use crate::error::EncodeError;

/// An encoded multipart body and the boundary its `Content-Type` must name.
pub(crate) struct Multipart {
    /// The boundary, without the leading `--`.
    pub(crate) boundary: String,
    /// The whole body.
    pub(crate) body: Vec<u8>,
}

struct Part {
    name: String,
    json: bool,
    content: String,
}

/// Encodes an object as multipart parts (`None` for null): strings, numbers and booleans as text,
/// objects as JSON (`Content-Type: application/json`), arrays as one part per item, null omitted.
pub(crate) fn encode(value: &Value) -> Result<Option<Multipart>, EncodeError> {
    let map = match value {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
        _ => return Err(EncodeError::BodyNotObject { kind: "multipart" }),
    };
    let mut parts = Vec::new();
    for (name, value) in map {
        match value {
            Value::Array(items) => parts.extend(items.iter().filter_map(|item| part(name, item))),
            other => parts.extend(part(name, other)),
        }
    }
    let boundary = loop {
        let candidate = new_boundary();
        if !parts.iter().any(|p| p.content.contains(&candidate)) {
            break candidate;
        }
    };
    let mut body = String::new();
    for p in &parts {
        body.push_str(&format!(
            "--{boundary}\r\nContent-Disposition: form-data; name=\"{}\"\r\n",
            escape_name(&p.name)
        ));
        if p.json {
            body.push_str("Content-Type: application/json\r\n");
        }
        body.push_str("\r\n");
        body.push_str(&p.content);
        body.push_str("\r\n");
    }
    body.push_str(&format!("--{boundary}--\r\n"));
    Ok(Some(Multipart {
        boundary,
        body: body.into_bytes(),
    }))
}

fn part(name: &str, value: &Value) -> Option<Part> {
    let (json, content) = match value {
        Value::Null => return None,
        Value::String(s) => (false, s.clone()),
        Value::Number(_) | Value::Bool(_) => (false, value.to_string()),
        Value::Array(_) | Value::Object(_) => (true, value.to_string()),
    };
    Some(Part {
        name: name.to_owned(),
        json,
        content,
    })
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
    use serde_json::json;

    use super::*;

    #[test]
    fn one_part_per_property() {
        let body = json!({"name": "a\"b", "age": 3, "meta": {"k": [1]}, "tags": ["x", null, "y"], "gone": null});
        let Multipart { boundary, body } = encode(&body).unwrap().unwrap();
        let body = String::from_utf8(body).unwrap();
        let b = &boundary;
        assert_eq!(
            body,
            format!(
                "--{b}\r\nContent-Disposition: form-data; name=\"age\"\r\n\r\n3\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"meta\"\r\nContent-Type: application/json\r\n\r\n{{\"k\":[1]}}\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"name\"\r\n\r\na\"b\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\nx\r\n\
                 --{b}\r\nContent-Disposition: form-data; name=\"tags\"\r\n\r\ny\r\n\
                 --{b}--\r\n"
            )
        );
    }

    #[test]
    fn names_are_escaped() {
        let out = encode(&json!({"a\"b\r\n": "v"})).unwrap().unwrap();
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
    fn null_body_is_none_and_non_objects_are_refused() {
        assert!(encode(&Value::Null).unwrap().is_none());
        assert!(matches!(
            encode(&json!("x")),
            Err(EncodeError::BodyNotObject { kind: "multipart" })
        ));
        let empty = encode(&json!({})).unwrap().unwrap();
        assert_eq!(
            empty.body,
            format!("--{}--\r\n", empty.boundary).into_bytes()
        );
    }
}
