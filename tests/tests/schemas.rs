//! Every named model of every Kratos spec we have decodes a document made from its schema and
//! encodes it back unchanged (up to the differences `apiforge_tests::schemas` documents).
//!
//! Documents are made from the spec's JSON schemas, not from the generated code: every property
//! present, the spec's own `example` wherever it gives one, one undeclared key in every object that
//! allows them, `null` for nullable properties, the first variant of each union (with its tag),
//! date-times with an offset and six fraction digits, and an `int64` beyond `f64` precision.

use apiforge_runtime::serde_json::{json, Map, Value};
use apiforge_tests::schemas::{equivalent, RoundTrip};
use apiforge_tests::shared::repo_root;
use std::path::Path;

/// Objects nested deeper than this get their required properties only (recursive schemas).
const MAX_DEPTH: usize = 6;

/// A spec file (YAML or JSON; both Kratos specs are OpenAPI 3.0, so the IR's pointers point into
/// the file as written).
fn spec_json(path: &Path) -> Value {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    serde_yaml::from_str(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

fn lookup<'a>(spec: &'a Value, pointer: &str) -> Option<&'a Value> {
    spec.pointer(pointer.strip_prefix('#').unwrap_or(pointer))
}

/// A document for `schema`.
fn document(spec: &Value, schema: &Value, depth: usize) -> Value {
    if let Some(target) = schema.get("$ref").and_then(Value::as_str) {
        let target = lookup(spec, target).expect("local $ref");
        return document(spec, target, depth);
    }
    if let Some(example) = schema.get("example") {
        return example.clone();
    }
    if let Some(values) = schema.get("enum").and_then(Value::as_array) {
        return values
            .iter()
            .find(|v| !v.is_null())
            .cloned()
            .unwrap_or(Value::Null);
    }
    if let Some(members) = schema.get("allOf").and_then(Value::as_array) {
        let mut merged = Map::new();
        for member in members {
            if let Value::Object(part) = document(spec, member, depth) {
                merged.extend(part);
            }
        }
        return Value::Object(merged);
    }
    let variants = schema.get("oneOf").or(schema.get("anyOf"));
    if let Some(first) = variants.and_then(Value::as_array).and_then(|v| v.first()) {
        return variant(spec, schema, first, depth);
    }
    let format = schema.get("format").and_then(Value::as_str);
    match schema.get("type").and_then(Value::as_str) {
        Some("string") => json!(match format {
            Some("date-time") => "2021-08-17T11:15:59.232288+02:00",
            Some("date") => "2021-08-17",
            Some("uuid") | Some("uuid4") => "9f425a8d-7efc-4768-8f23-7647a74fdf13",
            Some("byte") | Some("binary") => "aGVsbG8=",
            _ => "text",
        }),
        Some("integer") => match format {
            Some("int32") | Some("uint32") => json!(7),
            Some("uint64") => json!(u64::MAX),
            _ => json!(9_007_199_254_740_993_i64),
        },
        Some("number") => json!(1.5),
        Some("boolean") => json!(true),
        Some("array") => match schema.get("items") {
            Some(items) => json!([document(spec, items, depth + 1)]),
            None => json!([1, "two"]),
        },
        _ => object(spec, schema, depth),
    }
}

/// An object with its properties and, where the schema allows them, one undeclared key.
fn object(spec: &Value, schema: &Value, depth: usize) -> Value {
    let required: Vec<&str> = schema
        .get("required")
        .and_then(Value::as_array)
        .map(|r| r.iter().filter_map(Value::as_str).collect())
        .unwrap_or_default();
    let properties = schema.get("properties").and_then(Value::as_object);
    let mut doc = Map::new();
    for (name, property) in properties.into_iter().flatten() {
        if depth >= MAX_DEPTH && !required.contains(&name.as_str()) {
            continue;
        }
        let nullable = property.get("nullable").and_then(Value::as_bool) == Some(true);
        let value = if nullable && property.get("example").is_none() {
            Value::Null
        } else {
            document(spec, property, depth + 1)
        };
        doc.insert(name.clone(), value);
    }
    match schema.get("additionalProperties") {
        Some(Value::Bool(false)) => {}
        Some(Value::Object(values)) if !values.is_empty() => {
            doc.insert(
                "extra_key".into(),
                document(spec, &Value::Object(values.clone()), depth + 1),
            );
        }
        _ if properties.is_some() => {
            doc.insert("undeclared_key".into(), json!({"kept": [1, null]}));
        }
        // A free-form object.
        _ => {
            doc.insert("any".into(), json!([1, "two"]));
        }
    }
    Value::Object(doc)
}

