//! A parameter value reduced to what the OpenAPI styles distinguish (absent, one scalar, a list,
//! a map), read straight from its `Serialize` impl without building a `serde_json::Value`.
//!
//! The outcome is the one a `serde_json::Value` would give: null is absent, null list items and
//! properties are skipped, lists and objects nested in a list or object become compact JSON text,
//! and floats, map keys and enum variants with data follow `serde_json` (those rare cases are
//! handed to its value serializer).

use std::fmt;

use serde::ser::{
    self, Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct,
    SerializeStructVariant, SerializeTuple, SerializeTupleStruct, SerializeTupleVariant,
    Serializer,
};
use serde_json::value::Serializer as ValueSerializer;
use serde_json::Value;

use super::encode::text;

/// A parameter value as the styles see it.
#[derive(Debug, PartialEq)]
pub(crate) enum Shape {
    /// Null or nothing: the parameter is omitted.
    Absent,
    /// A string, number or boolean, as text.
    Scalar(String),
    /// The texts of a list's items.
    List(Vec<String>),
    /// The properties of an object, as key and text.
    Map(Vec<(String, String)>),
}

impl Shape {
    /// The shape of `value`, serialized directly.
    pub(crate) fn of<V: Serialize + ?Sized>(value: &V) -> Result<Shape, serde_json::Error> {
        value.serialize(TopLevel)
    }

    /// The shape of a value already in JSON form.
    pub(crate) fn from_value(value: &Value) -> Shape {
        match value {
            Value::Null => Shape::Absent,
            Value::Array(items) => Shape::List(items.iter().filter_map(item_text).collect()),
            Value::Object(map) => Shape::Map(
                map.iter()
                    .filter_map(|(k, v)| Some((k.clone(), item_text(v)?)))
                    .collect(),
            ),
            scalar => Shape::Scalar(text(scalar)),
        }
    }

    fn from_text(text: Option<String>) -> Shape {
        text.map_or(Shape::Absent, Shape::Scalar)
    }
}

/// The text of a list item or property; `None` for null, which is skipped.
fn item_text(value: &Value) -> Option<String> {
    (!value.is_null()).then(|| text(value))
}

/// The text of one list item or property value: scalars directly, anything else through
/// `serde_json::Value` (as compact JSON).
fn item<T: Serialize + ?Sized>(value: &T) -> Result<Option<String>, serde_json::Error> {
    match value.serialize(Item) {
        Ok(text) => Ok(text),
        Err(Stop::Early) => Ok(item_text(&serde_json::to_value(value)?)),
        Err(Stop::Json(e)) => Err(e),
    }
}

/// A map key as `serde_json` writes it (strings as is, numbers and booleans as text; other keys
/// are an error).
pub(super) fn key_text<K: Serialize + ?Sized>(key: &K) -> Result<String, serde_json::Error> {
    let mut map = ValueSerializer.serialize_map(Some(1))?;
    SerializeMap::serialize_entry(&mut map, key, &())?;
    Ok(match SerializeMap::end(map)? {
        Value::Object(map) => map.into_iter().next().map(|(key, _)| key),
        _ => None,
    }
    .unwrap_or_default())
}

/// Why a serializer of this module stopped: early, on a value it leaves to another path (its
/// meaning is the serializer's), or because the value's `Serialize` impl failed.
#[derive(Debug)]
pub(super) enum Stop {
    Early,
    Json(serde_json::Error),
}

impl fmt::Display for Stop {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Stop::Early => f.write_str("stopped early"),
            Stop::Json(e) => e.fmt(f),
        }
    }
}

impl std::error::Error for Stop {}

impl ser::Error for Stop {
    fn custom<T: fmt::Display>(msg: T) -> Self {
        Stop::Json(<serde_json::Error as ser::Error>::custom(msg))
    }
}

impl From<serde_json::Error> for Stop {
    fn from(e: serde_json::Error) -> Self {
        Stop::Json(e)
    }
}

