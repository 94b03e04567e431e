//! Generic code that every generated client instantiates with the same types, compiled here once.
//!
//! At opt-level 0 and 1 (cargo's dev profile) rustc lets a crate use the instances of generic
//! functions that a crate it depends on compiled already (`-Z share-generics`, on by default at
//! those levels) instead of compiling and describing (debug info) copies of its own. Generated
//! models decode fields of the same types (strings, numbers, date-times, UUIDs, JSON values, lists
//! and maps of strings) from text with `serde_json`, keep undeclared properties in a map of
//! JSON values and encode the same way; [`round_trip`] decodes and encodes a model with one field
//! of each such type exactly as generated code does, so that those instances are compiled in this
//! crate and a generated crate links them. Optimized builds compile their own copies, as before.

use std::collections::BTreeMap;
use std::convert::Infallible;

use bytes::Bytes;
use http::header::CONTENT_TYPE;
use http::{HeaderMap, HeaderValue, StatusCode};

use serde::de::{Deserialize, Deserializer, MapAccess};
use serde::ser::{Serialize, Serializer};

use crate::de::{field, field_or_empty, keep, object, required, Key, Object};
use crate::null_as_empty::SentAsNull;
use crate::ser::Entries;
use crate::{AdditionalProperties, DateTime, RawResponse};

/// A model with one field of each type generated models usually have, read and written as a
/// generated model is.
struct Common {
    text: String,
    flag: Option<bool>,
    integer: Option<i64>,
    int32: Option<i32>,
    number: Option<f64>,
    date_time: Option<DateTime>,
    nullable_date_time: Option<Option<DateTime>>,
    id: Option<uuid::Uuid>,
    json: Option<serde_json::Value>,
    list: Option<Vec<String>>,
    map: Option<BTreeMap<String, String>>,
    additional_properties: AdditionalProperties,
    sent_as_null: SentAsNull,
}

impl<'de> Object<'de> for Common {
    const EXPECTING: &'static str = "struct Common";

    fn visit<A: MapAccess<'de>>(mut map: A) -> Result<Self, A::Error> {
        let mut slots = (
            None, None, None, None, None, None, None, None, None, None, None,
        );
        let mut extra = AdditionalProperties::new();
        let mut sent_as_null = SentAsNull::<1>::default();
        while let Some(key) = map.next_key::<Key<'de>>()? {
            match &*key {
                "text" => field(&mut map, &mut slots.0, "text")?,
                "flag" => field(&mut map, &mut slots.1, "flag")?,
                "integer" => field(&mut map, &mut slots.2, "integer")?,
                "int32" => field(&mut map, &mut slots.3, "int32")?,
                "number" => field(&mut map, &mut slots.4, "number")?,
                "date_time" => field(&mut map, &mut slots.5, "date_time")?,
                "nullable_date_time" => field(&mut map, &mut slots.6, "nullable_date_time")?,
                "id" => field(&mut map, &mut slots.7, "id")?,
                "json" => field(&mut map, &mut slots.8, "json")?,
                "list" => field_or_empty(&mut map, &mut slots.9, "list", &mut sent_as_null, 0)?,
                "map" => field(&mut map, &mut slots.10, "map")?,
                _ => keep(&mut map, &mut extra, key)?,
            }
        }
        Ok(Self {
            text: required(slots.0, "text")?,
            flag: slots.1,
            integer: slots.2,
            int32: slots.3,
            number: slots.4,
            date_time: slots.5,
            nullable_date_time: slots.6,
            id: slots.7,
            json: slots.8,
            list: slots.9,
            map: slots.10,
            additional_properties: extra,
            sent_as_null,
        })
    }
}

impl<'de> Deserialize<'de> for Common {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        object(deserializer)
    }
}

impl Serialize for Common {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut entries = Entries::new(serializer)?;
        entries.field("text", &self.text)?;
        entries.optional("flag", &self.flag)?;
        entries.optional("integer", &self.integer)?;
        entries.optional("int32", &self.int32)?;
        entries.optional("number", &self.number)?;
        entries.optional("date_time", &self.date_time)?;
        entries.optional("nullable_date_time", &self.nullable_date_time)?;
        entries.optional("id", &self.id)?;
        entries.optional("json", &self.json)?;
        entries.optional_as_sent("list", &self.list, self.sent_as_null.is_marked(0))?;
        entries.optional("map", &self.map)?;
        entries.additional(&self.additional_properties)?;
        entries.end()
    }
}

/// Decodes `body` as a model with one field of each common type, as a JSON response, and encodes
/// it again, through the code generated models use (see the [module](self) for why this exists).
#[doc(hidden)]
pub fn round_trip(body: &str) -> Result<Vec<u8>, Box<dyn std::error::Error + Send + Sync>> {
    let mut headers = HeaderMap::new();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static("application/json"));
    let response = RawResponse::new(
        StatusCode::OK,
        headers,
        Bytes::copy_from_slice(body.as_bytes()),
    );
    let common = response.json::<Common, Infallible>()?;
    Ok(serde_json::to_vec(&*common)?)
}

#[cfg(test)]
mod tests {
    use serde_json::{json, Value};

    use super::round_trip;

    #[test]
    fn every_field_and_extras_come_back_as_sent() {
        let body = json!({
            "text": "t", "flag": true, "integer": -9, "int32": 7, "number": 1.5,
            "date_time": "2026-12-02T21:00:00Z", "nullable_date_time": null,
            "id": "9f3c1f9e-6a47-4d2c-9a8e-2d1f3c4b5a69", "json": {"a": [1]},
            "list": null, "map": {"k": "v"}, "z": [null]
        });
        let encoded = round_trip(&body.to_string()).unwrap();
        assert_eq!(serde_json::from_slice::<Value>(&encoded).unwrap(), body);
        assert!(round_trip(r#"{"flag": true}"#).is_err());
    }
}
