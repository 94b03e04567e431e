//! Parameter serialization: OpenAPI styles for path, query, header and cookie values, and percent-encoding.
//!
//! Values arrive as a [`Shape`] (deepObject: as a `serde_json::Value`). Objects are visited in
//! the order of their keys (declaration order for generated structs).
//! `null` means "absent": a null parameter is omitted, and null array items and properties are skipped.
//! Arrays or objects nested inside an array or object are written as compact JSON text.

use percent_encoding::{utf8_percent_encode, AsciiSet, CONTROLS, NON_ALPHANUMERIC};
use serde_json::Value;

use super::shape::Shape;
use crate::error::EncodeError;

/// How a parameter is serialized (OpenAPI's `style`, with `explode` where it matters).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum ParamStyle {
    /// Path and header default: `a,b` for arrays, `k,v,k,v` for objects.
    Simple,
    /// Path label style: `.a.b` (explode) or `.a,b`.
    Label {
        /// One label per item (`.a.b`), or one for the whole list (`.a,b`).
        explode: bool,
    },
    /// Path matrix style: `;id=a;id=b` (explode) or `;id=a,b`.
    Matrix {
        /// One `;name=` per item, or one for the whole list.
        explode: bool,
    },
    /// Query and cookie default: `id=a&id=b` (explode) or `id=a,b`; exploded objects become `k=v` pairs.
    Form {
        /// Repeat the name per item (arrays) or use property names (objects).
        explode: bool,
    },
    /// Query arrays joined with encoded spaces: `id=a%20b`.
    SpaceDelimited,
    /// Query arrays joined with pipes: `id=a|b`.
    PipeDelimited,
    /// Query objects as `name[key]=value`, nesting as `name[a][b]=value`.
    DeepObject,
}

/// Everything but RFC 3986 unreserved characters (`A-Z a-z 0-9 - . _ ~`).
const COMPONENT: &AsciiSet = &NON_ALPHANUMERIC
    .remove(b'-')
    .remove(b'.')
    .remove(b'_')
    .remove(b'~');

/// Characters a template's literal path text may not hold raw (its `%` escapes are kept).
const PATH_TEXT: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b'#')
    .add(b'<')
    .add(b'>')
    .add(b'?')
    .add(b'`')
    .add(b'{')
    .add(b'}')
    .add(b'^')
    .add(b'\\')
    .add(b'[')
    .add(b']')
    .add(b'|');

/// Characters not allowed in a cookie value (RFC 6265 cookie-octet), plus `%` so encoding is reversible.
const COOKIE: &AsciiSet = &CONTROLS
    .add(b' ')
    .add(b'"')
    .add(b',')
    .add(b';')
    .add(b'\\')
    .add(b'%');

/// Percent-encodes all but unreserved characters, for path segments and query names and values.
pub(crate) fn component(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    push_component(&mut out, text);
    out
}

/// Appends `text` to `out`, percent-encoded as [`component`] does.
fn push_component(out: &mut String, text: &str) {
    push_encoded(out, text, COMPONENT, &UNRESERVED_BYTES);
}

/// Appends `text` to `out` percent-encoded with `set`, whose untouched bytes `plain` marks: text
/// of those alone is copied as it is, without the encoder's work per character.
fn push_encoded(out: &mut String, text: &str, set: &'static AsciiSet, plain: &[bool; 256]) {
    if only(plain, text) {
        out.push_str(text);
    } else {
        out.extend(utf8_percent_encode(text, set));
    }
}

/// The bytes [`COMPONENT`] leaves as they are: letters, digits and `-._~`.
static UNRESERVED_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte: u8 = 0;
    while byte < 128 {
        table[byte as usize] =
            byte.is_ascii_alphanumeric() || matches!(byte, b'-' | b'.' | b'_' | b'~');
        byte += 1;
    }
    table
};

/// Whether every byte of `text` is one of those `table` marks.
fn only(table: &[bool; 256], text: &str) -> bool {
    text.bytes().all(|b| table[usize::from(b)])
}

