//! Specs the generator must survive piece by piece: inputs of any depth or length resolve or are
//! reported (never a stack overflow), and a problem confined to one operation or schema degrades
//! that piece with a located warning while the rest of the client is generated.
//!
//! Every spec is built here, in the test, so the sizes are parameters rather than files.

use apiforge_codegen::ir::{Api, TypeDef, TypeKind, TypeRef};
use apiforge_codegen::{generate_str, resolve_str, Diagnostic, Settings, Severity};
use serde_json::{json, Map, Value};

/// An OpenAPI 3.0 document with these paths and component schemas.
fn document(paths: Value, schemas: Map<String, Value>) -> String {
    let doc = json!({
        "openapi": "3.0.3",
        "info": {"title": "T", "version": "1"},
        "paths": paths,
        "components": {"schemas": schemas},
    });
    serde_json::to_string_pretty(&doc).expect("JSON")
}

/// One `GET {path}` whose 200 response is `schema`.
fn get_returning(path: &str, id: &str, schema: Value) -> (String, Value) {
    let op = json!({"get": {
        "operationId": id,
        "responses": {"200": {"description": "ok", "content": {"application/json": {"schema": schema}}}},
    }});
    (path.to_string(), op)
}

fn resolved(text: &str) -> (Api, Vec<Diagnostic>) {
    resolve_str("spec.json", text, &Settings::default()).unwrap_or_else(|f| panic!("{f}"))
}

fn named<'a>(api: &'a Api, name: &str) -> &'a TypeDef {
    api.types
        .iter()
        .find(|t| t.name == name)
        .unwrap_or_else(|| panic!("no type {name}"))
}

fn ref_to(name: &str) -> Value {
    json!({"$ref": format!("#/components/schemas/{name}")})
}

/// Resolves components `S0` … `S{length}` where `S{i}` is `link(ref to S{i+1})` and the last one
/// is an object; `GET /s` returns `S0`. No warning is expected.
fn resolved_chain(length: usize, link: impl Fn(Value) -> Value) -> Api {
    let mut schemas = Map::new();
    for i in 0..length {
        schemas.insert(format!("S{i}"), link(ref_to(&format!("S{}", i + 1))));
    }
    let end = json!({"type": "object", "properties": {"v": {"type": "string"}}});
    schemas.insert(format!("S{length}"), end);
    let paths: Map<String, Value> = [get_returning("/s", "getS", ref_to("S0"))]
        .into_iter()
        .collect();
    let (api, warnings) = resolved(&document(Value::Object(paths), schemas));
    assert!(warnings.is_empty(), "{warnings:#?}");
    api
}

#[test]
fn a_chain_of_ten_thousand_refs_resolves() {
    const LENGTH: usize = 10_000;
    let api = resolved_chain(LENGTH, |next| next);
    assert!(matches!(
        named(&api, &format!("S{LENGTH}")).kind,
        TypeKind::Struct(_)
    ));
    let TypeKind::Alias(TypeRef::Named(id)) = &named(&api, "S0").kind else {
        panic!("S0 is an alias of the struct at the end of the chain");
    };
    assert_eq!(api.types[id.0].name, format!("S{LENGTH}"));
}

#[test]
fn a_chain_of_refs_between_non_component_places_resolves() {
    const LENGTH: usize = 3_000;
    let mut properties = Map::new();
    for i in 0..LENGTH {
        let next = format!("#/components/schemas/Holder/properties/p{}", i + 1);
        properties.insert(format!("p{i}"), json!({"$ref": next}));
    }
    properties.insert(format!("p{LENGTH}"), json!({"type": "integer"}));
    let holder = json!({"type": "object", "properties": properties});
    let schemas: Map<String, Value> = [("Holder".to_string(), holder)].into_iter().collect();
    let (api, warnings) = resolved(&document(json!({}), schemas));
    assert!(warnings.is_empty(), "{warnings:#?}");
    let TypeKind::Struct(holder) = &named(&api, "Holder").kind else {
        panic!("Holder is a struct");
    };
    assert_eq!(holder.fields.len(), LENGTH + 1);
    assert!(holder
        .fields
        .iter()
        .all(|f| matches!(f.ty, TypeRef::Integer(_))));
}

