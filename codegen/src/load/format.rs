//! Reading the text (JSON or YAML) into a `serde_json::Value`, and telling the spec version.

use serde_json::Value;

use super::source_map::SourceMap;
use super::tree::{Tree, DUPLICATE_KEY};
use super::{yaml, InputVersion};

/// The syntax a spec is written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(crate) enum Format {
    Json,
    Yaml,
}

impl Format {
    /// JSON when the first non-whitespace character is `{`, YAML otherwise.
    pub(crate) fn detect(text: &str) -> Format {
        match text
            .trim_start_matches('\u{feff}')
            .trim_start()
            .starts_with('{')
        {
            true => Format::Json,
            false => Format::Yaml,
        }
    }
}

/// Why the text could not be read, where (1-based), and the node when one is to blame.
#[derive(Debug)]
pub(crate) struct ParseError {
    pub(crate) message: String,
    pub(crate) pointer: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

/// Parses the text; map keys that are not strings (YAML `200:`) become strings, and a key
/// written twice in one mapping is an error at the second one.
pub(crate) fn parse(text: &str, format: Format) -> Result<Value, ParseError> {
    let text = text.strip_prefix('\u{feff}').unwrap_or(text);
    let (syntax, message, line, column) = match format {
        Format::Json => match serde_json::from_str::<Tree>(text) {
            Ok(tree) => return Ok(tree.0),
            Err(e) => ("JSON", e.to_string(), e.line(), e.column()),
        },
        Format::Yaml => match yaml::parse(text) {
            Ok(value) => return Ok(value),
            // A duplicate key, found with the pointer of its entry.
            Err(e) if !e.pointer.is_empty() => {
                return Err(ParseError {
                    message: format!("invalid YAML: {}", e.message),
                    ..e
                })
            }
            Err(e) => ("YAML", e.message, e.line, e.column),
        },
    };
    if message.contains(DUPLICATE_KEY) {
        if let Some(twice) = SourceMap::build(text, format).first_duplicate() {
            return Err(ParseError {
                message: format!("invalid {syntax}: {DUPLICATE_KEY} `{}`", twice.key),
                pointer: twice.pointer,
                line: twice.line,
                column: twice.column,
            });
        }
    }
    let error_line = text.lines().nth(line.saturating_sub(1)).unwrap_or_default();
    // A tab where the error is, or in the indentation of its line (yaml-rust2 marks the token after).
    let tab = match error_line.chars().nth(column.saturating_sub(1)) {
        Some('\t') => Some(column),
        _ => error_line
            .chars()
            .take_while(|c| c.is_whitespace())
            .position(|c| c == '\t')
            .map(|i| i + 1),
    };
    let (message, column) = match (format, tab) {
        (Format::Yaml, Some(tab)) => ("a tab cannot indent YAML; use spaces".to_owned(), tab),
        // The location says where; the parser's own "at line L column C" would say it twice.
        _ => (
            message.replace(&format!(" at line {line} column {column}"), ""),
            column,
        ),
    };
    Err(ParseError {
        message: format!("invalid {syntax}: {message}"),
        pointer: String::new(),
        line,
        // serde_json says column 0 at the very start of a line (after the last newline); columns
        // are 1-based everywhere else.
        column: column.max(1),
    })
}

const SUPPORTED: &str = "apiforge reads Swagger 2.0, OpenAPI 3.0 and 3.1";

/// Which version the document declares, or the pointer and text of an error.
pub(crate) fn version(doc: &Value) -> Result<InputVersion, (String, String)> {
    let Some(root) = doc.as_object() else {
        let found = match doc {
            Value::Null => "empty",
            Value::Array(_) => "a list",
            _ => "a single value",
        };
        return Err((
            String::new(),
            format!("the document is {found}, not an OpenAPI object; {SUPPORTED}"),
        ));
    };
    if let Some(found) = root.get("openapi") {
        let found = version_text(found);
        return match () {
            _ if in_series(&found, "3.0") => Ok(InputVersion::OpenApi30),
            _ if in_series(&found, "3.1") => Ok(InputVersion::OpenApi31),
            _ => Err((
                "/openapi".into(),
                format!("unsupported OpenAPI version {found}; {SUPPORTED}"),
            )),
        };
    }
    if let Some(found) = root.get("swagger") {
        let found = version_text(found);
        return match found.as_str() {
            "2.0" => Ok(InputVersion::Swagger2),
            _ => Err((
                "/swagger".into(),
                format!("unsupported Swagger version {found}; {SUPPORTED}"),
            )),
        };
    }
    Err((
        "/openapi".into(),
        format!("no `openapi` (or `swagger`) version field; {SUPPORTED}"),
    ))
}

fn version_text(v: &Value) -> String {
    match v {
        Value::String(s) => s.clone(),
        other => other.to_string(),
    }
}

/// `3.0`, `3.0.3`, `3.0.0-rc1` are in series `3.0`; `3.01` is not.
fn in_series(version: &str, series: &str) -> bool {
    version
        .strip_prefix(series)
        .is_some_and(|rest| rest.is_empty() || rest.starts_with('.'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    #[test]
    fn json_is_told_from_yaml_by_the_first_character() {
        assert_eq!(Format::detect("  \n{\"a\": 1}"), Format::Json);
        assert_eq!(Format::detect("\u{feff}{}"), Format::Json);
        assert_eq!(Format::detect("openapi: 3.0.0"), Format::Yaml);
        assert_eq!(Format::detect("[1]"), Format::Yaml);
    }

    #[test]
    fn yaml_keys_become_strings() {
        let v = parse(
            "responses:\n  200: {description: ok}\n  true: 1\n  1.10: x\n",
            Format::Yaml,
        )
        .unwrap();
        assert_eq!(
            v,
            json!({"responses": {"200": {"description": "ok"}, "true": 1, "1.10": "x"}})
        );
    }

    #[test]
    fn truncated_json_says_where() {
        let e = parse("{\n  \"openapi\": \"3.0.0\",\n  \"info\": {", Format::Json).unwrap_err();
        assert_eq!(e.message, "invalid JSON: EOF while parsing an object");
        assert_eq!((e.line, e.column), (3, 11));
    }

    #[test]
    fn duplicate_keys_are_errors() {
        let e = parse("{\"a\": 1,\n \"a\": 2}", Format::Json).unwrap_err();
        assert_eq!(e.message, "invalid JSON: duplicate key `a`");
        assert_eq!((e.pointer.as_str(), e.line, e.column), ("/a", 2, 2));
        let e = parse(
            "info:\n  title: a\n  x: [{k: 1, k: 2}]\n  title: b\n",
            Format::Yaml,
        )
        .unwrap_err();
        assert_eq!(e.message, "invalid YAML: duplicate key `k`");
        assert_eq!(
            (e.pointer.as_str(), e.line, e.column),
            ("/info/x/0/k", 3, 14)
        );
    }

    #[test]
    fn tabs_in_yaml_indentation_are_errors() {
        let e = parse("info:\n\ttitle: a\n", Format::Yaml).unwrap_err();
        assert_eq!(
            e.message,
            "invalid YAML: a tab cannot indent YAML; use spaces"
        );
        assert_eq!((e.line, e.column), (2, 1));
    }

    #[test]
    fn versions() {
        assert_eq!(
            version(&json!({"openapi": "3.0.3"})),
            Ok(InputVersion::OpenApi30)
        );
        assert_eq!(
            version(&json!({"openapi": 3.0})),
            Ok(InputVersion::OpenApi30)
        );
        assert_eq!(
            version(&json!({"openapi": "3.1.0"})),
            Ok(InputVersion::OpenApi31)
        );
        assert_eq!(
            version(&json!({"swagger": "2.0"})),
            Ok(InputVersion::Swagger2)
        );
        assert_eq!(
            version(&json!({"openapi": "4.0.0"})),
            Err((
                "/openapi".into(),
                "unsupported OpenAPI version 4.0.0; apiforge reads Swagger 2.0, OpenAPI 3.0 and 3.1".into()
            ))
        );
        assert_eq!(
            version(&json!({"openapi": "3.01"})).unwrap_err().0,
            "/openapi"
        );
        assert_eq!(
            version(&json!({"swagger": "1.2"})).unwrap_err().0,
            "/swagger"
        );
        assert_eq!(version(&json!({"info": {}})).unwrap_err().0, "/openapi");
        assert_eq!(version(&Value::Null).unwrap_err().0, "");
    }
}
