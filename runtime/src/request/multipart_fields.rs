//! The top-level fields of a multipart body, read in one pass of its `Serialize` impl: binary
//! fields (`format: binary`, serialized with `serialize_bytes`) as their contents, which become
//! file parts, every other field as a `serde_json::Value`. Here [`Stop::Early`] means "not a
//! struct or map" for the body and "not bytes" for a field.

use serde::ser::{Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer};
use serde_json::Value;

use super::shape::{key_text, Stop};

/// One field of a multipart body.
#[derive(Debug, PartialEq)]
pub(crate) enum Field {
    /// Binary contents, one entry per file (a field holding a list of files has several).
    Files(Vec<Vec<u8>>),
    /// Anything else, as JSON.
    Value(Value),
}

/// The fields of a struct or map body in the order written (`None` for a null body).
pub(crate) fn fields<V: Serialize + ?Sized>(
    body: &V,
) -> Result<Option<Vec<(String, Field)>>, Stop> {
    body.serialize(Body)
}

/// The field `value` under `key`: its files if it is bytes (or optional bytes, or a list of
/// them), else its JSON value.
fn field<T: Serialize + ?Sized>(value: &T) -> Result<Field, Stop> {
    match value.serialize(BytesProbe) {
        Ok(Some(files)) => Ok(Field::Files(files)),
        _ => serde_json::to_value(value)
            .map(Field::Value)
            .map_err(Stop::Json),
    }
}

/// Walks the top level of a body (through `Some`): a struct or map gives its fields.
struct Body;

/// Collects each struct field or map entry.
struct Fields {
    fields: Vec<(String, Field)>,
    key: Option<String>,
}

impl SerializeStruct for Fields {
    type Ok = Option<Vec<(String, Field)>>;
    type Error = Stop;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), Stop> {
        self.fields.push((key.to_owned(), field(value)?));
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, Stop> {
        Ok(Some(self.fields))
    }
}

impl SerializeMap for Fields {
    type Ok = Option<Vec<(String, Field)>>;
    type Error = Stop;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), Stop> {
        self.key = Some(key_text(key).map_err(Stop::Json)?);
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        let key = self.key.take().unwrap_or_default();
        self.fields.push((key, field(value)?));
        Ok(())
    }

    fn end(self) -> Result<Self::Ok, Stop> {
        Ok(Some(self.fields))
    }
}

/// Methods that end the walk early.
macro_rules! refuse {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, Self::Error> { Err(Stop::Early) })*
    };
}

/// Plain values are neither bodies with fields nor bytes.
macro_rules! refuse_scalars {
    () => {
        refuse!(
            serialize_bool(bool),
            serialize_i8(i8),
            serialize_i16(i16),
            serialize_i32(i32),
            serialize_i64(i64),
            serialize_u8(u8),
            serialize_u16(u16),
            serialize_u32(u32),
            serialize_u64(u64),
            serialize_f32(f32),
            serialize_f64(f64),
            serialize_char(char),
            serialize_str(&str),
        );
    };
}

/// Tuples and enum variants with fields are never bytes, nor bodies with fields.
macro_rules! no_tuples_or_variants {
    () => {
        refuse_tuples_and_variants!();
        transparent!();
    };
}

impl Serializer for Body {
    type Ok = Option<Vec<(String, Field)>>;
    type Error = Stop;
    type SerializeSeq = Impossible<Self::Ok, Stop>;
    type SerializeTuple = Impossible<Self::Ok, Stop>;
    type SerializeTupleStruct = Impossible<Self::Ok, Stop>;
    type SerializeTupleVariant = Impossible<Self::Ok, Stop>;
    type SerializeMap = Fields;
    type SerializeStruct = Fields;
    type SerializeStructVariant = Impossible<Self::Ok, Stop>;

