//! Loading end to end: formats, versions, errors with locations, and the shared spec corpus.

use std::path::{Path, PathBuf};

use super::*;

/// Loads `text`; the spec (if any) and every diagnostic with its location.
fn load_text(file: &str, text: &str) -> (Option<Spec>, Vec<Diagnostic>) {
    load(file, text.to_owned())
}

fn at(d: &Diagnostic) -> (usize, usize) {
    let loc = d
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("no location: {d}"));
    (loc.line, loc.column)
}

const MINIMAL_YAML: &str = "\
openapi: 3.0.3
info:
  title: Pets
  version: '1'
paths:
  /pets:
    get:
      responses:
        200:
          description: ok
";

const MINIMAL_JSON: &str = r#"{
  "openapi": "3.0.3",
  "info": {"title": "Pets", "version": "1"},
  "paths": {"/pets": {"get": {"responses": {"200": {"description": "ok"}}}}}
}"#;

#[test]
fn a_minimal_document_loads_from_yaml_and_json() {
    for (file, text) in [("pets.yaml", MINIMAL_YAML), ("pets.json", MINIMAL_JSON)] {
        let (spec, found) = load_text(file, text);
        assert!(found.is_empty(), "{found:?}");
        let spec = spec.unwrap();
        assert_eq!(spec.input, InputVersion::OpenApi30);
        assert_eq!(spec.file, file);
        assert_eq!(spec.document.info.title, "Pets");
        assert_eq!(
            spec.raw["paths"]["/pets"]["get"]["responses"]["200"]["description"],
            "ok"
        );
        assert_eq!(spec.document.operations().count(), 1);
    }
}

#[test]
fn the_public_entry_points_report_into_the_sink() {
    let mut diags = Diagnostics::default();
    assert!(load_str("pets.yaml", MINIMAL_YAML, &[], &mut diags).is_some());
    assert!(diags.items().is_empty());
    assert!(load_str("bad.json", "{", &[], &mut diags).is_none());
    assert!(diags.has_errors());
    assert_eq!(at(&diags.items()[0]), (1, 1));
}

#[test]
fn truncated_json_is_an_error_with_line_and_column() {
    let (spec, found) = load_text(
        "t.json",
        "{\n  \"openapi\": \"3.0.3\",\n  \"info\": {\"title\": ",
    );
    assert!(spec.is_none());
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Error);
    assert_eq!(found[0].pointer, "");
    assert!(
        found[0]
            .message
            .starts_with("invalid JSON: EOF while parsing"),
        "{}",
        found[0].message
    );
    assert_eq!(at(&found[0]), (3, 20));
    assert_eq!(found[0].location.as_ref().unwrap().file, "t.json");
}

#[test]
fn bad_yaml_is_an_error_with_its_line() {
    let (spec, found) = load_text(
        "b.yaml",
        "openapi: 3.0.3\ninfo:\n  title: [unclosed\n  version: 1\n",
    );
    assert!(spec.is_none());
    assert!(
        found[0].message.starts_with("invalid YAML: "),
        "{}",
        found[0].message
    );
    assert!(at(&found[0]).0 >= 3, "{:?}", found[0]);
}

#[test]
fn an_unsupported_version_names_what_is_supported() {
    let (spec, found) = load_text("v.yaml", "info: {title: t}\nopenapi: 4.0.0\n");
    assert!(spec.is_none());
    assert_eq!(found[0].pointer, "/openapi");
    assert_eq!(
        found[0].message,
        "unsupported OpenAPI version 4.0.0; apiforge reads Swagger 2.0, OpenAPI 3.0 and 3.1"
    );
    assert_eq!(at(&found[0]), (2, 1));
}

/// An operation that does not fit the model is left out with a warning; the rest loads.
#[test]
fn a_deep_type_error_has_its_pointer_and_position() {
    let text = "\
openapi: 3.0.3
info: {title: t, version: '1'}
paths:
  /x:
    get:
      summary: s
      responses: [200]
";
    let (spec, found) = load_text("deep.yaml", text);
    let spec = spec.expect("the rest of the document loads");
    assert!(spec.document.paths.paths["/x"]
        .as_item()
        .is_some_and(|item| item.get.is_none()));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].pointer, "/paths/~1x/get/responses");
    let message = &found[0].message;
    assert!(message.contains("invalid type"), "{message}");
    assert!(message.contains("the operation is skipped"), "{message}");
    assert_eq!(at(&found[0]), (7, 7));
}

