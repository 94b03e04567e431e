//! Values read ahead of a union's tag, kept until the variant is known: strings and keys borrowed
//! from the input when the deserializer allows it (no allocation for them when decoding from a
//! byte slice), objects as entry lists in their order (no hashing).

use std::fmt;
use std::marker::PhantomData;

use serde::de::value::{MapAccessDeserializer, MapDeserializer, SeqDeserializer};
use serde::de::{
    Deserialize, Deserializer, Error, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::forward_to_deserialize_any;

use super::Key;

/// One JSON value, read once, to be deserialized later into whatever type asks for it.
#[derive(Debug, PartialEq)]
pub(super) enum Buffered<'de> {
    Null,
    Bool(bool),
    U64(u64),
    I64(i64),
    F64(f64),
    Str(&'de str),
    String(String),
    Seq(Vec<Buffered<'de>>),
    Map(Vec<(Key<'de>, Buffered<'de>)>),
}

impl<'de> Buffered<'de> {
    /// The text of a string value.
    pub(super) fn as_str(&self) -> Option<&str> {
        match self {
            Buffered::Str(text) => Some(text),
            Buffered::String(text) => Some(text),
            _ => None,
        }
    }
}

impl<'de> From<Key<'de>> for Buffered<'de> {
    fn from(key: Key<'de>) -> Self {
        match key {
            Key::Borrowed(key) => Buffered::Str(key),
            Key::Owned(key) => Buffered::String(key),
        }
    }
}

impl<'de> Deserialize<'de> for Buffered<'de> {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_any(BufferedVisitor)
    }
}

struct BufferedVisitor;

impl<'de> Visitor<'de> for BufferedVisitor {
    type Value = Buffered<'de>;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Bool(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<Buffered<'de>, E> {
        Ok(Buffered::I64(v))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<Buffered<'de>, E> {
        Ok(Buffered::U64(v))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<Buffered<'de>, E> {
        Ok(Buffered::F64(v))
    }

    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Str(v))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<Buffered<'de>, E> {
        Ok(Buffered::String(v.to_owned()))
    }

    fn visit_string<E: Error>(self, v: String) -> Result<Buffered<'de>, E> {
        Ok(Buffered::String(v))
    }

    fn visit_unit<E: Error>(self) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Null)
    }

    fn visit_none<E: Error>(self) -> Result<Buffered<'de>, E> {
        Ok(Buffered::Null)
    }

    fn visit_some<D: Deserializer<'de>>(self, deserializer: D) -> Result<Buffered<'de>, D::Error> {
        Buffered::deserialize(deserializer)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, mut seq: A) -> Result<Buffered<'de>, A::Error> {
        let mut items = Vec::with_capacity(seq.size_hint().unwrap_or(0).min(64));
        while let Some(item) = seq.next_element()? {
            items.push(item);
        }
        Ok(Buffered::Seq(items))
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Buffered<'de>, A::Error> {
        let mut entries = Vec::with_capacity(map.size_hint().unwrap_or(0).min(64));
        while let Some(entry) = map.next_entry()? {
            entries.push(entry);
        }
        Ok(Buffered::Map(entries))
    }
}

impl<'de, E: Error> IntoDeserializer<'de, E> for Buffered<'de> {
    type Deserializer = BufferedDeserializer<'de, E>;

    fn into_deserializer(self) -> Self::Deserializer {
        BufferedDeserializer {
            value: self,
            error: PhantomData,
        }
    }
}

/// Deserializes a [`Buffered`] value the way `serde_json` deserializes the same JSON.
pub(super) struct BufferedDeserializer<'de, E> {
    value: Buffered<'de>,
    error: PhantomData<E>,
}

impl<'de, E: Error> Deserializer<'de> for BufferedDeserializer<'de, E> {
    type Error = E;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Buffered::Null => visitor.visit_unit(),
            Buffered::Bool(v) => visitor.visit_bool(v),
            Buffered::U64(v) => visitor.visit_u64(v),
            Buffered::I64(v) => visitor.visit_i64(v),
            Buffered::F64(v) => visitor.visit_f64(v),
            Buffered::Str(v) => visitor.visit_borrowed_str(v),
            Buffered::String(v) => visitor.visit_string(v),
            Buffered::Seq(items) => {
                let mut seq = SeqDeserializer::new(items.into_iter());
                let value = visitor.visit_seq(&mut seq)?;
                seq.end()?;
                Ok(value)
            }
            Buffered::Map(entries) => {
                let mut map = entries_deserializer(entries);
                let value = visitor.visit_map(&mut map)?;
                map.end()?;
                Ok(value)
            }
        }
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        match self.value {
            Buffered::Null => visitor.visit_none(),
            _ => visitor.visit_some(self),
        }
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, E> {
        match self.value {
            Buffered::Str(v) => visitor.visit_enum(v.into_deserializer()),
            Buffered::String(v) => visitor.visit_enum(v.into_deserializer()),
            Buffered::Map(entries) if entries.len() == 1 => {
                visitor.visit_enum(MapAccessDeserializer::new(entries_deserializer(entries)))
            }
            Buffered::Map(_) => Err(E::invalid_value(
                serde::de::Unexpected::Map,
                &"a map with a single key",
            )),
            _ => self.deserialize_any(visitor),
        }
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, E> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_ignored_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, E> {
        visitor.visit_unit()
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf unit unit_struct seq tuple tuple_struct map struct identifier
    }
}