/// The document of a union's `variant`, with its discriminator tag when the union has one.
fn variant(spec: &Value, union: &Value, variant: &Value, depth: usize) -> Value {
    let mut doc = document(spec, variant, depth);
    let Some(discriminator) = union.get("discriminator") else {
        return doc;
    };
    let property = discriminator["propertyName"]
        .as_str()
        .expect("propertyName");
    let target = variant
        .get("$ref")
        .and_then(Value::as_str)
        .unwrap_or_default();
    let mapped = discriminator
        .get("mapping")
        .and_then(Value::as_object)
        .and_then(|m| {
            m.iter()
                .find(|(_, to)| to.as_str() == Some(target))
                .map(|(tag, _)| tag.clone())
        });
    // Without a mapping entry the tag is the schema's name; a tag the variant's own schema fixes
    // (an enum) is already in the document.
    let tag = mapped.unwrap_or_else(|| target.rsplit('/').next().unwrap_or_default().to_string());
    if let Value::Object(entries) = &mut doc {
        if !entries.get(property).is_some_and(Value::is_string)
            || discriminator.get("mapping").is_some()
        {
            entries.insert(property.to_string(), json!(tag));
        }
    }
    doc
}

/// Round-trips a document for every model in `table`; asserts that all come back.
fn check_all(spec_path: &Path, table: &[(&str, RoundTrip)]) {
    let failures = failures(spec_path, table);
    assert!(
        failures.is_empty(),
        "{} of {} models of {} did not round-trip:\n{}",
        failures.len(),
        table.len(),
        spec_path.display(),
        failures.join("\n")
    );
    println!("{}: {} models round-trip", spec_path.display(), table.len());
}

/// Round-trips a document for every model in `table`; describes each one that did not come back.
fn failures(spec_path: &Path, table: &[(&str, RoundTrip)]) -> Vec<String> {
    let spec = spec_json(spec_path);
    let mut failures = Vec::new();
    for (pointer, round_trip) in table {
        let schema = lookup(&spec, pointer).unwrap_or_else(|| panic!("{pointer} is in the spec"));
        let doc = document(&spec, schema, 0);
        match round_trip(&doc) {
            Ok(encoded) if equivalent(&doc, &encoded) => {}
            Ok(encoded) => {
                failures.push(format!("{pointer}\n  sent:    {doc}\n  encoded: {encoded}"))
            }
            Err(e) => failures.push(format!("{pointer}\n  sent:    {doc}\n  {e}")),
        }
    }
    failures
}

#[test]
fn every_model_of_our_kratos_spec_round_trips() {
    check_all(
        &repo_root().join("spec/kratos.yaml"),
        apiforge_tests::schemas::KRATOS,
    );
}

#[test]
fn a_client_that_drops_undeclared_keys_fails_the_check() {
    let spec = repo_root().join("spec/kratos.yaml");
    let lean = apiforge_tests::schemas::KRATOS_LEAN;
    let failures = failures(&spec, lean);
    // Every struct that is not closed loses the undeclared key; maps, enums and aliases of
    // scalars do not.
    assert!(
        failures.len() > lean.len() / 2,
        "{} of {}",
        failures.len(),
        lean.len()
    );
    assert!(failures.iter().all(|f| f.contains("undeclared_key")));
}

#[cfg(upstream_kratos)]
#[test]
fn every_model_of_the_upstream_kratos_spec_round_trips() {
    let spec = apiforge_tests::shared::shared_file("specs/kratos-v0.9.0-alpha.3.json");
    check_all(&spec, apiforge_tests::schemas::KRATOS_UPSTREAM);
}