/// Appends `text` to `out`, percent-encoding what a literal path may not hold (leaving `/` and
/// existing `%XX` escapes alone).
pub(crate) fn push_path_text(out: &mut String, text: &str) {
    push_encoded(out, text, PATH_TEXT, &PLAIN_PATH_BYTES);
}

/// The bytes [`PATH_TEXT`] leaves as they are: visible ASCII but the listed ones.
static PLAIN_PATH_BYTES: [bool; 256] = {
    let mut table = [false; 256];
    let mut byte = b'!';
    while byte <= b'~' {
        table[byte as usize] = !matches!(
            byte,
            b'"' | b'#'
                | b'<'
                | b'>'
                | b'?'
                | b'`'
                | b'{'
                | b'}'
                | b'^'
                | b'\\'
                | b'['
                | b']'
                | b'|'
        );
        byte += 1;
    }
    table
};

/// Whether [`push_path_text`] copies `text` unchanged.
pub(crate) fn is_plain_path_text(text: &str) -> bool {
    only(&PLAIN_PATH_BYTES, text)
}

/// The text of one item: strings as is, numbers and booleans as JSON, arrays and objects as compact JSON.
pub(crate) fn text(value: &Value) -> String {
    match value {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `k,v,k,v` with each part encoded by `enc`.
fn flat_pairs(pairs: &[(String, String)], enc: impl Fn(&str) -> String, sep: &str) -> String {
    pairs
        .iter()
        .flat_map(|(k, v)| [enc(k), enc(v)])
        .collect::<Vec<_>>()
        .join(sep)
}

/// `k=v` pairs joined by `sep`, each part encoded by `enc`.
fn eq_pairs(pairs: &[(String, String)], enc: impl Fn(&str) -> String, sep: &str) -> String {
    pairs
        .iter()
        .map(|(k, v)| format!("{}={}", enc(k), enc(v)))
        .collect::<Vec<_>>()
        .join(sep)
}

fn joined(items: &[String], enc: impl Fn(&str) -> String, sep: &str) -> String {
    items.iter().map(|s| enc(s)).collect::<Vec<_>>().join(sep)
}

/// The encoded text that replaces `{name}` in a path.
pub(crate) fn path_value(
    name: &str,
    shape: &Shape,
    style: ParamStyle,
) -> Result<String, EncodeError> {
    if let Shape::Absent = shape {
        return Err(EncodeError::MissingPathParameter {
            name: name.to_owned(),
        });
    }
    let enc = |s: &str| component(s);
    let out = match style {
        ParamStyle::Simple => match shape {
            Shape::Scalar(s) => enc(s),
            Shape::List(items) => joined(items, enc, ","),
            Shape::Map(pairs) => flat_pairs(pairs, enc, ","),
            Shape::Absent => String::new(),
        },
        ParamStyle::Label { explode } => match shape {
            Shape::Scalar(s) => format!(".{}", enc(s)),
            Shape::List(items) if items.is_empty() => String::new(),
            Shape::List(items) => {
                format!(".{}", joined(items, enc, if explode { "." } else { "," }))
            }
            Shape::Map(pairs) if pairs.is_empty() => String::new(),
            Shape::Map(pairs) if explode => format!(".{}", eq_pairs(pairs, enc, ".")),
            Shape::Map(pairs) => format!(".{}", flat_pairs(pairs, enc, ",")),
            Shape::Absent => String::new(),
        },
        ParamStyle::Matrix { explode } => {
            let n = enc(name);
            let named = |v: String| {
                if v.is_empty() {
                    format!(";{n}")
                } else {
                    format!(";{n}={v}")
                }
            };
            match shape {
                Shape::Scalar(s) => named(enc(s)),
                Shape::List(items) if explode => items.iter().map(|s| named(enc(s))).collect(),
                Shape::List(items) if items.is_empty() => String::new(),
                Shape::List(items) => named(joined(items, enc, ",")),
                Shape::Map(pairs) if explode => pairs
                    .iter()
                    .map(|(k, v)| format!(";{}={}", enc(k), enc(v)))
                    .collect(),
                Shape::Map(pairs) if pairs.is_empty() => String::new(),
                Shape::Map(pairs) => named(flat_pairs(pairs, enc, ",")),
                Shape::Absent => String::new(),
            }
        }
        ParamStyle::Form { .. }
        | ParamStyle::SpaceDelimited
        | ParamStyle::PipeDelimited
        | ParamStyle::DeepObject => {
            return Err(EncodeError::UnsupportedStyle {
                name: name.to_owned(),
                location: "path",
                style,
            });
        }
    };
    Ok(out)
}

/// Where the encoded `name=value` pieces of query parameters go: into one query string, joined by
/// `&` ([`String`]), or each a string of its own ([`Vec<String>`]).
pub(crate) trait QueryOut {
    /// Adds `name=value`, `name` percent-encoded, `value` too unless it is `Encoded`.
    fn push_piece(&mut self, name: &str, value: PieceValue<'_>);
}

/// The value of a query piece.
#[derive(Clone, Copy)]
pub(crate) enum PieceValue<'a> {
    /// Text to percent-encode.
    Text(&'a str),
    /// Text already percent-encoded.
    Encoded(&'a str),
}

impl QueryOut for String {
    fn push_piece(&mut self, name: &str, value: PieceValue<'_>) {
        let (PieceValue::Text(text) | PieceValue::Encoded(text)) = value;
        // Enough unless something needs encoding.
        self.reserve(name.len() + 2 + text.len());
        if !self.is_empty() {
            self.push('&');
        }
        push_component(self, name);
        self.push('=');
        match value {
            PieceValue::Text(text) => push_component(self, text),
            PieceValue::Encoded(text) => self.push_str(text),
        }
    }
}

impl QueryOut for Vec<String> {
    fn push_piece(&mut self, name: &str, value: PieceValue<'_>) {
        let mut piece = String::new();
        piece.push_piece(name, value);
        self.push(piece);
    }
}

/// Hands `out` the encoded `name=value` pieces a query parameter contributes (none when null or empty), in
/// form, spaceDelimited or pipeDelimited style; deepObject is read from the value's JSON tree
/// instead ([`deep_object_pairs`]), other styles are refused.
pub(crate) fn query_pairs(
    name: &str,
    shape: &Shape,
    style: ParamStyle,
    out: &mut dyn QueryOut,
) -> Result<(), EncodeError> {
    let (sep, explode) = match style {
        ParamStyle::Form { explode } => (",", explode),
        ParamStyle::SpaceDelimited => ("%20", false),
        ParamStyle::PipeDelimited => ("|", false),
        _ => {
            return Err(EncodeError::UnsupportedStyle {
                name: name.to_owned(),
                location: "query",
                style,
            })
        }
    };
    let enc = |s: &str| component(s);
    let mut text = |name: &str, value: &str| out.push_piece(name, PieceValue::Text(value));
    match shape {
        Shape::Absent => {}
        Shape::Scalar(s) => text(name, s),
        Shape::List(items) if items.is_empty() => {}
        Shape::List(items) if explode => items.iter().for_each(|s| text(name, s)),
        Shape::Map(pairs) if pairs.is_empty() => {}
        Shape::Map(pairs) if explode => pairs.iter().for_each(|(k, v)| text(k, v)),
        Shape::List(items) => {
            out.push_piece(name, PieceValue::Encoded(&joined(items, enc, sep)));
        }
        Shape::Map(pairs) => {
            out.push_piece(name, PieceValue::Encoded(&flat_pairs(pairs, enc, sep)));
        }
    }
    Ok(())
}

/// `name=value`, both percent-encoded, written into one string.
pub(crate) fn query_piece(name: &str, value: &str) -> String {
    let mut piece = String::new();
    piece.push_piece(name, PieceValue::Text(value));
    piece
}

/// The encoded pieces of a deepObject query parameter: `name[k]=v` per property (none when null).
pub(crate) fn deep_object_pairs(name: &str, value: &Value) -> Vec<String> {
    let mut out = Vec::new();
    deep_object(&component(name), value, &mut out);
    out
}

/// `prefix[k]=v` for each property, recursing into nested objects; arrays repeat their key.
fn deep_object(prefix: &str, value: &Value, out: &mut Vec<String>) {
    match value {
        Value::Null => {}
        Value::Object(map) => {
            for (k, v) in map {
                deep_object(&format!("{prefix}[{}]", component(k)), v, out);
            }
        }
        Value::Array(items) => {
            for item in items {
                match item {
                    Value::Null => {}
                    Value::Object(_) | Value::Array(_) => {
                        out.push(format!("{prefix}={}", component(&item.to_string())))
                    }
                    scalar => out.push(format!("{prefix}={}", component(&text(scalar)))),
                }
            }
        }
        scalar => out.push(format!("{prefix}={}", component(&text(scalar)))),
    }
}

/// A header's value in simple style, unencoded (`None` when null or an empty list or object).
pub(crate) fn header_value(shape: Shape) -> Option<String> {
    match shape {
        Shape::Absent => None,
        Shape::Scalar(s) => Some(s),
        Shape::List(items) if items.is_empty() => None,
        Shape::List(items) => Some(items.join(",")),
        Shape::Map(pairs) if pairs.is_empty() => None,
        Shape::Map(pairs) => Some(flat_pairs(&pairs, str::to_owned, ",")),
    }
}

/// A cookie's value in form style, percent-encoding what a cookie may not hold (`None` when null or empty).
pub(crate) fn cookie_value(shape: Shape) -> Option<String> {
    let enc = |s: &str| utf8_percent_encode(s, COOKIE).to_string();
    match shape {
        Shape::Absent => None,
        Shape::Scalar(s) => Some(enc(&s)),
        Shape::List(items) if items.is_empty() => None,
        Shape::List(items) => Some(joined(&items, enc, ",")),
        Shape::Map(pairs) if pairs.is_empty() => None,
        Shape::Map(pairs) => Some(flat_pairs(&pairs, enc, ",")),
    }
}

/// Whether `name` is an RFC 7230 token, as cookie names must be.
pub(crate) fn is_token(name: &str) -> bool {
    !name.is_empty()
        && name
            .bytes()
            .all(|b| b.is_ascii_alphanumeric() || b"!#$%&'*+-.^_`|~".contains(&b))
}

/// Whether `value` may be sent verbatim as a cookie value (RFC 6265 cookie-octets).
pub(crate) fn is_cookie_octets(value: &str) -> bool {
    value
        .bytes()
        .all(|b| matches!(b, 0x21 | 0x23..=0x2B | 0x2D..=0x3A | 0x3C..=0x5B | 0x5D..=0x7E))
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn shape(value: &Value) -> Shape {
        Shape::of(value).unwrap()
    }

    #[test]
    fn plain_path_text_is_what_encoding_leaves_alone() {
        for byte in 0..=255u8 {
            let text = String::from_utf8_lossy(&[byte]).into_owned();
            let encoded = utf8_percent_encode(&text, PATH_TEXT).to_string();
            assert_eq!(is_plain_path_text(&text), encoded == text, "{byte:#x}");
            let mut pushed = String::new();
            push_path_text(&mut pushed, &text);
            assert_eq!(pushed, encoded, "{byte:#x}");
        }
        assert!(is_plain_path_text("/admin/identities/a%20b;x=1"));
        for byte in 0..=255u8 {
            let text = String::from_utf8_lossy(&[b'a', byte]).into_owned();
            let encoded = utf8_percent_encode(&text, COMPONENT).to_string();
            assert_eq!(component(&text), encoded, "{byte:#x}");
        }
        assert!(!is_plain_path_text("/a b"));
        assert!(!is_plain_path_text("/é"));
    }

    fn pairs(name: &str, shape: &Shape, style: ParamStyle) -> Result<Vec<String>, EncodeError> {
        let mut pieces = Vec::new();
        query_pairs(name, shape, style, &mut pieces)?;
        let mut joined = String::new();
        query_pairs(name, shape, style, &mut joined)?;
        assert_eq!(joined, pieces.join("&"));
        Ok(pieces)
    }

    fn path(value: Value, style: ParamStyle) -> String {
        path_value("id", &shape(&value), style).unwrap()
    }

    fn query(value: Value, style: ParamStyle) -> String {
        match style {
            ParamStyle::DeepObject => deep_object_pairs("id", &value),
            style => pairs("id", &shape(&value), style).unwrap(),
        }
        .join("&")
    }

    const FORM: ParamStyle = ParamStyle::Form { explode: true };
    const FORM_FLAT: ParamStyle = ParamStyle::Form { explode: false };

    #[test]
    fn path_encodes_all_but_unreserved() {
        assert_eq!(path(json!("a/b?c#d"), ParamStyle::Simple), "a%2Fb%3Fc%23d");
        assert_eq!(
            path(json!("100% sure"), ParamStyle::Simple),
            "100%25%20sure"
        );
        assert_eq!(
            path(json!("héllo ☃"), ParamStyle::Simple),
            "h%C3%A9llo%20%E2%98%83"
        );
        assert_eq!(path(json!("A-z_0.9~"), ParamStyle::Simple), "A-z_0.9~");
        assert_eq!(path(json!(42), ParamStyle::Simple), "42");
        assert_eq!(path(json!(true), ParamStyle::Simple), "true");
    }

    #[test]
    fn path_simple_arrays_and_objects() {
        assert_eq!(
            path(json!(["a b", "c,d", null, 3]), ParamStyle::Simple),
            "a%20b,c%2Cd,3"
        );
        assert_eq!(
            path(json!({"r": 1, "g": "x/y"}), ParamStyle::Simple),
            "r,1,g,x%2Fy"
        );
        assert_eq!(path(json!([]), ParamStyle::Simple), "");
    }

    #[test]
    fn path_label_and_matrix() {
        let label = ParamStyle::Label { explode: false };
        let label_x = ParamStyle::Label { explode: true };
        assert_eq!(path(json!("a"), label), ".a");
        assert_eq!(path(json!(["a", "b"]), label), ".a,b");
        assert_eq!(path(json!(["a", "b"]), label_x), ".a.b");
        assert_eq!(path(json!({"k": "v"}), label), ".k,v");
        assert_eq!(path(json!({"k": "v", "l": "w"}), label_x), ".k=v.l=w");
        assert_eq!(path(json!([]), label), "");

        let matrix = ParamStyle::Matrix { explode: false };
        let matrix_x = ParamStyle::Matrix { explode: true };
        assert_eq!(path(json!("a b"), matrix), ";id=a%20b");
        assert_eq!(path(json!(""), matrix), ";id");
        assert_eq!(path(json!(["a", "b"]), matrix), ";id=a,b");
        assert_eq!(path(json!(["a", "b"]), matrix_x), ";id=a;id=b");
        assert_eq!(path(json!({"k": "v"}), matrix), ";id=k,v");
        assert_eq!(path(json!({"k": "v", "l": 2}), matrix_x), ";k=v;l=2");
        assert_eq!(path(json!({}), matrix), "");
    }

    #[test]
    fn path_null_is_missing_and_query_styles_are_refused() {
        assert!(matches!(
            path_value("id", &Shape::Absent, ParamStyle::Simple),
            Err(EncodeError::MissingPathParameter { name }) if name == "id"
        ));
        assert!(matches!(
            path_value("id", &shape(&json!(1)), ParamStyle::DeepObject),
            Err(EncodeError::UnsupportedStyle {
                location: "path",
                ..
            })
        ));
    }

    #[test]
    fn query_scalars_and_null() {
        assert_eq!(query(json!("a&b=c d"), FORM), "id=a%26b%3Dc%20d");
        assert_eq!(query(json!(1.5), FORM_FLAT), "id=1.5");
        assert_eq!(query(Value::Null, FORM), "");
        assert_eq!(
            pairs("a b", &shape(&json!("ü")), FORM).unwrap(),
            ["a%20b=%C3%BC"]
        );
    }

    #[test]
    fn query_form_arrays() {
        assert_eq!(query(json!(["a", "b,c", null]), FORM), "id=a&id=b%2Cc");
        assert_eq!(query(json!(["a", "b,c"]), FORM_FLAT), "id=a,b%2Cc");
        assert_eq!(query(json!([]), FORM), "");
        assert_eq!(query(json!([[1, 2]]), FORM), "id=%5B1%2C2%5D");
    }

    #[test]
    fn query_form_objects() {
        assert_eq!(
            query(json!({"r": 100, "g": "x y", "n": null}), FORM),
            "r=100&g=x%20y"
        );
        assert_eq!(
            query(json!({"r": 100, "g": 200}), FORM_FLAT),
            "id=r,100,g,200"
        );
        assert_eq!(query(json!({}), FORM), "");
    }

    #[test]
    fn query_delimited() {
        assert_eq!(
            query(json!(["a", "b c"]), ParamStyle::SpaceDelimited),
            "id=a%20b%20c"
        );
        assert_eq!(
            query(json!(["a", "b|c"]), ParamStyle::PipeDelimited),
            "id=a|b%7Cc"
        );
        assert_eq!(
            query(json!({"r": 1, "g": 2}), ParamStyle::SpaceDelimited),
            "id=r%201%20g%202"
        );
        assert_eq!(
            query(json!({"r": 1, "g": 2}), ParamStyle::PipeDelimited),
            "id=r|1|g|2"
        );
        assert_eq!(query(json!("x"), ParamStyle::PipeDelimited), "id=x");
        assert_eq!(query(json!([]), ParamStyle::PipeDelimited), "");
    }

    #[test]
    fn query_deep_object() {
        let v = json!({"r": 100, "sub": {"a b": "x&y"}, "list": ["p", null, {"q": 1}], "n": null});
        assert_eq!(
            query(v, ParamStyle::DeepObject),
            "id[r]=100&id[sub][a%20b]=x%26y&id[list]=p&id[list]=%7B%22q%22%3A1%7D"
        );
        assert_eq!(query(json!("s"), ParamStyle::DeepObject), "id=s");
        assert_eq!(query(Value::Null, ParamStyle::DeepObject), "");
    }

    #[test]
    fn query_refuses_path_styles() {
        assert!(matches!(
            pairs("id", &shape(&json!(1)), ParamStyle::Simple),
            Err(EncodeError::UnsupportedStyle {
                location: "query",
                ..
            })
        ));
    }

    #[test]
    fn header_values() {
        assert_eq!(header_value(shape(&json!("v"))), Some("v".into()));
        assert_eq!(
            header_value(shape(&json!([1, 2, null]))),
            Some("1,2".into())
        );
        assert_eq!(
            header_value(shape(&json!({"a": 1, "b": "x"}))),
            Some("a,1,b,x".into())
        );
        assert_eq!(header_value(shape(&Value::Null)), None);
        assert_eq!(header_value(shape(&json!([]))), None);
    }

    #[test]
    fn cookie_values() {
        assert_eq!(
            cookie_value(shape(&json!("a b;c"))),
            Some("a%20b%3Bc".into())
        );
        assert_eq!(
            cookie_value(shape(&json!(["x", "y,z"]))),
            Some("x,y%2Cz".into())
        );
        assert_eq!(cookie_value(shape(&json!({"k": "v"}))), Some("k,v".into()));
        assert_eq!(
            cookie_value(shape(&json!("a\r\nb"))),
            Some("a%0D%0Ab".into())
        );
        assert_eq!(cookie_value(shape(&Value::Null)), None);
        assert_eq!(cookie_value(shape(&json!({}))), None);
    }

    #[test]
    fn tokens_and_cookie_octets() {
        assert!(is_token("session_id"));
        assert!(!is_token("a b"));
        assert!(!is_token(""));
        assert!(!is_token("a=b"));
        assert!(is_cookie_octets("abc.DEF-123_=+/"));
        assert!(!is_cookie_octets("a;b"));
        assert!(!is_cookie_octets("a b"));
        assert!(!is_cookie_octets("a\r\n"));
    }

    #[test]
    fn literal_path_text() {
        let mut path = String::from("x");
        push_path_text(&mut path, "/a b/c%2Fd/é");
        assert_eq!(path, "x/a%20b/c%2Fd/%C3%A9");
        assert_eq!(component("a/b"), "a%2Fb");
        assert_eq!(text(&json!({"a": [1]})), r#"{"a":[1]}"#);
    }
}