/// The longest chain of named types held inline (not behind a `Box`, `Vec` or map).
fn longest_inline_chain(api: &Api) -> usize {
    fn inline(ty: &TypeRef) -> Option<usize> {
        match ty {
            TypeRef::Named(id) => Some(id.0),
            TypeRef::Option(inner) => inline(inner),
            _ => None,
        }
    }
    let targets: Vec<Vec<usize>> = api
        .types
        .iter()
        .map(|t| match &t.kind {
            TypeKind::Struct(s) => s.fields.iter().filter_map(|f| inline(&f.ty)).collect(),
            TypeKind::Alias(ty) => inline(ty).into_iter().collect(),
            _ => Vec::new(),
        })
        .collect();
    // Memoised longest path, in a loop (the chains are long).
    let mut depth: Vec<Option<usize>> = vec![None; targets.len()];
    for root in 0..targets.len() {
        let mut stack = vec![root];
        while let Some(&node) = stack.last() {
            let missing: Vec<usize> = targets[node]
                .iter()
                .copied()
                .filter(|&t| depth[t].is_none())
                .collect();
            if missing.is_empty() {
                let deepest = targets[node].iter().filter_map(|&t| depth[t]).max();
                depth[node] = Some(deepest.unwrap_or(0) + 1);
                stack.pop();
            } else {
                stack.extend(missing);
            }
        }
    }
    depth.into_iter().flatten().max().unwrap_or(0)
}

#[test]
fn a_chain_of_ten_thousand_nested_structs_resolves_and_is_boxed_for_rustc() {
    const LENGTH: usize = 10_000;
    let api = resolved_chain(
        LENGTH,
        |next| json!({"type": "object", "properties": {"v": {"type": "string"}, "next": next}}),
    );
    for i in [0, 1, LENGTH / 2, LENGTH] {
        assert!(matches!(
            named(&api, &format!("S{i}")).kind,
            TypeKind::Struct(_)
        ));
    }
    let longest = longest_inline_chain(&api);
    assert!(
        (2..=32).contains(&longest),
        "a chain of {longest} types held inline"
    );
}

#[test]
fn inline_objects_nested_as_deep_as_the_parser_allows_stay_typed_and_boxed() {
    let mut inner = json!({"type": "object", "properties": {"leaf": {"type": "string"}}});
    for i in 0..58 {
        inner = json!({"type": "object", "properties": {format!("n{i}"): inner}});
    }
    let schemas: Map<String, Value> = [("Nest".to_string(), inner)].into_iter().collect();
    let (api, warnings) = resolved(&document(json!({}), schemas));
    assert!(warnings.is_empty(), "{warnings:#?}");
    assert_eq!(api.types.len(), 59);
    assert!(longest_inline_chain(&api) <= 32);
}

