//! Discriminated unions: the variant is chosen by a tag property without decoding the object twice.
//!
//! Entries before the tag are buffered (strings borrowed from the input where it allows, see
//! [`Buffered`]); once the tag is read, the chosen variant decodes from the buffered entries
//! followed by the rest of the input, straight from the deserializer. When the tag comes first
//! nothing is buffered but the tag itself.

use std::borrow::Cow;
use std::fmt;
use std::marker::PhantomData;

use super::buffered::Buffered;
use super::Key;
use serde::de::value::{BorrowedStrDeserializer, SeqAccessDeserializer, StringDeserializer};
use serde::de::{
    DeserializeSeed, Deserializer, Error, IntoDeserializer, MapAccess, SeqAccess, Visitor,
};
use serde::{forward_to_deserialize_any, Deserialize};

/// A `oneOf`/`anyOf` whose variant is named by the string value of a property.
pub trait Tagged: Sized {
    /// The tag property.
    const PROPERTY: &'static str;

    /// Decodes the variant for `tag` (`None`: missing or not a string) from the whole object.
    fn variant<'de, D: Deserializer<'de>>(tag: Option<&str>, object: D) -> Result<Self, D::Error>;

    /// The variant that keeps a value of no known variant, for input that is not an object (what
    /// [`Tagged::variant`] gives for no tag).
    fn unknown(value: serde_json::Value) -> Self;
}

/// Deserializes a [`Tagged`] union; input that is not an object goes to the variant for no tag.
pub fn tagged<'de, D: Deserializer<'de>, T: Tagged>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_any(TaggedVisitor(PhantomData))
}

struct TaggedVisitor<T>(PhantomData<T>);

impl<T: Tagged> TaggedVisitor<T> {
    /// Straight to [`Tagged::unknown`]: going through [`Tagged::variant`] would compile every
    /// variant's decoder once more, for a deserializer of buffered values, to never run it.
    fn not_an_object<'de, E: Error>(value: Buffered<'de>) -> Result<T, E> {
        serde_json::Value::deserialize(value.into_deserializer()).map(T::unknown)
    }
}

impl<'de, T: Tagged> Visitor<'de> for TaggedVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("any JSON value")
    }

    fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<T, A::Error> {
        // Room for the entries before the tag of a typical object without growing.
        let mut buffered = Vec::with_capacity(8);
        let mut tag = None;
        while let Some(key) = map.next_key::<Key<'de>>()? {
            let value: Buffered<'de> = map.next_value()?;
            let is_tag = &*key == T::PROPERTY;
            if is_tag {
                tag = match &value {
                    Buffered::Str(text) => Some(Cow::Borrowed(*text)),
                    other => other.as_str().map(|text| Cow::Owned(text.to_owned())),
                };
            }
            buffered.push((key, value));
            if is_tag {
                break;
            }
        }
        let object = Replay {
            buffered: buffered.into_iter(),
            pending: None,
            rest: map,
        };
        T::variant(tag.as_deref(), object)
    }

    fn visit_seq<A: SeqAccess<'de>>(self, seq: A) -> Result<T, A::Error> {
        serde_json::Value::deserialize(SeqAccessDeserializer::new(seq)).map(T::unknown)
    }

    fn visit_bool<E: Error>(self, v: bool) -> Result<T, E> {
        Self::not_an_object(Buffered::Bool(v))
    }

    fn visit_i64<E: Error>(self, v: i64) -> Result<T, E> {
        Self::not_an_object(Buffered::I64(v))
    }

    fn visit_u64<E: Error>(self, v: u64) -> Result<T, E> {
        Self::not_an_object(Buffered::U64(v))
    }

    fn visit_f64<E: Error>(self, v: f64) -> Result<T, E> {
        Self::not_an_object(Buffered::F64(v))
    }

    fn visit_borrowed_str<E: Error>(self, v: &'de str) -> Result<T, E> {
        Self::not_an_object(Buffered::Str(v))
    }

    fn visit_str<E: Error>(self, v: &str) -> Result<T, E> {
        Self::not_an_object(Buffered::String(v.to_owned()))
    }

    fn visit_unit<E: Error>(self) -> Result<T, E> {
        Self::not_an_object(Buffered::Null)
    }

    fn visit_none<E: Error>(self) -> Result<T, E> {
        Self::not_an_object(Buffered::Null)
    }
}

