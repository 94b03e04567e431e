//! An estimate of how many bytes a generated type takes inline, from the IR alone, for deciding
//! which values are held in a `Box`.
//!
//! The estimate follows Rust's layouts on 64-bit targets closely enough for that decision:
//! strings, lists, maps and `Bytes` are three or four words, the map of additional properties
//! one (it is boxed), `serde_json::Value` 72 bytes (the runtime enables `preserve_order`), a box
//! one word, `Option` free where the inner type has a niche (and a word, or its alignment, where
//! it has none), a struct the sum of its fields rounded up to a word, an open enum a `String`, a
//! union its largest alternative plus a word for the discriminant. Padding between fields is not
//! modelled (rustc reorders fields to avoid most of it).

use crate::ir::{FloatKind, IntegerKind, Presence, TypeDef, TypeKind, TypeRef};

/// Bytes of one machine word.
const WORD: usize = 8;
/// `String`, `Vec<T>` and `BTreeMap<K, V>`.
const COLLECTION: usize = 3 * WORD;
/// `serde_json::Value` with `preserve_order` (an `IndexMap` in its object variant).
const JSON: usize = 9 * WORD;

/// The estimated size of `def`, given the sizes of the generated types it holds inline
/// (`sizes[id]`; those behind a `Vec`, map or box are not read).
pub fn of_def(def: &TypeDef, sizes: &[usize]) -> usize {
    match &def.kind {
        TypeKind::Struct(s) => {
            let fields: usize = s
                .fields
                .iter()
                .map(|field| match field.presence {
                    Presence::Required | Presence::Flatten => of(&field.ty, sizes),
                    // `Option<Option<T>>` uses the inner discriminant's spare values.
                    Presence::RequiredNullable
                    | Presence::Optional
                    | Presence::OptionalNullable => optional(&field.ty, sizes),
                })
                .sum();
            let extra = s.additional.as_ref().map_or(0, |_| WORD);
            let marker = s.null_marker.as_ref().map_or(0, |_| {
                WORD * s
                    .fields
                    .iter()
                    .filter(|f| f.null_as_empty)
                    .count()
                    .div_ceil(64)
            });
            (fields + extra + marker).next_multiple_of(WORD)
        }
        // Known values are unit variants; the fallback holds a `String` (or an integer).
        TypeKind::Enum(_) => COLLECTION,
        TypeKind::Union(u) => {
            let largest = u
                .variants
                .iter()
                .map(|v| of(&v.ty, sizes))
                .chain([JSON])
                .max()
                .unwrap_or(0);
            largest.next_multiple_of(WORD) + WORD
        }
        TypeKind::Alias(ty) => of(ty, sizes),
    }
}

/// The estimated size of a value of type `ty`.
pub fn of(ty: &TypeRef, sizes: &[usize]) -> usize {
    match ty {
        TypeRef::Named(id) => sizes[id.0],
        TypeRef::String | TypeRef::Vec(_) | TypeRef::Map(_) => COLLECTION,
        TypeRef::Bytes => 4 * WORD,
        TypeRef::Json => JSON,
        TypeRef::DateTime => 4 * WORD,
        TypeRef::Uuid => 16,
        TypeRef::Date | TypeRef::Integer(IntegerKind::I32 | IntegerKind::U32) => 4,
        TypeRef::Float(FloatKind::F32) => 4,
        TypeRef::Integer(IntegerKind::I64 | IntegerKind::U64) | TypeRef::Float(FloatKind::F64) => {
            WORD
        }
        TypeRef::Bool => 1,
        TypeRef::Unit => 0,
        TypeRef::Boxed(_) => WORD,
        TypeRef::Option(inner) => optional(inner, sizes),
    }
}

/// The estimated size of `Option<ty>`.
fn optional(ty: &TypeRef, sizes: &[usize]) -> usize {
    of(ty, sizes) + niche_cost(ty)
}

/// What `Option` adds around `ty`: nothing when `ty` has invalid bit patterns for `None` to use
/// (pointers, `bool`, enums, and the generated structs, which hold at least one of those in
/// practice), else room for a discriminant at the type's alignment.
fn niche_cost(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::Integer(IntegerKind::I64 | IntegerKind::U64) | TypeRef::Float(FloatKind::F64) => {
            WORD
        }
        TypeRef::Integer(IntegerKind::I32 | IntegerKind::U32) | TypeRef::Float(FloatKind::F32) => 4,
        TypeRef::Uuid | TypeRef::Unit => 1,
        _ => 0,
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Struct, TypeId};

    fn field(ty: TypeRef, presence: Presence) -> Field {
        Field {
            name: "f".into(),
            wire_name: "f".into(),
            ty,
            presence,
            doc: None,
            null_as_empty: false,
        }
    }

    fn structure(fields: Vec<Field>) -> TypeDef {
        TypeDef {
            name: "S".into(),
            pointer: String::new(),
            doc: None,
            kind: TypeKind::Struct(Struct {
                fields,
                additional: None,
                null_marker: None,
            }),
        }
    }

    #[test]
    fn structs_add_their_fields_and_options_cost_only_without_a_niche() {
        let def = structure(vec![
            field(TypeRef::String, Presence::Required),
            field(TypeRef::String, Presence::Optional),
            field(TypeRef::Integer(IntegerKind::I64), Presence::Optional),
            field(TypeRef::Uuid, Presence::Required),
            field(TypeRef::Bool, Presence::Required),
        ]);
        // 24 + 24 + 16 + 16 + 1, rounded up to a word.
        assert_eq!(of_def(&def, &[]), 88);
    }

    #[test]
    fn nested_types_count_inline_and_boxes_as_a_word() {
        let inner = TypeRef::Named(TypeId(0));
        let def = structure(vec![
            field(inner.clone(), Presence::Optional),
            field(TypeRef::Boxed(Box::new(inner.clone())), Presence::Required),
            field(TypeRef::Vec(Box::new(inner)), Presence::Required),
        ]);
        assert_eq!(of_def(&def, &[400]), 400 + 8 + 24);
    }
}