#[test]
fn documents_nested_deeper_than_the_parsers_allow_are_located_errors() {
    let depth = 10_000;
    let json = format!(
        "{{\"openapi\": \"3.0.3\", \"info\": {{\"title\": \"T\", \"version\": \"1\"}}, \"paths\": {{}}, \"x-deep\": {}{}}}",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    let yaml = format!(
        "openapi: 3.0.3\ninfo: {{title: T, version: '1'}}\npaths: {{}}\nx-deep: {}{}\n",
        "[".repeat(depth),
        "]".repeat(depth)
    );
    // The JSON document is one line; the YAML one nests on its fourth.
    for (file, text, line) in [("deep.json", json, 1), ("deep.yaml", yaml, 4)] {
        let failure = resolve_str(file, &text, &Settings::default())
            .expect_err("a document nested 10,000 deep is refused");
        let error = &failure.diagnostics[0];
        assert_eq!(error.severity, Severity::Error);
        assert!(error.message.contains("recursion limit"), "{error}");
        let location = error.location.as_ref().expect("located");
        assert_eq!((location.file.as_str(), location.line), (file, line));
    }
}

#[test]
fn a_problem_in_one_operation_degrades_that_operation_and_the_rest_is_generated() {
    let json_of = |schema: Value| json!({"application/json": {"schema": schema}});
    let ok = |schema: Value| json!({"200": {"description": "ok", "content": json_of(schema)}});
    let paths = json!({
        "/pets": {
            "get": {"operationId": "listPets", "responses": ok(json!({"type": "array", "items": ref_to("Pet")}))},
            // A request body `$ref` into the schemas section instead of requestBodies.
            "post": {"operationId": "createPet", "requestBody": ref_to("Pet"), "responses": ok(ref_to("Pet"))},
        },
        "/pets/{id}": {"get": {
            "operationId": "getPet",
            "parameters": [{"$ref": "#/components/parameters/Missing"}],
            "responses": ok(ref_to("Pet")),
        }},
        "/owners": {"get": {
            "operationId": "listOwners",
            "responses": {"200": {"$ref": "#/components/responses/Gone"}},
        }},
        "/ghosts": {"get": {"operationId": "listGhosts", "responses": ok(ref_to("Ghost"))}},
        "/odd": {"get": {"operationId": "getOdd", "responses": ok(json!({"type": "weird"}))}},
        "/holes/{id}": {"get": {"operationId": "getHole", "responses": ok(ref_to("Pet"))}},
        // Not an OpenAPI 3.0 parameter at all.
        "/broken": {"get": {
            "operationId": "getBroken",
            "parameters": [{"name": "q", "in": "nowhere"}],
            "responses": ok(ref_to("Pet")),
        }},
    });
    let pet =
        json!({"type": "object", "required": ["name"], "properties": {"name": {"type": "string"}}});
    let schemas: Map<String, Value> = [("Pet".to_string(), pet)].into_iter().collect();
    let text = document(paths, schemas);

    let generated =
        generate_str("spec.json", &text, &Settings::default()).unwrap_or_else(|f| panic!("{f}"));
    let warned: Vec<(&str, &str)> = generated
        .diagnostics
        .iter()
        .map(|d| (d.pointer.as_str(), d.message.as_str()))
        .collect();
    let expect = [
        (
            "/paths/~1pets/post/requestBody",
            "request body: $ref `#/components/schemas/Pet` does not point into `#/components/requestBodies/`",
        ),
        (
            "/paths/~1pets~1{id}/get/parameters/0",
            "points to nothing; the operation is skipped",
        ),
        (
            "/paths/~1owners/get/responses/200",
            "response: $ref `#/components/responses/Gone` points to nothing; using serde_json::Value",
        ),
        (
            "/paths/~1ghosts/get/responses/200/content/application~1json/schema",
            "points to nothing",
        ),
        (
            "/paths/~1odd/get/responses/200/content/application~1json/schema/type",
            "unknown type `weird`",
        ),
        (
            "/paths/~1holes~1{id}/get",
            "no such path parameter; the operation is skipped",
        ),
        (
            "/paths/~1broken/get/parameters/0/in",
            "(unknown variant `nowhere`, expected one of `query`, `header`, `path`, `cookie`); the operation is skipped",
        ),
    ];
    for (pointer, message) in expect {
        assert!(
            warned
                .iter()
                .any(|(p, m)| *p == pointer && m.contains(message)),
            "no warning {message:?} at {pointer}: {warned:#?}"
        );
    }
    assert!(generated.diagnostics.iter().all(|d| d.location.is_some()));
    assert_eq!(generated.diagnostics.len(), expect.len(), "{warned:#?}");
    // Three operations are skipped; the body, a response and two schemas are any JSON.
    assert_eq!(generated.summary.operations, 5);
    assert_eq!(generated.summary.fallbacks, 4);
    let code = generated.to_formatted_string().expect("the client parses");
    for method in [
        "list_pets",
        "create_pet",
        "list_owners",
        "list_ghosts",
        "get_odd",
    ] {
        assert!(
            code.contains(&format!("pub fn {method}(")),
            "{method} missing"
        );
    }
    for skipped in ["get_pet", "get_hole", "get_broken"] {
        assert!(
            !code.contains(&format!("fn {skipped}(")),
            "{skipped} generated"
        );
    }
    assert!(code.contains("pub struct Pet"));

    let strict = Settings::builder().strict(true).build();
    let failure = generate_str("spec.json", &text, &strict).expect_err("strict refuses warnings");
    let errors = failure
        .diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    assert_eq!(errors, expect.len());
}
