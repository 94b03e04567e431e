//! Recursive and deeply nested types: finding the fields that must be boxed, and rewriting type
//! ids.
//!
//! A struct that contains itself (directly or through other structs and unions, not through a
//! `Vec` or map) would be infinitely large. Types in one strongly connected component of the
//! "contains inline" graph get every such edge inside the component boxed.
//!
//! A long chain of types that contain each other inline (`A { b: B }`, `B { c: C }`, ...; from
//! nested inline objects or `$ref`s) is finite, but rustc computes layouts recursively and stops
//! at its query depth limit (about 60 levels). Such chains are cut by boxing the field where the
//! chain would grow past [`MAX_INLINE_DEPTH`], so the client stays typed and compiles.
//!
//! Large values are boxed where another generated type holds them (a struct field or a union
//! alternative, in the spirit of clippy's `large_enum_variant`): every move of the container
//! (into its slot while decoding, into the struct, into a growing `Vec`) would copy them whole.
//! A generated type estimated ([`super::size`]) larger than [`MAX_INLINE_SIZE`] is held as
//! `Box<T>` there.

/// The longest chain of types held inline in one another that is emitted without a box.
pub const MAX_INLINE_DEPTH: usize = 24;

/// The largest estimated size, in bytes, of a generated type held inline in another one (twelve
/// words: the threshold that decoded real Kratos bodies fastest, see BENCHMARKS.md).
pub const MAX_INLINE_SIZE: usize = 96;

use super::size;
use crate::ir::{TypeDef, TypeId, TypeKind, TypeRef};

/// Boxes every field or variant that closes a cycle of inline containment.
pub fn box_cycles(defs: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = defs.iter().map(inline_targets).collect();
    let component = strongly_connected(&edges);
    for (index, def) in defs.iter_mut().enumerate() {
        let same = |target: usize| component[target] == component[index];
        let cyclic = |ty: &TypeRef| direct_named(ty).is_some_and(|id| same(id.0));
        match &mut def.kind {
            TypeKind::Struct(s) => {
                for field in s.fields.iter_mut().filter(|f| cyclic(&f.ty)) {
                    box_in_place(&mut field.ty);
                }
            }
            TypeKind::Union(u) => {
                for variant in u.variants.iter_mut().filter(|v| cyclic(&v.ty)) {
                    box_in_place(&mut variant.ty);
                }
            }
            TypeKind::Enum(_) | TypeKind::Alias(_) => {}
        }
    }
}

/// Boxes fields and variants so that no chain of inline containment (after [`box_cycles`], the
/// graph of unboxed inline edges has no cycle) is longer than [`MAX_INLINE_DEPTH`] types, and no
/// field or union alternative holds a generated type larger than [`MAX_INLINE_SIZE`] inline.
pub fn box_deep_and_large(defs: &mut [TypeDef]) {
    let edges: Vec<Vec<usize>> = defs.iter().map(inline_targets).collect();
    // Depth-first, targets before their containers, without recursion.
    const UNSEEN: u8 = 0;
    const ON_WALK: u8 = 1;
    let mut state = vec![UNSEEN; defs.len()];
    let mut depth = vec![0usize; defs.len()];
    let mut sizes = vec![0usize; defs.len()];
    for root in 0..defs.len() {
        if state[root] != UNSEEN {
            continue;
        }
        state[root] = ON_WALK;
        let mut walk = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut next)) = walk.last_mut() {
            if let Some(&target) = edges[node].get(*next) {
                *next += 1;
                if state[target] == UNSEEN {
                    state[target] = ON_WALK;
                    walk.push((target, 0));
                }
                continue;
            }
            walk.pop();
            let mut deepest = 0;
            // An alias is a name for its target, not a container: only its depth counts.
            let mut visit = |ty: &mut TypeRef, contained: bool| match direct_named(ty) {
                Some(id) if depth[id.0] >= MAX_INLINE_DEPTH => box_in_place(ty),
                Some(id) if contained && sizes[id.0] > MAX_INLINE_SIZE => box_in_place(ty),
                Some(id) => deepest = deepest.max(depth[id.0]),
                None => {}
            };
            match &mut defs[node].kind {
                TypeKind::Struct(s) => s.fields.iter_mut().for_each(|f| visit(&mut f.ty, true)),
                TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| visit(&mut v.ty, true)),
                TypeKind::Alias(t) => visit(t, false),
                TypeKind::Enum(_) => {}
            }
            depth[node] = deepest + 1;
            sizes[node] = size::of_def(&defs[node], &sizes);
        }
    }
}

fn box_in_place(ty: &mut TypeRef) {
    let inner = std::mem::replace(ty, TypeRef::Unit);
    *ty = TypeRef::Boxed(Box::new(inner));
}

/// The named type a value holds inline (not behind a `Vec`, map or box).
fn direct_named(ty: &TypeRef) -> Option<TypeId> {
    match ty {
        TypeRef::Named(id) => Some(*id),
        TypeRef::Option(inner) => direct_named(inner),
        _ => None,
    }
}

fn inline_targets(def: &TypeDef) -> Vec<usize> {
    let types: Vec<&TypeRef> = match &def.kind {
        TypeKind::Struct(s) => s.fields.iter().map(|f| &f.ty).collect(),
        TypeKind::Union(u) => u.variants.iter().map(|v| &v.ty).collect(),
        TypeKind::Alias(t) => vec![t],
        TypeKind::Enum(_) => Vec::new(),
    };
    types
        .into_iter()
        .filter_map(direct_named)
        .map(|id| id.0)
        .collect()
}

