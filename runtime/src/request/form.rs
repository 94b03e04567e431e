//! `application/x-www-form-urlencoded` bodies, flattening nested objects with dotted keys.

use serde_json::Value;

use super::encode::text;
use crate::error::EncodeError;

/// Encodes an object as a form body (`None` for null): scalars `k=v`, arrays repeat `k`,
/// nested objects become `outer.inner=v` (the convention Ory Kratos uses), null properties are omitted.
pub(crate) fn encode(value: &Value) -> Result<Option<String>, EncodeError> {
    let map = match value {
        Value::Null => return Ok(None),
        Value::Object(map) => map,
        _ => return Err(EncodeError::BodyNotObject { kind: "form" }),
    };
    let mut form = form_urlencoded::Serializer::new(String::new());
    for (key, value) in map {
        flatten(key, value, &mut form);
    }
    Ok(Some(form.finish()))
}

fn flatten(key: &str, value: &Value, form: &mut form_urlencoded::Serializer<'_, String>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                flatten(&format!("{key}.{k}"), v, form);
            }
        }
        Value::Array(items) => {
            for item in items {
                flatten(key, item, form);
            }
        }
        scalar => {
            form.append_pair(key, &text(scalar));
        }
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn scalars_arrays_and_nulls() {
        let body =
            json!({"method": "password", "n": 1, "ok": true, "tags": ["a", "b c"], "gone": null});
        assert_eq!(
            encode(&body).unwrap().unwrap(),
            "method=password&n=1&ok=true&tags=a&tags=b+c"
        );
    }

    #[test]
    fn nested_objects_use_dotted_keys() {
        let body =
            json!({"traits": {"email": "a@b.c", "name": {"first": "Ö"}}, "csrf_token": "t&="});
        assert_eq!(
            encode(&body).unwrap().unwrap(),
            "traits.email=a%40b.c&traits.name.first=%C3%96&csrf_token=t%26%3D"
        );
    }

    #[test]
    fn arrays_of_objects_flatten_each_item() {
        let body = json!({"items": [{"id": 1}, {"id": 2}]});
        assert_eq!(encode(&body).unwrap().unwrap(), "items.id=1&items.id=2");
    }

    #[test]
    fn null_body_is_none_and_non_objects_are_refused() {
        assert_eq!(encode(&Value::Null).unwrap(), None);
        assert!(matches!(
            encode(&json!([1])),
            Err(EncodeError::BodyNotObject { kind: "form" })
        ));
        assert_eq!(encode(&json!({})).unwrap().unwrap(), "");
    }
}