/// Methods writing their value with `to_string`.
macro_rules! to_text {
    ($wrap:path; $($method:ident: $ty:ty),*) => {
        $(fn $method(self, v: $ty) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(Some(v.to_string())))
        })*
    };
}

/// The scalar methods, shared by both serializers; `$wrap` turns the item text into `Self::Ok`.
macro_rules! scalars {
    ($wrap:path) => {
        to_text!($wrap; serialize_bool: bool, serialize_i8: i8, serialize_i16: i16,
            serialize_i32: i32, serialize_i64: i64, serialize_u8: u8, serialize_u16: u16,
            serialize_u32: u32, serialize_u64: u64, serialize_char: char);
        // Out-of-range 128-bit integers and non-finite floats as `serde_json` has them.
        fn serialize_i128(self, v: i128) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(item_text(&ValueSerializer.serialize_i128(v)?)))
        }
        fn serialize_u128(self, v: u128) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(item_text(&ValueSerializer.serialize_u128(v)?)))
        }
        fn serialize_f32(self, v: f32) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(item_text(&ValueSerializer.serialize_f32(v)?)))
        }
        fn serialize_f64(self, v: f64) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(item_text(&ValueSerializer.serialize_f64(v)?)))
        }
        fn serialize_str(self, v: &str) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(Some(v.to_owned())))
        }
        fn serialize_none(self) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(None))
        }
        fn serialize_unit(self) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(None))
        }
        fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(None))
        }
        fn serialize_unit_variant(
            self,
            _: &'static str,
            _: u32,
            variant: &'static str,
        ) -> Result<Self::Ok, Self::Error> {
            Ok($wrap(Some(variant.to_owned())))
        }
        transparent!();
    };
}

/// Serializes one list item or property value to its text; lists and objects are refused
/// ([`Stop::Early`]) so that [`item`] writes them as JSON.
struct Item;

fn same(text: Option<String>) -> Option<String> {
    text
}

impl Serializer for Item {
    type Ok = Option<String>;
    type Error = Stop;
    type SerializeSeq = Impossible<Option<String>, Stop>;
    type SerializeTuple = Impossible<Option<String>, Stop>;
    type SerializeTupleStruct = Impossible<Option<String>, Stop>;
    type SerializeTupleVariant = Impossible<Option<String>, Stop>;
    type SerializeMap = Impossible<Option<String>, Stop>;
    type SerializeStruct = Impossible<Option<String>, Stop>;
    type SerializeStructVariant = Impossible<Option<String>, Stop>;

    scalars!(same);

    fn serialize_bytes(self, _: &[u8]) -> Result<Option<String>, Stop> {
        Err(Stop::Early)
    }
    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop::Early)
    }
    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop::Early)
    }
    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop::Early)
    }
    refuse_tuples_and_variants!();
}

/// Serializes a whole parameter value to its [`Shape`].
struct TopLevel;

type ValueTupleVariant = <ValueSerializer as Serializer>::SerializeTupleVariant;
type ValueStructVariant = <ValueSerializer as Serializer>::SerializeStructVariant;

impl Serializer for TopLevel {
    type Ok = Shape;
    type Error = serde_json::Error;
    type SerializeSeq = Items;
    type SerializeTuple = Items;
    type SerializeTupleStruct = Items;
    type SerializeTupleVariant = ViaValue<ValueTupleVariant>;
    type SerializeMap = Entries;
    type SerializeStruct = Entries;
    type SerializeStructVariant = ViaValue<ValueStructVariant>;

    scalars!(Shape::from_text);

