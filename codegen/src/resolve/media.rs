//! Media types sorted into the encodings the runtime knows.

use crate::ir::BodyEncoding;

/// Classifies a media type (parameters such as `; charset=utf-8` are ignored).
pub fn classify(media_type: &str) -> BodyEncoding {
    match essence(media_type).as_str() {
        "application/json" | "text/json" => BodyEncoding::Json,
        "application/x-www-form-urlencoded" => BodyEncoding::Form,
        "multipart/form-data" => BodyEncoding::Multipart,
        e if e.ends_with("+json") => BodyEncoding::Json,
        e if e.starts_with("text/") => BodyEncoding::Text,
        _ => BodyEncoding::Bytes,
    }
}

/// A media type without its parameters, lower-case (`text/event-stream`).
pub fn essence(media_type: &str) -> String {
    media_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn media_types_are_classified() {
        assert_eq!(
            classify("application/json; charset=utf-8"),
            BodyEncoding::Json
        );
        assert_eq!(classify("application/json-patch+json"), BodyEncoding::Json);
        assert_eq!(
            classify("application/x-www-form-urlencoded"),
            BodyEncoding::Form
        );
        assert_eq!(classify("multipart/form-data"), BodyEncoding::Multipart);
        assert_eq!(classify("text/javascript"), BodyEncoding::Text);
        assert_eq!(classify("application/octet-stream"), BodyEncoding::Bytes);
    }
}
