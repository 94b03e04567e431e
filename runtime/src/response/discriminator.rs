//! Reading a discriminator property, for generated `oneOf`/`anyOf` deserializers.

use serde_json::Value;

/// The string value of `property` when `value` is an object holding it as a string.
pub fn discriminator_value<'a>(value: &'a Value, property: &str) -> Option<&'a str> {
    value.as_object()?.get(property)?.as_str()
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    #[test]
    fn reads_string_properties_only() {
        assert_eq!(
            discriminator_value(&json!({"type": "cat", "n": 1}), "type"),
            Some("cat")
        );
        assert_eq!(discriminator_value(&json!({"type": 1}), "type"), None);
        assert_eq!(discriminator_value(&json!({"kind": "cat"}), "type"), None);
        assert_eq!(discriminator_value(&json!(["type"]), "type"), None);
    }
}
