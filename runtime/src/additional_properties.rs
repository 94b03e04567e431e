//! The map of a model's undeclared properties, one pointer wide and free while empty.

use std::collections::BTreeMap;
use std::fmt;
use std::ops::{Deref, DerefMut};

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// Properties a JSON object carried that its schema does not name, kept so that nothing is
/// lost and written back as sent.
///
/// It reads and writes like a `BTreeMap<String, T>` (it dereferences to one). Most objects
/// carry no such properties, so the map is allocated on the first insert: an empty one is one
/// pointer wide inside the struct that holds it and costs nothing to create or drop.
// The box is the point: one word inline instead of a map's three.
#[allow(clippy::box_collection)]
pub struct AdditionalProperties<T = serde_json::Value>(Option<Box<BTreeMap<String, T>>>);

impl<T> AdditionalProperties<T> {
    /// No properties.
    pub const fn new() -> Self {
        Self(None)
    }

    /// The properties as a plain map.
    pub fn into_map(self) -> BTreeMap<String, T> {
        self.0.map(|map| *map).unwrap_or_default()
    }
}

impl<T> Default for AdditionalProperties<T> {
    fn default() -> Self {
        Self::new()
    }
}

impl<T> Deref for AdditionalProperties<T> {
    type Target = BTreeMap<String, T>;

    fn deref(&self) -> &BTreeMap<String, T> {
        match &self.0 {
            Some(map) => map,
            None => const { &BTreeMap::new() },
        }
    }
}

impl<T> DerefMut for AdditionalProperties<T> {
    /// The map, allocated if there was none.
    fn deref_mut(&mut self) -> &mut BTreeMap<String, T> {
        self.0.get_or_insert_with(Box::default)
    }
}

impl<T> From<BTreeMap<String, T>> for AdditionalProperties<T> {
    fn from(map: BTreeMap<String, T>) -> Self {
        Self((!map.is_empty()).then(|| Box::new(map)))
    }
}

impl<T, const N: usize> From<[(String, T); N]> for AdditionalProperties<T> {
    fn from(entries: [(String, T); N]) -> Self {
        BTreeMap::from(entries).into()
    }
}

impl<T> From<AdditionalProperties<T>> for BTreeMap<String, T> {
    fn from(properties: AdditionalProperties<T>) -> Self {
        properties.into_map()
    }
}

impl<T> FromIterator<(String, T)> for AdditionalProperties<T> {
    fn from_iter<I: IntoIterator<Item = (String, T)>>(entries: I) -> Self {
        BTreeMap::from_iter(entries).into()
    }
}

impl<T> Extend<(String, T)> for AdditionalProperties<T> {
    fn extend<I: IntoIterator<Item = (String, T)>>(&mut self, entries: I) {
        let mut entries = entries.into_iter().peekable();
        if entries.peek().is_some() {
            self.deref_mut().extend(entries);
        }
    }
}

impl<T> IntoIterator for AdditionalProperties<T> {
    type Item = (String, T);
    type IntoIter = std::collections::btree_map::IntoIter<String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.into_map().into_iter()
    }
}

impl<'a, T> IntoIterator for &'a AdditionalProperties<T> {
    type Item = (&'a String, &'a T);
    type IntoIter = std::collections::btree_map::Iter<'a, String, T>;

    fn into_iter(self) -> Self::IntoIter {
        self.iter()
    }
}

impl<T: Clone> Clone for AdditionalProperties<T> {
    fn clone(&self) -> Self {
        Self(self.0.clone())
    }
}

impl<T: fmt::Debug> fmt::Debug for AdditionalProperties<T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        self.deref().fmt(f)
    }
}

/// Equal when the maps are, however each was made (an emptied map equals a never-filled one).
impl<T: PartialEq> PartialEq for AdditionalProperties<T> {
    fn eq(&self, other: &Self) -> bool {
        self.deref() == other.deref()
    }
}

impl<T: Eq> Eq for AdditionalProperties<T> {}

impl<T: Serialize> Serialize for AdditionalProperties<T> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_map(self.iter())
    }
}

impl<'de, T: Deserialize<'de>> Deserialize<'de> for AdditionalProperties<T> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        BTreeMap::deserialize(deserializer).map(Self::from)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::*;

    #[test]
    fn is_one_pointer_wide() {
        assert_eq!(
            size_of::<AdditionalProperties>(),
            size_of::<Box<BTreeMap<String, Value>>>()
        );
    }

    #[test]
    fn reads_and_writes_like_a_map() {
        let mut properties = AdditionalProperties::new();
        assert!(properties.is_empty());
        assert_eq!(properties.get("a"), None);
        properties.insert("b".to_string(), json!(2));
        properties.insert("a".to_string(), json!(1));
        assert_eq!(properties["a"], json!(1));
        let keys: Vec<_> = (&properties).into_iter().map(|(k, _)| k.as_str()).collect();
        assert_eq!(keys, ["a", "b"]);
        assert_eq!(
            properties.clone().into_map(),
            BTreeMap::from([("a".into(), json!(1)), ("b".into(), json!(2))])
        );
        assert_eq!(
            format!("{properties:?}"),
            r#"{"a": Number(1), "b": Number(2)}"#
        );
    }

    #[test]
    fn empty_maps_are_equal_however_made() {
        let mut emptied = AdditionalProperties::<u8>::from_iter([("a".to_string(), 1)]);
        assert_ne!(emptied, AdditionalProperties::new());
        emptied.remove("a");
        assert_eq!(emptied, AdditionalProperties::new());
        assert_eq!(AdditionalProperties::<u8>::from(BTreeMap::new()).0, None);
        let mut extended = AdditionalProperties::<u8>::new();
        extended.extend([]);
        assert_eq!(extended.0, None);
        extended.extend([("x".to_string(), 3)]);
        assert_eq!(extended["x"], 3);
    }

    #[test]
    fn serializes_as_a_map_and_back() {
        let properties: AdditionalProperties =
            serde_json::from_str(r#"{"z": null, "y": [1]}"#).unwrap();
        assert_eq!(properties["y"], json!([1]));
        assert_eq!(
            serde_json::to_string(&properties).unwrap(),
            r#"{"y":[1],"z":null}"#
        );
        let empty: AdditionalProperties = serde_json::from_str("{}").unwrap();
        assert_eq!(empty.0, None);
        assert_eq!(serde_json::to_string(&empty).unwrap(), "{}");
    }
}
