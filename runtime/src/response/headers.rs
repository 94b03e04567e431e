//! Typed response headers: the structs generated for the headers a spec declares implement
//! [`FromHeaders`], reading each header with [`required`], [`optional`] or [`every`].
//!
//! A header value is read as its schema says: integers, floats and booleans are parsed, strings,
//! enums, date-times and UUIDs are read from the text, and arrays are comma-separated lists
//! (occurrences of the header joined with `,` first, as RFC 9110 section 5.3 combines them).
//! Errors name the header; for secret-bearing headers (see [`is_sensitive_name`]) they never
//! repeat the value.

use std::fmt;

use http::HeaderMap;
use serde::de::value::{Error as ValueError, SeqDeserializer};
use serde::de::{DeserializeOwned, Deserializer, Error as _, IntoDeserializer, Visitor};

use crate::security::is_sensitive_name;

/// A struct of typed response headers, read from a response's header map.
pub trait FromHeaders: Sized {
    /// Reads every declared header from `headers`.
    fn from_headers(headers: &HeaderMap) -> Result<Self, HeaderError>;
}

/// A declared response header that is missing or does not fit its schema.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum HeaderError {
    /// A required header is absent.
    #[error("the required response header `{name}` is missing")]
    Missing {
        /// The header name.
        name: &'static str,
    },
    /// A header value is not visible ASCII, or does not parse as its declared type.
    #[error("the response header `{name}` does not fit its declared type: {reason}")]
    Invalid {
        /// The header name.
        name: &'static str,
        /// Why (without the value).
        reason: String,
    },
}

/// A required header, decoded as `T`.
pub fn required<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<T, HeaderError> {
    optional(headers, name)?.ok_or(HeaderError::Missing { name })
}

/// An optional header, decoded as `T`; `None` when absent.
pub fn optional<T: DeserializeOwned>(
    headers: &HeaderMap,
    name: &'static str,
) -> Result<Option<T>, HeaderError> {
    let values = every(headers, name)?;
    if values.is_empty() {
        return Ok(None);
    }
    let joined = values.join(",");
    T::deserialize(HeaderValue(&joined))
        .map(Some)
        .map_err(|e| HeaderError::Invalid {
            name,
            reason: if is_sensitive_name(name) {
                format!("expected {}", std::any::type_name::<T>())
            } else {
                e.to_string()
            },
        })
}

/// Every occurrence of a header, in order (for `Set-Cookie`, which cannot be combined into one
/// value); empty when absent.
pub fn every(headers: &HeaderMap, name: &'static str) -> Result<Vec<String>, HeaderError> {
    headers
        .get_all(name)
        .iter()
        .map(|value| {
            value
                .to_str()
                .map(str::to_owned)
                .map_err(|_| HeaderError::Invalid {
                    name,
                    reason: "the value is not visible ASCII".to_owned(),
                })
        })
        .collect()
}

/// A field of a typed headers struct as its `Debug` shows it: the value, or `Sensitive` for a
/// secret-bearing header (`Set-Cookie`, ...; see [`is_sensitive_name`]), as raw headers print.
pub struct Shown<'a, T> {
    name: &'static str,
    value: &'a T,
}

impl<'a, T> Shown<'a, T> {
    /// The value of header `name`.
    pub fn new(name: &'static str, value: &'a T) -> Self {
        Self { name, value }
    }
}

impl<T: fmt::Debug> fmt::Debug for Shown<'_, T> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if is_sensitive_name(self.name) {
            f.write_str("Sensitive")
        } else {
            self.value.fmt(f)
        }
    }
}

/// A deserializer over one header value's text.
struct HeaderValue<'a>(&'a str);

impl HeaderValue<'_> {
    fn parse<T: std::str::FromStr>(&self, what: &str) -> Result<T, ValueError>
    where
        T::Err: fmt::Display,
    {
        self.0
            .trim()
            .parse()
            .map_err(|e| ValueError::custom(format_args!("expected {what}: {e}")))
    }
}

macro_rules! parse_as {
    ($($method:ident $visit:ident $ty:ty,)*) => {
        $(
            fn $method<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
                visitor.$visit(self.parse::<$ty>(stringify!($ty))?)
            }
        )*
    };
}

impl<'de> Deserializer<'de> for HeaderValue<'_> {
    type Error = ValueError;

    fn deserialize_any<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_str(self.0.trim())
    }

    parse_as! {
        deserialize_bool visit_bool bool,
        deserialize_i8 visit_i8 i8,
        deserialize_i16 visit_i16 i16,
        deserialize_i32 visit_i32 i32,
        deserialize_i64 visit_i64 i64,
        deserialize_u8 visit_u8 u8,
        deserialize_u16 visit_u16 u16,
        deserialize_u32 visit_u32 u32,
        deserialize_u64 visit_u64 u64,
        deserialize_f32 visit_f32 f32,
        deserialize_f64 visit_f64 f64,
    }

    fn deserialize_option<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        visitor.visit_some(self)
    }

    fn deserialize_newtype_struct<V: Visitor<'de>>(
        self,
        _name: &'static str,
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_newtype_struct(self)
    }

    fn deserialize_seq<V: Visitor<'de>>(self, visitor: V) -> Result<V::Value, ValueError> {
        let items = self
            .0
            .split(',')
            .map(str::trim)
            .filter(|item| !item.is_empty())
            .map(HeaderValue);
        visitor.visit_seq(SeqDeserializer::new(items))
    }

    fn deserialize_enum<V: Visitor<'de>>(
        self,
        _name: &'static str,
        _variants: &'static [&'static str],
        visitor: V,
    ) -> Result<V::Value, ValueError> {
        visitor.visit_enum(self.0.trim().into_deserializer())
    }

    serde::forward_to_deserialize_any! {
        i128 u128 char str string bytes byte_buf unit unit_struct tuple tuple_struct map struct
        identifier ignored_any
    }
}

