//! What changes in the generated Rust API between two resolved specs, and what each change does
//! to code that calls it.
//!
//! Items are matched by their Rust names (the IR's names are the API). Each change is classified
//! for the two ways of calling an operation:
//! - **positional**: `client.op(required, optional, body)`: every argument is part of the
//!   signature, so any added, removed or changed parameter breaks a call; request bodies are
//!   built with struct literals, so any new field of a request type breaks them too.
//! - **builder**: `client.call().op(required).optional(v).body(b).send()`: required parameters
//!   are the constructor's arguments, optional ones are setters and bodies have constructors for
//!   their required fields, so new optional inputs do not break a call.
//!
//! Response types are read, not built: a new field there breaks no one. Enums, unions and error
//! enums are exhaustive Rust enums, so a new variant breaks a `match` without a `_` arm when the
//! type is ever received.

mod report;

use std::collections::{BTreeMap, BTreeSet};

use serde::Serialize;

use crate::ir::{
    Api, Field, Operation, Presence, ResponseBody, ResponseCase, TypeDef, TypeKind, TypeRef,
};

/// Every change between two APIs, methods first, then types, each group sorted by name.
#[derive(Clone, Debug, Default, Serialize)]
pub struct ApiDiff {
    /// The changes.
    pub changes: Vec<Change>,
}

/// One change of the Rust API.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Change {
    /// The method or type changed: `method create_identity`, `type Identity`.
    pub item: String,
    /// What happened to it, in a phrase (`parameter cookie: Option<&str> added`).
    pub change: String,
    /// Its effect on calls in the positional form.
    pub positional: Impact,
    /// Its effect on calls in the builder form.
    pub builder: Impact,
    /// A condition on the classification, when it has one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub note: Option<String>,
}

/// What a change does to code written against the old API (semver classes).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "lowercase")]
pub enum Impact {
    /// Something new; existing code is unaffected.
    Additive,
    /// Something existing changed, and existing code still compiles and works.
    Compatible,
    /// Existing code may stop compiling.
    Breaking,
}

impl ApiDiff {
    /// Whether any change breaks code in the positional form.
    pub fn breaks_positional(&self) -> bool {
        self.changes
            .iter()
            .any(|c| c.positional == Impact::Breaking)
    }

    /// Whether any change breaks code in the builder form.
    pub fn breaks_builder(&self) -> bool {
        self.changes.iter().any(|c| c.builder == Impact::Breaking)
    }
}

/// The changes of the generated Rust API from `old` to `new`.
pub fn diff(old: &Api, new: &Api) -> ApiDiff {
    let mut out = Changes::default();
    let (old_io, new_io) = (Usage::of(old), Usage::of(new));
    methods(&mut out, old, new);
    types(&mut out, Side::new(old, &old_io), Side::new(new, &new_io));
    let mut changes = out.0;
    changes.sort_by(|a, b| {
        let key = |c: &Change| (c.item.starts_with("type "), c.item.clone());
        key(a).cmp(&key(b))
    });
    ApiDiff { changes }
}

#[derive(Default)]
struct Changes(Vec<Change>);

impl Changes {
    fn push(&mut self, item: &str, change: String, positional: Impact, builder: Impact) {
        self.push_noted(item, change, positional, builder, None);
    }

    fn push_noted(
        &mut self,
        item: &str,
        change: String,
        positional: Impact,
        builder: Impact,
        note: Option<&str>,
    ) {
        self.0.push(Change {
            item: item.to_owned(),
            change,
            positional,
            builder,
            note: note.map(str::to_owned),
        });
    }

    /// The same impact in both call forms.
    fn both(&mut self, item: &str, change: String, impact: Impact) {
        self.push(item, change, impact, impact);
    }
}

use Impact::{Additive, Breaking, Compatible};

/// One generated method: an operation in one request media type.
struct Method<'a> {
    api: &'a Api,
    op: &'a Operation,
    body: Option<(String, bool)>,
}

/// Methods by name.
fn method_table(api: &Api) -> BTreeMap<&str, Method<'_>> {
    let mut table = BTreeMap::new();
    for op in &api.operations {
        for call in &op.calls {
            let body = call.body.as_ref().map(|b| {
                let required = op.body.as_ref().is_some_and(|p| p.required);
                (render(api, &b.ty), required)
            });
            table.insert(call.method_name.as_str(), Method { api, op, body });
        }
    }
    table
}