    fn serialize_bytes(self, v: &[u8]) -> Result<Shape, serde_json::Error> {
        Ok(Shape::from_value(&ValueSerializer.serialize_bytes(v)?))
    }
    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        value: &T,
    ) -> Result<Shape, serde_json::Error> {
        let value = ValueSerializer.serialize_newtype_variant(name, index, variant, value)?;
        Ok(Shape::from_value(&value))
    }
    fn serialize_seq(self, len: Option<usize>) -> Result<Items, serde_json::Error> {
        Ok(Items(Vec::with_capacity(len.unwrap_or(0))))
    }
    fn serialize_tuple(self, len: usize) -> Result<Items, serde_json::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_struct(
        self,
        _: &'static str,
        len: usize,
    ) -> Result<Items, serde_json::Error> {
        self.serialize_seq(Some(len))
    }
    fn serialize_tuple_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeTupleVariant, serde_json::Error> {
        ValueSerializer
            .serialize_tuple_variant(name, index, variant, len)
            .map(ViaValue)
    }
    fn serialize_map(self, len: Option<usize>) -> Result<Entries, serde_json::Error> {
        Ok(Entries {
            entries: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }
    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Entries, serde_json::Error> {
        self.serialize_map(Some(len))
    }
    fn serialize_struct_variant(
        self,
        name: &'static str,
        index: u32,
        variant: &'static str,
        len: usize,
    ) -> Result<Self::SerializeStructVariant, serde_json::Error> {
        ValueSerializer
            .serialize_struct_variant(name, index, variant, len)
            .map(ViaValue)
    }
}

/// The items of a list, nulls skipped.
struct Items(Vec<String>);

impl Items {
    fn push<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), serde_json::Error> {
        self.0.extend(item(value)?);
        Ok(())
    }
}

/// `Items` collects the elements of lists, tuples and tuple structs alike.
macro_rules! items {
    ($($trait:ident::$method:ident),*) => {
        $(impl $trait for Items {
            type Ok = Shape;
            type Error = serde_json::Error;
            fn $method<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
                self.push(v)
            }
            fn end(self) -> Result<Shape, Self::Error> {
                Ok(Shape::List(self.0))
            }
        })*
    };
}

items!(
    SerializeSeq::serialize_element,
    SerializeTuple::serialize_element,
    SerializeTupleStruct::serialize_field
);

/// The properties of an object, in the order written, null values skipped.
struct Entries {
    entries: Vec<(String, String)>,
    key: Option<String>,
}

impl Entries {
    fn push<T: Serialize + ?Sized>(
        &mut self,
        key: String,
        value: &T,
    ) -> Result<(), serde_json::Error> {
        if let Some(text) = item(value)? {
            self.entries.push((key, text));
        }
        Ok(())
    }
}

impl SerializeMap for Entries {
    type Ok = Shape;
    type Error = serde_json::Error;
    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Self::Error> {
        self.key = Some(key_text(key)?);
        Ok(())
    }
    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Self::Error> {
        let key = self.key.take().unwrap_or_default();
        self.push(key, value)
    }
    fn end(self) -> Result<Shape, Self::Error> {
        Ok(Shape::Map(self.entries))
    }
}

impl SerializeStruct for Entries {
    type Ok = Shape;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Self::Error> {
        self.push(key.to_owned(), value)
    }
    fn end(self) -> Result<Shape, Self::Error> {
        Ok(Shape::Map(self.entries))
    }
}

/// An enum variant with data, built by `serde_json`'s value serializer and then shaped.
struct ViaValue<S>(S);

impl SerializeTupleVariant for ViaValue<ValueTupleVariant> {
    type Ok = Shape;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(&mut self, v: &T) -> Result<(), Self::Error> {
        self.0.serialize_field(v)
    }
    fn end(self) -> Result<Shape, Self::Error> {
        Ok(Shape::from_value(&self.0.end()?))
    }
}

