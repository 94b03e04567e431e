//! Arrays and maps the spec does not mark nullable read Go's `null` as empty, unless the
//! `strict_nulls` setting asks for strict decoding; nullable ones keep `null`.

use apiforge_codegen::{generate_str, Settings};

const SPEC: &str = r#"
openapi: 3.0.3
info: {title: lists, version: "1"}
paths: {}
components:
  schemas:
    Nodes:
      type: array
      items: {type: string}
    Flow:
      type: object
      required: [nodes, direct, checks]
      properties:
        nodes: {$ref: '#/components/schemas/Nodes'}
        direct: {type: array, items: {type: integer}}
        checks: {type: object, additionalProperties: {type: string}}
        identifiers: {type: array, items: {type: string}}
        maybe: {type: array, items: {type: string}, nullable: true}
        name: {type: string}
"#;

/// The attributes right above `pub <field>:` in the generated code.
fn attributes_of(code: &str, field: &str) -> String {
    let at = code
        .find(&format!("pub {field}:"))
        .unwrap_or_else(|| panic!("no field {field} in\n{code}"));
    let before = &code[..at];
    // From the end of the previous declaration (the struct's or a field's line).
    let previous = before.rfind("pub ").expect("the struct");
    let start = previous + before[previous..].find('\n').expect("a line");
    before[start..]
        .split_whitespace()
        .collect::<Vec<_>>()
        .join(" ")
}

fn generate(settings: &Settings) -> String {
    generate_str("lists.yaml", SPEC, settings)
        .unwrap_or_else(|f| panic!("{f}"))
        .to_formatted_string()
        .expect("parses")
}

#[test]
fn null_lists_and_maps_read_as_empty_by_default() {
    let code = generate(&Settings::default());
    for field in ["nodes", "direct", "checks"] {
        assert!(
            attributes_of(&code, field)
                .contains(r#"deserialize_with = "apiforge_runtime::null_as_empty::deserialize")"#),
            "{field}: {}",
            attributes_of(&code, field)
        );
    }
    assert!(attributes_of(&code, "identifiers")
        .contains(r#"deserialize_with = "apiforge_runtime::null_as_empty::deserialize_optional""#));
    // `nullable: true` keeps `null` apart from empty; scalars are untouched.
    for field in ["maybe", "name"] {
        assert!(
            !attributes_of(&code, field).contains("null_as_empty"),
            "{field}: {}",
            attributes_of(&code, field)
        );
    }
}

#[test]
fn strict_nulls_keeps_plain_decoding() {
    let code = generate(&Settings::builder().strict_nulls(true).build());
    assert!(!code.contains("null_as_empty"), "{code}");
}
