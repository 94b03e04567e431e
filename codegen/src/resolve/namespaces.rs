//! The namespaces whose names are settled once the whole API is known: the module's types
//! (schemas, inline types, the operations' outcome enums) and the client's associated items
//! (methods and their `_with_response` forms, credential setters, scheme constants).
//!
//! Until then every item carries the name it wants; [`names::settle`] decides, in a way that does
//! not depend on the order items were found (see the `names` module).

use super::names::{self, camel_ident, Candidate, Rank, CLIENT_METHODS};
use super::recursion::{remap_def, remap_ref};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{ClientNames, Operation, SecurityScheme, TypeDef, TypeId, TypeRef};
use crate::pointer::unescape_token;

const COMPONENT_SCHEMAS: &str = "/components/schemas/";

/// Settles the names of types and outcome enums, then sorts the types by name (rewriting every
/// type id, including the operations'). Returns the client's own names.
pub fn settle_types(
    types: &mut Vec<TypeDef>,
    operations: &mut [Operation],
    client_name: &str,
    diags: &mut Diagnostics,
) -> ClientNames {
    let mut candidates: Vec<Candidate> = types.iter().map(type_candidate).collect();
    for op in operations.iter() {
        let pointer = child(&op.pointer, "responses");
        let enums = [&op.responses.error_enum]
            .into_iter()
            .chain(&op.responses.success_enum);
        candidates.extend(enums.map(|wanted| Candidate {
            wanted: wanted.clone(),
            rank: Rank::Derived,
            pointer: pointer.clone(),
            what: "type",
        }));
    }
    let (mut settled, transport_param) = names::settle_types(client_name, &candidates, diags);
    let mut op_names = settled.split_off(types.len()).into_iter();
    for (def, name) in types.iter_mut().zip(settled) {
        def.name = name;
    }
    for op in operations.iter_mut() {
        let responses = &mut op.responses;
        responses.error_enum = op_names.next().expect("one name per candidate");
        if let Some(success) = &mut responses.success_enum {
            *success = op_names.next().expect("one name per candidate");
        }
    }
    sort_by_name(types, operations);
    ClientNames {
        name: client_name.to_string(),
        transport_param,
    }
}

/// A schema under `components.schemas` keeps a name the spec spells before any other type.
fn type_candidate(def: &TypeDef) -> Candidate {
    let key = def
        .pointer
        .strip_prefix(COMPONENT_SCHEMAS)
        .filter(|token| !token.contains('/'))
        .map(unescape_token);
    let rank = match key {
        Some(key) if camel_ident(&key) == def.name => Rank::of(&def.name, &key),
        _ => Rank::Derived,
    };
    Candidate {
        wanted: def.name.clone(),
        rank,
        pointer: def.pointer.clone(),
        what: "type",
    }
}

/// Orders types by name and rewrites every id to match.
fn sort_by_name(types: &mut Vec<TypeDef>, operations: &mut [Operation]) {
    let mut order: Vec<usize> = (0..types.len()).collect();
    order.sort_by(|&a, &b| types[a].name.cmp(&types[b].name));
    let mut new_ids = vec![TypeId(0); order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_ids[old] = TypeId(new);
    }
    let mut slots: Vec<Option<TypeDef>> = std::mem::take(types).into_iter().map(Some).collect();
    *types = order
        .iter()
        .map(|&old| slots[old].take().expect("each definition is moved once"))
        .collect();
    types.iter_mut().for_each(|def| remap_def(def, &new_ids));
    for op in operations {
        super::for_each_type_ref(op, |ty: &mut TypeRef| remap_ref(ty, &new_ids));
    }
}

/// Settles the client's methods, credential setters and scheme constants in one namespace.
/// Each item arrives carrying the name it wants.
pub fn settle_client(
    operations: &mut [Operation],
    schemes: &mut [SecurityScheme],
    diags: &mut Diagnostics,
) {
    let mut candidates = Vec::new();
    for op in operations.iter() {
        let base_rank = Rank::of(&op.calls[0].method_name, &op.id);
        for (i, call) in op.calls.iter().enumerate() {
            let rank = if i == 0 { base_rank } else { Rank::Derived };
            candidates.push(candidate(&call.method_name, rank, &op.pointer, "method"));
            candidates.push(candidate(
                &call.with_response_name,
                Rank::Derived,
                &op.pointer,
                "method",
            ));
        }
    }
    for scheme in schemes.iter() {
        // A scheme's setter and constant share its rank, so the two stay paired in a collision.
        let rank = Rank::of(&names::snake_ident(&scheme.name), &scheme.name);
        candidates.push(candidate(&scheme.setter, rank, &scheme.pointer, "setter"));
        candidates.push(candidate(
            &scheme.constant,
            rank,
            &scheme.pointer,
            "constant",
        ));
    }
    let mut settled = names::settle(CLIENT_METHODS, &candidates, diags).into_iter();
    let mut next = || settled.next().expect("one name per candidate");
    for op in operations.iter_mut() {
        for call in &mut op.calls {
            call.method_name = next();
            call.with_response_name = next();
        }
    }
    for scheme in schemes.iter_mut() {
        scheme.setter = next();
        scheme.constant = next();
    }
}

fn candidate(wanted: &str, rank: Rank, pointer: &str, what: &'static str) -> Candidate {
    Candidate {
        wanted: wanted.to_string(),
        rank,
        pointer: pointer.to_string(),
        what,
    }
}
