//! Generating from `spec/kratos.yaml` and from the upstream Kratos file gives the same operations,
//! parameters and types, apart from the fixes documented in `spec/README.md` (each expected
//! difference below names its fix).

use apiforge_codegen::ir::{
    Api, BodyEncoding, Presence, ResponseBody, ResponseCase, TypeKind, TypeRef,
};
use apiforge_codegen::{resolve_file, Settings};
use apiforge_tests::shared::{repo_root, shared_file};
use std::collections::BTreeSet;

/// Differences the documented fixes explain: a pattern of lines as `describe` prints them (`+`
/// ours, `-` upstream; `*` matches any text) and the fix in `spec/README.md` that explains them.
/// Every pattern must match at least one difference, and every difference some pattern.
const EXPECTED: &[(&str, &str)] = &[
    ("+ type UiNodeAttributes: variant Anchor UiNodeAnchorAttributes tags=[\"a\"]", "fix 1: the server sends `a`"),
    ("- type UiNodeAttributes: variant Anchor UiNodeAnchorAttributes tags=[\"anchor\"]", "fix 1"),
    ("+ type UiNodeAttributes: variant Image UiNodeImageAttributes tags=[\"img\"]", "fix 1: the server sends `img`"),
    ("- type UiNodeAttributes: variant Image UiNodeImageAttributes tags=[\"image\"]", "fix 1"),
    ("+ type UiNode*Attributes: field node_type required UiNode*AttributesNodeType", "fix 2a: node_type is a one-value enum"),
    ("- type UiNode*Attributes: field node_type required String", "fix 2a"),
    ("+ type UiNode*AttributesNodeType: enum [*]", "fix 2a"),
    ("+ type SubmitSelfService*MethodBody: field method required SubmitSelfService*MethodBodyMethod", "fix 2b: method is a one-value enum"),
    ("- type SubmitSelfService*MethodBody: field method required String", "fix 2b"),
    ("+ type SubmitSelfService*MethodBodyMethod: enum [*]", "fix 2b"),
    ("+ op getWebAuthnJavaScript: accept Some(\"text/javascript\")", "fix 6: webauthn.js is JavaScript"),
    ("- op getWebAuthnJavaScript: accept Some(\"application/json\")", "fix 6"),
    ("+ op getWebAuthnJavaScript: success Code(200):text", "fix 6"),
    ("- op getWebAuthnJavaScript: success Code(200):json String", "fix 6"),
    ("+ type NullTime: alias Option<DateTime>", "fix 8: nullTime is nullable"),
    ("- type NullTime: alias DateTime", "fix 8"),
    ("+ type *: field * optional nullable DateTime", "fix 8: the fields of type nullTime"),
    ("- type *: field * optional DateTime", "fix 8"),
    ("+ type SubmitSelfServiceLoginFlowWithPasswordMethodBody: field password_identifier optional String", "fix 9a"),
    ("- type SubmitSelfServiceLoginFlowWithPasswordMethodBody: field password_identifier required String", "fix 9a"),
];

/// Whether `text` matches `pattern`, where `*` stands for any run of characters.
fn matches(pattern: &str, text: &str) -> bool {
    let mut parts = pattern.split('*');
    let first = parts.next().unwrap_or("");
    let Some(mut rest) = text.strip_prefix(first) else {
        return false;
    };
    let parts: Vec<&str> = parts.collect();
    for (i, part) in parts.iter().enumerate() {
        if i == parts.len() - 1 {
            return rest.ends_with(part);
        }
        match rest.find(part) {
            Some(at) => rest = &rest[at + part.len()..],
            None => return false,
        }
    }
    rest.is_empty()
}

/// A type expression with named types spelled by name.
fn render(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types[id.0].name.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", render(api, t)),
        TypeRef::Map(t) => format!("Map<{}>", render(api, t)),
        TypeRef::Option(t) => format!("Option<{}>", render(api, t)),
        TypeRef::Boxed(t) => format!("Box<{}>", render(api, t)),
        other => format!("{other:?}"),
    }
}

fn cases(api: &Api, cases: &[ResponseCase]) -> String {
    let body = |b: &ResponseBody| match b {
        ResponseBody::Empty => "empty".to_string(),
        ResponseBody::Json(t) => format!("json {}", render(api, t)),
        ResponseBody::Text => "text".to_string(),
        ResponseBody::Bytes => "bytes".to_string(),
        other => format!("{other:?}"),
    };
    cases
        .iter()
        .map(|c| format!("{:?}:{}", c.status, body(&c.body)))
        .collect::<Vec<_>>()
        .join(",")
}

