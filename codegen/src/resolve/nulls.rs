//! Go-style `null` for lists and maps: which fields read `null` as empty, and the marker field
//! that remembers which of them arrived as `null` so that encoding writes `null` back.

use super::types::unclaimed_field_name;
use crate::ir::{Presence, TypeDef, TypeKind, TypeRef};

/// The marker's name unless a property took it.
const MARKER: &str = "sent_as_null";

/// Marks the list and map fields that are neither nullable nor flattened as reading `null` as
/// empty (none with `strict`), and gives each struct that decodes with its own visitor (no
/// flattened members) and has such fields a marker named apart from its other fields.
pub fn mark(defs: &mut [TypeDef], strict: bool) {
    if strict {
        return;
    }
    let flags: Vec<Vec<bool>> = defs
        .iter()
        .map(|def| match &def.kind {
            TypeKind::Struct(s) => s
                .fields
                .iter()
                .map(|f| {
                    matches!(f.presence, Presence::Required | Presence::Optional)
                        && is_list_or_map(defs, &f.ty)
                })
                .collect(),
            _ => Vec::new(),
        })
        .collect();
    for (def, flags) in defs.iter_mut().zip(flags) {
        let TypeKind::Struct(s) = &mut def.kind else {
            continue;
        };
        for (field, flag) in s.fields.iter_mut().zip(flags) {
            field.null_as_empty = flag;
        }
        let visitor = s.fields.iter().all(|f| f.presence != Presence::Flatten);
        if visitor && s.fields.iter().any(|f| f.null_as_empty) {
            s.null_marker = Some(unclaimed_field_name(s, MARKER));
        }
    }
}

/// Whether `ty` is a `Vec` or map, directly or through aliases (a nullable alias is an `Option`).
fn is_list_or_map(defs: &[TypeDef], ty: &TypeRef) -> bool {
    let mut ty = ty;
    // An alias chain is at most as long as the list of types; the bound keeps a cycle finite.
    for _ in 0..=defs.len() {
        match ty {
            TypeRef::Vec(_) | TypeRef::Map(_) => return true,
            TypeRef::Named(id) => match &defs[id.0].kind {
                TypeKind::Alias(aliased) => ty = aliased,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
}