fn methods(out: &mut Changes, old: &Api, new: &Api) {
    let (old, new) = (method_table(old), method_table(new));
    for (name, method) in &new {
        if !old.contains_key(name) {
            let item = format!("method {name}");
            out.both(
                &item,
                format!("added ({} {})", method.op.http_method, method.op.path),
                Additive,
            );
        }
    }
    for (name, before) in &old {
        let item = format!("method {name}");
        match new.get(name) {
            None => out.both(&item, "removed".into(), Breaking),
            Some(after) => method_changes(out, &item, before, after),
        }
    }
}

/// A parameter as the signature shows it.
struct Param {
    ty: String,
    required: bool,
}

fn params<'a>(method: &Method<'a>) -> Vec<(&'a str, Param)> {
    method
        .op
        .params
        .iter()
        .map(|p| {
            let ty = render(method.api, &p.ty);
            let param = Param {
                ty,
                required: p.required,
            };
            (p.name.as_str(), param)
        })
        .collect()
}

fn method_changes(out: &mut Changes, item: &str, before: &Method<'_>, after: &Method<'_>) {
    let (old, new) = (params(before), params(after));
    let find = |list: &[(&str, Param)], name: &str| list.iter().position(|(n, _)| *n == name);
    for (name, param) in &new {
        if find(&old, name).is_some() {
            continue;
        }
        if param.required {
            let change = format!("required parameter {name}: {} added", param.ty);
            out.both(item, change, Breaking);
        } else {
            let change = format!("optional parameter {name}: Option<{}> added", param.ty);
            out.push(item, change, Breaking, Additive);
        }
    }
    for (name, was) in &old {
        let Some(at) = find(&new, name) else {
            let change = format!("parameter {name} removed");
            out.both(item, change, Breaking);
            continue;
        };
        let now = &new[at].1;
        if was.ty != now.ty {
            let change = format!("parameter {name} retyped: {} → {}", was.ty, now.ty);
            out.both(item, change, Breaking);
        }
        if was.required != now.required {
            let change = match now.required {
                true => format!("parameter {name} made required"),
                false => format!("parameter {name} made optional"),
            };
            out.both(item, change, Breaking);
        }
    }
    parameter_order(out, item, &old, &new);
    body_changes(out, item, &before.body, &after.body);
    let (was, now) = (returns(before), returns(after));
    if was != now {
        out.both(item, format!("returns {now} instead of {was}"), Breaking);
    }
}

/// Parameters both versions have, in a different order: positional calls pass them in the
/// wrong place; builder calls only when the order of the required ones changed.
fn parameter_order(out: &mut Changes, item: &str, old: &[(&str, Param)], new: &[(&str, Param)]) {
    let common = |list: &[(&str, Param)], other: &[(&str, Param)], required: bool| -> Vec<String> {
        list.iter()
            .filter(|(n, p)| other.iter().any(|(o, _)| o == n) && (!required || p.required))
            .map(|(n, _)| n.to_string())
            .collect()
    };
    if common(old, new, false) == common(new, old, false) {
        return;
    }
    let builder = match common(old, new, true) == common(new, old, true) {
        true => Compatible,
        false => Breaking,
    };
    let change = format!(
        "parameters reordered: {}",
        common(new, old, false).join(", ")
    );
    out.push(item, change, Breaking, builder);
}

fn body_changes(
    out: &mut Changes,
    item: &str,
    before: &Option<(String, bool)>,
    after: &Option<(String, bool)>,
) {
    match (before, after) {
        (None, None) => {}
        (None, Some((ty, true))) => out.both(item, format!("required body {ty} added"), Breaking),
        (None, Some((ty, false))) => {
            let change = format!("optional body {ty} added");
            out.push(item, change, Breaking, Additive);
        }
        (Some(_), None) => out.both(item, "body removed".into(), Breaking),
        (Some((was, was_required)), Some((now, now_required))) => {
            if was != now {
                out.both(item, format!("body retyped: {was} → {now}"), Breaking);
            }
            match (was_required, now_required) {
                (false, true) => out.push_noted(
                    item,
                    "body made required".into(),
                    Breaking,
                    Compatible,
                    Some("builder calls that set `.body(..)` compile unchanged; those that do not must now set it"),
                ),
                (true, false) => {
                    out.push(item, "body made optional".into(), Breaking, Compatible)
                }
                _ => {}
            }
        }
    }
}

