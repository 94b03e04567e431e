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

/// The code that reads the property `wire` in the generated visitor: its match arm.
fn reader_of(code: &str, wire: &str) -> String {
    let at = code
        .find(&format!("\"{wire}\" =>"))
        .unwrap_or_else(|| panic!("no arm for {wire} in\n{code}"));
    let arm = &code[at..];
    let end = arm.find('}').expect("the arm ends");
    arm[..end].split_whitespace().collect::<Vec<_>>().join(" ")
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
    for field in ["nodes", "direct", "checks", "identifiers"] {
        let reader = reader_of(&code, field);
        assert!(reader.contains("de::field_or_empty("), "{field}: {reader}");
    }
    // `nullable: true` keeps `null` apart from empty; scalars are untouched.
    for field in ["maybe", "name"] {
        let reader = reader_of(&code, field);
        assert!(reader.contains("de::field("), "{field}: {reader}");
    }
}

#[test]
fn strict_nulls_keeps_plain_decoding() {
    let code = generate(&Settings::builder().strict_nulls(true).build());
    assert!(!code.contains("field_or_empty"), "{code}");
    assert!(!code.contains("null_as_empty"), "{code}");
}

#[test]
fn a_struct_with_such_fields_remembers_which_arrived_as_null() {
    let code = generate(&Settings::default());
    // One bit per list or map field, in declaration order; encoding asks for each.
    assert!(code.contains("pub sent_as_null: apiforge_runtime::null_as_empty::SentAsNull<1>"));
    for (index, field) in ["nodes", "direct", "checks", "identifiers"]
        .iter()
        .enumerate()
    {
        let reader = reader_of(&code, field);
        assert!(
            reader.ends_with(&format!("&mut __sent_as_null, {index}, )?")),
            "{reader}"
        );
    }
    assert!(code.contains("impl __serde::Serialize for Flow"));
}

#[test]
fn the_marker_takes_a_name_no_property_has() {
    let spec = SPEC.replace("name: {type: string}", "sent_as_null: {type: string}");
    let code = generate_str("lists.yaml", &spec, &Settings::default())
        .unwrap_or_else(|f| panic!("{f}"))
        .to_formatted_string()
        .expect("parses");
    assert!(code.contains("pub sent_as_null: Option<String>"), "{code}");
    assert!(code.contains("pub sent_as_null_: apiforge_runtime::null_as_empty::SentAsNull<1>"));
}
