//! Serde helpers that read `null` as an empty list or map, for array and map fields the spec does
//! not mark nullable. Go servers (Ory Kratos among them) write a nil slice or map as `null`:
//! `"nodes": null` in a flow without nodes, `"identifiers": null` in credentials.
//!
//! Generated code uses them unless generated with `strict_nulls`:
//! - required field `T`: `#[serde(deserialize_with = "apiforge_runtime::null_as_empty::deserialize")]`;
//!   absent is still an error;
//! - optional field `Option<T>`: `#[serde(default, deserialize_with =
//!   "apiforge_runtime::null_as_empty::deserialize_optional", skip_serializing_if = "Option::is_none")]`;
//!   absent is `None`, `null` is `Some` of an empty value.
//!
//! Encoding writes the empty value as `[]` or `{}`, not `null`: the field types stay plain
//! `Vec`/`BTreeMap`, and servers that send `null` for empty read `[]` as the same.

use serde::{Deserialize, Deserializer};

/// Deserializes `null` as `T::default()` (an empty `Vec` or map), anything else as `T`.
pub fn deserialize<'de, D, T>(deserializer: D) -> Result<T, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    Option::<T>::deserialize(deserializer).map(Option::unwrap_or_default)
}

/// Deserializes a present field as `Some`, with `null` as `Some(T::default())`;
/// `#[serde(default)]` supplies `None` when absent.
pub fn deserialize_optional<'de, D, T>(deserializer: D) -> Result<Option<T>, D::Error>
where
    D: Deserializer<'de>,
    T: Deserialize<'de> + Default,
{
    deserialize(deserializer).map(Some)
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::{Deserialize, Serialize};
    use serde_json::json;

    #[derive(Debug, Default, PartialEq, Serialize, Deserialize)]
    #[serde(crate = "crate::serde")]
    struct Container {
        #[serde(deserialize_with = "crate::null_as_empty::deserialize")]
        nodes: Vec<u8>,
        #[serde(
            default,
            deserialize_with = "crate::null_as_empty::deserialize_optional",
            skip_serializing_if = "Option::is_none"
        )]
        identifiers: Option<Vec<String>>,
        #[serde(
            default,
            deserialize_with = "crate::null_as_empty::deserialize_optional",
            skip_serializing_if = "Option::is_none"
        )]
        config: Option<BTreeMap<String, u8>>,
    }

    #[test]
    fn null_is_empty_and_absent_stays_absent() {
        let decoded: Container =
            serde_json::from_value(json!({"nodes": null, "identifiers": null, "config": null}))
                .unwrap();
        assert_eq!(
            decoded,
            Container {
                nodes: vec![],
                identifiers: Some(vec![]),
                config: Some(BTreeMap::new()),
            }
        );
        assert_eq!(
            serde_json::to_value(&decoded).unwrap(),
            json!({"nodes": [], "identifiers": [], "config": {}})
        );
        let absent: Container = serde_json::from_value(json!({"nodes": [1]})).unwrap();
        assert_eq!(absent.identifiers, None);
        assert_eq!(absent.nodes, [1]);
    }

    #[test]
    fn values_decode_as_usual_and_required_stays_required() {
        let decoded: Container =
            serde_json::from_value(json!({"nodes": [1, 2], "identifiers": ["a"]})).unwrap();
        assert_eq!(decoded.nodes, [1, 2]);
        assert_eq!(decoded.identifiers, Some(vec!["a".to_owned()]));
        assert!(serde_json::from_value::<Container>(json!({})).is_err());
        assert!(serde_json::from_value::<Container>(json!({"nodes": 1})).is_err());
        assert!(serde_json::from_value::<Container>(json!({"nodes": [null]})).is_err());
    }
}