/// The object again: the buffered entries, then the ones not read yet. As a `Deserializer` it is
/// a map of those entries.
struct Replay<'de, A> {
    buffered: std::vec::IntoIter<(Key<'de>, Buffered<'de>)>,
    pending: Option<Buffered<'de>>,
    rest: A,
}

impl<'de, A: MapAccess<'de>> MapAccess<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn next_key_seed<K: DeserializeSeed<'de>>(
        &mut self,
        seed: K,
    ) -> Result<Option<K::Value>, A::Error> {
        let Some((key, value)) = self.buffered.next() else {
            return self.rest.next_key_seed(seed);
        };
        self.pending = Some(value);
        match key {
            Key::Borrowed(key) => seed.deserialize(BorrowedStrDeserializer::new(key)),
            Key::Owned(key) => seed.deserialize(StringDeserializer::new(key)),
        }
        .map(Some)
    }

    fn next_value_seed<V: DeserializeSeed<'de>>(&mut self, seed: V) -> Result<V::Value, A::Error> {
        match self.pending.take() {
            Some(value) => seed.deserialize(value.into_deserializer()),
            None => self.rest.next_value_seed(seed),
        }
    }

    fn size_hint(&self) -> Option<usize> {
        self.rest.size_hint().map(|rest| rest + self.buffered.len())
    }
}

impl<'de, A: MapAccess<'de>> Deserializer<'de> for Replay<'de, A> {
    type Error = A::Error;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, A::Error> {
        visitor.visit_map(self)
    }

    forward_to_deserialize_any! {
        bool i8 i16 i32 i64 i128 u8 u16 u32 u64 u128 f32 f64 char str string
        bytes byte_buf option unit unit_struct newtype_struct seq tuple
        tuple_struct map struct enum identifier ignored_any
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;
    use serde_json::{json, Value};

    use super::*;

    #[derive(Debug, PartialEq, Deserialize)]
    struct Cat {
        kind: String,
        lives: u8,
    }

    #[derive(Debug, PartialEq, Deserialize)]
    struct Dog {
        kind: String,
        good: bool,
    }

    #[derive(Debug, PartialEq)]
    enum Pet {
        Cat(Cat),
        Dog(Dog),
        Unknown(Value),
    }

    impl Tagged for Pet {
        const PROPERTY: &'static str = "kind";

        fn variant<'de, D: Deserializer<'de>>(
            tag: Option<&str>,
            object: D,
        ) -> Result<Self, D::Error> {
            match tag {
                Some("cat") => Cat::deserialize(object).map(Pet::Cat),
                Some("dog") => Dog::deserialize(object).map(Pet::Dog),
                _ => Value::deserialize(object).map(Pet::Unknown),
            }
        }

        fn unknown(value: Value) -> Self {
            Pet::Unknown(value)
        }
    }

    impl<'de> Deserialize<'de> for Pet {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            tagged(deserializer)
        }
    }

    fn cat() -> Pet {
        Pet::Cat(Cat {
            kind: "cat".into(),
            lives: 9,
        })
    }

    #[test]
    fn the_tag_may_come_first_last_or_between() {
        for text in [
            r#"{"kind": "cat", "lives": 9}"#,
            r#"{"lives": 9, "kind": "cat"}"#,
            r#"{"li\u0076es": 9, "kind": "cat"}"#,
        ] {
            assert_eq!(serde_json::from_str::<Pet>(text).unwrap(), cat(), "{text}");
        }
        let dog = json!({"good": true, "x": 1, "kind": "dog"});
        assert!(matches!(
            serde_json::from_value::<Pet>(dog).unwrap(),
            Pet::Dog(_)
        ));
    }

    #[test]
    fn unknown_missing_or_odd_tags_keep_the_value() {
        for doc in [
            json!({"kind": "bird", "wings": 2}),
            json!({"wings": 2}),
            json!({"kind": 3}),
            json!([1, "x"]),
            json!("cat"),
            json!(null),
            json!(1.5),
        ] {
            let text = doc.to_string();
            assert_eq!(
                serde_json::from_str::<Pet>(&text).unwrap(),
                Pet::Unknown(doc)
            );
        }
    }

    #[test]
    fn a_known_tag_with_a_bad_body_is_an_error() {
        let err = serde_json::from_str::<Pet>(r#"{"lives": "nine", "kind": "cat"}"#).unwrap_err();
        assert!(err.to_string().contains("expected u8"), "{err}");
        let err = serde_json::from_str::<Pet>(r#"{"kind": "cat", "lives": "nine"}"#).unwrap_err();
        assert!(err.to_string().contains("expected u8"), "{err}");
    }
}