#[test]
fn a_missing_required_field_points_at_its_object() {
    let text = r#"{"openapi": "3.0.3", "info": {"title": "t", "version": "1"},
 "paths": {"/x": {"get": {"responses": {"200": {"content": {}}}}}}}"#;
    let (_, found) = load_text("m.json", text);
    assert_eq!(found[0].pointer, "/paths/~1x/get/responses/200");
    assert!(found[0].message.contains("(missing field `description`)"));
    assert_eq!(at(&found[0]), (2, 41));
}

#[test]
fn files_that_cannot_be_read() {
    let mut diags = Diagnostics::default();
    assert!(load_file(Path::new("/no/such/spec.yaml"), &[], &mut diags).is_none());
    let found = diags.into_vec();
    assert_eq!(found[0].pointer, "");
    assert!(
        found[0]
            .message
            .starts_with("cannot read /no/such/spec.yaml"),
        "{}",
        found[0].message
    );

    let dir = std::env::temp_dir().join(format!("apiforge-load-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let path = dir.join("latin1.yaml");
    std::fs::write(&path, b"openapi: 3.0.3\ninfo: {title: caf\xe9}\n").unwrap();
    let error = read(&path, "latin1.yaml").err().unwrap();
    assert!(
        error.message.starts_with("latin1.yaml is not UTF-8"),
        "{}",
        error.message
    );
    assert_eq!(at(&error), (2, 18));
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn webhooks_are_dropped_with_a_located_warning() {
    let text = "openapi: 3.1.0\ninfo: {title: t, version: '1'}\nwebhooks:\n  ping: {}\n";
    let (spec, found) = load_text("w.yaml", text);
    let spec = spec.unwrap();
    assert_eq!(spec.input, InputVersion::OpenApi31);
    assert_eq!(spec.raw["openapi"], "3.0.3");
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].severity, Severity::Warning);
    assert_eq!(found[0].message, "webhooks are not generated (1)");
    assert_eq!(at(&found[0]), (3, 1));
}

#[test]
fn lowered_pointers_map_back_to_the_swagger2_text() {
    let text = "\
swagger: '2.0'
info: {title: t, version: '1'}
paths:
  /pets:
    post:
      parameters:
        - name: verbose
          in: query
          type: boolean
        - name: pet
          in: body
          schema:
            $ref: '#/definitions/Pet'
        - name: trace
          in: header
          type: string
      responses:
        200:
          description: ok
          schema:
            type: array
            items: {$ref: '#/definitions/Pet'}
definitions:
  Pet:
    properties:
      name: {type: string}
";
    let (spec, found) = load_text("pets2.yaml", text);
    assert!(found.is_empty(), "{found:?}");
    let spec = spec.unwrap();
    assert_eq!(spec.input, InputVersion::Swagger2);
    let line = |pointer: &str| spec.locate(pointer).map(|l| (l.line, l.column));
    assert_eq!(
        line("/components/schemas/Pet/properties/name"),
        Some((26, 7))
    );
    assert_eq!(line("/paths/~1pets/post/requestBody"), Some((10, 11)));
    assert_eq!(
        line("/paths/~1pets/post/requestBody/content/application~1json/schema"),
        Some((12, 11))
    );
    assert_eq!(line("/paths/~1pets/post/parameters/1"), Some((14, 11)));
    assert_eq!(
        line("/paths/~1pets/post/parameters/1/schema/type"),
        Some((16, 11))
    );
    assert_eq!(
        line("/paths/~1pets/post/responses/200/content/application~1json/schema/items"),
        Some((22, 13))
    );
    // Nodes that lowering made up fall back to their nearest ancestor in the text.
    assert_eq!(line("/servers/0"), Some((1, 1)));

    let mut diags = vec![Diagnostic {
        severity: Severity::Warning,
        pointer: "/components/schemas/Pet".into(),
        message: "m".into(),
        location: None,
        related: None,
    }];
    spec.attach_locations(&mut diags);
    assert_eq!(at(&diags[0]), (24, 3));
}

/// Where the shared specs live: `../shared/specs` from the workspace root.
pub(super) fn shared_specs() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared/specs")
}

