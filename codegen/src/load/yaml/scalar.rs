//! What a YAML scalar means: YAML 1.2's core schema for plain scalars, the `!!bool`, `!!int`,
//! `!!float`, `!!null` and `!!str` tags, text for everything else, exactly as serde_yaml 0.9
//! resolved them (the spec loader read YAML with it before; its test compares the two).

use serde_json::Value;
use yaml_rust2::parser::Tag;
use yaml_rust2::scanner::TScalarStyle;

use crate::load::tree::float;

/// The value of the scalar `text` written in `style` with `tag`, or why the tag refuses it.
pub(super) fn resolve(
    text: String,
    style: TScalarStyle,
    tag: Option<&Tag>,
) -> Result<Value, String> {
    let tag = tag.map(|t| format!("{}{}", t.handle, t.suffix));
    // A local tag (`!Name`) is ignored: the value is read as if it had none.
    let Some(tag) = tag.filter(|t| !t.starts_with('!')) else {
        return Ok(match style {
            TScalarStyle::Plain => untagged(text),
            _ => Value::String(text),
        });
    };
    let refused = |expected: &str| format!("invalid value: string {text:?}, expected {expected}");
    match tag.strip_prefix("tag:yaml.org,2002:") {
        Some("bool") => bool(&text)
            .map(Value::Bool)
            .ok_or_else(|| refused("a boolean")),
        Some("int") => int(&text).ok_or_else(|| refused("an integer")),
        Some("float") => parse_f64(&text)
            .map(float)
            .ok_or_else(|| refused("a float")),
        Some("null") => null(&text)
            .then_some(Value::Null)
            .ok_or_else(|| refused("null")),
        _ => Ok(Value::String(text)),
    }
}

/// A plain scalar without a tag: null, a boolean, an integer, a float, or text.
fn untagged(text: String) -> Value {
    if text.is_empty() || null(&text) {
        return Value::Null;
    }
    if let Some(b) = bool(&text) {
        return Value::Bool(b);
    }
    if let Some(int) = int(&text) {
        return int;
    }
    if !leading_zero_digits(&text) {
        if let Some(f) = parse_f64(&text) {
            return float(f);
        }
    }
    Value::String(text)
}

fn null(text: &str) -> bool {
    matches!(text, "null" | "Null" | "NULL" | "~")
}

fn bool(text: &str) -> Option<bool> {
    match text {
        "true" | "True" | "TRUE" => Some(true),
        "false" | "False" | "FALSE" => Some(false),
        _ => None,
    }
}

/// An integer as JSON holds it: 64 bits, or a float beyond them (up to 128 bits).
fn int(text: &str) -> Option<Value> {
    if let Some(u) = unsigned(text, u64::from_str_radix) {
        return Some(Value::Number(u.into()));
    }
    if let Some(i) = negative(text, i64::from_str_radix) {
        return Some(Value::Number(i.into()));
    }
    if let Some(u) = unsigned(text, u128::from_str_radix) {
        return Some(float(u as f64));
    }
    negative(text, i128::from_str_radix).map(|i| float(i as f64))
}

type Radix<T> = fn(&str, u32) -> Result<T, std::num::ParseIntError>;

/// The digits after `prefix` (`0x`, `0o`, `0b`) in `radix`, when they are a number without sign.
fn prefixed<T>(digits: &str, prefix: &str, radix: u32, parse: Radix<T>) -> Option<T> {
    let rest = digits.strip_prefix(prefix)?;
    if rest.starts_with(['+', '-']) {
        return None;
    }
    parse(rest, radix).ok()
}

/// `-0x..`, `-0o..`, `-0b..`: the digits negated.
fn negative_prefixed<T>(text: &str, prefix: &str, radix: u32, parse: Radix<T>) -> Option<T> {
    let rest = text.strip_prefix('-')?.strip_prefix(prefix)?;
    parse(&format!("-{rest}"), radix).ok()
}

const RADIXES: [(&str, u32); 3] = [("0x", 16), ("0o", 8), ("0b", 2)];

/// A non-negative integer, with an optional `+` and a radix prefix.
fn unsigned<T>(text: &str, parse: Radix<T>) -> Option<T> {
    let digits = text.strip_prefix('+').unwrap_or(text);
    if let Some(int) = RADIXES
        .iter()
        .find_map(|&(p, r)| prefixed(digits, p, r, parse))
    {
        return Some(int);
    }
    if digits.starts_with(['+', '-']) || leading_zero_digits(text) {
        return None;
    }
    parse(digits, 10).ok()
}

/// A negative (or any signed decimal) integer, with an optional radix prefix after the `-`.
fn negative<T>(text: &str, parse: Radix<T>) -> Option<T> {
    if let Some(int) = RADIXES
        .iter()
        .find_map(|&(p, r)| negative_prefixed(text, p, r, parse))
    {
        return Some(int);
    }
    if leading_zero_digits(text) {
        return None;
    }
    parse(text, 10).ok()
}

/// `007`, `-01`: digits after a leading zero are text in YAML 1.2, not a number.
fn leading_zero_digits(text: &str) -> bool {
    let unsigned = text.strip_prefix(['-', '+']).unwrap_or(text);
    unsigned.len() > 1
        && unsigned.starts_with('0')
        && unsigned[1..].bytes().all(|b| b.is_ascii_digit())
}

/// A finite float, or `.inf`, `-.inf`, `.nan` in their three spellings.
fn parse_f64(text: &str) -> Option<f64> {
    let unsigned = match text.strip_prefix('+') {
        Some(rest) if rest.starts_with(['+', '-']) => return None,
        Some(rest) => rest,
        None => text,
    };
    if let ".inf" | ".Inf" | ".INF" = unsigned {
        return Some(f64::INFINITY);
    }
    if let "-.inf" | "-.Inf" | "-.INF" = text {
        return Some(f64::NEG_INFINITY);
    }
    if let ".nan" | ".NaN" | ".NAN" = text {
        return Some(f64::NAN);
    }
    unsigned.parse::<f64>().ok().filter(|f| f.is_finite())
}