impl<'de> IntoDeserializer<'de, ValueError> for HeaderValue<'_> {
    type Deserializer = Self;

    fn into_deserializer(self) -> Self {
        self
    }
}

#[cfg(test)]
mod tests {
    use http::HeaderValue as Value;

    use super::*;
    use crate::DateTime;

    fn headers(pairs: &[(&'static str, &'static str)]) -> HeaderMap {
        let mut map = HeaderMap::new();
        for (name, value) in pairs {
            map.append(*name, Value::from_static(value));
        }
        map
    }

    #[derive(Debug, PartialEq, serde::Deserialize)]
    enum Mode {
        #[serde(rename = "fast")]
        Fast,
        #[serde(rename = "slow")]
        Slow,
    }

    #[test]
    fn scalars_parse_as_their_schema_says() {
        let map = headers(&[
            ("x-total-count", " 42 "),
            ("x-ratio", "0.5"),
            ("x-flag", "true"),
            ("x-mode", "slow"),
            ("x-at", "2021-08-17T11:15:59.232288+02:00"),
            ("x-id", "6e2f1f3e-3c3a-4a0b-9c3e-2f1f3e3c3a4a"),
        ]);
        assert_eq!(required::<i64>(&map, "x-total-count").unwrap(), 42);
        assert_eq!(required::<f64>(&map, "x-ratio").unwrap(), 0.5);
        assert!(required::<bool>(&map, "x-flag").unwrap());
        assert_eq!(required::<Mode>(&map, "x-mode").unwrap(), Mode::Slow);
        let at = required::<DateTime>(&map, "x-at").unwrap();
        assert_eq!(at.to_string(), "2021-08-17T11:15:59.232288+02:00");
        let id = required::<uuid::Uuid>(&map, "x-id").unwrap();
        assert_eq!(id.to_string(), "6e2f1f3e-3c3a-4a0b-9c3e-2f1f3e3c3a4a");
        assert_eq!(optional::<String>(&map, "x-absent").unwrap(), None);
    }

    #[test]
    fn arrays_are_comma_separated_across_occurrences() {
        let map = headers(&[("x-ids", "1, 2"), ("x-ids", "3"), ("x-modes", "fast,slow")]);
        assert_eq!(required::<Vec<u32>>(&map, "x-ids").unwrap(), [1, 2, 3]);
        assert_eq!(
            required::<Vec<Mode>>(&map, "x-modes").unwrap(),
            [Mode::Fast, Mode::Slow]
        );
    }

    #[test]
    fn set_cookie_keeps_every_occurrence_with_its_commas() {
        let map = headers(&[
            ("set-cookie", "a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT"),
            ("set-cookie", "b=2"),
        ]);
        assert_eq!(
            every(&map, "set-cookie").unwrap(),
            ["a=1; Expires=Wed, 21 Oct 2015 07:28:00 GMT", "b=2"]
        );
        assert!(every(&map, "x-none").unwrap().is_empty());
    }

    #[test]
    fn secret_headers_do_not_show_in_debug() {
        let cookies = vec!["ory_session=s3cr3t".to_owned()];
        assert_eq!(
            format!("{:?}", Shown::new("set-cookie", &cookies)),
            "Sensitive"
        );
        assert_eq!(
            format!("{:?}", Shown::new("x-total-count", &Some(3))),
            "Some(3)"
        );
    }

    #[test]
    fn errors_name_the_header_and_never_its_value() {
        let map = headers(&[("x-total-count", "s3cr3t"), ("x-big", "300")]);
        let missing = required::<i64>(&map, "x-rate-limit").unwrap_err();
        assert_eq!(
            missing.to_string(),
            "the required response header `x-rate-limit` is missing"
        );
        let bad = required::<i64>(&map, "x-total-count").unwrap_err();
        let shown = format!("{bad} {bad:?}");
        assert!(shown.contains("`x-total-count`"), "{shown}");
        assert!(!shown.contains("s3cr3t"), "{shown}");
        assert!(matches!(
            required::<u8>(&map, "x-big"),
            Err(HeaderError::Invalid { name: "x-big", .. })
        ));
        let mut binary = HeaderMap::new();
        binary.insert("x-bin", Value::from_bytes(b"\xff").unwrap());
        assert!(matches!(
            optional::<String>(&binary, "x-bin"),
            Err(HeaderError::Invalid { name: "x-bin", .. })
        ));
    }
}
