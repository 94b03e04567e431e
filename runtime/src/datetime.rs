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
        match usual_form(text.as_bytes()) {
            Some(usual) => Ok(usual),
            None => verbatim(text),
        }
    }
}

/// `text` read by chrono's parser and kept as it is (out of line: the usual form is the common
/// case).
#[cold]
fn verbatim(text: &str) -> Result<DateTime, chrono::ParseError> {
    Ok(DateTime {
        value: text.parse()?,
        form: Form::Verbatim(text.into()),
    })
}

/// `text` read in one pass when it has the usual form `YYYY-MM-DDTHH:MM:SS[.fraction](Z|±HH:MM)`
/// (one to nine fraction digits, no leap second, offset within a day and not `-00:00`);
/// `None` for anything else, which chrono's parser then reads (slower: it is generic over
/// formats) with the same result for what both accept.
///
/// The fields are checked and the instant moved to UTC with integer arithmetic here; chrono's
/// values are then built from the UTC year, day of the year and second of the day, its cheapest
/// constructors (which check their ranges again).
fn usual_form(text: &[u8]) -> Option<DateTime> {
    let (head, rest) = text.split_first_chunk::<19>()?;
    // `YYYY-MM-`: the year in two pairs (bytes 0 and 2), the month (byte 5).
    let date = digit_pairs(head.first_chunk()?, DATE_DIGITS, DATE_SEPARATORS)?;
    // `HH:MM:SS`: the hour (byte 0), the minute (byte 3), the second (byte 6).
    let time = digit_pairs(head.last_chunk()?, TIME_DIGITS, TIME_SEPARATORS)?;
    if head[10] != b'T' {
        return None;
    }
    let year = (pair(date, 0) * 100 + pair(date, 2)) as i32;
    let (month, day) = (pair(date, 5), two_digits(head[8], head[9])?);
    let (hour, minute, second) = (pair(time, 0), pair(time, 3), pair(time, 6));
    if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
        return None;
    }
    // Second 60 (a leap second) goes to chrono.
    if hour > 23 || minute > 59 || second > 59 {
        return None;
    }
    let (fraction, seconds_east, zulu) = match *rest {
        [ref fraction @ .., b'Z'] => (fraction, 0, true),
        [ref fraction @ .., sign @ (b'+' | b'-'), h0, h1, b':', m0, m1] => {
            let (hours, minutes) = (two_digits(h0, h1)?, two_digits(m0, m1)?);
            if hours > 23 || minutes > 59 || (sign == b'-' && hours + minutes == 0) {
                return None;
            }
            let seconds = (hours * 3600 + minutes * 60) as i32;
            (
                fraction,
                if sign == b'-' { -seconds } else { seconds },
                false,
            )
        }
        _ => return None,
    };
    let (nanos, fraction_digits) = match fraction {
        [] => (0, 0),
        [b'.', digits @ ..] if (1..=9).contains(&digits.len()) => {
            (fraction_nanos(text, digits.len())?, digits.len() as u8)
        }
        _ => return None,
    };
    let local_seconds = (hour * 3600 + minute * 60 + second) as i32;
    let (year, ordinal, utc_seconds) = shift_to_utc(
        year,
        ordinal(year, month, day),
        local_seconds - seconds_east,
    );
    let date = chrono::NaiveDate::from_yo_opt(year, ordinal)?;
    let time = chrono::NaiveTime::from_num_seconds_from_midnight_opt(utc_seconds, nanos)?;
    let offset = FixedOffset::east_opt(seconds_east)?;
    Some(DateTime {
        value: chrono::DateTime::from_naive_utc_and_offset(date.and_time(time), offset),
        form: Form::Rfc3339 {
            fraction_digits,
            zulu,
        },
    })
}

/// Bytes that are all ASCII `0`.
const ZEROS: u64 = 0x3030_3030_3030_3030;
/// The high half of every byte.
const HIGH: u64 = 0xF0F0_F0F0_F0F0_F0F0;
/// The digit bytes of `YYYY-MM-` (0xFF where a digit must be).
const DATE_DIGITS: u64 = 0x00FF_FF00_FFFF_FFFF;
/// The other bytes of `YYYY-MM-`.
const DATE_SEPARATORS: u64 = 0x2D00_002D_0000_0000;
/// The digit bytes of `HH:MM:SS`.
const TIME_DIGITS: u64 = 0xFFFF_00FF_FF00_FFFF;
/// The other bytes of `HH:MM:SS`.
const TIME_SEPARATORS: u64 = 0x0000_3A00_003A_0000;

