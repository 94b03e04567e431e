//! Go-style `null` for lists and maps the spec does not mark nullable. Go servers (Ory Kratos
//! among them) write a nil slice or map as `null`: `"nodes": null` in a flow without nodes,
//! `"identifiers": null` in credentials. Unless generated with `strict_nulls`, such a field reads
//! `null` as an empty `Vec` or map (the field types stay plain `Vec`/`BTreeMap`), and the value
//! round-trips as sent: absent stays absent, `null` stays `null`, `[]` stays `[]`.
//!
//! Structs that decode with their generated visitor (all but those with flattened `allOf`/union
//! members) carry a [`SentAsNull`] marker with one bit per such field, set when the field arrived
//! as `null`; their `Serialize` writes through [`Entries`](crate::ser::Entries), which writes `null` for a marked field
//! while it is still empty (push an item and the list is written; clear the mark with
//! [`SentAsNull::unmark`] to write `[]`). A struct without such fields has no marker.
//!
//! Structs with flattened members derive `Deserialize` and use the field helpers here:
//! - required field `T`: `#[serde(deserialize_with = "apiforge_runtime::null_as_empty::deserialize")]`;
//!   absent is still an error;
//! - optional field `Option<T>`: `#[serde(default, deserialize_with =
//!   "apiforge_runtime::null_as_empty::deserialize_optional", skip_serializing_if = "Option::is_none")]`;
//!   absent is `None`, `null` is `Some` of an empty value.
//!
//! Those have no marker and encode an empty value as `[]` or `{}`, which servers that send
//! `null` for empty read as the same.

use std::collections::BTreeMap;
use std::fmt;

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

/// Which of a struct's list and map fields arrived as `null`: bit `i` for the `i`-th such field
/// in declaration order, `WORDS` 64-bit words (one for up to 64 fields).
///
/// It is wire memory, not data: every marker compares equal (and hashes alike), so two structs
/// with the same values are equal however their empty lists arrived.
#[derive(Clone, Copy)]
pub struct SentAsNull<const WORDS: usize = 1>([u64; WORDS]);

impl<const WORDS: usize> SentAsNull<WORDS> {
    /// Records that field `index` arrived as `null` (or is to be written as `null` while empty).
    pub fn mark(&mut self, index: usize) {
        self.0[index / 64] |= 1 << (index % 64);
    }

    /// Forgets the mark of field `index`: an empty value is written as `[]` or `{}` again.
    pub fn unmark(&mut self, index: usize) {
        self.0[index / 64] &= !(1 << (index % 64));
    }

    /// Whether field `index` is marked.
    pub fn is_marked(&self, index: usize) -> bool {
        self.0[index / 64] & (1 << (index % 64)) != 0
    }

    /// The marked field indices, in order.
    fn marked(&self) -> impl Iterator<Item = usize> + '_ {
        (0..WORDS * 64).filter(|&index| self.is_marked(index))
    }
}

impl<const WORDS: usize> Default for SentAsNull<WORDS> {
    fn default() -> Self {
        Self([0; WORDS])
    }
}

impl<const WORDS: usize> PartialEq for SentAsNull<WORDS> {
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

impl<const WORDS: usize> Eq for SentAsNull<WORDS> {}

impl<const WORDS: usize> std::hash::Hash for SentAsNull<WORDS> {
    fn hash<H: std::hash::Hasher>(&self, _: &mut H) {}
}

impl<const WORDS: usize> fmt::Debug for SentAsNull<WORDS> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_set().entries(self.marked()).finish()
    }
}

/// A list or map, which may have been sent as `null`.
pub trait ListOrMap {
    /// Whether it holds no items.
    fn is_empty(&self) -> bool;
}

impl<T> ListOrMap for Vec<T> {
    fn is_empty(&self) -> bool {
        Vec::is_empty(self)
    }
}

impl<K, V> ListOrMap for BTreeMap<K, V> {
    fn is_empty(&self) -> bool {
        BTreeMap::is_empty(self)
    }
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

    #[test]
    fn markers_set_clear_and_never_make_values_differ() {
        let mut wide = super::SentAsNull::<2>::default();
        wide.mark(70);
        wide.mark(3);
        assert!(wide.is_marked(70) && wide.is_marked(3) && !wide.is_marked(69));
        assert_eq!(format!("{wide:?}"), "{3, 70}");
        wide.unmark(70);
        assert!(!wide.is_marked(70));
        assert_eq!(wide, super::SentAsNull::default());
    }

    /// What generated code looks like for `{nodes: [string] (required), tags: [string]}`.
    #[derive(Debug, Default)]
    struct Remembering {
        nodes: Vec<String>,
        tags: Option<Vec<String>>,
        extra: crate::AdditionalProperties,
        sent_as_null: super::SentAsNull,
    }

    impl Serialize for Remembering {
        fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut entries = crate::ser::Entries::new(serializer)?;
            entries.as_sent("nodes", &self.nodes, self.sent_as_null.is_marked(0))?;
            entries.optional_as_sent("tags", &self.tags, self.sent_as_null.is_marked(1))?;
            entries.additional(&self.extra)?;
            entries.end()
        }
    }

    #[test]
    fn marked_fields_are_written_as_null_while_empty() {
        let mut value = Remembering {
            tags: Some(vec![]),
            extra: [("x".to_owned(), json!(1))].into(),
            ..Remembering::default()
        };
        let encode = |value: &Remembering| serde_json::to_value(value).unwrap();
        assert_eq!(encode(&value), json!({"nodes": [], "tags": [], "x": 1}));
        value.sent_as_null.mark(0);
        value.sent_as_null.mark(1);
        assert_eq!(encode(&value), json!({"nodes": null, "tags": null, "x": 1}));
        value.nodes.push("n".into());
        value.tags = None;
        assert_eq!(encode(&value), json!({"nodes": ["n"], "x": 1}));
    }
}