type Entries<'de, E> = MapDeserializer<
    'de,
    std::iter::Map<
        std::vec::IntoIter<(Key<'de>, Buffered<'de>)>,
        fn((Key<'de>, Buffered<'de>)) -> (Buffered<'de>, Buffered<'de>),
    >,
    E,
>;

/// A map access over buffered entries (keys handed over as strings).
fn entries_deserializer<'de, E: Error>(entries: Vec<(Key<'de>, Buffered<'de>)>) -> Entries<'de, E> {
    let entry: fn((Key<'de>, Buffered<'de>)) -> (Buffered<'de>, Buffered<'de>) =
        |(key, value)| (key.into(), value);
    MapDeserializer::new(entries.into_iter().map(entry))
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Deserialize;
    use serde_json::Value;

    use super::*;

    fn replayed<T: for<'a> Deserialize<'a>>(text: &str) -> Result<T, serde_json::Error> {
        let buffered: Buffered<'_> = serde_json::from_str(text)?;
        T::deserialize(buffered.into_deserializer())
    }

    #[test]
    fn strings_and_keys_are_borrowed_from_slices() {
        let buffered: Buffered<'_> = serde_json::from_str(r#"{"k": ["v", "e\u0073c"]}"#).unwrap();
        assert_eq!(
            buffered,
            Buffered::Map(vec![(
                Key::Borrowed("k"),
                Buffered::Seq(vec![Buffered::Str("v"), Buffered::String("esc".into())])
            )])
        );
    }

    #[test]
    fn replays_as_serde_json_reads_the_same_text() {
        let text =
            r#"{"b": [1, -2, 2.5, true, null, "s"], "a": {"x": {}}, "n": 18446744073709551615}"#;
        assert_eq!(
            replayed::<Value>(text).unwrap(),
            serde_json::from_str::<Value>(text).unwrap()
        );
        assert_eq!(
            replayed::<BTreeMap<String, Option<Vec<u8>>>>(r#"{"a": null, "b": [1, 2]}"#).unwrap(),
            BTreeMap::from([("a".into(), None), ("b".into(), Some(vec![1, 2]))])
        );
    }

    #[derive(Debug, PartialEq, Deserialize)]
    enum Shape {
        #[serde(rename = "dot")]
        Dot,
        #[serde(rename = "line")]
        Line(u8),
    }

    #[test]
    fn enums_options_and_errors_behave_as_in_serde_json() {
        assert_eq!(replayed::<Shape>(r#""dot""#).unwrap(), Shape::Dot);
        assert_eq!(replayed::<Shape>(r#"{"line": 3}"#).unwrap(), Shape::Line(3));
        assert!(replayed::<Shape>(r#"{"line": 3, "dot": null}"#).is_err());
        assert!(serde_json::from_str::<Shape>(r#"{"line": 3, "dot": null}"#).is_err());
        assert_eq!(replayed::<Option<Option<u8>>>("null").unwrap(), None);
        assert_eq!(replayed::<Option<u8>>("7").unwrap(), Some(7));
        let out_of_range = replayed::<i64>("9223372036854775808").unwrap_err();
        assert!(
            out_of_range
                .to_string()
                .starts_with("invalid value: integer"),
            "{out_of_range}"
        );
        let too_long = replayed::<(u8, u8)>("[1, 2, 3]").unwrap_err();
        assert!(
            too_long.to_string().starts_with("invalid length 3"),
            "{too_long}"
        );
        let expected = "invalid type: string \"x\", expected a tuple of size 2";
        for error in [
            replayed::<(u8, u8)>(r#""x""#).unwrap_err(),
            serde_json::from_str::<(u8, u8)>(r#""x""#).unwrap_err(),
        ] {
            assert!(error.to_string().starts_with(expected), "{error}");
        }
    }
}
