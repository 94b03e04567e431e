//! The namespaces whose names are settled once the whole API is known: the module's types
//! (schemas, inline types, the operations' outcome enums) and the client's associated items
//! (methods and their `_with_response` forms, credential setters, scheme constants).
//!
//! Until then every item carries the name it wants; [`names::settle`] decides, in a way that does
//! not depend on the order items were found (see the `names` module).

use super::names::{self, camel_ident, Candidate, Rank, CLIENT_METHODS};
use super::recursion::{remap_def, remap_ref};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{ClientNames, HeaderStruct, Operation, SecurityScheme, TypeDef, TypeId, TypeRef};
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
    let owners: Vec<(String, Rank)> = operations
        .iter()
        .map(|op| (format!("{}/", op.pointer), operation_rank(op)))
        .collect();
    let mut candidates: Vec<Candidate> = types
        .iter()
        .map(|def| type_candidate(def, &owners))
        .collect();
    for (op, (_, op_rank)) in operations.iter().zip(&owners) {
        let pointer = child(&op.pointer, "responses");
        let enums = [&op.responses.error_enum]
            .into_iter()
            .chain(&op.responses.success_enum);
        candidates.extend(
            enums.map(|wanted| candidate(wanted, (Rank::Derived, *op_rank), &pointer, "type")),
        );
        candidates.extend(header_structs(op).map(|headers| {
            candidate(
                &headers.name,
                (Rank::Derived, *op_rank),
                &headers.pointer,
                "type",
            )
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
        for headers in header_structs_mut(op) {
            headers.name = op_names.next().expect("one name per candidate");
        }
    }
    sort_by_name(types, operations);
    ClientNames {
        name: client_name.to_string(),
        transport_param,
    }
}

/// The typed header structs of an operation's responses, success first.
fn header_structs(op: &Operation) -> impl Iterator<Item = &HeaderStruct> {
    let cases = op.responses.success.iter().chain(&op.responses.errors);
    cases.filter_map(|case| case.headers.as_ref())
}

fn header_structs_mut(op: &mut Operation) -> impl Iterator<Item = &mut HeaderStruct> {
    let cases = op
        .responses
        .success
        .iter_mut()
        .chain(&mut op.responses.errors);
    cases.filter_map(|case| case.headers.as_mut())
}

/// How an operation holds its method name: spelled when the operationId is already snake_case.
fn operation_rank(op: &Operation) -> Rank {
    Rank::of(&op.calls[0].method_name, &op.id)
}

/// A schema under `components.schemas` wants the name its key spells or converts to; any other
/// type wants a derived name, held as strongly as the schema or operation it stands in (`owners`:
/// operation pointers with a trailing `/`, and their ranks).
fn type_candidate(def: &TypeDef, owners: &[(String, Rank)]) -> Candidate {
    // The component key, and whether the type is the component itself.
    let component = def.pointer.strip_prefix(COMPONENT_SCHEMAS).map(|rest| {
        let (key, below) = rest.split_once('/').unwrap_or((rest, ""));
        (unescape_token(key), below.is_empty())
    });
    let component_rank = |key: &str| Rank::of(&camel_ident(key), key);
    let rank = match component {
        Some((key, true)) if camel_ident(&key) == def.name => {
            let rank = component_rank(&key);
            (rank, rank)
        }
        Some((key, _)) => (Rank::Derived, component_rank(&key)),
        None => {
            let owner = owners
                .iter()
                .find(|(prefix, _)| def.pointer.starts_with(prefix.as_str()))
                .map_or(Rank::Derived, |(_, rank)| *rank);
            (Rank::Derived, owner)
        }
    };
    candidate(&def.name, rank, &def.pointer, "type")
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
        let base = operation_rank(op);
        for (i, call) in op.calls.iter().enumerate() {
            let rank = if i == 0 { base } else { Rank::Derived };
            candidates.push(candidate(
                &call.method_name,
                (rank, base),
                &op.pointer,
                "method",
            ));
            let derived = (Rank::Derived, base);
            candidates.push(candidate(
                &call.with_response_name,
                derived,
                &op.pointer,
                "method",
            ));
        }
        if let Some(pagination) = &op.pagination {
            let derived = (Rank::Derived, base);
            candidates.push(candidate(
                &pagination.method_name,
                derived,
                &op.pointer,
                "method",
            ));
        }
    }
    for scheme in schemes.iter() {
        // A scheme's setter and constant share its rank, so the two stay paired in a collision.
        let rank = Rank::of(&names::snake_ident(&scheme.name), &scheme.name);
        let ranks = (rank, rank);
        candidates.push(candidate(&scheme.setter, ranks, &scheme.pointer, "setter"));
        candidates.push(candidate(
            &scheme.constant,
            ranks,
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
        if let Some(pagination) = &mut op.pagination {
            pagination.method_name = next();
        }
    }
    for scheme in schemes.iter_mut() {
        scheme.setter = next();
        scheme.constant = next();
    }
}

/// A candidate with its own rank and its owner's.
fn candidate(
    wanted: &str,
    (rank, owner_rank): (Rank, Rank),
    pointer: &str,
    what: &'static str,
) -> Candidate {
    Candidate {
        wanted: wanted.to_string(),
        rank,
        owner_rank,
        pointer: pointer.to_string(),
        order: pointer.to_string(),
        what,
    }
}
