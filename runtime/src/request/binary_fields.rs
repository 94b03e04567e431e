//! Finding the binary fields of a body (`format: binary`, serialized with `serialize_bytes`), which
//! a multipart body sends as file parts rather than as JSON.

use serde::ser::{
    self, Impossible, Serialize, SerializeMap, SerializeSeq, SerializeStruct, Serializer,
};
use std::collections::BTreeMap;
use std::fmt;

/// Binary contents by field name: one entry per file (a field holding a list of files has several).
pub(crate) type BinaryFields = BTreeMap<String, Vec<Vec<u8>>>;

/// The fields of a struct or map body whose values are bytes (or optional bytes, or lists of bytes).
pub(crate) fn binary_fields<V: Serialize + ?Sized>(body: &V) -> BinaryFields {
    let mut fields = BinaryFields::new();
    // Bodies that are not structs or maps have no fields; the JSON encoding reports them.
    let _ = body.serialize(FieldCollector {
        fields: &mut fields,
    });
    fields
}

/// The reason a probe gives up: the value is not (only) bytes. Never shown to users.
#[derive(Debug)]
struct NotBinary;

impl fmt::Display for NotBinary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("not binary")
    }
}

impl std::error::Error for NotBinary {}

impl ser::Error for NotBinary {
    fn custom<T: fmt::Display>(_: T) -> Self {
        NotBinary
    }
}

/// Walks the top level of a body (through `Some`) and probes each field.
struct FieldCollector<'f> {
    fields: &'f mut BinaryFields,
}

/// Probes each struct field or map entry.
struct Fields<'f> {
    fields: &'f mut BinaryFields,
    key: Option<String>,
}

impl Fields<'_> {
    fn probe<T: Serialize + ?Sized>(&mut self, key: String, value: &T) {
        if let Ok(Some(files)) = value.serialize(BytesProbe) {
            self.fields.insert(key, files);
        }
    }
}

impl SerializeStruct for Fields<'_> {
    type Ok = ();
    type Error = NotBinary;

    fn serialize_field<T: Serialize + ?Sized>(
        &mut self,
        key: &'static str,
        value: &T,
    ) -> Result<(), NotBinary> {
        self.probe(key.to_owned(), value);
        Ok(())
    }

    fn end(self) -> Result<(), NotBinary> {
        Ok(())
    }
}

impl SerializeMap for Fields<'_> {
    type Ok = ();
    type Error = NotBinary;

    fn serialize_key<T: Serialize + ?Sized>(&mut self, key: &T) -> Result<(), NotBinary> {
        self.key = serde_json::to_value(key)
            .ok()
            .and_then(|k| k.as_str().map(str::to_owned));
        Ok(())
    }

    fn serialize_value<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotBinary> {
        if let Some(key) = self.key.take() {
            self.probe(key, value);
        }
        Ok(())
    }

    fn end(self) -> Result<(), NotBinary> {
        Ok(())
    }
}

/// Only structs, maps and `Some` are walked; anything else ends the walk.
macro_rules! not_binary {
    ($($method:ident($($arg:ty),*)),* $(,)?) => {
        $(fn $method(self, $(_: $arg),*) -> Result<Self::Ok, NotBinary> { Err(NotBinary) })*
    };
}

