//! Objects read field by field: declared keys into their slots, undeclared ones kept or skipped.

use std::fmt;
use std::marker::PhantomData;

use serde::de::{Deserialize, Deserializer, Error, IgnoredAny, MapAccess, Visitor};

use super::Key;
use crate::null_as_empty::SentAsNull;
use crate::AdditionalProperties;

/// A model read from a JSON object by a generated visitor.
pub trait Object<'de>: Sized {
    /// What an error says was expected (`struct Identity`).
    const EXPECTING: &'static str;

    /// Reads every entry of `map`.
    fn visit<A: MapAccess<'de>>(map: A) -> Result<Self, A::Error>;
}

/// Deserializes an [`Object`] from a map.
pub fn object<'de, D: Deserializer<'de>, T: Object<'de>>(deserializer: D) -> Result<T, D::Error> {
    deserializer.deserialize_map(ObjectVisitor(PhantomData))
}

struct ObjectVisitor<T>(PhantomData<T>);

impl<'de, T: Object<'de>> Visitor<'de> for ObjectVisitor<T> {
    type Value = T;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(T::EXPECTING)
    }

    fn visit_map<A: MapAccess<'de>>(self, map: A) -> Result<T, A::Error> {
        T::visit(map)
    }
}

/// Reads the value of the declared field `name` into `slot`; a second occurrence is an error.
#[inline]
pub fn field<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
) -> Result<(), A::Error> {
    vacant(slot.is_some(), name)?;
    *slot = Some(map.next_value()?);
    Ok(())
}

/// Like [`field`], reading `null` as an empty list or map and marking field `index` in
/// `sent_as_null` (see [`crate::null_as_empty`]).
#[inline]
pub fn field_or_empty<'de, A: MapAccess<'de>, T: Deserialize<'de> + Default, const WORDS: usize>(
    map: &mut A,
    slot: &mut Option<T>,
    name: &'static str,
    sent_as_null: &mut SentAsNull<WORDS>,
    index: usize,
) -> Result<(), A::Error> {
    vacant(slot.is_some(), name)?;
    let value = map.next_value::<Option<T>>()?;
    if value.is_none() {
        sent_as_null.mark(index);
    }
    *slot = Some(value.unwrap_or_default());
    Ok(())
}

/// The error for a key that came twice, if its slot is `filled`. Generic over the error type
/// only, not over the field's type or a closure, so that one copy serves every field.
#[inline]
fn vacant<E: Error>(filled: bool, name: &'static str) -> Result<(), E> {
    if filled {
        return Err(E::duplicate_field(name));
    }
    Ok(())
}

/// The value of a required field, or the error naming it.
pub fn required<T, E: Error>(slot: Option<T>, name: &'static str) -> Result<T, E> {
    // A `match`, not `ok_or_else`: no closure and no `Option` helper compiled per field type.
    match slot {
        Some(value) => Ok(value),
        None => Err(E::missing_field(name)),
    }
}

/// Keeps the value of an undeclared key in the struct's map of additional properties.
pub fn keep<'de, A: MapAccess<'de>, T: Deserialize<'de>>(
    map: &mut A,
    extra: &mut AdditionalProperties<T>,
    key: Key<'de>,
) -> Result<(), A::Error> {
    let value = map.next_value()?;
    extra.insert(key.into_string(), value);
    Ok(())
}

/// Skips the value of an undeclared key (objects that drop them).
pub fn skip<'de, A: MapAccess<'de>>(map: &mut A) -> Result<(), A::Error> {
    map.next_value::<IgnoredAny>().map(drop)
}

#[cfg(test)]
mod tests {
    use serde::de::MapAccess;
    use serde_json::{json, Value};

    use super::*;

    /// What generated code looks like for `{a: integer (required), b: string}` with extras kept.
    #[derive(Debug, PartialEq)]
    struct Pair {
        a: i64,
        b: Option<String>,
        extra: AdditionalProperties<Value>,
    }

    impl<'de> Object<'de> for Pair {
        const EXPECTING: &'static str = "struct Pair";

        fn visit<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
            let (mut a, mut b, mut extra) = (None, None, AdditionalProperties::new());
            while let Some(key) = map.next_key::<Key<'de>>()? {
                match &*key {
                    "a" => field(&mut map, &mut a, "a")?,
                    "b" => field(&mut map, &mut b, "b")?,
                    _ => keep(&mut map, &mut extra, key)?,
                }
            }
            Ok(Pair {
                a: required(a, "a")?,
                b,
                extra,
            })
        }
    }

    impl<'de> Deserialize<'de> for Pair {
        fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
            object(deserializer)
        }
    }

    #[test]
    fn declared_fields_and_extras() {
        let pair: Pair = serde_json::from_str(r#"{"x": [1], "a": 1, "y": null}"#).unwrap();
        assert_eq!(
            pair,
            Pair {
                a: 1,
                b: None,
                extra: [("x".into(), json!([1])), ("y".into(), Value::Null)].into(),
            }
        );
        let from_value: Pair = serde_json::from_value(json!({"a": 2, "b": "s"})).unwrap();
        assert_eq!(from_value.b.as_deref(), Some("s"));
    }

    #[test]
    fn errors_name_the_field() {
        let missing = serde_json::from_str::<Pair>(r#"{"b": "s"}"#).unwrap_err();
        assert!(
            missing.to_string().contains("missing field `a`"),
            "{missing}"
        );
        let twice = serde_json::from_str::<Pair>(r#"{"a": 1, "a": 2}"#).unwrap_err();
        assert!(twice.to_string().contains("duplicate field `a`"), "{twice}");
        let wrong = serde_json::from_str::<Pair>("[1]").unwrap_err();
        assert!(
            wrong.to_string().contains("expected struct Pair"),
            "{wrong}"
        );
        let out_of_range = serde_json::from_str::<Pair>(r#"{"a": 9223372036854775808}"#);
        assert!(out_of_range.is_err());
    }

    #[test]
    fn skipping_reads_past_any_value() {
        let mut map = serde_json::Map::new();
        map.insert("k".into(), json!({"deep": [1, {"x": null}]}));
        let mut access =
            serde::de::value::MapDeserializer::<_, serde_json::Error>::new(map.into_iter());
        let key: Option<String> = access.next_key().unwrap();
        assert_eq!(key.as_deref(), Some("k"));
        skip(&mut access).unwrap();
        assert!(access.next_key::<String>().unwrap().is_none());
    }
}
