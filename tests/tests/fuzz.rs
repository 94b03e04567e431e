//! Structure-aware fuzzing of the generator with proptest: random specs built from a grammar of
//! OpenAPI pieces (paths, operations, parameters, bodies, responses, schemas with `$ref`s,
//! allOf/oneOf/anyOf, enums, security schemes) named from a hostile alphabet, and random
//! mutations of real specs (`spec/kratos.yaml`, and the corpus in `../shared/specs/corpus`).
//! For every input, generation returns (no panic) and, when it produces a client, the file
//! parses (`syn::parse_file` of the formatted source).
//!
//! `APIFORGE_FUZZ_CASES` sets the number of cases of the grammar test (default [`DEFAULT_CASES`]);
//! the mutation tests, whose specs are bigger, run a fortieth (Kratos) and an eightieth (corpus)
//! of it. A long run (about ten minutes):
//!
//! ```sh
//! APIFORGE_FUZZ_CASES=80000 cargo test -p apiforge-tests --test fuzz -- --include-ignored --nocapture
//! ```
//!
//! Each test prints how many cases it ran and how long they took. A failure is shrunk by
//! proptest to a minimal spec and printed; a crash that aborts the process (a stack overflow)
//! leaves the spec it was on in `target/tmp/fuzz-last-<test>.json`.

use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU32, Ordering};
use std::sync::OnceLock;
use std::time::Instant;

use apiforge_codegen::{generate_str, Settings};
use apiforge_tests::shared::repo_root;
use proptest::prelude::*;
use proptest::test_runner::{Config, FileFailurePersistence, RngAlgorithm, TestRng, TestRunner};
use serde_json::{json, Map, Value};

/// Cases of the grammar test when `APIFORGE_FUZZ_CASES` is not set; with the mutation tests'
/// shares, about two minutes in all on 2 cores.
const DEFAULT_CASES: u32 = 8000;

/// Names that have broken generators: keywords of every class, names that cannot be raw,
/// characters outside XID, digits first, empty and symbol-only names, case and separator twins,
/// confusables, and names the generated code uses itself.
const HOSTILE_NAMES: &[&str] = &[
    "match",
    "type",
    "use",
    "fn",
    "async",
    "await",
    "dyn",
    "try",
    "gen",
    "yield",
    "box",
    "union",
    "macro_rules",
    "raw",
    "default",
    "self",
    "Self",
    "crate",
    "super",
    "_",
    "co₂",
    "x²",
    "½",
    "①",
    "٣abc",
    "１abc",
    "2fa",
    "",
    "-",
    "$",
    "@",
    "+",
    "::",
    "*/",
    "a\"b",
    "a\\b",
    "userId",
    "user_id",
    "UserId",
    "user-id",
    "pass",
    "pаss",
    "Ρerson",
    "Person",
    "request",
    "response",
    "client",
    "body",
    "url",
    "builder",
    "headers",
    "Request",
    "Response",
    "From",
    "T",
    "Option",
    "Result",
    "Default",
    "Box",
    "String",
    "Vec",
    "Some",
    "None",
    "Ok",
    "Err",
    "Client",
    "Error",
    "Value",
    "foo",
    "fooWithResponse",
    "fooForm",
    "withBearer",
    "bearer",
    "api-key",
    "api_key",
    "new",
    "clone",
    "\u{202e}rtl",
    "nul\0",
    "cr\r",
    "é",
    "e\u{301}",
    "名前",
];

/// Characters names are also built from, one by one.
const HOSTILE_CHARS: &[char] = &[
    'a', 'Z', '_', '-', ' ', '0', '9', '²', '₂', '½', '①', 'é', '\u{301}', 'а', 'ο', '名', '$',
    '.', '/', '{', '}', '~', '"', '\\', '\r', '\n', '\0', '\u{202e}', '\u{2066}',
];

/// Component schema names that `$ref`s point to; `Missing` never exists.
const SCHEMA_POOL: &[&str] = &["S0", "S1", "S2", "Missing", "self", "co₂"];

fn cases(divisor: u32) -> u32 {
    let cases = std::env::var("APIFORGE_FUZZ_CASES")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(DEFAULT_CASES);
    (cases / divisor).max(1)
}

