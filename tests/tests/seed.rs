//! The client surface users of the published Kratos SDK expect (`../shared/seed/V0alpha2Api.md`):
//! every operation by its snake_case name, its parameters by name in the same order, and the same
//! return type. Checked against the generated client's source (the golden file this crate compiles).

use apiforge_tests::shared::{repo_root, shared_file};
use quote::ToTokens;
use std::collections::BTreeMap;

/// One signature line of the seed: `> ReturnType name(param, param)`.
#[derive(Debug)]
struct SeedSignature {
    name: String,
    params: Vec<String>,
    returns: String,
}

fn seed_signatures(text: &str) -> Vec<SeedSignature> {
    text.lines()
        .filter_map(|line| line.strip_prefix("> "))
        .filter_map(|sig| {
            let (head, rest) = sig.split_once('(')?;
            let params = rest.strip_suffix(')')?;
            let (returns, name) = match head.trim().rsplit_once(' ') {
                Some((ret, name)) => (ret.to_string(), name.to_string()),
                None => ("()".to_string(), head.trim().to_string()),
            };
            let params = params
                .split(',')
                .map(str::trim)
                .filter(|p| !p.is_empty())
                .map(String::from)
                .collect();
            Some(SeedSignature {
                name,
                params,
                returns,
            })
        })
        .collect()
}

/// The seed's type written the way the generated client spells it.
fn expected_type(seed: &str) -> String {
    seed.replace("crate::models::", "")
        .replace("serde_json::Value", "apiforge_runtime::serde_json::Value")
}

/// Method name → (argument names, `Ok` type) of the generated client.
fn client_methods() -> BTreeMap<String, (Vec<String>, String)> {
    let source =
        std::fs::read_to_string(repo_root().join("tests/golden/kratos.rs")).expect("golden file");
    let file = syn::parse_file(&source).expect("golden file parses");
    let mut methods = BTreeMap::new();
    for item in file.items {
        let syn::Item::Impl(imp) = item else { continue };
        for item in imp.items {
            let syn::ImplItem::Fn(f) = item else { continue };
            let args = f
                .sig
                .inputs
                .iter()
                .filter_map(|arg| match arg {
                    syn::FnArg::Typed(t) => Some(t.pat.to_token_stream().to_string()),
                    syn::FnArg::Receiver(_) => None,
                })
                .collect();
            methods.insert(f.sig.ident.to_string(), (args, ok_type(&f.sig.output)));
        }
    }
    methods
}

/// `T` of `-> Result<T, E>` or `-> impl Future<Output = Result<T, E>>`, as compact text.
fn ok_type(output: &syn::ReturnType) -> String {
    let syn::ReturnType::Type(_, ty) = output else {
        return String::new();
    };
    result_ok_type(ty)
}

/// `T` of `Result<T, E>`, or of the `Output` of an `impl Future<Output = Result<T, E>>`.
fn result_ok_type(ty: &syn::Type) -> String {
    if let syn::Type::ImplTrait(future) = ty {
        let output = future.bounds.iter().find_map(|bound| {
            let syn::TypeParamBound::Trait(bound) = bound else {
                return None;
            };
            let last = bound.path.segments.last()?;
            let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
                return None;
            };
            args.args.iter().find_map(|arg| match arg {
                syn::GenericArgument::AssocType(assoc) if assoc.ident == "Output" => {
                    Some(&assoc.ty)
                }
                _ => None,
            })
        });
        return output.map(result_ok_type).unwrap_or_default();
    }
    let syn::Type::Path(path) = ty else {
        return String::new();
    };
    let Some(last) = path.path.segments.last() else {
        return String::new();
    };
    let syn::PathArguments::AngleBracketed(args) = &last.arguments else {
        return String::new();
    };
    match args.args.first() {
        Some(syn::GenericArgument::Type(t)) => t.to_token_stream().to_string().replace(' ', ""),
        _ => String::new(),
    }
}

#[test]
#[cfg_attr(not(shared_data), ignore = "needs the reference data in ../shared")]
fn generated_client_offers_every_seed_operation_with_its_signature() {
    let seed = shared_file("seed/V0alpha2Api.md");
    let signatures = seed_signatures(&std::fs::read_to_string(seed).expect("seed readable"));
    assert_eq!(signatures.len(), 39, "the seed documents 39 operations");
    let methods = client_methods();
    let mut problems = Vec::new();
    for sig in &signatures {
        match methods.get(&sig.name) {
            None => problems.push(format!("{}: missing", sig.name)),
            Some((args, ok)) => {
                if args != &sig.params {
                    problems.push(format!(
                        "{}: parameters {:?}, seed says {:?}",
                        sig.name, args, sig.params
                    ));
                }
                let want = expected_type(&sig.returns).replace(' ', "");
                if ok != &want {
                    problems.push(format!("{}: returns {ok}, seed says {want}", sig.name));
                }
            }
        }
    }
    assert!(
        problems.is_empty(),
        "seed surface not matched:\n{}",
        problems.join("\n")
    );
}

#[test]
fn seed_lines_are_parsed() {
    let sigs = seed_signatures("> crate::models::Identity admin_get_identity(id, include_credential)\n> revoke_session(id)\n");
    assert_eq!(sigs[0].name, "admin_get_identity");
    assert_eq!(sigs[0].params, ["id", "include_credential"]);
    assert_eq!(expected_type(&sigs[0].returns), "Identity");
    assert_eq!(sigs[1].returns, "()");
    assert!(sigs[1].params == ["id"]);
}
