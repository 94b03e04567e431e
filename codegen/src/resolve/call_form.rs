//! Names of the builder call form and of body constructors, decided once every operation and type
//! is named.
//!
//! Builder types live in their own module, so they never meet schema names; builder methods are
//! the operation's parameter names except a fixed vocabulary (`send`, `header`, ...) that is
//! always reserved, so a parameter added in a newer spec never renames an existing setter.

use super::names::{bare, camel_ident, snake_ident, Item, NameSet};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{
    Api, BodyEncoding, CallForm, Constructors, Operation, OperationCallNames, TypeDef, TypeKind,
};

/// Methods every builder has besides its setters.
const BUILDER_METHODS: &[&str] = &["send", "send_with_response", "header", "timeout"];

/// The call-form names of `api`; a parameter whose setter name is taken gets a warning.
pub fn call_form(api: &Api, diags: &mut Diagnostics) -> CallForm {
    let accessor_type = "Calls";
    // The generic parameters of the builders are taken too.
    let mut builders = NameSet::with_reserved(&[accessor_type, "B", "C", "T"]);
    CallForm {
        module: "calls".into(),
        accessor: "call".into(),
        accessor_type: accessor_type.into(),
        requests_module: "requests".into(),
        responses_module: "responses".into(),
        blocking_module: "blocking".into(),
        operations: api
            .operations
            .iter()
            .map(|op| operation_names(op, &mut builders, diags))
            .collect(),
        constructors: api.types.iter().map(|def| constructors(api, def)).collect(),
    }
}

fn operation_names(
    op: &Operation,
    builders: &mut NameSet,
    diags: &mut Diagnostics,
) -> OperationCallNames {
    let primary = &op.calls[0].method_name;
    let mut methods = NameSet::with_reserved(BUILDER_METHODS);
    let body = Item {
        what: "builder setter",
        pointer: &child(&op.pointer, "requestBody"),
    };
    let body_setters = op
        .calls
        .iter()
        .filter_map(|call| call.body.as_ref())
        .enumerate()
        .map(|(i, content)| match i {
            0 => methods.claim_for("body", body, diags),
            _ => {
                let wanted = format!("{}_body", encoding_word(content.encoding));
                methods.claim_for(&wanted, body, diags)
            }
        })
        .collect();
    let setters = op
        .params
        .iter()
        .map(|p| {
            let item = Item {
                what: "builder setter",
                pointer: &p.pointer,
            };
            (!p.required).then(|| methods.claim_for(&p.name, item, diags))
        })
        .collect();
    OperationCallNames {
        builder: builders.claim(&camel_ident(bare(primary))),
        response_fn: primary.clone(),
        setters,
        body_setters,
    }
}

fn encoding_word(encoding: BodyEncoding) -> &'static str {
    match encoding {
        BodyEncoding::Json => "json",
        BodyEncoding::Form => "form",
        BodyEncoding::Multipart => "multipart",
        BodyEncoding::Text => "text",
        BodyEncoding::Bytes => "bytes",
    }
}

fn constructors(api: &Api, def: &TypeDef) -> Constructors {
    match &def.kind {
        TypeKind::Struct(_) => Constructors::Struct("new".into()),
        TypeKind::Union(union) => {
            let mut names = NameSet::default();
            Constructors::Union(
                union
                    .variants
                    .iter()
                    .map(|v| match v.ty.named_or_boxed() {
                        Some(id) if matches!(api.types[id.0].kind, TypeKind::Struct(_)) => {
                            Some(names.claim(&snake_ident(&v.name)))
                        }
                        _ => None,
                    })
                    .collect(),
            )
        }
        TypeKind::Enum(_) | TypeKind::Alias(_) => Constructors::None,
    }
}
