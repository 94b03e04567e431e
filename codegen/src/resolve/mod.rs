//! Spec document → checked [`Api`]: every type and operation named and shaped, problems collected.

mod call_form;
pub mod filter;
mod headers;
mod media;
pub(crate) mod names;
mod namespaces;
mod nulls;
mod operations;
mod pagination;
mod recursion;
mod responses;
mod security;
mod size;
mod types;
mod view;
pub(crate) use operations::is_http_token;

use crate::diagnostics::Diagnostics;
use crate::ir::{Api, Operation, ResponseBody, StreamBody, TypeRef};
use crate::load::Spec;
use crate::settings::Settings;
use openapiv3::ReferenceOr;

/// Resolves a loaded spec. Problems go to `diags`; what cannot be supported is degraded (a type
/// becomes `serde_json::Value`, an operation is skipped) rather than failing the whole API.
pub fn resolve(spec: &Spec, settings: &Settings, diags: &mut Diagnostics) -> Api {
    let doc = &spec.document;
    let mut space = types::TypeSpace::new(doc, &spec.raw, settings);
    let mut schemes = security::Schemes::new(doc, diags);
    let mut operations = operations::resolve(doc, &spec.raw, &mut space, &mut schemes, diags);
    let finished = space.finish(diags);
    let mut types = finished.types;
    nulls::mark(&mut types, settings.strict_nulls());
    headers::check_types(&types, &mut operations, diags);
    pagination::resolve(&spec.raw, &types, &mut operations, diags);
    let client =
        namespaces::settle_types(&mut types, &mut operations, settings.client_name(), diags);
    let mut security_schemes = schemes.into_used();
    namespaces::settle_client(&mut operations, &mut security_schemes, diags);
    operations.sort_by(|a, b| a.calls[0].method_name.cmp(&b.calls[0].method_name));
    let mut api = Api {
        title: doc.info.title.clone(),
        version: doc.info.version.clone(),
        description: doc.info.description.clone(),
        default_base_url: doc.servers.first().map(|s| s.url.clone()),
        types,
        fallbacks: finished.fallbacks,
        operations,
        security_schemes,
        client,
        call_form: Default::default(),
    };
    api.call_form = call_form::call_form(&api, diags);
    api
}

/// Visits every type expression an operation holds.
fn for_each_type_ref(op: &mut Operation, mut visit: impl FnMut(&mut TypeRef)) {
    op.params.iter_mut().for_each(|p| visit(&mut p.ty));
    op.calls
        .iter_mut()
        .filter_map(|c| c.body.as_mut())
        .for_each(|b| visit(&mut b.ty));
    let responses = op
        .responses
        .success
        .iter_mut()
        .chain(op.responses.errors.iter_mut());
    for case in responses {
        if let ResponseBody::Json(ty) = &mut case.body {
            visit(ty);
        }
        let headers = case.headers.iter_mut().flat_map(|h| &mut h.fields);
        headers.for_each(|field| visit(&mut field.ty));
    }
    if let Some(pagination) = &mut op.pagination {
        visit(&mut pagination.item_ty);
    }
    for stream in &mut op.streams {
        if let StreamBody::JsonEvents(ty) = &mut stream.body {
            visit(ty);
        }
    }
}

/// Follows `$ref`s into one components section (`prefix`, such as `#/components/parameters/`)
/// until an item is reached; the reason when the chain ends nowhere, leaves the section or loops.
/// The caller decides how to degrade (skip the operation, fall back to `serde_json::Value`).
pub(super) fn follow<'d, T>(
    mut current: &'d ReferenceOr<T>,
    lookup: impl Fn(&str) -> Option<&'d ReferenceOr<T>>,
    prefix: &str,
) -> Result<&'d T, String> {
    let mut seen = std::collections::HashSet::new();
    loop {
        match current {
            ReferenceOr::Item(item) => return Ok(item),
            ReferenceOr::Reference { reference } => {
                if !seen.insert(reference) {
                    return Err(format!("$ref `{reference}` is part of a cycle of $refs"));
                }
                let Some(key) = reference.strip_prefix(prefix) else {
                    return Err(format!(
                        "$ref `{reference}` does not point into `{prefix}`, where this kind of object lives"
                    ));
                };
                match lookup(&crate::pointer::unescape_token(key)) {
                    Some(next) => current = next,
                    None => return Err(format!("$ref `{reference}` points to nothing")),
                }
            }
        }
    }
}

/// Two pieces of spec prose (summary and description, title and description) as one doc text.
pub(super) fn join_doc(summary: Option<&str>, description: Option<&str>) -> Option<String> {
    let parts: Vec<&str> = [summary, description]
        .into_iter()
        .flatten()
        .map(str::trim)
        .filter(|s| !s.is_empty())
        .collect();
    (!parts.is_empty()).then(|| parts.join("\n\n"))
}
