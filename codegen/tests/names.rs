//! Names on hostile input: every collision the client or the module can meet gets distinct, valid
//! names and a warning that names both places; keywords, non-ASCII and empty names become clean
//! identifiers; spec text cannot break comments. The generated file is parsed back with syn.

use apiforge_codegen::{generate_str, Diagnostic, Settings};
use std::collections::BTreeSet;

const COLLISIONS: &str = include_str!("names/collisions.yaml");

struct Output {
    file: syn::File,
    source: String,
    warnings: Vec<Diagnostic>,
}

fn generate(name: &str, text: &str) -> Output {
    let generated = generate_str(name, text, &Settings::default())
        .unwrap_or_else(|failure| panic!("{name} does not generate: {failure}"));
    let source = generated.to_formatted_string().expect("the output parses");
    let file = syn::parse_file(&source).expect("the output parses");
    Output {
        file,
        source,
        warnings: generated.diagnostics,
    }
}

impl Output {
    fn types(&self) -> BTreeSet<String> {
        self.file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Struct(s) => Some(s.ident.to_string()),
                syn::Item::Enum(e) => Some(e.ident.to_string()),
                syn::Item::Type(t) => Some(t.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The items of `impl<..> Client<..>`, and the impl's generic parameter.
    fn client_items(&self) -> (BTreeSet<String>, String) {
        for item in &self.file.items {
            let syn::Item::Impl(imp) = item else { continue };
            let Some(param) = imp.generics.type_params().next() else {
                continue;
            };
            let names = imp
                .items
                .iter()
                .filter_map(|item| match item {
                    syn::ImplItem::Fn(f) => Some(f.sig.ident.to_string()),
                    syn::ImplItem::Const(c) => Some(c.ident.to_string()),
                    _ => None,
                })
                .collect();
            return (names, param.ident.to_string());
        }
        panic!("no generic client impl");
    }

    /// The constants of the module that builds requests.
    fn scheme_constants(&self) -> BTreeSet<String> {
        self.file
            .items
            .iter()
            .filter_map(|item| match item {
                syn::Item::Mod(m) if m.ident == "requests" => m.content.as_ref(),
                _ => None,
            })
            .flat_map(|(_, items)| items)
            .filter_map(|item| match item {
                syn::Item::Const(c) => Some(c.ident.to_string()),
                _ => None,
            })
            .collect()
    }

    /// The warning at `pointer` that mentions `fragment`.
    fn warning(&self, pointer: &str, fragment: &str) -> &Diagnostic {
        self.warnings
            .iter()
            .find(|d| d.pointer == pointer && d.message.contains(fragment))
            .unwrap_or_else(|| {
                panic!(
                    "no warning at {pointer} with {fragment:?}: {:#?}",
                    self.warnings
                )
            })
    }
}

fn has_all(set: &BTreeSet<String>, names: &[&str]) {
    for name in names {
        assert!(set.contains(*name), "{name} missing from {set:?}");
    }
}

#[test]
fn client_items_share_one_namespace() {
    let out = generate("collisions.yaml", COLLISIONS);
    let (items, param) = out.client_items();
    has_all(
        &items,
        &[
            // `foo` + `fooWithResponse`: the operation that spells the name keeps it.
            "foo",
            "foo_with_response",
            "foo_with_response2",
            "foo_with_response_with_response",
            // `api-key` + `api_key`: setters and constants (below) stay paired.
            "with_api_key",
            "with_api_key2",
            // operationId `withBearer` + scheme `bearer`.
            "with_bearer",
            "with_bearer2",
            // Duplicate operationIds, and one that the client itself uses.
            "dup",
            "dup2",
            // `new` comes from the runtime's constructor macro.
            "new2",
            "with_key2",
            // The builder call form's accessor is the client's own.
            "call",
        ],
    );
    has_all(
        &out.scheme_constants(),
        &[
            "SCHEME_API_KEY",
            "SCHEME_API_KEY2",
            "SCHEME_KEY2",
            "SCHEME_BEARER",
        ],
    );
    assert_eq!(
        param, "T2",
        "a schema named `T` takes the generic parameter's name"
    );
    out.warning(
        "/paths/~1foo/get",
        "`foo_with_response` is taken by the method at `#/paths/~1foo-with-response/get`",
    );
    out.warning(
        "/components/securitySchemes/api-key",
        "`SCHEME_API_KEY` is taken by the constant at `#/components/securitySchemes/api_key`",
    );
    out.warning(
        "/paths/~1with-bearer/get",
        "`with_bearer` is taken by the setter at `#/components/securitySchemes/bearer`",
    );
    out.warning(
        "/paths/~1new/get",
        "`new` is taken by the generated code itself",
    );
    out.warning(
        "/paths/~1dup2/get/operationId",
        "operationId `dup` is also used at `#/paths/~1dup1/get`",
    );
    let dup = out.warning("/paths/~1dup2/get", "`dup` is taken");
    assert!(dup.location.is_some(), "warnings carry line:column: {dup}");
}

#[test]
fn keywords_become_raw_or_suffixed_identifiers() {
    let out = generate("collisions.yaml", COLLISIONS);
    let (items, _) = out.client_items();
    has_all(
        &items,
        &[
            "r#match",
            "match_with_response",
            "match_form",
            "r#type",
            "r#union",
            "r#macro_rules",
            "self_",
            "self_2",
            "crate_",
            "value",
        ],
    );
    let types = out.types();
    has_all(
        &types,
        &["SelfValue", "MatchError", "EmptyError", "MingQian"],
    );
}

#[test]
fn types_avoid_the_names_emitted_code_relies_on() {
    let out = generate("collisions.yaml", COLLISIONS);
    let types = out.types();
    has_all(
        &types,
        &[
            "T", "From2", "Option2", "Result2", "Default", "Client2", "Request", "FooBar",
            "FooBar2",
        ],
    );
    for reserved in ["From", "Option", "Result"] {
        assert!(!types.contains(reserved), "{reserved} is declared");
        out.warning(
            &format!("/components/schemas/{reserved}"),
            "is taken by the generated code itself",
        );
    }
    // `FooBar` is spelled exactly; `foo_bar` only converts to it.
    out.warning(
        "/components/schemas/foo_bar",
        "`FooBar` is taken by the type at `#/components/schemas/FooBar`",
    );
}

#[test]
fn parameters_keep_their_names_and_locals_step_aside() {
    let out = generate("collisions.yaml", COLLISIONS);
    // `request` and `response` are parameters, the body (schema `Request`) is `request2`.
    assert!(out.source.contains("request: &str"), "{}", out.source);
    assert!(out.source.contains("response: Option<&str>"));
    assert!(out.source.contains("request2: Option<&Request>"));
    // The request-building function's own names step aside.
    assert!(out.source.contains("config2: &apiforge_runtime::Config"));
    assert!(out.source.contains("let mut request3 = config2"));
    assert!(out.source.contains("config2.build(request3)"));
    assert!(out.source.contains("self.inner.call(request3,"));
    out.warning(
        "/paths/~1match~1{request}/post/parameters/4/name",
        "header name \"co₂\" is not an HTTP token",
    );
}

#[test]
fn field_names_are_ascii_and_unique() {
    let out = generate("collisions.yaml", COLLISIONS);
    let odd = out
        .file
        .items
        .iter()
        .find_map(|item| match item {
            syn::Item::Struct(s) if s.ident == "Odd" => Some(s),
            _ => None,
        })
        .expect("struct Odd");
    let fields: Vec<String> = odd
        .fields
        .iter()
        .map(|f| f.ident.as_ref().unwrap().to_string())
        .collect();
    assert_eq!(
        fields,
        [
            "co2",
            "x2",
            "_1_2",
            "_1",
            "_3d",
            "apple",
            "apple2",
            "value",
            "value2",
            "r#type",
            "r#union",
            "self_",
            "additional_properties",
            "additional_properties2",
        ]
    );
    // Each rename names the field holding the name, with its line and column.
    let odd = "/components/schemas/Odd";
    let apple = out.warning(
        &format!("{odd}/properties/\u{430}pple"),
        "the field name `apple` is taken by the field at `#/components/schemas/Odd/properties/apple` (collisions.yaml:",
    );
    assert!(apple.location.is_some(), "{apple}");
    assert!(apple.message.ends_with("this field is named `apple2`"));
    out.warning(
        &format!("{odd}/properties/$"),
        "`value` is taken by the field at `#/components/schemas/Odd/properties/` (collisions.yaml:",
    );
    out.warning(
        &format!("{odd}/additionalProperties"),
        "`additional_properties` is taken by the field at \
         `#/components/schemas/Odd/properties/additional_properties` (collisions.yaml:",
    );
}

#[test]
fn parameter_renames_name_both_places() {
    let out = generate("collisions.yaml", COLLISIONS);
    let body = out.warning(
        "/paths/~1match~1{request}/post/requestBody",
        "the request body parameter name `request` is taken by the parameter at \
         `#/paths/~1match~1{request}/post/parameters/0` (collisions.yaml:",
    );
    assert!(body.location.is_some(), "{body}");
    assert!(body.message.ends_with("is named `request2`"), "{body}");
}

#[test]
fn spec_text_cannot_break_the_output() {
    let out = generate("collisions.yaml", COLLISIONS);
    let forbidden = |c: char| {
        (c.is_control() && c != '\n')
            || matches!(c, '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}' | '\u{200e}' | '\u{200f}')
    };
    if let Some((line, text)) = out
        .source
        .lines()
        .enumerate()
        .find(|(_, line)| line.chars().any(forbidden))
    {
        panic!("line {}: {text:?}", line + 1);
    }
    // Every identifier is ASCII, so no confusable or mixed-script lint can fire.
    assert!(out
        .source
        .lines()
        .filter(|l| !l.trim_start().starts_with("//"))
        .all(|l| l.split('"').step_by(2).all(str::is_ascii)));
    // A path and media types with bidi controls and a CR are still generated.
    assert!(out.source.contains("pub fn bidi("));
    // The bidi character in an enum value survives as an escape in the string literal.
    assert!(out.source.contains(r#""a\u{202e}b" => Some("#));
}

#[test]
fn a_client_named_like_a_prelude_type_is_refused() {
    let settings = Settings::builder().client_name("Result").build();
    let failure = generate_str("collisions.yaml", COLLISIONS, &settings)
        .expect_err("a client named `Result` is refused");
    assert!(
        failure.to_string().contains("is a prelude name"),
        "{failure}"
    );
}
