//! What a round trip (decode, then encode) may give back: the same JSON value, except
//! - **numbers compare by value**: a `number` field decodes into `f64`, so `1` comes back as `1.0`
//!   (the same JSON number; serde_json's `Value` would call them different). Integers keep every
//!   digit: `int64`/`uint64` fields decode into `i64`/`u64` (out of range is a decode error naming
//!   the field), and free-form values keep integers up to 64 bits exactly (larger ones become
//!   `f64` unless the runtime's serde_json has `arbitrary_precision`), so an integer beyond `f64`
//!   precision must come back with its digits.
//!
//! Everything else comes back as sent: undeclared keys, absent versus `null` (also `null` for a
//! field the spec does not mark nullable), date-times with their offset and fraction digits,
//! unknown enum values and union variants.

use serde_json::{Number, Value};

/// The first place where `encoded` is not what a round trip of `sent` may give back, described
/// as `at "/json/pointer": ...`; `None` when it is.
pub fn difference(sent: &Value, encoded: &Value) -> Option<String> {
    difference_at(sent, encoded, "")
}

fn difference_at(sent: &Value, encoded: &Value, at: &str) -> Option<String> {
    let differs = || Some(format!("at {at:?}: sent {sent}, encoded {encoded}"));
    match (sent, encoded) {
        (Value::Number(a), Value::Number(b)) => {
            if a == b || (exact(a) && exact(b) && a.as_f64() == b.as_f64()) {
                None
            } else {
                differs()
            }
        }
        (Value::Array(a), Value::Array(b)) if a.len() == b.len() => a
            .iter()
            .zip(b)
            .enumerate()
            .find_map(|(i, (a, b))| difference_at(a, b, &format!("{at}/{i}"))),
        (Value::Object(a), Value::Object(b)) => {
            for (key, value) in a {
                let at = format!("{at}/{key}");
                match b.get(key) {
                    Some(other) => {
                        if let Some(found) = difference_at(value, other, &at) {
                            return Some(found);
                        }
                    }
                    None => return Some(format!("at {at:?}: dropped (sent {value})")),
                }
            }
            b.iter()
                .find(|(key, _)| !a.contains_key(*key))
                .map(|(key, value)| format!("at \"{at}/{key}\": added {value}"))
        }
        (a, b) if a == b => None,
        _ => differs(),
    }
}

/// Whether `f64` holds the number exactly: a float, or an integer of at most 53 bits.
fn exact(n: &Number) -> bool {
    let magnitude = n.as_i64().map(i64::unsigned_abs).or(n.as_u64());
    !matches!(magnitude, Some(u) if u > 1 << 53)
}

#[cfg(test)]
mod tests {
    use super::difference;
    use serde_json::json;

    #[test]
    fn only_the_documented_differences_pass() {
        assert_eq!(
            difference(
                &json!({"a": 1, "b": [null]}),
                &json!({"b": [null], "a": 1.0})
            ),
            None
        );
        let differs = |sent, encoded| difference(&sent, &encoded).expect("a difference");
        assert_eq!(
            differs(json!(null), json!({})),
            "at \"\": sent null, encoded {}"
        );
        assert!(differs(json!(1), json!(2.0)).contains("sent 1, encoded 2.0"));
        differs(json!(9007199254740993_i64), json!(9007199254740992.0));
        assert_eq!(
            differs(json!({"a": 1}), json!({"a": 1, "b": 2})),
            "at \"/b\": added 2"
        );
        assert_eq!(
            differs(json!({"a": {"b": null}}), json!({"a": {}})),
            "at \"/a/b\": dropped (sent null)"
        );
        differs(json!([]), json!(null));
        differs(json!([1]), json!([1, 2]));
        differs(
            json!("2021-08-17T11:15:59+02:00"),
            json!("2021-08-17T09:15:59Z"),
        );
    }
}