/// The success type as the method returns it.
fn returns(method: &Method<'_>) -> String {
    let responses = &method.op.responses;
    if let Some(name) = &responses.success_enum {
        return name.clone();
    }
    match responses.success.first() {
        Some(case) => render(method.api, &case.body.type_ref()),
        None => "()".into(),
    }
}

/// Which types a caller builds (reachable from parameters and request bodies) and which it
/// receives (reachable from responses).
struct Usage {
    input: BTreeSet<usize>,
    output: BTreeSet<usize>,
}

impl Usage {
    fn of(api: &Api) -> Usage {
        let mut inputs = Vec::new();
        let mut outputs = Vec::new();
        for op in &api.operations {
            inputs.extend(op.params.iter().map(|p| &p.ty));
            inputs.extend(
                op.calls
                    .iter()
                    .filter_map(|c| c.body.as_ref().map(|b| &b.ty)),
            );
            let cases = op.responses.success.iter().chain(&op.responses.errors);
            outputs.extend(cases.filter_map(|c| match &c.body {
                ResponseBody::Json(ty) => Some(ty),
                _ => None,
            }));
        }
        Usage {
            input: reachable(api, inputs),
            output: reachable(api, outputs),
        }
    }
}

/// The named types reachable from `roots`.
fn reachable<'a>(api: &'a Api, roots: Vec<&'a TypeRef>) -> BTreeSet<usize> {
    let mut seen = BTreeSet::new();
    let mut stack = roots;
    while let Some(ty) = stack.pop() {
        match ty {
            TypeRef::Named(id) if seen.insert(id.0) => match &api.types[id.0].kind {
                TypeKind::Struct(s) => {
                    stack.extend(s.fields.iter().map(|f| &f.ty));
                    stack.extend(s.additional.as_ref().map(|a| &a.ty));
                }
                TypeKind::Union(u) => stack.extend(u.variants.iter().map(|v| &v.ty)),
                TypeKind::Alias(t) => stack.push(t),
                TypeKind::Enum(_) => {}
            },
            TypeRef::Vec(t) | TypeRef::Map(t) | TypeRef::Option(t) | TypeRef::Boxed(t) => {
                stack.push(t)
            }
            _ => {}
        }
    }
    seen
}

/// One API with what its types are used for.
struct Side<'a> {
    api: &'a Api,
    usage: &'a Usage,
    /// Named types, and the error and success enums of operations, by name.
    types: BTreeMap<&'a str, Kind<'a>>,
}

/// A named item of the client that is a type.
enum Kind<'a> {
    Def(usize, &'a TypeDef),
    /// An operation's error or success enum, with its variants.
    Responses(&'a [ResponseCase]),
}

impl<'a> Side<'a> {
    fn new(api: &'a Api, usage: &'a Usage) -> Side<'a> {
        let mut types: BTreeMap<&str, Kind<'_>> = api
            .types
            .iter()
            .enumerate()
            .map(|(i, t)| (t.name.as_str(), Kind::Def(i, t)))
            .collect();
        for op in &api.operations {
            let responses = &op.responses;
            types.insert(&responses.error_enum, Kind::Responses(&responses.errors));
            if let Some(name) = &responses.success_enum {
                types.insert(name, Kind::Responses(&responses.success));
            }
        }
        Side { api, usage, types }
    }

    /// Whether callers build values of the type, and whether they receive them.
    fn usage(&self, kind: &Kind<'_>) -> (bool, bool) {
        match kind {
            Kind::Def(i, _) => (self.usage.input.contains(i), self.usage.output.contains(i)),
            Kind::Responses(_) => (false, true),
        }
    }
}