/// A runner over `cases` cases. CI's bounded run uses a fixed seed, so it is reproducible; set
/// `APIFORGE_FUZZ_SEED` (a number) to explore other inputs in a long run.
fn runner(cases: u32) -> TestRunner {
    let seed: u64 = std::env::var("APIFORGE_FUZZ_SEED")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(0);
    let mut bytes = [0u8; 32];
    bytes[..8].copy_from_slice(&seed.to_le_bytes());
    let rng = TestRng::from_seed(RngAlgorithm::ChaCha, &bytes);
    let config = Config {
        cases,
        // Failures are printed with their shrunk input; nothing is written into the checkout.
        failure_persistence: Some(Box::new(FileFailurePersistence::Off)),
        // Shrinking a mutated real spec can take long; a bounded shrink still names the case.
        max_shrink_time: 60_000,
        ..Config::default()
    };
    TestRunner::new_with_rng(config, rng)
}

/// A name from the hostile alphabet: a listed name, or characters strung together.
fn name() -> impl Strategy<Value = String> {
    prop_oneof![
        3 => proptest::sample::select(HOSTILE_NAMES).prop_map(str::to_owned),
        1 => proptest::collection::vec(proptest::sample::select(HOSTILE_CHARS), 0..6)
            .prop_map(|chars| chars.into_iter().collect()),
        1 => "[a-z][a-zA-Z0-9]{0,6}",
    ]
}

fn schema_ref() -> impl Strategy<Value = Value> {
    proptest::sample::select(SCHEMA_POOL)
        .prop_map(|target| json!({"$ref": format!("#/components/schemas/{target}")}))
}

/// Leaf schemas, as JSON text.
const SCALARS: &[&str] = &[
    r#"{"type": "string"}"#,
    r#"{"type": "integer"}"#,
    r#"{"type": "number"}"#,
    r#"{"type": "boolean"}"#,
    r#"{"type": "string", "format": "date-time"}"#,
    r#"{"type": "string", "format": "uuid"}"#,
    r#"{"type": "string", "format": "binary"}"#,
    r#"{"type": "integer", "format": "int64", "nullable": true}"#,
    r#"{}"#,
    r#"{"type": "object"}"#,
    r#"{"type": "null"}"#,
    r#"{"type": ["string", "null"]}"#,
];

/// A schema: scalars, refs and enums at the leaves; objects, arrays, maps and compositions above.
fn schema() -> impl Strategy<Value = Value> {
    let leaf = prop_oneof![
        proptest::sample::select(SCALARS)
            .prop_map(|text| serde_json::from_str(text).expect("JSON")),
        schema_ref(),
        proptest::collection::vec(name(), 0..5)
            .prop_map(|values| json!({"type": "string", "enum": values})),
        proptest::collection::vec(-3i64..3, 1..4)
            .prop_map(|values| json!({"type": "integer", "enum": values})),
    ];
    leaf.prop_recursive(4, 32, 5, |inner| {
        prop_oneof![
            (
                proptest::collection::vec((name(), inner.clone()), 0..5),
                proptest::collection::vec(name(), 0..3),
                any::<bool>(),
            )
                .prop_map(|(properties, required, open)| {
                    let properties: Map<String, Value> = properties.into_iter().collect();
                    let mut object = json!({"type": "object", "properties": properties, "required": required});
                    if open {
                        object["additionalProperties"] = json!(true);
                    }
                    object
                }),
            inner.clone().prop_map(|items| json!({"type": "array", "items": items})),
            inner.clone().prop_map(|values| json!({"type": "object", "additionalProperties": values})),
            (
                proptest::sample::select(&["allOf", "oneOf", "anyOf"][..]),
                proptest::collection::vec(inner.clone(), 1..4),
            )
                .prop_map(|(kind, members)| json!({ kind: members })),
            (proptest::collection::vec(inner, 1..3), name()).prop_map(|(members, property)| {
                json!({
                    "oneOf": members,
                    "discriminator": {"propertyName": property, "mapping": {"a": "#/components/schemas/S0", "b": "#/components/schemas/Missing"}}
                })
            }),
        ]
    })
}

fn parameter() -> impl Strategy<Value = Value> {
    (
        name(),
        proptest::sample::select(&["query", "header", "path", "cookie", "body"][..]),
        any::<bool>(),
        schema(),
    )
        .prop_map(|(name, location, required, schema)| {
            json!({"name": name, "in": location, "required": required, "schema": schema})
        })
}

