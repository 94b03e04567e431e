//! `format: date-time` values that encode back to exactly the text they were decoded from.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::str::FromStr;

use chrono::{FixedOffset, SecondsFormat, Utc};
use serde::de::{Deserializer, Error, Visitor};
use serde::{Deserialize, Serialize, Serializer};

/// A date-time with the offset it was sent with.
///
/// Decoding keeps the text as received, so encoding writes the same string back: the offset
/// (`+02:00` stays `+02:00`, `Z` stays `Z`) and the fraction digits (`.2`, `.232288`, `.232288000`)
/// as sent. The parsed value is reachable through `Deref` (all of `chrono::DateTime<FixedOffset>`'s
/// methods) and [`DateTime::to_utc`]. Values made from a chrono date-time encode as RFC 3339 with
/// as many fraction digits as they need (`Z` for UTC).
///
/// Equality, ordering and hashing compare the instant, like chrono's: `10:00:00+02:00` equals
/// `08:00:00Z`.
#[derive(Clone)]
pub struct DateTime {
    value: chrono::DateTime<FixedOffset>,
    text: Box<str>,
}

impl DateTime {
    /// The parsed value, with its offset.
    pub fn as_chrono(&self) -> &chrono::DateTime<FixedOffset> {
        &self.value
    }

    /// The same instant in UTC.
    pub fn to_utc(&self) -> chrono::DateTime<Utc> {
        self.value.with_timezone(&Utc)
    }

    /// The text this value encodes as.
    pub fn as_str(&self) -> &str {
        &self.text
    }
}

impl Deref for DateTime {
    type Target = chrono::DateTime<FixedOffset>;

    fn deref(&self) -> &Self::Target {
        &self.value
    }
}

impl<Tz: chrono::TimeZone> From<chrono::DateTime<Tz>> for DateTime {
    fn from(value: chrono::DateTime<Tz>) -> Self {
        let value = value.fixed_offset();
        let text = value
            .to_rfc3339_opts(SecondsFormat::AutoSi, true)
            .into_boxed_str();
        Self { value, text }
    }
}

impl From<DateTime> for chrono::DateTime<FixedOffset> {
    fn from(value: DateTime) -> Self {
        value.value
    }
}

impl FromStr for DateTime {
    type Err = chrono::ParseError;

    /// Parses like chrono's `DateTime<FixedOffset>` does (RFC 3339, plus the variants chrono
    /// accepts) and keeps `text` as given.
    fn from_str(text: &str) -> Result<Self, Self::Err> {
        Ok(Self {
            value: text.parse()?,
            text: text.into(),
        })
    }
}

impl fmt::Display for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.text)
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(&*self.text, f)
    }
}

impl PartialEq for DateTime {
    fn eq(&self, other: &Self) -> bool {
        self.value == other.value
    }
}

impl Eq for DateTime {}

impl PartialOrd for DateTime {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}

impl Ord for DateTime {
    fn cmp(&self, other: &Self) -> Ordering {
        self.value.cmp(&other.value)
    }
}

impl Hash for DateTime {
    fn hash<H: Hasher>(&self, state: &mut H) {
        self.value.with_timezone(&Utc).hash(state);
    }
}

impl Serialize for DateTime {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.text)
    }
}

impl<'de> Deserialize<'de> for DateTime {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        deserializer.deserialize_str(DateTimeVisitor)
    }
}

struct DateTimeVisitor;

impl Visitor<'_> for DateTimeVisitor {
    type Value = DateTime;

    fn expecting(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("an RFC 3339 date-time string")
    }

    fn visit_str<E: Error>(self, text: &str) -> Result<DateTime, E> {
        text.parse().map_err(E::custom)
    }
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn round_trip(text: &str) -> DateTime {
        let value: DateTime = serde_json::from_value(json!(text)).unwrap();
        assert_eq!(serde_json::to_value(&value).unwrap(), json!(text), "{text}");
        value
    }

    #[test]
    fn offsets_and_fractions_are_kept_as_sent() {
        for text in [
            "2021-08-17T11:15:59.232288+02:00",
            "2021-08-17T09:15:59.232288Z",
            "2021-08-17T09:15:59.232288000Z",
            "2021-08-17T09:15:59.2Z",
            "2021-08-17T09:15:59+00:00",
            "2021-08-17T09:15:59-00:00",
            "2021-08-17t09:15:59z",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn chrono_would_not_keep_them() {
        // The reason for this type: chrono writes its own rendering back.
        let chrono: chrono::DateTime<FixedOffset> =
            serde_json::from_value(json!("2021-08-17T09:15:59.2Z")).unwrap();
        assert_ne!(
            serde_json::to_value(chrono).unwrap(),
            json!("2021-08-17T09:15:59.2Z")
        );
    }

    #[test]
    fn the_value_is_reachable_with_its_offset_and_in_utc() {
        let local = round_trip("2021-08-17T11:15:59.232288+02:00");
        assert_eq!(local.offset().local_minus_utc(), 7200);
        assert_eq!(
            local.to_utc().to_rfc3339(),
            "2021-08-17T09:15:59.232288+00:00"
        );
        let utc = round_trip("2021-08-17T09:15:59.232288Z");
        assert_eq!(local, utc, "the same instant");
        assert_ne!(local.as_str(), utc.as_str());
        assert!(round_trip("2021-08-17T09:15:59.3Z") > utc);
    }

    #[test]
    fn made_from_chrono_encodes_as_rfc_3339() {
        let utc = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05.5Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(DateTime::from(utc).to_string(), "2024-01-02T03:04:05.500Z");
        let local = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+02:00").unwrap();
        assert_eq!(DateTime::from(local).as_str(), "2024-01-02T03:04:05+02:00");
    }

    #[test]
    fn bad_text_is_an_error() {
        for bad in [json!("yesterday"), json!(1), json!("2021-13-01T00:00:00Z")] {
            assert!(serde_json::from_value::<DateTime>(bad).is_err());
        }
    }
}