impl SerializeStructVariant for ViaValue<ValueStructVariant> {
    type Ok = Shape;
    type Error = serde_json::Error;
    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        v: &T,
    ) -> Result<(), Self::Error> {
        self.0.serialize_field(key, v)
    }
    fn end(self) -> Result<Shape, Self::Error> {
        Ok(Shape::from_value(&self.0.end()?))
    }
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeMap;

    use serde::Serialize;
    use serde_json::json;

    use super::*;

    /// Serializing directly must give what going through `serde_json::Value` gives.
    fn same_as_via_value<V: Serialize>(value: V) {
        let via_value = serde_json::to_value(&value).map(|v| Shape::from_value(&v));
        let direct = Shape::of(&value);
        match (direct, via_value) {
            (Ok(direct), Ok(via_value)) => assert_eq!(direct, via_value),
            (Err(_), Err(_)) => {}
            (direct, via_value) => panic!("{direct:?} against {via_value:?}"),
        }
    }

    #[derive(Serialize)]
    struct Filter<'a> {
        name: &'a str,
        limit: Option<u8>,
        tags: Vec<&'a str>,
        nested: Inner,
        ratio: f32,
        kind: Kind,
    }

    #[derive(Serialize)]
    struct Inner {
        a: i64,
    }

    #[derive(Serialize)]
    #[serde(rename_all = "snake_case")]
    enum Kind {
        Plain,
        Wrapped(u8),
        Pair(u8, u8),
        Named { x: u8 },
    }

    #[derive(Serialize)]
    struct Id(u32);

    #[test]
    fn direct_serialization_matches_the_json_value() {
        same_as_via_value("a b");
        same_as_via_value(7_u8);
        same_as_via_value(-7_i64);
        same_as_via_value(u128::MAX);
        same_as_via_value(1_i128);
        same_as_via_value(1.5_f64);
        same_as_via_value(0.1_f32);
        same_as_via_value(f64::NAN);
        same_as_via_value(true);
        same_as_via_value('x');
        same_as_via_value(());
        same_as_via_value(None::<u8>);
        same_as_via_value(Some(Some("x")));
        same_as_via_value(Id(3));
        same_as_via_value(Kind::Plain);
        same_as_via_value(Kind::Wrapped(1));
        same_as_via_value(Kind::Pair(1, 2));
        same_as_via_value(Kind::Named { x: 1 });
        same_as_via_value(vec![Some("a"), None, Some("c")]);
        same_as_via_value((1, "two", [3, 4]));
        same_as_via_value(vec![Kind::Plain, Kind::Wrapped(2)]);
        same_as_via_value(vec![f64::NAN, 2.0]);
        same_as_via_value(serde_bytes_like());
        same_as_via_value(BTreeMap::from([(2, "b"), (1, "a")]));
        same_as_via_value(BTreeMap::from([(true, 1)]));
        same_as_via_value(BTreeMap::from([((1, 2), 3)]));
        same_as_via_value(BTreeMap::from([("k", None::<u8>), ("l", Some(1))]));
        same_as_via_value(Filter {
            name: "n",
            limit: None,
            tags: vec!["x", "y"],
            nested: Inner { a: 1 },
            ratio: 0.25,
            kind: Kind::Named { x: 2 },
        });
        same_as_via_value(json!({"r": [1, {"a": null}], "n": null, "s": "t"}));
        same_as_via_value(
            chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+02:00").unwrap(),
        );
        same_as_via_value(uuid::Uuid::nil());
    }

    /// A value serialized with `serialize_bytes`.
    fn serde_bytes_like() -> impl Serialize {
        struct Raw;
        impl Serialize for Raw {
            fn serialize<S: Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
                s.serialize_bytes(&[1, 255])
            }
        }
        Raw
    }

    #[test]
    fn shapes() {
        assert_eq!(Shape::of("x").unwrap(), Shape::Scalar("x".into()));
        assert_eq!(Shape::of(&None::<u8>).unwrap(), Shape::Absent);
        assert_eq!(
            Shape::of(&[Some(1), None]).unwrap(),
            Shape::List(vec!["1".into()])
        );
        assert_eq!(
            Shape::of(&[[1, 2]]).unwrap(),
            Shape::List(vec!["[1,2]".into()])
        );
        assert_eq!(
            Shape::of(&Inner { a: 1 }).unwrap(),
            Shape::Map(vec![("a".into(), "1".into())])
        );
    }
}
