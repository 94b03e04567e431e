//! Tag and operation filters: keep the chosen operations, then only the types and security
//! schemes they use.
//!
//! Filtering runs after every name is decided over the whole spec, so a filtered client's items
//! keep the names they have in the full client.

use super::operations::{path_operations, METHODS};
use super::recursion::{for_each_def_ref, for_each_id, remap_def, remap_ref};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{Api, TypeId};
use crate::settings::OperationFilter;
use openapiv3::{OpenAPI, ReferenceOr};
use std::collections::{BTreeSet, HashMap};
use wildmatch::WildMatch;

/// Drops the operations `filter` does not keep and every type and security scheme only they
/// used. Each tag or pattern that matches no operation is a warning; these name the filter and
/// have no place in the spec.
pub fn apply(api: &mut Api, doc: &OpenAPI, filter: &OperationFilter) -> Diagnostics {
    let mut diags = Diagnostics::default();
    if filter.is_empty() {
        return diags;
    }
    let tags = operation_tags(doc);
    let selectors = Selectors::new(filter);
    let mut matched = Matched::default();
    api.operations.retain(|op| {
        let op_tags = tags.get(op.pointer.as_str()).map_or(&[][..], Vec::as_slice);
        selectors.keeps(&op.id, op_tags, &mut matched)
    });
    selectors.warn_unmatched(&matched, &mut diags);
    keep_reachable_types(api);
    let used: BTreeSet<&String> = api
        .operations
        .iter()
        .flat_map(|op| op.security.iter().flatten())
        .collect();
    api.security_schemes.retain(|s| used.contains(&s.name));
    diags
}

/// The `tags` of every operation, by the operation's pointer.
fn operation_tags(doc: &OpenAPI) -> HashMap<String, Vec<String>> {
    let mut tags = HashMap::new();
    for (path_key, item) in &doc.paths.paths {
        let ReferenceOr::Item(item) = item else {
            continue;
        };
        let item_pointer = child("/paths", path_key);
        for (method, op) in METHODS.iter().zip(path_operations(item)) {
            if let Some(op) = op {
                tags.insert(child(&item_pointer, method), op.tags.clone());
            }
        }
    }
    tags
}

/// The filter's tags and compiled globs.
struct Selectors<'f> {
    operations: Vec<WildMatch>,
    exclude: Vec<WildMatch>,
    filter: &'f OperationFilter,
}

/// Which tags and patterns matched at least one operation (by index).
#[derive(Default)]
struct Matched {
    tags: BTreeSet<usize>,
    operations: BTreeSet<usize>,
    exclude: BTreeSet<usize>,
}

impl<'f> Selectors<'f> {
    fn new(filter: &'f OperationFilter) -> Self {
        let globs = |patterns: &[String]| patterns.iter().map(|p| WildMatch::new(p)).collect();
        Self {
            operations: globs(&filter.operations),
            exclude: globs(&filter.exclude),
            filter,
        }
    }

    /// Whether the operation is kept, noting every selector that matches it.
    fn keeps(&self, id: &str, op_tags: &[String], matched: &mut Matched) -> bool {
        let by_tag = mark(
            &mut matched.tags,
            self.filter.tags.iter().map(|t| op_tags.contains(t)),
        );
        let by_id = mark(
            &mut matched.operations,
            self.operations.iter().map(|g| g.matches(id)),
        );
        let excluded = mark(
            &mut matched.exclude,
            self.exclude.iter().map(|g| g.matches(id)),
        );
        let selected =
            (self.filter.tags.is_empty() && self.operations.is_empty()) || by_tag || by_id;
        selected && !excluded
    }

    fn warn_unmatched(&self, matched: &Matched, diags: &mut Diagnostics) {
        let lists = [
            ("tags", &self.filter.tags, &matched.tags),
            ("operations", &self.filter.operations, &matched.operations),
            ("exclude", &self.filter.exclude, &matched.exclude),
        ];
        for (option, values, hits) in lists {
            let unmatched = values.iter().enumerate().filter(|(i, _)| !hits.contains(i));
            for (_, value) in unmatched {
                diags.warn(
                    "",
                    format!("the filter `{option} = {value}` matches no operation"),
                );
            }
        }
    }
}

/// Records the indices of the true results; whether any was true.
fn mark(hits: &mut BTreeSet<usize>, results: impl Iterator<Item = bool>) -> bool {
    let mut any = false;
    for (i, _) in results.enumerate().filter(|(_, hit)| *hit) {
        hits.insert(i);
        any = true;
    }
    any
}

/// Keeps the types the operations reach through parameters, bodies and responses, then through
/// fields, variants and alias targets; renumbers the rest in name order.
fn keep_reachable_types(api: &mut Api) {
    let mut reachable = vec![false; api.types.len()];
    let mut pending = Vec::new();
    for op in &mut api.operations {
        super::for_each_type_ref(op, |ty| for_each_id(ty, &mut |id| pending.push(*id)));
    }
    while let Some(id) = pending.pop() {
        if std::mem::replace(&mut reachable[id.0], true) {
            continue;
        }
        for_each_def_ref(&mut api.types[id.0], |ty| {
            for_each_id(ty, &mut |id| pending.push(*id))
        });
    }
    let mut new_ids = vec![TypeId(usize::MAX); api.types.len()];
    let kept_ids = reachable.iter().enumerate().filter(|(_, kept)| **kept);
    for (new, (old, _)) in kept_ids.enumerate() {
        new_ids[old] = TypeId(new);
    }
    let mut kept = reachable.iter();
    api.types.retain(|_| kept.next() == Some(&true));
    api.types
        .iter_mut()
        .for_each(|def| remap_def(def, &new_ids));
    api.operations
        .iter_mut()
        .for_each(|op| super::for_each_type_ref(op, |ty| remap_ref(ty, &new_ids)));
}
