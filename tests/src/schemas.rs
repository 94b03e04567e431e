//! Decode → encode of every named model, and the one list of differences a round trip may show.
//!
//! A round trip must give back the same JSON value, except where documented here:
//! - **numbers compare by value**: a `number` field decodes into `f64`, so `1` comes back as `1.0`
//!   (the same JSON number; serde_json's `Value` would call them different). Integers keep every
//!   digit: `int64`/`uint64` fields decode into `i64`/`u64` (out of range is a decode error naming
//!   the field), and free-form values keep integers up to 64 bits exactly (larger ones become
//!   `f64` unless the runtime's serde_json has `arbitrary_precision`).
//!
//! Everything else comes back as sent: undeclared keys (kept in each struct's map of additional
//! properties), absent versus `null` (also `null` for a list or map the spec does not mark
//! nullable, which decodes as empty and is written back as `null`), date-times with their offset
//! and fraction digits, unknown enum values and union variants.

use apiforge_runtime::serde::{de::DeserializeOwned, Serialize};
use apiforge_runtime::serde_json::{self, Value};

/// Decodes a document as one model and encodes it back, or says why it could not.
pub type RoundTrip = fn(&Value) -> Result<Value, String>;

/// [`RoundTrip`] for `T`.
pub fn round_trip<T: DeserializeOwned + Serialize>(doc: &Value) -> Result<Value, String> {
    let text = doc.to_string();
    let decoded: T = serde_json::from_str(&text).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))
}

/// Every named model of the Kratos client (`tests/golden/kratos.rs`) with its schema's pointer.
pub const KRATOS: &[(&str, RoundTrip)] = include!(concat!(env!("OUT_DIR"), "/kratos_schemas.rs"));

/// The same models in the Kratos client that drops undeclared keys (for checking the check).
pub const KRATOS_LEAN: &[(&str, RoundTrip)] =
    include!(concat!(env!("OUT_DIR"), "/kratos_lean_schemas.rs"));

/// Every named model of the upstream Kratos client with its schema's pointer.
#[cfg(upstream_kratos)]
pub const KRATOS_UPSTREAM: &[(&str, RoundTrip)] =
    include!(concat!(env!("OUT_DIR"), "/kratos_upstream_schemas.rs"));

/// Whether `encoded` is what a round trip of `sent` may give back: the same JSON value up to the
/// differences listed in this module's documentation.
pub fn equivalent(sent: &Value, encoded: &Value) -> bool {
    match (sent, encoded) {
        (Value::Number(a), Value::Number(b)) => a == b || same_value(a, b),
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len() && a.iter().zip(b).all(|(a, b)| equivalent(a, b))
        }
        (Value::Object(a), Value::Object(b)) => {
            a.len() == b.len()
                && a.iter()
                    .all(|(key, a)| b.get(key).is_some_and(|b| equivalent(a, b)))
        }
        (a, b) => a == b,
    }
}

/// An integer and a float with the same value, the integer small enough for `f64` to hold it.
fn same_value(a: &serde_json::Number, b: &serde_json::Number) -> bool {
    const EXACT: u64 = 1 << 53;
    let integer = match (a.is_f64(), b.is_f64()) {
        (true, false) => b,
        (false, true) => a,
        _ => return false,
    };
    let exact = integer.as_i64().map_or_else(
        || integer.as_u64().is_some_and(|u| u <= EXACT),
        |i| i.unsigned_abs() <= EXACT,
    );
    exact && a.as_f64() == b.as_f64()
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn only_the_documented_differences_pass() {
        assert!(equivalent(
            &json!({"a": 1, "b": [null]}),
            &json!({"b": [null], "a": 1.0})
        ));
        assert!(!equivalent(&json!(null), &json!({})));
        assert!(!equivalent(&json!(1), &json!(2.0)));
        assert!(!equivalent(
            &json!(9007199254740993_i64),
            &json!(9007199254740992.0)
        ));
        assert!(!equivalent(&json!({"a": 1}), &json!({"a": 1, "b": 2})));
        assert!(!equivalent(&json!([]), &json!(null)));
        assert!(!equivalent(
            &json!("2021-08-17T11:15:59+02:00"),
            &json!("2021-08-17T09:15:59Z")
        ));
    }
}
