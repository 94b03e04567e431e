//! Serialization support for generated models: structs written entry by entry through
//! [`Entries`], by impls that generated code writes itself rather than derives (no proc-macro
//! expansion, and less code for the compiler to check per type).

use serde::ser::{Serialize, SerializeMap, Serializer};

use crate::null_as_empty::ListOrMap;
use crate::AdditionalProperties;

/// Writes a generated struct as a map, one entry per field, then its undeclared properties.
pub struct Entries<M>(M);

impl<M: SerializeMap> Entries<M> {
    /// Starts the map.
    pub fn new<S: Serializer<SerializeMap = M, Error = M::Error>>(
        serializer: S,
    ) -> Result<Self, M::Error> {
        serializer.serialize_map(None).map(Self)
    }

    /// A field that is always written.
    pub fn field<T: Serialize + ?Sized>(
        &mut self,
        name: &'static str,
        value: &T,
    ) -> Result<(), M::Error> {
        self.0.serialize_entry(name, value)
    }

    /// An optional field: written when `Some`.
    pub fn optional<T: Serialize>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.field(name, value),
            None => Ok(()),
        }
    }

    /// A list or map field: `null` when it arrived as `null` (`sent_as_null`) and is still empty.
    pub fn as_sent<T: Serialize + ListOrMap>(
        &mut self,
        name: &'static str,
        value: &T,
        sent_as_null: bool,
    ) -> Result<(), M::Error> {
        if sent_as_null && value.is_empty() {
            self.field(name, &None::<()>)
        } else {
            self.field(name, value)
        }
    }

    /// An optional list or map field: written when `Some`, as [`Entries::as_sent`].
    pub fn optional_as_sent<T: Serialize + ListOrMap>(
        &mut self,
        name: &'static str,
        value: &Option<T>,
        sent_as_null: bool,
    ) -> Result<(), M::Error> {
        match value {
            Some(value) => self.as_sent(name, value, sent_as_null),
            None => Ok(()),
        }
    }

    /// The undeclared properties, each as its own entry.
    pub fn additional<T: Serialize>(
        &mut self,
        additional: &AdditionalProperties<T>,
    ) -> Result<(), M::Error> {
        additional
            .iter()
            .try_for_each(|(key, value)| self.0.serialize_entry(key, value))
    }

    /// Ends the map.
    pub fn end(self) -> Result<M::Ok, M::Error> {
        self.0.end()
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    /// What generated code looks like for `{id: string (required), tag: string, note: string
    /// (required, nullable)}` with extras kept.
    #[derive(Default)]
    struct Item {
        id: String,
        tag: Option<String>,
        note: Option<String>,
        extra: AdditionalProperties,
    }

    impl Serialize for Item {
        fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
            let mut entries = Entries::new(serializer)?;
            entries.field("id", &self.id)?;
            entries.optional("tag", &self.tag)?;
            entries.field("note", &self.note)?;
            entries.additional(&self.extra)?;
            entries.end()
        }
    }

    #[test]
    fn fields_in_order_optional_ones_when_present_then_extras() {
        let mut item = Item {
            id: "i".into(),
            ..Item::default()
        };
        let text = |item: &Item| serde_json::to_string(item).unwrap();
        assert_eq!(text(&item), r#"{"id":"i","note":null}"#);
        item.tag = Some("t".into());
        item.note = Some("n".into());
        item.extra.insert("z".into(), json!([1]));
        assert_eq!(text(&item), r#"{"id":"i","tag":"t","note":"n","z":[1]}"#);
    }
}
