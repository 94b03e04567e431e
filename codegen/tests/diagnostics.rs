//! Malformed input gives a clear error that names the JSON pointer and line:column, never a
//! panic; and no prefix or mutation of a real spec makes the generator panic.

mod common;

use apiforge_codegen::{generate_str, resolve_str, Diagnostic, Settings, Severity};

/// The errors of a spec that must not resolve.
fn errors(file: &str, text: &str) -> Vec<Diagnostic> {
    let failure = resolve_str(file, text, &Settings::default())
        .err()
        .unwrap_or_else(|| panic!("{file} resolved, but it is malformed"));
    let errors: Vec<Diagnostic> = failure
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert!(!errors.is_empty(), "{file}: a failure without errors");
    errors
}

/// Asserts one error with this message fragment, pointer and `line:column` in `file`.
fn assert_error(file: &str, text: &str, message: &str, pointer: &str, line: usize, column: usize) {
    assert_located(&errors(file, text), file, message, pointer, (line, column));
}

/// Asserts that `file` resolves with a warning with this message fragment, pointer and
/// `line:column`, and that strict settings turn that warning into an error.
fn assert_warning(
    file: &str,
    text: &str,
    message: &str,
    pointer: &str,
    line: usize,
    column: usize,
) {
    let (_, warnings) = resolve_str(file, text, &Settings::default())
        .unwrap_or_else(|failure| panic!("{file} did not resolve: {failure}"));
    assert_located(&warnings, file, message, pointer, (line, column));
    let strict = Settings::builder().strict(true).build();
    let failure = resolve_str(file, text, &strict).expect_err("strict settings refuse warnings");
    let errors: Vec<Diagnostic> = failure
        .diagnostics
        .into_iter()
        .filter(|d| d.severity == Severity::Error)
        .collect();
    assert_located(&errors, file, message, pointer, (line, column));
}

/// Asserts one of `found` has this message fragment, pointer and `line:column` in `file`.
fn assert_located(
    found: &[Diagnostic],
    file: &str,
    message: &str,
    pointer: &str,
    (line, column): (usize, usize),
) {
    let Some(d) = found.iter().find(|d| d.message.contains(message)) else {
        panic!("{file}: nothing mentions {message:?}: {found:#?}");
    };
    assert_at(d, file, pointer, line, column);
}

/// Asserts that `d` is at `pointer` and `line:column` in `file`, and says so when printed.
fn assert_at(d: &Diagnostic, file: &str, pointer: &str, line: usize, column: usize) {
    assert_eq!(d.pointer, pointer, "{file}: pointer of {d}");
    let location = d
        .location
        .as_ref()
        .unwrap_or_else(|| panic!("{file}: no location for {d}"));
    assert_eq!(location.file, file);
    assert_eq!(
        (location.line, location.column),
        (line, column),
        "{file}: line:column of {d}"
    );
    // The rendered form says all three, as `apiforge check` prints it.
    let shown = d.to_string();
    assert!(
        shown.contains(&format!("{file}:{line}:{column}")),
        "{shown}"
    );
    assert!(shown.contains(&format!("(#{pointer})")), "{shown}");
}

#[test]
fn truncated_json() {
    let text = "{\"openapi\": \"3.0.3\", \"info\": {\"title\": \"T\", \"version\": \"1\"},\n\
                \"paths\": {\"/a\": {\"get\": {\"responses\": {\"200\": {\"description\": \"ok\"\n";
    assert_error(
        "trunc.json",
        text,
        "invalid JSON: EOF while parsing",
        "",
        3,
        1,
    );
}

#[test]
fn bad_yaml() {
    let text =
        "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths:\n  /a:\n    get:\n      \
                responses:\n        \"200\": [unclosed\n";
    assert_error("bad.yaml", text, "invalid YAML", "", 10, 1);
}

#[test]
fn ref_to_nothing() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths:\n  /a:\n    get:\n      \
                responses:\n        \"200\":\n          description: ok\n          content:\n            \
                application/json:\n              schema:\n                \
                $ref: \"#/components/schemas/Missing\"\n";
    assert_warning(
        "ref.yaml",
        text,
        "$ref `#/components/schemas/Missing` points to nothing",
        "/paths/~1a/get/responses/200/content/application~1json/schema",
        13,
        15,
    );
}

#[test]
fn path_template_names_an_undeclared_parameter() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths:\n  /things/{id}:\n    \
                get:\n      responses:\n        \"204\":\n          description: ok\n";
    assert_warning(
        "path.yaml",
        text,
        "names `{id}` but the operation declares no such path parameter; the operation is skipped",
        "/paths/~1things~1{id}/get",
        7,
        5,
    );
}

