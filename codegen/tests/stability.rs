//! Name stability: an additive spec change never renames an existing Rust item. Names are
//! compared by where their item is in the spec (JSON pointer), between an old spec and a newer one.

mod common;

use apiforge_codegen::ir::{Api, TypeKind};
use apiforge_codegen::{resolve_file, resolve_str, Settings};
use std::collections::BTreeMap;

/// Every Rust name of an API, keyed by the spec place of its item.
fn names(api: &Api) -> BTreeMap<String, String> {
    let mut names = BTreeMap::new();
    let mut add = |key: String, name: &str| {
        // Two types can stand at one place (a struct and the union beside its properties).
        names
            .entry(key)
            .and_modify(|n: &mut String| {
                n.push(' ');
                n.push_str(name)
            })
            .or_insert_with(|| name.to_string());
    };
    for def in &api.types {
        add(format!("type {}", def.pointer), &def.name);
        if let TypeKind::Enum(e) = &def.kind {
            for v in &e.variants {
                add(format!("variant {} = {}", def.pointer, v.value), &v.name);
            }
        }
    }
    for op in &api.operations {
        for call in &op.calls {
            let media = call.body.as_ref().map_or("", |b| &b.media_type);
            add(format!("method {} {media}", op.pointer), &call.method_name);
            add(
                format!("with_response {} {media}", op.pointer),
                &call.with_response_name,
            );
        }
        add(format!("error {}", op.pointer), &op.responses.error_enum);
        if let Some(success) = &op.responses.success_enum {
            add(format!("success {}", op.pointer), success);
        }
    }
    for scheme in &api.security_schemes {
        add(format!("setter {}", scheme.pointer), &scheme.setter);
        add(format!("constant {}", scheme.pointer), &scheme.constant);
    }
    names
}

/// The items present in both whose names differ, and how many items both have.
fn renamed(old: &Api, new: &Api) -> (Vec<String>, usize) {
    let (old, new) = (names(old), names(new));
    let mut both = 0;
    let mut changed = Vec::new();
    for (key, name) in &old {
        if let Some(other) = new.get(key) {
            both += 1;
            if other != name {
                changed.push(format!("{key}: {name} → {other}"));
            }
        }
    }
    (changed, both)
}

#[test]
fn upstream_kratos_upgrade_renames_nothing() {
    let (Some(old), Some(new)) = (
        common::shared_file("specs/kratos-v0.9.0-alpha.3.json"),
        common::shared_file("specs/kratos-v0.10.1.json"),
    ) else {
        return;
    };
    let settings = Settings::default();
    let (old, _) = resolve_file(&old, &settings).expect("0.9.0-alpha.3 resolves");
    let (new, _) = resolve_file(&new, &settings).expect("0.10.1 resolves");
    let (changed, both) = renamed(&old, &new);
    assert!(both > 250, "only {both} items in both");
    eprintln!(
        "{both} named items in both versions, {} renamed",
        changed.len()
    );
    assert!(changed.is_empty(), "renamed: {changed:#?}");
}

const BASE: &str = r##"
openapi: 3.0.3
info: {title: base, version: "1"}
paths:
  /pets/{id}:
    get:
      operationId: getPet
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {type: object, properties: {tag: {type: object, properties: {x: {type: string}}}}}}}
        "404": {description: missing, content: {application/json: {schema: {type: object, properties: {why: {type: string}}}}}}
      security: [{api_key: []}]
  /pets/{id}/photo:
    get:
      operationId: getPhoto
      parameters: [{name: id, in: path, required: true, schema: {type: string}}]
      responses:
        "200":
          description: ok
          content: {application/json: {schema: {oneOf: [{title: jpeg, type: object, properties: {j: {type: string}}}, {title: png, type: object, properties: {p: {type: string}}}]}}}
  /pets:
    post:
      operationId: get_pet_200
      security: [{api_key: []}, {api-key: []}]
      requestBody:
        content:
          application/json: {schema: {$ref: "#/components/schemas/FooBar"}}
          application/x-www-form-urlencoded: {schema: {$ref: "#/components/schemas/FooBar"}}
      responses: {"204": {description: ok}}
components:
  securitySchemes:
    api_key: {type: apiKey, in: header, name: X-Key}
  schemas:
    FooBar:
      type: object
      properties:
        kind: {type: string, enum: [small, large]}
        inner: {type: object, properties: {y: {type: integer}}}
"##;

/// Additions placed before existing items: unrelated ones, and ones that want a name an existing
/// item holds more strongly (it is spelled, or belongs to a spelled item).
const ADDITIONS: &[(&str, &str)] = &[
    // A new path first, with an operation and inline types of its own.
    (
        "paths:\n",
        "paths:\n  /a/owners/{id}:\n    get:\n      operationId: getOwner\n      parameters: [{name: id, in: path, required: true, schema: {type: string}}]\n      responses:\n        \"200\": {description: ok, content: {application/json: {schema: {type: object, properties: {n: {type: string}}}}}}\n",
    ),
    // A new operation first whose id converts to the spelled `get_pet_200`: its method, error enum
    // and inline types want the existing operation's names.
    (
        "paths:\n",
        "paths:\n  /a/pets:\n    post:\n      operationId: getPet200\n      responses:\n        \"200\": {description: ok, content: {application/json: {schema: {type: object, properties: {m: {type: string}}}}}}\n",
    ),
    // New schemas first: one converts to the spelled `FooBar`, one is unrelated.
    (
        "  schemas:\n",
        "  schemas:\n    foo_bar: {type: object, properties: {z: {type: string}}}\n    AFooBarInner: {type: object}\n",
    ),
    // New enum values before the existing ones, one converting to an existing variant's name.
    ("enum: [small, large]", "enum: [tiny, \"small!\", small, large]"),
    // A new scheme first whose setter and constant want the spelled `api_key`'s.
    (
        "  securitySchemes:\n",
        "  securitySchemes:\n    api-key: {type: apiKey, in: query, name: k}\n",
    ),
];

/// A new union member before the existing ones: their places (`oneOf/0`, ...) move, their names,
/// taken from their titles, stay.
const MEMBER: (&str, &str) = (
    "oneOf: [",
    "oneOf: [{title: first, type: object, properties: {f: {type: string}}}, ",
);

#[test]
fn additions_before_existing_items_rename_nothing() {
    let settings = Settings::default();
    let (base, _) = resolve_str("base.yaml", BASE, &settings).expect("the base resolves");
    let mut grown = BASE.to_string();
    for (anchor, replacement) in ADDITIONS {
        assert!(grown.contains(anchor), "{anchor}");
        grown = grown.replacen(anchor, replacement, 1);
        let (new, _) = resolve_str("grown.yaml", &grown, &settings)
            .unwrap_or_else(|f| panic!("after adding {replacement:?}: {f}"));
        let (changed, both) = renamed(&base, &new);
        assert_eq!(both, names(&base).len(), "an item of the base went missing");
        assert!(
            changed.is_empty(),
            "after adding {replacement:?}: {changed:#?}"
        );
    }
    let (anchor, member) = MEMBER;
    let moved = BASE.replacen(anchor, member, 1);
    let (new, _) = resolve_str("moved.yaml", &moved, &settings).expect("resolves");
    let kept: Vec<String> = names(&new).into_values().collect();
    let lost: Vec<String> = names(&base)
        .into_values()
        .filter(|name| !kept.contains(name))
        .collect();
    assert!(lost.is_empty(), "names lost: {lost:?}");
}
