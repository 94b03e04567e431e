//! allOf merges into real structs however its members are reached: `$ref`s to non-component
//! places, nested allOf, chains of allOf over objects, cycles; and the merged struct has one map
//! of other properties.

use apiforge_codegen::ir::{Api, Presence, Struct, TypeKind};
use apiforge_codegen::{generate_str, resolve_str, Settings};
use serde_json::{json, Value};

fn resolved(schemas: Value, paths: Value) -> Api {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    let text = serde_json::to_string(&doc).expect("JSON");
    let (api, warnings) =
        resolve_str("spec.json", &text, &Settings::default()).unwrap_or_else(|f| panic!("{f}"));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(api.fallbacks, 0);
    api
}

fn object(api: &Api, name: &str) -> Struct {
    let def = api.types.iter().find(|t| t.name == name);
    match def.map(|d| &d.kind) {
        Some(TypeKind::Struct(s)) => s.clone(),
        other => panic!("{name} is not a struct: {other:#?}"),
    }
}

/// The wire names of a struct's fields, in order.
fn wire_names(s: &Struct) -> Vec<&str> {
    s.fields.iter().map(|f| f.wire_name.as_str()).collect()
}

fn prop(name: &str, ty: &str) -> Value {
    json!({"type": "object", "properties": {name: {"type": ty}}})
}

#[test]
fn members_reached_through_pointers_into_other_schemas_and_paths_merge() {
    let schemas = json!({
        "Base": {"allOf": [
            {"type": "object", "required": ["id"], "properties": {"id": {"type": "string"}}},
            prop("size", "integer"),
        ]},
        "Derived": {"allOf": [
            {"$ref": "#/components/schemas/Base/allOf/0"},
            {"$ref": "#/components/schemas/Base/allOf/1"},
            {"$ref": "#/paths/~1things/get/responses/200/content/application~1json/schema"},
            prop("own", "boolean"),
        ]},
    });
    let paths = json!({"/things": {"get": {"responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": prop("fromPath", "number")}},
    }}}}});
    let api = resolved(schemas, paths);
    let derived = object(&api, "Derived");
    assert_eq!(wire_names(&derived), ["id", "size", "fromPath", "own"]);
    assert_eq!(derived.fields[0].presence, Presence::Required);
    assert_eq!(derived.fields[1].presence, Presence::Optional);
}

#[test]
fn nested_allof_merges_in_document_order() {
    let schemas = json!({
        "Base": prop("id", "string"),
        "Nested": {"allOf": [
            {"allOf": [{"allOf": [{"$ref": "#/components/schemas/Base"}]}, prop("x", "integer")]},
            prop("y", "integer"),
        ]},
    });
    let api = resolved(schemas, json!({}));
    assert_eq!(wire_names(&object(&api, "Nested")), ["id", "x", "y"]);
}

#[test]
fn a_chain_of_allof_over_objects_collects_every_level() {
    const LENGTH: usize = 300;
    let mut schemas = serde_json::Map::new();
    schemas.insert("C0".into(), prop("p0", "string"));
    for i in 1..=LENGTH {
        let parent = json!({"$ref": format!("#/components/schemas/C{}", i - 1)});
        schemas.insert(
            format!("C{i}"),
            json!({"allOf": [parent, prop(&format!("p{i}"), "string")]}),
        );
    }
    let api = resolved(Value::Object(schemas), json!({}));
    let last = object(&api, &format!("C{LENGTH}"));
    let expected: Vec<String> = (0..=LENGTH).map(|i| format!("p{i}")).collect();
    assert_eq!(wire_names(&last), expected);
}

#[test]
fn allof_members_that_include_each_other_merge_once() {
    let schemas = json!({
        "A": {"allOf": [{"$ref": "#/components/schemas/B"}, prop("a", "string")]},
        "B": {"allOf": [{"$ref": "#/components/schemas/A"}, prop("b", "string")]},
    });
    let api = resolved(schemas, json!({}));
    for name in ["A", "B"] {
        let merged = object(&api, name);
        let mut fields = wire_names(&merged);
        fields.sort();
        assert_eq!(fields, ["a", "b"], "{name}");
    }
}

#[test]
fn maps_of_other_properties_merge_into_one_map_beside_flattened_unions() {
    let with_map = |name: &str, ty: &str| json!({"type": "object", "properties": {name: {"type": "string"}}, "additionalProperties": {"type": ty}});
    let schemas = json!({
        "Cat": prop("meow", "string"),
        "Dog": prop("bark", "string"),
        // A union whose flattened field would be called `additional_properties`.
        "AdditionalProperties": {"oneOf": [
            {"$ref": "#/components/schemas/Cat"},
            {"$ref": "#/components/schemas/Dog"},
        ]},
        "Merged": {"allOf": [
            with_map("a", "string"),
            with_map("b", "string"),
            {"$ref": "#/components/schemas/AdditionalProperties"},
        ]},
    });
    let paths = json!({"/m": {"get": {"operationId": "getMerged", "responses": {"200": {
        "description": "ok",
        "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Merged"}}},
    }}}}});
    let api = resolved(schemas.clone(), paths.clone());
    let merged = object(&api, "Merged");
    let additional = merged
        .additional
        .as_ref()
        .expect("one map of other properties");
    let mut names: Vec<&str> = merged.fields.iter().map(|f| f.name.as_str()).collect();
    names.push(&additional.name);
    let mut unique = names.clone();
    unique.sort();
    unique.dedup();
    assert_eq!(unique.len(), names.len(), "field names repeat: {names:?}");

    let doc = json!({"openapi": "3.0.3", "info": {"title": "T", "version": "1"}, "paths": paths, "components": {"schemas": schemas}});
    let generated = generate_str("spec.json", &doc.to_string(), &Settings::default())
        .unwrap_or_else(|f| panic!("{f}"));
    let code = generated.to_formatted_string().expect("the client parses");
    let merged_struct = code
        .split("pub struct Merged {")
        .nth(1)
        .and_then(|rest| rest.split("\n}\n").next())
        .expect("struct Merged");
    for name in names {
        let declared = format!("pub {name}:");
        assert_eq!(
            merged_struct.matches(&declared).count(),
            1,
            "{merged_struct}"
        );
    }
}