fn types(out: &mut Changes, old: Side<'_>, new: Side<'_>) {
    for name in new.types.keys().filter(|n| !old.types.contains_key(*n)) {
        out.both(&format!("type {name}"), "added".into(), Additive);
    }
    for (name, before) in &old.types {
        let item = format!("type {name}");
        let Some(after) = new.types.get(name) else {
            out.both(&item, "removed".into(), Breaking);
            continue;
        };
        let (was_input, was_output) = old.usage(before);
        let (is_input, is_output) = new.usage(after);
        let usage = (was_input || is_input, was_output || is_output);
        match (before, after) {
            (Kind::Def(_, b), Kind::Def(_, a)) => {
                type_changes(out, &item, (old.api, b), (new.api, a), usage)
            }
            (Kind::Responses(b), Kind::Responses(a)) => {
                let (b, a) = (cases(old.api, b), cases(new.api, a));
                variant_changes(out, &item, &b, &a, usage);
            }
            _ => out.both(&item, "changed kind".into(), Breaking),
        }
    }
}

/// The variants of a response enum, with their payload types.
fn cases(api: &Api, cases: &[ResponseCase]) -> Vec<(String, String)> {
    cases
        .iter()
        .map(|c| (c.variant.clone(), render(api, &c.body.type_ref())))
        .collect()
}

fn type_changes(
    out: &mut Changes,
    item: &str,
    (old_api, before): (&Api, &TypeDef),
    (new_api, after): (&Api, &TypeDef),
    usage: (bool, bool),
) {
    match (&before.kind, &after.kind) {
        (TypeKind::Struct(b), TypeKind::Struct(a)) => {
            let fields = |api: &Api, s: &crate::ir::Struct| {
                let mut list: Vec<(String, String, Presence)> = s
                    .fields
                    .iter()
                    .map(|f: &Field| (f.name.clone(), render(api, &f.ty), f.presence))
                    .collect();
                list.extend(s.additional.as_ref().map(|x| {
                    let ty = format!("Map<{}>", render(api, &x.ty));
                    (x.name.clone(), ty, Presence::Flatten)
                }));
                list
            };
            field_changes(out, item, &fields(old_api, b), &fields(new_api, a), usage);
        }
        (TypeKind::Enum(b), TypeKind::Enum(a)) => {
            let variants = |e: &crate::ir::Enum| -> Vec<(String, String)> {
                let list = e.variants.iter().map(|v| (v.name.clone(), String::new()));
                list.collect()
            };
            variant_changes(out, item, &variants(b), &variants(a), usage);
        }
        (TypeKind::Union(b), TypeKind::Union(a)) => {
            let variants = |api: &Api, u: &crate::ir::Union| -> Vec<(String, String)> {
                let list = u
                    .variants
                    .iter()
                    .map(|v| (v.name.clone(), render(api, &v.ty)));
                list.collect()
            };
            variant_changes(
                out,
                item,
                &variants(old_api, b),
                &variants(new_api, a),
                usage,
            );
        }
        (TypeKind::Alias(b), TypeKind::Alias(a)) => {
            let (b, a) = (render(old_api, b), render(new_api, a));
            if b != a {
                out.both(item, format!("alias of {a} instead of {b}"), Breaking);
            }
        }
        (b, a) => {
            let change = format!("now {} (was {})", kind_name(a), kind_name(b));
            out.both(item, change, Breaking);
        }
    }
}

fn kind_name(kind: &TypeKind) -> &'static str {
    match kind {
        TypeKind::Struct(_) => "a struct",
        TypeKind::Enum(_) => "an enum",
        TypeKind::Union(_) => "a union enum",
        TypeKind::Alias(_) => "a type alias",
    }
}

/// The field's Rust type as declared.
fn field_type(ty: &str, presence: Presence) -> String {
    match presence {
        Presence::Required | Presence::Flatten => ty.to_owned(),
        Presence::RequiredNullable | Presence::Optional => format!("Option<{ty}>"),
        Presence::OptionalNullable => format!("Option<Option<{ty}>>"),
    }
}