/// Tuples and enum variants with fields are never bytes, nor bodies with fields.
macro_rules! no_tuples_or_variants {
    () => {
        fn serialize_tuple(self, _: usize) -> Result<Self::SerializeTuple, NotBinary> {
            Err(NotBinary)
        }

        fn serialize_tuple_struct(
            self,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleStruct, NotBinary> {
            Err(NotBinary)
        }

        fn serialize_tuple_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeTupleVariant, NotBinary> {
            Err(NotBinary)
        }

        fn serialize_struct_variant(
            self,
            _: &'static str,
            _: u32,
            _: &'static str,
            _: usize,
        ) -> Result<Self::SerializeStructVariant, NotBinary> {
            Err(NotBinary)
        }
    };
}

impl<'f> Serializer for FieldCollector<'f> {
    type Ok = ();
    type Error = NotBinary;
    type SerializeSeq = Impossible<(), NotBinary>;
    type SerializeTuple = Impossible<(), NotBinary>;
    type SerializeTupleStruct = Impossible<(), NotBinary>;
    type SerializeTupleVariant = Impossible<(), NotBinary>;
    type SerializeMap = Fields<'f>;
    type SerializeStruct = Fields<'f>;
    type SerializeStructVariant = Impossible<(), NotBinary>;

    not_binary!(
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
        serialize_bytes(&[u8]),
        serialize_none(),
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    no_tuples_or_variants!();

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<(), NotBinary> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<(), NotBinary> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<(), NotBinary> {
        Err(NotBinary)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<Self::SerializeSeq, NotBinary> {
        Err(NotBinary)
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotBinary> {
        Ok(Fields {
            fields: self.fields,
            key: None,
        })
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotBinary> {
        Ok(Fields {
            fields: self.fields,
            key: None,
        })
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
    type Error = NotBinary;

    fn serialize_element<T: Serialize + ?Sized>(&mut self, value: &T) -> Result<(), NotBinary> {
        match value.serialize(BytesProbe)? {
            Some(files) => {
                self.files.extend(files);
                Ok(())
            }
            None => Err(NotBinary),
        }
    }

    fn end(self) -> Result<Self::Ok, NotBinary> {
        Ok(Some(self.files))
    }
}

impl Serializer for BytesProbe {
    type Ok = Option<Vec<Vec<u8>>>;
    type Error = NotBinary;
    type SerializeSeq = FileList;
    type SerializeTuple = Impossible<Self::Ok, NotBinary>;
    type SerializeTupleStruct = Impossible<Self::Ok, NotBinary>;
    type SerializeTupleVariant = Impossible<Self::Ok, NotBinary>;
    type SerializeMap = Impossible<Self::Ok, NotBinary>;
    type SerializeStruct = Impossible<Self::Ok, NotBinary>;
    type SerializeStructVariant = Impossible<Self::Ok, NotBinary>;

    not_binary!(
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
        serialize_unit(),
        serialize_unit_struct(&'static str),
        serialize_unit_variant(&'static str, u32, &'static str),
    );

    no_tuples_or_variants!();

    fn serialize_bytes(self, bytes: &[u8]) -> Result<Self::Ok, NotBinary> {
        Ok(Some(vec![bytes.to_vec()]))
    }

    fn serialize_none(self) -> Result<Self::Ok, NotBinary> {
        Ok(None)
    }

    fn serialize_some<T: Serialize + ?Sized>(self, value: &T) -> Result<Self::Ok, NotBinary> {
        value.serialize(self)
    }

    fn serialize_newtype_struct<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        value: &T,
    ) -> Result<Self::Ok, NotBinary> {
        value.serialize(self)
    }

    fn serialize_newtype_variant<T: Serialize + ?Sized>(
        self,
        _: &'static str,
        _: u32,
        _: &'static str,
        _: &T,
    ) -> Result<Self::Ok, NotBinary> {
        Err(NotBinary)
    }

    fn serialize_seq(self, _: Option<usize>) -> Result<FileList, NotBinary> {
        Ok(FileList { files: Vec::new() })
    }

    fn serialize_map(self, _: Option<usize>) -> Result<Self::SerializeMap, NotBinary> {
        Err(NotBinary)
    }

    fn serialize_struct(
        self,
        _: &'static str,
        _: usize,
    ) -> Result<Self::SerializeStruct, NotBinary> {
        Err(NotBinary)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use bytes::Bytes;

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
    fn bytes_fields_are_found_and_nothing_else() {
        let upload = Upload {
            name: "a".into(),
            file: Bytes::from_static(b"\x00\x01"),
            thumbnail: Some(Bytes::from_static(b"png")),
            extra: vec![Bytes::from_static(b"x"), Bytes::from_static(b"y")],
            sizes: vec![1, 2],
            missing: None,
        };
        let found = binary_fields(&Some(&upload));
        assert_eq!(found.len(), 3);
        assert_eq!(found["file"], vec![vec![0u8, 1]]);
        assert_eq!(found["thumbnail"], vec![b"png".to_vec()]);
        assert_eq!(found["extra"], vec![b"x".to_vec(), b"y".to_vec()]);
    }

    #[test]
    fn non_objects_have_no_binary_fields() {
        assert!(binary_fields(&"text").is_empty());
        assert!(binary_fields(&Bytes::from_static(b"raw")).is_empty());
    }
}
