//! `format: date-time` values that encode back to exactly the text they were decoded from.

use std::cmp::Ordering;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::str::FromStr;

use chrono::{FixedOffset, Timelike, Utc};
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
/// Text in the usual RFC 3339 form (`T` and `Z` upper case, a four-digit year, up to nine fraction
/// digits, an offset within ±23:59 other than `-00:00`, no leap second) is read in one pass and not
/// stored: how many fraction digits and whether the offset was `Z` are enough to write it again, so
/// decoding does not allocate. Any other form chrono accepts is kept verbatim.
///
/// Equality, ordering and hashing compare the instant, like chrono's: `10:00:00+02:00` equals
/// `08:00:00Z`.
#[derive(Clone)]
pub struct DateTime {
    value: chrono::DateTime<FixedOffset>,
    form: Form,
}

/// How the value is written.
#[derive(Clone)]
enum Form {
    /// `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`.
    Rfc3339 {
        /// Fraction digits, 0 to 9.
        fraction_digits: u8,
        /// `Z` rather than a numeric offset.
        zulu: bool,
    },
    /// Exactly this text.
    Verbatim(Box<str>),
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
        let nanos = value.nanosecond() % 1_000_000_000;
        let fraction_digits = match nanos {
            0 => 0,
            n if n % 1_000_000 == 0 => 3,
            n if n % 1_000 == 0 => 6,
            _ => 9,
        };
        let zulu = value.offset().local_minus_utc() == 0;
        let form = if value.nanosecond() >= 1_000_000_000 {
            Form::Verbatim(value.to_rfc3339().into())
        } else {
            Form::Rfc3339 {
                fraction_digits,
                zulu,
            }
        };
        Self { value, form }
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
        if let Some(usual) = usual_form(text.as_bytes()) {
            return Ok(usual);
        }
        Ok(Self {
            value: text.parse()?,
            form: Form::Verbatim(text.into()),
        })
    }
}

/// `text` read in one pass when it has the usual form `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`
/// (one to nine fraction digits, no leap second, offset within a day and not `-00:00`);
/// `None` for anything else, which chrono's parser then reads (slower: it is generic over
/// formats) with the same result for what both accept.
fn usual_form(text: &[u8]) -> Option<DateTime> {
    let (head, rest) = text.split_first_chunk::<19>()?;
    let [y0, y1, y2, y3, b'-', mo0, mo1, b'-', d0, d1, b'T', h0, h1, b':', mi0, mi1, b':', s0, s1] =
        *head
    else {
        return None;
    };
    let [y0, y1, y2, y3, mo0, mo1, d0, d1, h0, h1, mi0, mi1, s0, s1] =
        digits([y0, y1, y2, y3, mo0, mo1, d0, d1, h0, h1, mi0, mi1, s0, s1])?;
    let date = chrono::NaiveDate::from_ymd_opt(
        ((y0 * 10 + y1) * 10 + y2) * 10 + y3,
        (mo0 * 10 + mo1) as u32,
        (d0 * 10 + d1) as u32,
    )?;
    let (nanos, fraction_digits, offset) = match rest {
        [b'.', fraction @ ..] => {
            let count = fraction
                .iter()
                .position(|b| !b.is_ascii_digit())
                .unwrap_or(fraction.len());
            if !(1..=9).contains(&count) {
                return None;
            }
            let value = fraction[..count]
                .iter()
                .fold(0, |n, b| n * 10 + u32::from(b - b'0'));
            (value * SCALE[count], count as u8, &fraction[count..])
        }
        _ => (0, 0, rest),
    };
    // `from_hms_nano_opt` refuses second 60, so leap seconds go to chrono.
    let time = chrono::NaiveTime::from_hms_nano_opt(
        (h0 * 10 + h1) as u32,
        (mi0 * 10 + mi1) as u32,
        (s0 * 10 + s1) as u32,
        nanos,
    )?;
    let (seconds_east, zulu) = match *offset {
        [b'Z'] => (0, true),
        [sign @ (b'+' | b'-'), h0, h1, b':', m0, m1] => {
            let [h0, h1, m0, m1] = digits([h0, h1, m0, m1])?;
            let (hours, minutes) = (h0 * 10 + h1, m0 * 10 + m1);
            if hours > 23 || minutes > 59 || (sign == b'-' && hours + minutes == 0) {
                return None;
            }
            let seconds = hours * 3600 + minutes * 60;
            (if sign == b'-' { -seconds } else { seconds }, false)
        }
        _ => return None,
    };
    let offset = FixedOffset::east_opt(seconds_east)?;
    let utc = date.and_time(time).checked_sub_offset(offset)?;
    Some(DateTime {
        value: chrono::DateTime::from_naive_utc_and_offset(utc, offset),
        form: Form::Rfc3339 {
            fraction_digits,
            zulu,
        },
    })
}