/// Whether the bytes of `word` (eight bytes of text) selected by `digits` (a mask of whole
/// bytes) are all ASCII digits.
fn are_digits(word: u64, digits: u64) -> bool {
    // A digit is 0x30 to 0x39: its high nibble is 3, and still 3 after adding 6. Once the first
    // holds for every digit byte, no addition carries into the next byte.
    word & digits & HIGH == ZEROS & digits
        && word.wrapping_add(0x0606_0606_0606_0606) & digits & HIGH == ZEROS & digits
}

/// Eight bytes of text checked at once: the bytes outside `digits` (a mask of whole bytes) must
/// be `separators`, those inside ASCII digits. The result holds, at each byte that starts a
/// pair of digits, the pair's value (0 to 99); `None` if a byte does not fit.
fn digit_pairs(bytes: &[u8; 8], digits: u64, separators: u64) -> Option<u64> {
    let word = u64::from_le_bytes(*bytes);
    let values = word & digits & !HIGH;
    // Each byte's value times ten plus the next byte's: at most 99, so no byte overflows.
    (word & !digits == separators && are_digits(word, digits)).then(|| values * 10 + (values >> 8))
}

/// The pair of digits starting at byte `index` of what [`digit_pairs`] returned.
fn pair(pairs: u64, index: u32) -> u32 {
    u32::from((pairs >> (8 * index)) as u8)
}

/// The value of two ASCII digits, or `None` if either is not one.
fn two_digits(tens: u8, ones: u8) -> Option<u32> {
    let (tens, ones) = (tens.wrapping_sub(b'0'), ones.wrapping_sub(b'0'));
    (tens < 10 && ones < 10).then(|| u32::from(tens) * 10 + u32::from(ones))
}