fn field_changes(
    out: &mut Changes,
    item: &str,
    old: &[(String, String, Presence)],
    new: &[(String, String, Presence)],
    (input, _): (bool, bool),
) {
    for (name, ty, presence) in new {
        if old.iter().any(|(n, ..)| n == name) {
            continue;
        }
        let declared = field_type(ty, *presence);
        let required = matches!(presence, Presence::Required | Presence::RequiredNullable);
        let change = format!(
            "{} field {name}: {declared} added",
            if required { "required" } else { "optional" }
        );
        match (input, required) {
            (false, _) => out.push_noted(
                item,
                change,
                Additive,
                Additive,
                Some("received only; code that builds it with a struct literal must add the field"),
            ),
            (true, true) => out.both(item, change, Breaking),
            (true, false) => out.push_noted(
                item,
                change,
                Breaking,
                Additive,
                Some("struct literals must add the field; the builder form's constructors do not change"),
            ),
        }
    }
    for (name, ty, presence) in old {
        let Some((_, now_ty, now_presence)) = new.iter().find(|(n, ..)| n == name) else {
            out.both(item, format!("field {name} removed"), Breaking);
            continue;
        };
        let (was, now) = (field_type(ty, *presence), field_type(now_ty, *now_presence));
        if ty != now_ty {
            out.both(
                item,
                format!("field {name} retyped: {was} → {now}"),
                Breaking,
            );
        } else if was != now {
            let required = |p: &Presence| matches!(p, Presence::Required | Presence::Flatten);
            let change = match (required(presence), required(now_presence)) {
                (false, true) => format!("field {name} made required: {was} → {now}"),
                (true, false) => format!("field {name} made optional: {was} → {now}"),
                _ => format!("field {name} nullability changed: {was} → {now}"),
            };
            out.both(item, change, Breaking);
        }
    }
}

/// Variants (name, payload) of an enum, union or response enum.
fn variant_changes(
    out: &mut Changes,
    item: &str,
    old: &[(String, String)],
    new: &[(String, String)],
    (_, output): (bool, bool),
) {
    for (name, payload) in new {
        if old.iter().any(|(n, _)| n == name) {
            continue;
        }
        let change = format!("variant {name}{} added", payload_text(payload));
        match output {
            true => out.push_noted(
                item,
                change,
                Breaking,
                Breaking,
                Some("a `match` without a `_` arm must handle it"),
            ),
            false => out.both(item, change, Additive),
        }
    }
    for (name, payload) in old {
        match new.iter().find(|(n, _)| n == name) {
            None => out.both(item, format!("variant {name} removed"), Breaking),
            Some((_, now)) if now != payload => out.both(
                item,
                format!("variant {name} retyped: {payload} → {now}"),
                Breaking,
            ),
            Some(_) => {}
        }
    }
}

fn payload_text(payload: &str) -> String {
    match payload {
        "" | "()" => String::new(),
        ty => format!("({ty})"),
    }
}

/// A type expression as the generated code spells it (named types by name).
fn render(api: &Api, ty: &TypeRef) -> String {
    use crate::ir::{FloatKind, IntegerKind};
    match ty {
        TypeRef::Named(id) => api.types[id.0].name.clone(),
        TypeRef::String => "String".into(),
        TypeRef::Bool => "bool".into(),
        TypeRef::Integer(IntegerKind::I32) => "i32".into(),
        TypeRef::Integer(IntegerKind::I64) => "i64".into(),
        TypeRef::Integer(IntegerKind::U32) => "u32".into(),
        TypeRef::Integer(IntegerKind::U64) => "u64".into(),
        TypeRef::Float(FloatKind::F32) => "f32".into(),
        TypeRef::Float(FloatKind::F64) => "f64".into(),
        TypeRef::DateTime => "DateTime<Utc>".into(),
        TypeRef::Date => "NaiveDate".into(),
        TypeRef::Uuid => "Uuid".into(),
        TypeRef::Bytes => "Bytes".into(),
        TypeRef::Json => "serde_json::Value".into(),
        TypeRef::Unit => "()".into(),
        TypeRef::Vec(t) => format!("Vec<{}>", render(api, t)),
        TypeRef::Map(t) => format!("BTreeMap<String, {}>", render(api, t)),
        TypeRef::Option(t) => format!("Option<{}>", render(api, t)),
        TypeRef::Boxed(t) => format!("Box<{}>", render(api, t)),
    }
}

#[cfg(test)]
mod tests;