/// Every fact of an API that a client's shape depends on, one line each.
fn describe(api: &Api) -> BTreeSet<String> {
    let mut facts = BTreeSet::new();
    for op in &api.operations {
        let id = &op.id;
        facts.insert(format!(
            "op {id}: {} {} security={:?}",
            op.http_method, op.path, op.security
        ));
        for (i, p) in op.params.iter().enumerate() {
            facts.insert(format!(
                "op {id}: param {i} {} ({} {:?} {:?}) required={} {}",
                p.name,
                p.wire_name,
                p.location,
                p.style,
                p.required,
                render(api, &p.ty)
            ));
        }
        if let Some(body) = &op.body {
            facts.insert(format!(
                "op {id}: body {} required={}",
                body.name, body.required
            ));
        }
        for call in &op.calls {
            let body = call.body.as_ref().map(|b| {
                let encoding: BodyEncoding = b.encoding;
                format!("{} {encoding:?} {}", b.media_type, render(api, &b.ty))
            });
            facts.insert(format!("op {id}: call {} body={body:?}", call.method_name));
        }
        facts.insert(format!(
            "op {id}: success {}",
            cases(api, &op.responses.success)
        ));
        facts.insert(format!(
            "op {id}: errors {}",
            cases(api, &op.responses.errors)
        ));
        facts.insert(format!("op {id}: accept {:?}", op.accept));
    }
    for def in &api.types {
        let name = &def.name;
        match &def.kind {
            TypeKind::Struct(s) => {
                for f in &s.fields {
                    let presence = match f.presence {
                        Presence::Required => "required".to_string(),
                        Presence::RequiredNullable => "required nullable".to_string(),
                        Presence::Optional => "optional".to_string(),
                        Presence::OptionalNullable => "optional nullable".to_string(),
                        Presence::Flatten => "flattened".to_string(),
                        other => format!("{other:?}"),
                    };
                    facts.insert(format!(
                        "type {name}: field {} {presence} {}",
                        f.wire_name,
                        render(api, &f.ty)
                    ));
                }
                if let Some(additional) = &s.additional {
                    facts.insert(format!(
                        "type {name}: additional {}",
                        render(api, &additional.ty)
                    ));
                }
            }
            TypeKind::Enum(e) => {
                let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
                facts.insert(format!("type {name}: enum {values:?}"));
            }
            TypeKind::Union(u) => {
                for v in &u.variants {
                    facts.insert(format!(
                        "type {name}: variant {} {} tags={:?}",
                        v.name,
                        render(api, &v.ty),
                        v.tags
                    ));
                }
                let discriminator = u.discriminator.as_ref().map(|d| &d.property);
                facts.insert(format!("type {name}: discriminator {discriminator:?}"));
            }
            TypeKind::Alias(t) => {
                facts.insert(format!("type {name}: alias {}", render(api, t)));
            }
            other => {
                facts.insert(format!("type {name}: {other:?}"));
            }
        }
    }
    facts
}

#[test]
fn patterns_match_as_globs() {
    assert!(matches(
        "+ type *: field * optional",
        "+ type A: field b optional"
    ));
    assert!(!matches(
        "+ type *: field * optional",
        "+ type A: field b required"
    ));
    assert!(matches("exact", "exact"));
    assert!(!matches("exact", "exactly"));
}

#[test]
fn our_spec_and_upstream_differ_only_by_the_documented_fixes() {
    let Some(upstream) = shared_file("specs/kratos-v0.9.0-alpha.3.json") else {
        return;
    };
    let settings = Settings::default();
    let (ours, _) = resolve_file(&repo_root().join("spec/kratos.yaml"), &settings)
        .unwrap_or_else(|f| panic!("{f}"));
    let (theirs, _) = resolve_file(&upstream, &settings).unwrap_or_else(|f| panic!("{f}"));
    let (ours, theirs) = (describe(&ours), describe(&theirs));
    let mut found: Vec<String> = ours.difference(&theirs).map(|f| format!("+ {f}")).collect();
    found.extend(theirs.difference(&ours).map(|f| format!("- {f}")));
    let explained = |d: &str| EXPECTED.iter().any(|(pattern, _)| matches(pattern, d));
    let unexplained: Vec<&String> = found.iter().filter(|d| !explained(d)).collect();
    let vanished: Vec<&&str> = EXPECTED
        .iter()
        .map(|(p, _)| p)
        .filter(|p| !found.iter().any(|d| matches(p, d)))
        .collect();
    assert!(
        unexplained.is_empty() && vanished.is_empty(),
        "differences not explained by spec/README.md:\n{}\n\nexpected differences that no longer occur:\n{}",
        unexplained.iter().map(|s| s.as_str()).collect::<Vec<_>>().join("\n"),
        vanished.iter().map(|s| **s).collect::<Vec<_>>().join("\n"),
    );
}