/// The nanoseconds of the `count` (1 to 9) fraction digits at byte 20 of `text` (after
/// `YYYY-MM-DDTHH:MM:SS.`), or `None` if one is not a digit.
///
/// The last eight digits are read as one word: the eight bytes that end with them, those
/// before the fraction taken as zeros.
fn fraction_nanos(text: &[u8], count: usize) -> Option<u32> {
    let end = 20 + count;
    let window = text.get(end - 8..end)?.first_chunk::<8>()?;
    let in_fraction = u64::MAX << (8 * (8 - count.min(8)));
    let word = u64::from_le_bytes(*window) & in_fraction | ZEROS & !in_fraction;
    if !are_digits(word, u64::MAX) {
        return None;
    }
    // Pairs, then groups of four, then all eight digits, each step in place.
    let mut value = word & !HIGH;
    value = (value * 10 + (value >> 8)) & 0x00FF_00FF_00FF_00FF;
    value = (value * 100 + (value >> 16)) & 0x0000_FFFF_0000_FFFF;
    let last_eight = ((value * 10_000 + (value >> 32)) & 0xFFFF_FFFF) as u32;
    match count {
        9 => Some(two_digits(b'0', text[20])? * 100_000_000 + last_eight),
        _ => Some(last_eight * SCALE[count]),
    }
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

/// Whether `year` (proleptic Gregorian) has a 29 February.
fn is_leap(year: i32) -> bool {
    year % 4 == 0 && (year % 100 != 0 || year % 400 == 0)
}

/// The number of days of `month` (1 to 12) in `year`.
fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        2 if is_leap(year) => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// The day of the year (1 to 366) of a valid date.
fn ordinal(year: i32, month: u32, day: u32) -> u32 {
    /// Days before each month in a common year.
    const BEFORE: [u32; 12] = [0, 31, 59, 90, 120, 151, 181, 212, 243, 273, 304, 334];
    BEFORE[month as usize - 1] + day + u32::from(month > 2 && is_leap(year))
}

/// The year, day of the year and second of the day (0 to 86399) of `seconds` from the start of
/// day `ordinal` of `year`, where `seconds` is within a day of that day (-86399 to 172798).
fn shift_to_utc(year: i32, ordinal: u32, seconds: i32) -> (i32, u32, u32) {
    const DAY: i32 = 86_400;
    let days_in_year = |year| if is_leap(year) { 366 } else { 365 };
    if seconds < 0 {
        match ordinal {
            1 => (year - 1, days_in_year(year - 1), (seconds + DAY) as u32),
            _ => (year, ordinal - 1, (seconds + DAY) as u32),
        }
    } else if seconds >= DAY {
        if ordinal == days_in_year(year) {
            (year + 1, 1, (seconds - DAY) as u32)
        } else {
            (year, ordinal + 1, (seconds - DAY) as u32)
        }
    } else {
        (year, ordinal, seconds as u32)
    }
}

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

    /// Reads `text` with the one-pass reader and with chrono's parser: same instant, same
    /// offset, and written back as sent.
    fn read_as_chrono_reads_it(text: &str) {
        let fast = usual_form(text.as_bytes()).expect(text);
        let chrono: chrono::DateTime<FixedOffset> = text.parse().unwrap();
        assert_eq!(fast.value, chrono, "{text}");
        assert_eq!(fast.offset(), chrono.offset(), "{text}");
        assert_eq!(fast.to_string(), text);
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
            // Leap days, and month and year ends crossed by the offset both ways.
            "2024-02-29T12:00:00Z",
            "2000-02-29T00:00:00Z",
            "2024-03-01T00:00:00+00:01",
            "2023-03-01T00:00:00+00:01",
            "2024-02-28T23:59:00-00:01",
            "2023-01-31T23:59:59-05:00",
            "2023-04-30T23:00:00-01:00",
            "2023-12-31T23:30:00-01:00",
            "2024-01-01T00:30:00+01:00",
            "2024-12-31T23:59:59.5-00:01",
            "0000-12-31T23:00:00-02:00",
            "9999-01-01T00:00:00+00:01",
            // Every length of fraction.
            "2021-08-17T09:15:59.12Z",
            "2021-08-17T09:15:59.123+05:30",
            "2021-08-17T09:15:59.1234Z",
            "2021-08-17T09:15:59.12345Z",
            "2021-08-17T09:15:59.1234567Z",
            "2021-08-17T09:15:59.12345678-11:45",
            "2021-08-17T09:15:59.000000001Z",
            "2021-08-17T09:15:59.900000000+01:00",
        ];
        for text in usual {
            read_as_chrono_reads_it(text);
        }
        let other = [
            "2021-02-29T00:00:00Z",
            "2023-02-29T00:00:00Z",
            "2100-02-29T00:00:00Z",
            "2024-04-31T00:00:00Z",
            "2024-06-31T00:00:00Z",
            "2024-01-32T00:00:00Z",
            "2024-01-00T00:00:00Z",
            "2024-00-10T00:00:00Z",
            "2024-13-01T00:00:00Z",
            "2021-08-17T24:00:00Z",
            "2021-08-17T09:60:00Z",
            "2021-08-17T09:15:60Z",
            "2021-08-17T09:15:59.Z",
            "2021-08-17T09:15:59.+01:00",
            "2021-08-17T09:15:59.12a4Z",
            "2021-08-17T09:15:59.1:Z",
            "2021-08-17T09:15:59.123456789012345Z",
            "2021-08-17T09:15:59+24:00",
            "2021-08-17T09:15:59+01:60",
            "2021-08-17T09:15:59+01:0a",
            "2021-08-17T09:15:59+0100",
            "2021-08-17T09:15:59Z ",
            "2021-08-17 09:15:59Z",
            "2021-08-1:T09:15:59Z",
            "2021-08-17T09:1/:59Z",
            "2021-08-17T09:15:5\u{663}Z",
            "+2021-08-17T09:15:59Z",
            "21-08-17T09:15:59Z",
            "2021-08-17T09:15:59",
            "2021-08-17T09:15:59.",
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
    fn every_day_of_four_years_is_read_as_chrono_reads_it() {
        // 1999 to 2001 (2000 a leap year divisible by 400) and 2100 (not a leap year), each
        // day near both of its ends, with offsets that move it to the day before and after.
        let starts = [(1999, 365 * 3 + 1), (2100, 365)];
        for (year, days) in starts {
            let first = chrono::NaiveDate::from_yo_opt(year, 1).unwrap();
            for date in first.iter_days().take(days) {
                for (time, offset) in [
                    ("00:00:00", "+00:30"),
                    ("23:59:59.25", "-23:59"),
                    ("12:00:00", "Z"),
                ] {
                    read_as_chrono_reads_it(&format!("{date}T{time}{offset}"));
                }
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