fn content() -> impl Strategy<Value = Value> {
    (
        proptest::sample::select(
            &[
                "application/json",
                "application/x-www-form-urlencoded",
                "multipart/form-data",
                "text/plain",
                "application/octet-stream",
                "*/*",
                "application/problem+json",
            ][..],
        ),
        schema(),
    )
        .prop_map(|(media, schema)| json!({ media: {"schema": schema} }))
}

fn operation() -> impl Strategy<Value = Value> {
    (
        name(),
        proptest::collection::vec(parameter(), 0..4),
        proptest::option::of(content()),
        proptest::collection::vec(
            (
                proptest::sample::select(
                    &["200", "201", "204", "2XX", "404", "default", "ok", "99"][..],
                ),
                proptest::option::of(content()),
            ),
            0..4,
        ),
        proptest::collection::vec(name(), 0..2),
        name(),
    )
        .prop_map(|(id, parameters, body, responses, security, text)| {
            let responses: Map<String, Value> = responses
                .into_iter()
                .map(|(status, content)| {
                    let mut response = json!({"description": text});
                    if let Some(content) = content {
                        response["content"] = content;
                    }
                    (status.to_owned(), response)
                })
                .collect();
            let mut operation = json!({
                "operationId": id,
                "summary": text,
                "parameters": parameters,
                "responses": responses,
                "security": security.into_iter().map(|s| json!({ s: [] })).collect::<Vec<_>>(),
            });
            if let Some(body) = body {
                operation["requestBody"] = json!({"content": body});
            }
            operation
        })
}

/// A path from segments, some of them templates (well-formed or not).
fn path() -> impl Strategy<Value = String> {
    proptest::collection::vec(
        prop_oneof![
            name(),
            name().prop_map(|n| format!("{{{n}}}")),
            Just("{id".to_owned()),
            Just("..".to_owned()),
        ],
        0..4,
    )
    .prop_map(|segments| format!("/{}", segments.join("/")))
}

fn security_scheme() -> impl Strategy<Value = Value> {
    prop_oneof![
        (
            name(),
            proptest::sample::select(&["query", "header", "cookie"][..])
        )
            .prop_map(|(n, location)| json!({"type": "apiKey", "in": location, "name": n})),
        Just(json!({"type": "http", "scheme": "bearer"})),
        Just(json!({"type": "http", "scheme": "basic"})),
        Just(json!({"type": "oauth2", "flows": {}})),
    ]
}

/// A whole spec from the grammar.
fn spec() -> impl Strategy<Value = Value> {
    (
        proptest::collection::vec(
            (
                path(),
                proptest::collection::vec(
                    (
                        proptest::sample::select(&["get", "post", "put", "delete", "patch"][..]),
                        operation(),
                    ),
                    1..3,
                ),
            ),
            0..4,
        ),
        proptest::collection::vec(
            (
                proptest::sample::select(SCHEMA_POOL).prop_map(str::to_owned),
                schema(),
            ),
            0..4,
        ),
        proptest::collection::vec((name(), schema()), 0..3),
        proptest::collection::vec((name(), security_scheme()), 0..3),
        name(),
    )
        .prop_map(|(paths, pooled, named, schemes, title)| {
            let paths: Map<String, Value> = paths
                .into_iter()
                .map(|(path, operations)| {
                    let item: Map<String, Value> = operations
                        .into_iter()
                        .map(|(m, op)| (m.to_owned(), op))
                        .collect();
                    (path, Value::Object(item))
                })
                .collect();
            let schemas: Map<String, Value> = pooled.into_iter().chain(named).collect();
            let schemes: Map<String, Value> = schemes.into_iter().collect();
            json!({
                "openapi": "3.0.3",
                "info": {"title": title, "version": "1"},
                "paths": paths,
                "components": {"schemas": schemas, "securitySchemes": schemes}
            })
        })
}

/// Generates `text`; `Err` when the generator produced a file that does not parse (a panic is
/// caught by proptest and fails the case by itself). The input is first written to
/// [`last_case_file`], so a crash that kills the process (a stack overflow) leaves it behind.
fn generates_parsable_code(file: &str, text: &str) -> Result<(), TestCaseError> {
    std::fs::write(last_case_file(), text).expect("write the case being run");
    let Ok(generated) = generate_str(file, text, &Settings::default()) else {
        return Ok(());
    };
    let source = generated
        .to_formatted_string()
        .map_err(|e| TestCaseError::fail(format!("the generated code does not parse: {e}")))?;
    syn::parse_file(&source)
        .map_err(|e| TestCaseError::fail(format!("the formatted file does not parse: {e}")))?;
    Ok(())
}

