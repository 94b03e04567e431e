//! Serde helper for `Option<Option<T>>` fields, so an absent field and an explicit `null` stay apart.
//!
//! Use with `#[serde(default, deserialize_with = "apiforge_runtime::double_option::deserialize",
//! skip_serializing_if = "Option::is_none")]`: absent is `None`, `null` is `Some(None)`.

use serde::{Deserialize, Deserializer};

/// Deserializes a present field (even `null`) as `Some(..)`; `#[serde(default)]` supplies `None` when absent.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<Option<Option<T>>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de>,
{
    Option::<T>::deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "crate::serde")]
    struct Patch {
        #[serde(
            default,
            deserialize_with = "crate::double_option::deserialize",
            skip_serializing_if = "Option::is_none"
        )]
        name: Option<Option<String>>,
    }

    #[test]
    fn absent_null_and_value_round_trip_apart() {
        for (text, value) in [
            (json!({}), Patch { name: None }),
            (json!({"name": null}), Patch { name: Some(None) }),
            (
                json!({"name": "x"}),
                Patch {
                    name: Some(Some("x".into())),
                },
            ),
        ] {
            let parsed: Patch = serde_json::from_value(text.clone()).unwrap();
            assert_eq!(parsed, value);
            assert_eq!(serde_json::to_value(&parsed).unwrap(), text);
        }
    }

    #[test]
    fn wrong_types_are_errors() {
        assert!(serde_json::from_value::<Patch>(json!({"name": 1})).is_err());
    }
}