/// Tarjan's algorithm, iterative: the component index of every node.
fn strongly_connected(edges: &[Vec<usize>]) -> Vec<usize> {
    const UNSEEN: usize = usize::MAX;
    let n = edges.len();
    let (mut index, mut low, mut component) = (vec![UNSEEN; n], vec![0; n], vec![UNSEEN; n]);
    let (mut on_stack, mut stack) = (vec![false; n], Vec::new());
    let (mut next_index, mut next_component) = (0, 0);
    for root in 0..n {
        if index[root] != UNSEEN {
            continue;
        }
        let mut work = vec![(root, 0usize)];
        while let Some(&mut (node, ref mut edge)) = work.last_mut() {
            if *edge == 0 && index[node] == UNSEEN {
                index[node] = next_index;
                low[node] = next_index;
                next_index += 1;
                stack.push(node);
                on_stack[node] = true;
            }
            if let Some(&target) = edges[node].get(*edge) {
                *edge += 1;
                if index[target] == UNSEEN {
                    work.push((target, 0));
                } else if on_stack[target] {
                    low[node] = low[node].min(index[target]);
                }
                continue;
            }
            work.pop();
            if let Some(&(parent, _)) = work.last() {
                low[parent] = low[parent].min(low[node]);
            }
            if low[node] == index[node] {
                while let Some(member) = stack.pop() {
                    on_stack[member] = false;
                    component[member] = next_component;
                    if member == node {
                        break;
                    }
                }
                next_component += 1;
            }
        }
    }
    component
}

/// Rewrites the ids inside a type expression.
pub fn remap_ref(ty: &mut TypeRef, new_ids: &[TypeId]) {
    for_each_id(ty, &mut |id| *id = new_ids[id.0]);
}

/// Rewrites the ids inside a definition.
pub fn remap_def(def: &mut TypeDef, new_ids: &[TypeId]) {
    for_each_def_ref(def, |ty| remap_ref(ty, new_ids));
}

/// Visits every type id a type expression names.
pub fn for_each_id(ty: &mut TypeRef, visit: &mut impl FnMut(&mut TypeId)) {
    match ty {
        TypeRef::Named(id) => visit(id),
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Boxed(inner) => for_each_id(inner, visit),
        _ => {}
    }
}

/// Visits every type expression a definition holds: fields, the extra-properties map, union
/// variants and alias targets.
pub fn for_each_def_ref(def: &mut TypeDef, mut visit: impl FnMut(&mut TypeRef)) {
    match &mut def.kind {
        TypeKind::Struct(s) => {
            s.fields.iter_mut().for_each(|f| visit(&mut f.ty));
            if let Some(additional) = &mut s.additional {
                visit(&mut additional.ty);
            }
        }
        TypeKind::Union(u) => u.variants.iter_mut().for_each(|v| visit(&mut v.ty)),
        TypeKind::Alias(t) => visit(t),
        TypeKind::Enum(_) => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::ir::{Field, Presence, Struct, Union, UnionVariant};

    fn def(name: &str, kind: TypeKind) -> TypeDef {
        TypeDef {
            name: name.into(),
            pointer: String::new(),
            doc: None,
            kind,
        }
    }

    fn structure(types: Vec<TypeRef>) -> TypeKind {
        let fields = types
            .into_iter()
            .map(|ty| Field {
                name: "f".into(),
                wire_name: "f".into(),
                ty,
                presence: Presence::Optional,
                doc: None,
                null_as_empty: false,
            })
            .collect();
        TypeKind::Struct(Struct {
            fields,
            additional: None,
            null_marker: None,
        })
    }

    #[test]
    fn large_values_are_boxed_where_they_are_held() {
        let named = |id| TypeRef::Named(TypeId(id));
        let boxed = |id| TypeRef::Boxed(Box::new(TypeRef::Named(TypeId(id))));
        let mut defs = vec![
            // 0: 6 strings, 144 bytes: large.
            def("Large", structure(vec![TypeRef::String; 6])),
            // 1: 2 strings: small.
            def("Small", structure(vec![TypeRef::String; 2])),
            // 2: holds both, and both in a list.
            def(
                "Holder",
                structure(vec![named(0), named(1), TypeRef::Vec(Box::new(named(0)))]),
            ),
            // 3: a union of both.
            def(
                "Either",
                TypeKind::Union(Union {
                    variants: [0, 1]
                        .map(|id| UnionVariant {
                            name: format!("V{id}"),
                            ty: named(id),
                            tags: Vec::new(),
                        })
                        .into(),
                    discriminator: None,
                }),
            ),
            // 4: another name for the large one.
            def("Alias", TypeKind::Alias(named(0))),
        ];
        box_deep_and_large(&mut defs);
        let TypeKind::Struct(holder) = &defs[2].kind else {
            unreachable!()
        };
        let held: Vec<&TypeRef> = holder.fields.iter().map(|f| &f.ty).collect();
        assert_eq!(
            held,
            [&boxed(0), &named(1), &TypeRef::Vec(Box::new(named(0)))]
        );
        let TypeKind::Union(either) = &defs[3].kind else {
            unreachable!()
        };
        assert_eq!(either.variants[0].ty, boxed(0));
        assert_eq!(either.variants[1].ty, named(1));
        assert!(matches!(&defs[4].kind, TypeKind::Alias(ty) if *ty == named(0)));
    }

    #[test]
    fn components_group_cycles() {
        // 0 → 1 → 2 → 0, 3 → 3, 4 alone.
        let edges = vec![vec![1], vec![2], vec![0], vec![3], vec![]];
        let c = strongly_connected(&edges);
        assert_eq!(c[0], c[1]);
        assert_eq!(c[1], c[2]);
        assert_ne!(c[0], c[3]);
        assert_ne!(c[3], c[4]);
    }
}