/// `<target>/tmp/fuzz-last-<test name>.json`: the input the running test is on.
fn last_case_file() -> PathBuf {
    let test = std::thread::current().name().unwrap_or("fuzz").to_owned();
    Path::new(env!("CARGO_TARGET_TMPDIR")).join(format!("fuzz-last-{test}.json"))
}

/// Runs `strategy` through `test` for `cases` cases and prints how many ran (shrinking
/// included) and how long they took, also after each tenth of them (a long run that must be
/// stopped still says how far it got).
fn fuzz<S: Strategy>(
    label: &str,
    cases: u32,
    strategy: S,
    test: impl Fn(S::Value) -> Result<(), TestCaseError>,
) {
    let started = Instant::now();
    let ran = AtomicU32::new(0);
    let tenth = (cases / 10).max(1);
    let failed = AtomicBool::new(false);
    let result = runner(cases).run(&strategy, |input| {
        let done = ran.fetch_add(1, Ordering::Relaxed) + 1;
        let outcome = test(input);
        let progress = if outcome.is_err() && !failed.swap(true, Ordering::Relaxed) {
            Some(format!("case {done} failed (shrinking follows)"))
        } else if done.is_multiple_of(tenth) && !failed.load(Ordering::Relaxed) {
            Some(format!("{done} cases passed"))
        } else {
            None
        };
        if let Some(progress) = progress {
            let elapsed = started.elapsed().as_secs_f64();
            let _ = writeln!(
                std::io::stdout(),
                "fuzz {label}: {progress} after {elapsed:.1} s"
            );
        }
        outcome
    });
    let _ = writeln!(
        std::io::stdout(),
        "fuzz {label}: {} of {cases} cases in {:.1} s",
        ran.load(Ordering::Relaxed),
        started.elapsed().as_secs_f64()
    );
    if let Err(failure) = result {
        panic!("{label}: {failure}");
    }
}

#[test]
fn random_specs_generate_parsable_code_or_diagnostics() {
    fuzz("grammar", cases(1), spec(), |spec| {
        let text = serde_json::to_string_pretty(&spec).expect("JSON");
        generates_parsable_code("fuzz.json", &text)
    });
}

/// How a real spec is changed.
#[derive(Clone, Debug)]
enum Mutation {
    /// Replace the node at the walk with a hostile name.
    ReplaceWithName(String),
    /// Replace the node at the walk with a random schema.
    ReplaceWithSchema(Value),
    /// Rename the key the walk ends at.
    RenameKey(String),
    /// Remove the node at the walk.
    Remove,
    /// Point the node at the walk somewhere (a `$ref`).
    Reference(String),
    /// Copy the node at the walk over the node at a second walk.
    CopyOver(Vec<usize>),
}

fn mutation() -> impl Strategy<Value = Mutation> {
    prop_oneof![
        name().prop_map(Mutation::ReplaceWithName),
        schema().prop_map(Mutation::ReplaceWithSchema),
        name().prop_map(Mutation::RenameKey),
        Just(Mutation::Remove),
        prop_oneof![
            Just("#/components/schemas/Missing".to_owned()),
            Just("#/paths".to_owned()),
            Just("#/components/schemas".to_owned()),
            Just("#".to_owned()),
            Just("#/components/responses/x/allOf/0".to_owned()),
            Just("other.yaml#/x".to_owned()),
        ]
        .prop_map(Mutation::Reference),
        proptest::collection::vec(any::<usize>(), 1..12).prop_map(Mutation::CopyOver),
    ]
}

/// The key path to the node reached by choosing child `choice % len` at each level.
fn walk(root: &Value, choices: &[usize]) -> Vec<String> {
    let mut path = Vec::new();
    let mut node = root;
    for choice in choices {
        let next = match node {
            Value::Object(map) if !map.is_empty() => {
                let (key, child) = map.iter().nth(choice % map.len()).expect("in range");
                path.push(key.clone());
                child
            }
            Value::Array(items) if !items.is_empty() => {
                let index = choice % items.len();
                path.push(index.to_string());
                &items[index]
            }
            _ => break,
        };
        node = next;
    }
    path
}