#[test]
fn schema_that_is_only_a_cycle_of_references() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\ncomponents:\n  \
                schemas:\n    A:\n      $ref: \"#/components/schemas/B\"\n    B:\n      \
                $ref: \"#/components/schemas/A\"\n";
    assert_warning(
        "cycle.yaml",
        text,
        "leads back to a schema that is only references to itself",
        "/components/schemas/A",
        8,
        5,
    );
}

#[test]
fn swagger2_ref_to_nothing_points_into_the_original_file() {
    let text = r##"{
  "swagger": "2.0",
  "info": {"title": "T", "version": "1"},
  "paths": {
    "/a": {
      "get": {
        "responses": {
          "200": {"description": "ok", "schema": {"$ref": "#/definitions/Missing"}}
        }
      }
    }
  }
}
"##;
    let (_, warnings) = resolve_str("s2.json", text, &Settings::default()).expect("resolves");
    let d = warnings
        .iter()
        .find(|d| d.message.contains("points to nothing"))
        .unwrap_or_else(|| panic!("{warnings:#?}"));
    let location = d.location.as_ref().expect("a location");
    assert_eq!(location.line, 8, "{d}");
}

/// Every prefix (at many cut points) and a few byte mutations of real specs: `generate_str`
/// returns, never panics.
#[test]
fn truncated_and_mutated_specs_never_panic() {
    let mut specs = vec![(
        "kratos.yaml".to_string(),
        std::fs::read_to_string(common::repo_root().join("spec/kratos.yaml")).expect("kratos"),
    )];
    for name in [
        "specs/corpus/petstore-expanded-1.0.0.yaml",
        "specs/corpus/ory-keto-v25.4.0.json",
        "specs/corpus/iceberg-rest-catalog-0.0.1.yaml",
        "specs/kratos-v0.9.0-alpha.3.swagger2.json",
    ] {
        if let Some(path) = common::shared_file(name) {
            let text = std::fs::read_to_string(&path).expect("read the spec");
            specs.push((name.to_string(), text));
        }
    }
    let settings = Settings::default();
    for (name, text) in &specs {
        let cuts = 40;
        for i in 1..=cuts {
            let mut at = text.len() * i / (cuts + 1);
            while !text.is_char_boundary(at) {
                at += 1;
            }
            let prefix = &text[..at];
            let outcome =
                std::panic::catch_unwind(|| generate_str(name, prefix, &settings).is_ok());
            assert!(outcome.is_ok(), "{name} cut at byte {at} panicked");
        }
        // Mutations: a structural character swapped for another at evenly spread places.
        let bytes: Vec<(usize, char)> = text.char_indices().collect();
        for i in 1..=20 {
            let (at, _) = bytes[bytes.len() * i / 21];
            for replacement in ["{", "]", "\"", ":", "\n- ", "$ref", "~1"] {
                let mutated = format!("{}{replacement}{}", &text[..at], &text[at..]);
                let outcome =
                    std::panic::catch_unwind(|| generate_str(name, &mutated, &settings).is_ok());
                assert!(
                    outcome.is_ok(),
                    "{name} with {replacement:?} inserted at byte {at} panicked"
                );
            }
        }
    }
}

#[test]
fn required_names_an_undeclared_property() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\ncomponents:\n  \
                schemas:\n    Pet:\n      type: object\n      required:\n        - name\n        \
                - nmae\n      properties:\n        name:\n          type: string\n";
    assert_warning(
        "required.yaml",
        text,
        "`required` names `nmae`, which is not a declared property",
        "/components/schemas/Pet/required/1",
        12,
        11,
    );
}

#[test]
fn discriminator_maps_to_a_missing_schema() {
    let text = "openapi: 3.0.3\ninfo:\n  title: T\n  version: \"1\"\npaths: {}\ncomponents:\n  \
                schemas:\n    Cat:\n      type: object\n      properties:\n        kind:\n          \
                type: string\n    Pet:\n      oneOf:\n        - $ref: \"#/components/schemas/Cat\"\n      \
                discriminator:\n        propertyName: kind\n        mapping:\n          \
                cat: \"#/components/schemas/Cat\"\n          dog: \"#/components/schemas/Dog\"\n";
    assert_warning(
        "mapping.yaml",
        text,
        "maps `dog` to `#/components/schemas/Dog`, which is not a schema in this document",
        "/components/schemas/Pet/discriminator/mapping/dog",
        20,
        11,
    );
}