    refuse_scalars!();
    refuse!(
        serialize_bytes(&[u8]),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    no_tuples_or_variants!();

    fn serialize_none(self) -> Result<Self::Ok, Stop> {
        Ok(None)
    }

    fn serialize_unit(self) -> Result<Self::Ok, Stop> {
        Ok(None)
    }

    fn serialize_unit_struct(self, _: &'static str) -> Result<Self::Ok, Stop> {
        Ok(None)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, Stop> {
        Err(Stop::Early)
    }

    fn serialize_map(self, len: Option<usize>) -> Result<Fields, Stop> {
        Ok(Fields {
            fields: Vec::with_capacity(len.unwrap_or(0)),
            key: None,
        })
    }

    fn serialize_struct(self, _: &'static str, len: usize) -> Result<Fields, Stop> {
        self.serialize_map(Some(len))
    }
}

/// Says whether one value is bytes (`Some(files)`), absent (`None`), or anything else (`Err`).
struct BytesProbe;

/// Collects a list whose items are all bytes.
struct FileList {
    files: Vec<Vec<u8>>,
}

impl SerializeSeq for FileList {
    type Ok = Option<Vec<Vec<u8>>>;
    type Error = Stop;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), Stop> {
        match value.serialize(BytesProbe)? {
            Some(files) => {
                self.files.extend(files);
                Ok(())
            }
            None => Err(Stop::Early),
        }
    }

    fn end(self) -> Result<Self::Ok, Stop> {
        Ok(Some(self.files))
    }
}

impl Serializer for BytesProbe {
    type Ok = Option<Vec<Vec<u8>>>;
    type Error = Stop;
    type SerializeSeq = FileList;
    type SerializeTuple = Impossible<Self::Ok, Stop>;
    type SerializeTupleStruct = Impossible<Self::Ok, Stop>;
    type SerializeTupleVariant = Impossible<Self::Ok, Stop>;
    type SerializeMap = Impossible<Self::Ok, Stop>;
    type SerializeStruct = Impossible<Self::Ok, Stop>;
    type SerializeStructVariant = Impossible<Self::Ok, Stop>;

    refuse_scalars!();
    refuse!(
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    no_tuples_or_variants!();

    fn serialize_bytes(self, bytes: &[u8]) -> Result<Self::Ok, Stop> {
        Ok(Some(vec![bytes.to_vec()]))
    }

    fn serialize_none(self) -> Result<Self::Ok, Stop> {
        Ok(None)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<FileList, Stop> {
        Ok(FileList { files: Vec::new() })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, Stop> {
        Err(Stop::Early)
    }

    fn serialize_struct(self, _: &'static str, _: usize) -> Result<Self::SerializeStruct, Stop> {
        Err(Stop::Early)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;
    use serde_json::json;

    #[derive(serde::Serialize)]
    struct Upload {
        name: String,
        file: Bytes,
        thumbnail: Option<Bytes>,
        extra: Vec<Bytes>,
        sizes: Vec<u8>,
        missing: Option<Bytes>,
    }

    #[test]
    fn bytes_fields_are_files_and_the_rest_json() {
        let upload = Upload {
            name: "a".into(),
            file: Bytes::from_static(b"\x00\x01"),
            thumbnail: Some(Bytes::from_static(b"png")),
            extra: vec![Bytes::from_static(b"x"), Bytes::from_static(b"y")],
            sizes: vec![1, 2],
            missing: None,
        };
        let found = fields(&Some(&upload)).unwrap().unwrap();
        let expected = [
            ("name", Field::Value(json!("a"))),
            ("file", Field::Files(vec![vec![0u8, 1]])),
            ("thumbnail", Field::Files(vec![b"png".to_vec()])),
            ("extra", Field::Files(vec![b"x".to_vec(), b"y".to_vec()])),
            ("sizes", Field::Value(json!([1, 2]))),
            ("missing", Field::Value(Value::Null)),
        ];
        assert_eq!(found.len(), expected.len());
        for ((name, field), (expected_name, expected)) in found.iter().zip(expected) {
            assert_eq!((name.as_str(), field), (expected_name, &expected));
        }
    }

    #[test]
    fn maps_null_and_non_objects() {
        let map = std::collections::BTreeMap::from([(1, "one")]);
        assert_eq!(
            fields(&map).unwrap().unwrap(),
            [("1".to_owned(), Field::Value(json!("one")))]
        );
        assert_eq!(fields(&None::<Upload>).unwrap(), None);
        assert!(matches!(fields(&"text"), Err(Stop::Early)));
        assert!(matches!(
            fields(&Bytes::from_static(b"raw")),
            Err(Stop::Early)
        ));
        assert!(matches!(fields(&[1, 2]), Err(Stop::Early)));
    }
}