fn node_mut<'a>(root: &'a mut Value, path: &[String]) -> &'a mut Value {
    path.iter().fold(root, |node, key| match node {
        Value::Object(map) => map.get_mut(key).expect("walked key"),
        Value::Array(items) => &mut items[key.parse::<usize>().expect("walked index")],
        _ => unreachable!("walks end at scalars"),
    })
}

/// Applies `mutation` at the node `choices` leads to.
fn mutate(spec: &mut Value, choices: &[usize], mutation: Mutation) {
    let path = walk(spec, choices);
    let Some((last, parent_path)) = path.split_last() else {
        return;
    };
    match mutation {
        Mutation::ReplaceWithName(name) => *node_mut(spec, &path) = json!(name),
        Mutation::ReplaceWithSchema(schema) => *node_mut(spec, &path) = schema,
        Mutation::Reference(target) => *node_mut(spec, &path) = json!({"$ref": target}),
        Mutation::CopyOver(other) => {
            let copy = node_mut(spec, &path).clone();
            let other = walk(spec, &other);
            *node_mut(spec, &other) = copy;
        }
        Mutation::RenameKey(name) => {
            if let Value::Object(map) = node_mut(spec, parent_path) {
                if let Some(value) = map.shift_remove(last) {
                    map.insert(name, value);
                }
            }
        }
        Mutation::Remove => match node_mut(spec, parent_path) {
            Value::Object(map) => {
                map.shift_remove(last);
            }
            Value::Array(items) => {
                items.remove(last.parse::<usize>().expect("walked index"));
            }
            _ => {}
        },
    }
}

/// Mutates one of `specs` (name, parsed document) up to three times and generates it.
fn fuzz_mutations(label: &str, cases: u32, specs: &'static [(String, Value)]) {
    let strategy = (
        0..specs.len(),
        proptest::collection::vec(
            (proptest::collection::vec(any::<usize>(), 1..12), mutation()),
            1..4,
        ),
    );
    fuzz(label, cases, strategy, |(index, mutations)| {
        let (name, original) = &specs[index];
        let mut spec = original.clone();
        for (choices, mutation) in mutations {
            mutate(&mut spec, &choices, mutation);
        }
        let text = serde_json::to_string(&spec).expect("JSON");
        generates_parsable_code(name, &text)
    });
}

/// Reads a spec file as a JSON value (YAML too), or `None` when serde cannot hold it.
fn parsed(path: &Path) -> Option<(String, Value)> {
    let text = std::fs::read_to_string(path).ok()?;
    let value: Value = serde_yaml::from_str(&text).ok()?;
    let name = path.file_name()?.to_string_lossy().into_owned();
    Some((name, value))
}

#[test]
fn mutations_of_our_spec_generate_parsable_code_or_diagnostics() {
    static SPECS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        vec![parsed(&repo_root().join("spec/kratos.yaml")).expect("spec/kratos.yaml parses")]
    });
    fuzz_mutations("mutations of spec/kratos.yaml", cases(40), specs);
}

/// Specs of the corpus up to this size take part (bigger ones take seconds per case).
const MUTATED_SIZE_LIMIT: u64 = 600_000;

#[test]
#[cfg_attr(not(shared_data), ignore = "needs the reference specs in ../shared")]
fn mutations_of_the_corpus_generate_parsable_code_or_diagnostics() {
    static SPECS: OnceLock<Vec<(String, Value)>> = OnceLock::new();
    let specs = SPECS.get_or_init(|| {
        let dir = apiforge_tests::shared::shared_dir().join("specs/corpus");
        let mut files: Vec<PathBuf> = std::fs::read_dir(&dir)
            .unwrap_or_else(|e| panic!("{}: {e}", dir.display()))
            .map(|e| e.expect("a directory entry").path())
            .filter(|p| p.extension().is_some_and(|e| e == "json" || e == "yaml"))
            .filter(|p| p.metadata().is_ok_and(|m| m.len() <= MUTATED_SIZE_LIMIT))
            .collect();
        files.sort();
        files.iter().filter_map(|p| parsed(p)).collect()
    });
    assert!(!specs.is_empty(), "no corpus spec to mutate");
    fuzz_mutations("mutations of the corpus", cases(80), specs);
}
