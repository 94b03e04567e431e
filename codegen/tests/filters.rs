//! Tag and operation filters on the Kratos spec: the kept operations are exactly the chosen
//! ones, only the types and security schemes they reach remain, and names do not change.

use apiforge_codegen::ir::{Api, Operation, TypeDef, TypeKind, TypeRef};
use apiforge_codegen::{resolve_file, Diagnostic, Settings, SettingsBuilder};
use std::collections::BTreeSet;
use std::path::Path;

fn kratos(settings: SettingsBuilder) -> (Api, Vec<Diagnostic>) {
    let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("../spec/kratos.yaml");
    resolve_file(&spec, &settings.build()).expect("kratos resolves")
}

fn operation_ids(api: &Api) -> BTreeSet<&str> {
    api.operations.iter().map(|op| op.id.as_str()).collect()
}

fn type_names(api: &Api) -> BTreeSet<&str> {
    api.types.iter().map(|t| t.name.as_str()).collect()
}

/// A type expression with generated types written by name, so two APIs can be compared.
fn spelled(api: &Api, ty: &TypeRef) -> String {
    match ty {
        TypeRef::Named(id) => api.types[id.0].name.clone(),
        TypeRef::Vec(t) => format!("Vec<{}>", spelled(api, t)),
        TypeRef::Map(t) => format!("Map<{}>", spelled(api, t)),
        TypeRef::Option(t) => format!("Option<{}>", spelled(api, t)),
        TypeRef::Boxed(t) => format!("Box<{}>", spelled(api, t)),
        other => format!("{other:?}"),
    }
}

/// Every type expression of a definition, spelled.
fn spelled_def(api: &Api, def: &TypeDef) -> Vec<String> {
    let refs: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s
            .fields
            .iter()
            .map(|f| &f.ty)
            .chain(s.additional.as_ref().map(|a| &a.ty))
            .collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        _ => Vec::new(),
    };
    refs.into_iter().map(|t| spelled(api, t)).collect()
}

/// Every type expression of an operation's parameters, bodies and responses, spelled.
fn spelled_op(api: &Api, op: &Operation) -> Vec<String> {
    let params = op.params.iter().map(|p| p.ty.clone());
    let bodies = op
        .calls
        .iter()
        .filter_map(|c| c.body.as_ref())
        .map(|b| b.ty.clone());
    let responses = op.responses.success.iter().chain(&op.responses.errors);
    params
        .chain(bodies)
        .chain(responses.map(|r| r.body.type_ref()))
        .map(|t| spelled(api, &t))
        .collect()
}

/// The filtered API is the full one restricted: each kept operation and type has the same name
/// and refers to the same types (by name) as in the full client.
fn assert_restriction_of(api: &Api, full: &Api) {
    for op in &api.operations {
        let same = full.operations.iter().find(|f| f.id == op.id).unwrap();
        assert_eq!(op.calls[0].method_name, same.calls[0].method_name);
        assert_eq!(op.responses.error_enum, same.responses.error_enum);
        assert_eq!(spelled_op(api, op), spelled_op(full, same), "{}", op.id);
    }
    for def in &api.types {
        let same = full.types.iter().find(|t| t.name == def.name).unwrap();
        assert_eq!(def.pointer, same.pointer, "{} is the same type", def.name);
        assert_eq!(
            spelled_def(api, def),
            spelled_def(full, same),
            "{}",
            def.name
        );
    }
}

#[test]
fn a_tag_keeps_its_operations_and_their_types_only() {
    let (full, _) = kratos(Settings::builder());
    let (api, warnings) = kratos(Settings::builder().tags(["metadata"]));
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        operation_ids(&api),
        BTreeSet::from(["getVersion", "isAlive", "isReady"])
    );
    assert_eq!(
        type_names(&api),
        BTreeSet::from([
            "GenericError",
            "GetVersionOk",
            "IsAliveOk",
            "IsReadyOk",
            "IsReadyServiceUnavailable"
        ])
    );
    assert_restriction_of(&api, &full);
    assert!(
        api.security_schemes.is_empty(),
        "metadata needs no credentials"
    );
}

#[test]
fn globs_select_and_exclude_by_operation_id() {
    let (full, _) = kratos(Settings::builder());
    let (api, warnings) = kratos(
        Settings::builder()
            .operations(["admin*Identity", "toSession"])
            .exclude(["adminDelete*"]),
    );
    assert!(warnings.is_empty(), "{warnings:?}");
    assert_eq!(
        operation_ids(&api),
        BTreeSet::from([
            "adminCreateIdentity",
            "adminGetIdentity",
            "adminUpdateIdentity",
            "toSession"
        ])
    );
    let names = type_names(&api);
    // Reached through a body, a response, and fields of fields (Session → Identity →
    // IdentityCredentials).
    for kept in [
        "AdminCreateIdentityBody",
        "Identity",
        "Session",
        "IdentityCredentials",
    ] {
        assert!(names.contains(kept), "{kept} missing from {names:?}");
    }
    for gone in [
        "SelfServiceLoginFlow",
        "SelfServiceRecoveryLink",
        "GetVersionOk",
    ] {
        assert!(!names.contains(gone), "{gone} should be filtered out");
    }
    assert!(names.len() < full.types.len());
    assert_restriction_of(&api, &full);
    let schemes: Vec<&str> = api
        .security_schemes
        .iter()
        .map(|s| s.name.as_str())
        .collect();
    assert_eq!(schemes, ["oryAccessToken"]);
}

#[test]
fn a_filter_that_matches_nothing_is_a_warning_naming_it() {
    let (api, warnings) = kratos(
        Settings::builder()
            .tags(["metadata", "nosuchtag"])
            .exclude(["nothing*"]),
    );
    assert_eq!(api.operations.len(), 3);
    let messages: Vec<&str> = warnings.iter().map(|w| w.message.as_str()).collect();
    assert_eq!(
        messages,
        [
            "the filter `tags = nosuchtag` matches no operation",
            "the filter `exclude = nothing*` matches no operation"
        ]
    );
    assert!(
        warnings.iter().all(|w| w.location.is_none()),
        "{warnings:?}"
    );
}