/// The generated code with every doc comment removed (our descriptions are our own).
fn code_without_docs(generated: &apiforge_codegen::Generated) -> String {
    use quote::ToTokens;
    struct StripDocs;
    impl syn::visit_mut::VisitMut for StripDocs {
        fn visit_attributes_mut(&mut self, attrs: &mut Vec<syn::Attribute>) {
            attrs.retain(|a| !a.path().is_ident("doc"));
            for attr in attrs {
                self.visit_attribute_mut(attr);
            }
        }
    }
    let mut file: syn::File = syn::parse2(generated.tokens()).expect("generated code parses");
    syn::visit_mut::VisitMut::visit_file_mut(&mut StripDocs, &mut file);
    file.into_token_stream().to_string()
}

/// The overlay's warnings: the message of each diagnostic about an overlay action.
fn overlay_warnings(diagnostics: &[apiforge_codegen::Diagnostic]) -> Vec<String> {
    diagnostics
        .iter()
        .filter(|d| d.message.starts_with("overlay action"))
        .map(|d| d.message.clone())
        .collect()
}

#[test]
fn upstream_plus_our_overlay_is_our_spec() {
    let Some(upstream) = shared_file("specs/kratos-v0.9.0-alpha.3.json") else {
        return;
    };
    let plain = Settings::default();
    let overlaid = Settings::builder()
        .overlay(repo_root().join("spec/kratos.overlay.yaml"))
        .build();
    let ours = apiforge_codegen::generate_file(&repo_root().join("spec/kratos.yaml"), &plain)
        .unwrap_or_else(|f| panic!("{f}"));
    let theirs =
        apiforge_codegen::generate_file(&upstream, &overlaid).unwrap_or_else(|f| panic!("{f}"));
    assert_eq!(overlay_warnings(&theirs.diagnostics), Vec::<String>::new());
    let (ours_api, _) = resolve_file(&repo_root().join("spec/kratos.yaml"), &plain).unwrap();
    let (theirs_api, _) = resolve_file(&upstream, &overlaid).unwrap();
    let (ours_facts, theirs_facts) = (describe(&ours_api), describe(&theirs_api));
    let only_ours: Vec<_> = ours_facts.difference(&theirs_facts).collect();
    let only_theirs: Vec<_> = theirs_facts.difference(&ours_facts).collect();
    assert!(
        only_ours.is_empty() && only_theirs.is_empty(),
        "spec/kratos.yaml has:\n{only_ours:#?}\nupstream + overlay has:\n{only_theirs:#?}"
    );
    assert!(
        code_without_docs(&ours) == code_without_docs(&theirs),
        "the generated code differs beyond doc comments"
    );
}

/// Reading both upstream files: Kratos v0.10.1 sends `a`/`img` in its discriminator mapping (fix
/// 1), types `node_type` as a plain string instead of a `$ref` to `uiNodeType` (the first half of
/// fix 2a), and no longer requires `password_identifier` (the first half of fix 9a). Every other
/// fix is still needed.
const OBSOLETE_IN_0_10_1: &[&str] = &[
    "overlay action 1 (\"Fix 1: the server sends node_type `a` for anchors",
    "overlay action 2 (\"Fix 1: the server sends node_type `img` for images",
    "overlay action 3 (\"Fix 1: drop the mapping keys the server never sends.\")",
    "overlay action 4 (\"Fix 2a: node_type of the uiNodeAttributes variants is not a $ref",
    "overlay action 33 (\"Fix 9a: password_identifier is deprecated; the server uses it only",
];

#[test]
fn the_overlay_on_kratos_0_10_1_names_exactly_the_fixes_it_no_longer_needs() {
    let Some(upstream) = shared_file("specs/kratos-v0.10.1.json") else {
        return;
    };
    let overlaid = Settings::builder()
        .overlay(repo_root().join("spec/kratos.overlay.yaml"))
        .build();
    let generated =
        apiforge_codegen::generate_file(&upstream, &overlaid).unwrap_or_else(|f| panic!("{f}"));
    let warnings = overlay_warnings(&generated.diagnostics);
    assert_eq!(warnings.len(), OBSOLETE_IN_0_10_1.len(), "{warnings:#?}");
    for (warning, expected) in warnings.iter().zip(OBSOLETE_IN_0_10_1) {
        assert!(
            warning.starts_with(expected),
            "{warning}\nexpected: {expected}"
        );
        assert!(warning.contains("matches nothing"), "{warning}");
    }
    let others: Vec<String> = generated
        .diagnostics
        .iter()
        .filter(|d| !d.message.starts_with("overlay action"))
        .map(ToString::to_string)
        .collect();
    assert!(others.is_empty(), "other warnings: {others:#?}");
    let source = generated
        .to_formatted_string()
        .expect("generated code parses");
    assert!(source.contains("pub enum UiNodeAnchorAttributesNodeType"));
}