/// The values of ASCII digits, or `None` if any byte is not one.
fn digits<const N: usize>(bytes: [u8; N]) -> Option<[i32; N]> {
    let values = bytes.map(|b| b.wrapping_sub(b'0'));
    values
        .iter()
        .all(|&value| value < 10)
        .then(|| values.map(i32::from))
}

/// What a fraction of `n` digits is multiplied by to give nanoseconds.
const SCALE: [u32; 10] = [
    1_000_000_000,
    100_000_000,
    10_000_000,
    1_000_000,
    100_000,
    10_000,
    1_000,
    100,
    10,
    1,
];

impl fmt::Display for DateTime {
    /// The text it was decoded from.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (fraction_digits, zulu) = match &self.form {
            Form::Verbatim(text) => return f.write_str(text),
            Form::Rfc3339 {
                fraction_digits,
                zulu,
            } => (u32::from(*fraction_digits), *zulu),
        };
        write!(f, "{}", self.value.format("%Y-%m-%dT%H:%M:%S"))?;
        if fraction_digits > 0 {
            let fraction = self.value.nanosecond() / 10_u32.pow(9 - fraction_digits);
            write!(f, ".{fraction:0width$}", width = fraction_digits as usize)?;
        }
        if zulu {
            f.write_str("Z")
        } else {
            write!(f, "{}", self.value.format("%:z"))
        }
    }
}

impl fmt::Debug for DateTime {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "\"{self}\"")
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
        serializer.collect_str(self)
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
            "2021-08-17T09:15:59.1234567891Z",
            "2016-12-31T23:59:60Z",
            "2021-08-17T11:15:59.000+02:00",
        ] {
            round_trip(text);
        }
    }

    #[test]
    fn the_usual_form_is_read_as_chrono_reads_it() {
        let usual = [
            "2021-08-17T11:15:59.232288+02:00",
            "2020-02-29T23:59:59.999999999Z",
            "0000-01-01T00:00:00+23:59",
            "9999-12-31T23:59:59-23:59",
            "2021-08-17T09:15:59.1-00:30",
            "1970-01-01T00:00:00Z",
        ];
        for text in usual {
            let fast = usual_form(text.as_bytes()).expect(text);
            let chrono: chrono::DateTime<FixedOffset> = text.parse().unwrap();
            assert_eq!(fast.value, chrono, "{text}");
            assert_eq!(fast.offset(), chrono.offset(), "{text}");
            assert_eq!(fast.to_string(), text);
        }
        let other = [
            "2021-02-29T00:00:00Z",
            "2021-08-17T24:00:00Z",
            "2021-08-17T09:15:60Z",
            "2021-08-17T09:15:59.Z",
            "2021-08-17T09:15:59.123456789012345Z",
            "2021-08-17T09:15:59+24:00",
            "2021-08-17T09:15:59+01:60",
            "2021-08-17T09:15:59+0100",
            "2021-08-17T09:15:59Z ",
            "2021-08-17 09:15:59Z",
            "21-08-17T09:15:59Z",
            "2021-08-17T09:15:59",
        ];
        for text in other {
            assert!(usual_form(text.as_bytes()).is_none(), "{text}");
            let chrono = text.parse::<chrono::DateTime<FixedOffset>>();
            let ours = text.parse::<DateTime>();
            assert_eq!(ours.as_deref().ok(), chrono.as_ref().ok(), "{text}");
            if let Ok(ours) = ours {
                assert_eq!(ours.to_string(), text);
            }
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
        assert_ne!(local.to_string(), utc.to_string());
        assert!(round_trip("2021-08-17T09:15:59.3Z") > utc);
    }

    #[test]
    fn made_from_chrono_encodes_as_rfc_3339() {
        let utc = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05.5Z")
            .unwrap()
            .with_timezone(&Utc);
        assert_eq!(DateTime::from(utc).to_string(), "2024-01-02T03:04:05.500Z");
        let local = chrono::DateTime::parse_from_rfc3339("2024-01-02T03:04:05+02:00").unwrap();
        assert_eq!(
            DateTime::from(local).to_string(),
            "2024-01-02T03:04:05+02:00"
        );
    }

    #[test]
    fn bad_text_is_an_error() {
        for bad in [json!("yesterday"), json!(1), json!("2021-13-01T00:00:00Z")] {
            assert!(serde_json::from_value::<DateTime>(bad).is_err());
        }
    }
}