#[test]
fn every_shared_spec_loads_without_errors() {
    let root = shared_specs();
    if !root.is_dir() {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "{} is missing",
            root.display()
        );
        eprintln!("skipped: {} is missing", root.display());
        return;
    }
    let mut files: Vec<PathBuf> = [root.clone(), root.join("corpus")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|entry| entry.unwrap().path())
        .filter(|p| {
            p.extension()
                .is_some_and(|e| e == "json" || e == "yaml" || e == "yml")
        })
        .collect();
    files.sort();
    assert!(
        files.len() >= 15,
        "only {} specs under {}",
        files.len(),
        root.display()
    );
    let mut failures = Vec::new();
    for path in &files {
        let started = std::time::Instant::now();
        let mut diags = Diagnostics::default();
        let spec = load_file(path, &[], &mut diags);
        let elapsed = started.elapsed();
        let mut found = diags.into_vec();
        if let Some(spec) = &spec {
            spec.attach_locations(&mut found);
        }
        let name = path.file_name().unwrap_or_default().to_string_lossy();
        eprintln!(
            "{name}: {:?} in {elapsed:.2?}, {} diagnostics",
            spec.as_ref().map(|s| s.input),
            found.len()
        );
        for d in &found {
            eprintln!("  {d}");
        }
        if spec.is_none() || found.iter().any(|d| d.severity == Severity::Error) {
            failures.push(name.into_owned());
        }
    }
    assert!(failures.is_empty(), "failed to load: {failures:?}");
}

#[test]
fn odd_inputs_are_reported_not_panicked_on() {
    let deep_json = format!("{}{}", "[".repeat(5000), "]".repeat(5000));
    let deep_yaml = format!("a:\n{}x\n", "- ".repeat(3000));
    let texts = [
        "",
        "[]",
        "null",
        "42",
        "---\n---\n",
        "{}",
        "openapi: 3.1.0",
        "a: &a [*a]",
        "info:\n\ttitle: a\n",
        "info:\n  title: a\n  title: b\n",
        "{\"a\": 1, \"a\": 2}",
        deep_json.as_str(),
        deep_yaml.as_str(),
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\npaths: 5",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: []",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: []}",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: 5}}",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {type: [1, null, 'null']}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {anyOf: 5, oneOf: [5, {type: 'null'}]}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {properties: [], items: [[], 5]}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {$ref: 5, x: 1, exclusiveMinimum: a}}}",
        "openapi: 3.1.0\ninfo: {title: t, version: '1'}\ncomponents: {schemas: {A: {const: null, examples: [], $recursiveRef: 5}}}",
        "openapi: 3.0.0\ninfo: {title: t, version: '1'}\npaths: {/a: {get: {responses: {200: {description: d, content: {a/b: {schema: {type: [string, array]}}}}}}}}",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: 5, /b: {get: 5}, /c: {get: {parameters: 5}}}",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {/a: {parameters: [5, {in: body}, {in: formData}], get: {parameters: [{$ref: 5}, {$ref: '#/parameters/nope'}, {in: formData, type: array, collectionFormat: 7}], responses: {200: 5}}}}",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nsecurityDefinitions: {a: 5, b: {type: oauth2}, c: {type: oauth2, flow: magic}}",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\ndefinitions: 5\nparameters: 5\nresponses: 5\nhost: 5\nschemes: http\nconsumes: 5",
        "swagger: '2.0'\ninfo: {title: t, version: '1'}\npaths: {}\nparameters: {a: 5, b: {in: body}, c: {in: query, type: array, items: 5}}\nresponses: {r: {schema: 5, headers: 5, examples: 5}}",
    ];
    for text in texts {
        let (spec, found) = load_text("odd.yaml", text);

        let has_error = found.iter().any(|d| d.severity == Severity::Error);
        assert_eq!(spec.is_none(), has_error, "{text:?}: {found:?}");
    }
}
