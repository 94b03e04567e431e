//! allOf: members merged into one struct, or the one member that matters.

use super::checks::check_required;
use super::objects::{flatten_into, string_type};
use super::unions::union_keyword;
use super::{schema_doc, Naming, Resolved, TypeSpace};
use crate::diagnostics::Diagnostics;
use crate::ir::{FloatKind, IntegerKind, TypeKind, TypeRef};
use crate::pointer::child;
use crate::resolve::names::{camel_ident, snake_ident};
use crate::resolve::view::{SchemaRef, SchemaView};
use indexmap::{IndexMap, IndexSet};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};
use std::borrow::Cow;
use std::collections::HashSet;

/// How many allOf merges may sit inside one another before the innermost becomes any JSON.
const MAX_MERGE_DEPTH: usize = 32;

impl<'a> TypeSpace<'a> {
    /// An allOf schema: its members merged, or `serde_json::Value` past [`MAX_MERGE_DEPTH`]
    /// merges inside one another.
    pub(super) fn all_of(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        if self.merging >= MAX_MERGE_DEPTH {
            let why = format!(
                "allOf merged inside {MAX_MERGE_DEPTH} other allOf merges (a member that holds \
                 the schema itself through a property)"
            );
            return self.fall_back(pointer, why, diags);
        }
        self.merging += 1;
        let resolved = self.merge_all_of(schema, view, pointer, naming, diags);
        self.merging -= 1;
        resolved
    }

    fn merge_all_of(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let base = child(pointer, "allOf");
        // Members that only document (`{description: ..}`, `{nullable: true}`) constrain nothing.
        let constraining: Vec<(usize, &ReferenceOr<Schema>)> = view
            .all_of
            .iter()
            .enumerate()
            .filter(
                |(_, m)| !matches!(m, ReferenceOr::Item(s) if SchemaView::of(s).is_unconstrained()),
            )
            .collect();
        let documents_null = view
            .all_of
            .iter()
            .any(|m| matches!(m, ReferenceOr::Item(s) if s.schema_data.nullable && SchemaView::of(s).is_unconstrained()));
        if constraining.is_empty() && view.properties.is_empty() {
            // `allOf: [{}, {description: ..}]` says nothing about the value: any JSON.
            return Resolved {
                ty: TypeRef::Json,
                nullable: documents_null,
            };
        }
        if let ([(i, member)], true) = (&constraining[..], view.properties.is_empty()) {
            return self.only_member(member, &base, *i, naming, documents_null, diags);
        }
        let mut merged = Merged::default();
        let members = view.all_of.iter().map(Cow::Borrowed).collect();
        let problem = self.merge_members(members, &base, &mut merged);
        merged.add_own(view);
        let problem = problem.or_else(|| {
            (merged.properties.is_empty() && merged.unions.is_empty())
                .then(|| "allOf members that are not all objects are not merged".to_string())
        });
        if let Some(why) = problem {
            if let Some(primitive) = merged.primitive.filter(|_| merged.properties.is_empty()) {
                return Resolved {
                    ty: primitive,
                    nullable: merged.nullable,
                };
            }
            return self.fall_back(&base, why, diags);
        }
        let Merged {
            properties,
            required,
            additional,
            nullable,
            unions,
            ..
        } = merged;
        let required: Vec<String> = required.into_iter().collect();
        if unions.is_empty() {
            // (A union member may declare what `required` names.)
            let declared = properties.keys().map(String::as_str);
            check_required(declared, &required, |_| pointer.to_string(), diags);
        }
        let ty = self.define(
            schema,
            pointer,
            naming,
            |space, name, diags| {
                let props: Vec<(String, SchemaRef<'_>)> = properties
                    .iter()
                    .map(|(k, (s, _))| (k.clone(), SchemaRef::from(s)))
                    .collect();
                let mut object =
                    space.fields(name, &props, &required, additional.as_ref(), pointer, diags);
                // Fields met through a `$ref` keep the pointer of the schema that declared them.
                for (field, (_, origin)) in object.fields.iter_mut().zip(properties.values()) {
                    if field.doc.is_none() {
                        field.doc = origin.clone();
                    }
                }
                for (member_pointer, member) in &unions {
                    let member = SchemaRef::from(member);
                    let (hint, field) = match member {
                        SchemaRef::Ref(_) => (name.to_string(), None),
                        SchemaRef::Item(s) => {
                            let keyword = union_keyword(&SchemaView::of(s));
                            (format!("{name}{}", camel_ident(keyword)), Some(keyword))
                        }
                    };
                    let ty = space.resolve(member, member_pointer, &hint, diags).ty;
                    let field = field
                        .map(snake_ident)
                        .unwrap_or_else(|| snake_ident(&space.variant_base_name(&ty)));
                    flatten_into(&mut object, &field, ty);
                }
                TypeKind::Struct(object)
            },
            diags,
        );
        Resolved { ty, nullable }
    }

    /// Merges allOf `members` (under `base`) into `merged`, nested allOf members first, in a loop
    /// rather than by recursion; the reason the members cannot be merged into an object, if any.
    /// A `$ref` met again (a diamond or a cycle) adds nothing new and is skipped.
    fn merge_members<'s>(
        &mut self,
        members: Vec<Cow<'s, ReferenceOr<Schema>>>,
        base: &str,
        merged: &mut Merged,
    ) -> Option<String>
    where
        'a: 's,
    {
        let mut steps: Vec<Step<'s>> = Vec::new();
        push_members(&mut steps, members, base);
        let mut expanded = HashSet::new();
        let mut problem = None;
        while let Some(step) = steps.pop() {
            let (pointer, member) = match step {
                Step::Own(schema) => {
                    problem = problem.or(merged.add_member(&schema));
                    continue;
                }
                Step::Member(pointer, member) => (pointer, member),
            };
            let schema: Cow<'s, Schema> = match item_or_reference(&member) {
                Ok(schema) => schema,
                Err(reference) => {
                    if !expanded.insert(reference.clone()) {
                        continue;
                    }
                    match self.schema_at(&reference) {
                        Some(schema) => schema,
                        None => {
                            problem = problem.or(Some(format!(
                                "allOf member $ref `{reference}` does not lead to a schema in this document"
                            )));
                            continue;
                        }
                    }
                }
            };
            merged.nullable |= schema.schema_data.nullable;
            let view = SchemaView::of(&schema);
            if !view.one_of.is_empty() || !view.any_of.is_empty() {
                // A union among the members: its fields sit beside the merged ones.
                merged.unions.push((pointer, member.into_owned()));
                continue;
            }
            let inner: Vec<Cow<'s, ReferenceOr<Schema>>> = match &schema {
                Cow::Borrowed(s) => SchemaView::of(s).all_of.iter().map(Cow::Borrowed).collect(),
                Cow::Owned(s) => SchemaView::of(s)
                    .all_of
                    .iter()
                    .cloned()
                    .map(Cow::Owned)
                    .collect(),
            };
            steps.push(Step::Own(schema));
            push_members(&mut steps, inner, &child(&pointer, "allOf"));
        }
        problem
    }
}

/// What is left to merge, last first.
enum Step<'s> {
    /// An allOf member to expand, with its pointer.
    Member(String, Cow<'s, ReferenceOr<Schema>>),
    /// A member's own keywords, merged after its nested allOf members.
    Own(Cow<'s, Schema>),
}

/// Queues allOf `members` (under `base`) so that the first is taken next.
fn push_members<'s>(
    steps: &mut Vec<Step<'s>>,
    members: Vec<Cow<'s, ReferenceOr<Schema>>>,
    base: &str,
) {
    let queued = members.into_iter().enumerate().rev();
    steps.extend(queued.map(|(i, m)| Step::Member(child(base, &i.to_string()), m)));
}

/// An allOf member's inline schema (borrowed when the member is), or its `$ref`.
fn item_or_reference<'s>(member: &Cow<'s, ReferenceOr<Schema>>) -> Result<Cow<'s, Schema>, String> {
    match member {
        Cow::Borrowed(ReferenceOr::Item(schema)) => Ok(Cow::Borrowed(schema)),
        Cow::Owned(ReferenceOr::Item(schema)) => Ok(Cow::Owned(schema.clone())),
        Cow::Borrowed(ReferenceOr::Reference { reference })
        | Cow::Owned(ReferenceOr::Reference { reference }) => Err(reference.clone()),
    }
}

/// Properties gathered from allOf members.
#[derive(Default)]
struct Merged {
    /// Property name, schema, and the doc of the declaring schema's property.
    properties: IndexMap<String, (ReferenceOr<Schema>, Option<String>)>,
    required: IndexSet<String>,
    additional: Option<AdditionalProperties>,
    nullable: bool,
    /// Members that are unions (their pointer and the member as written): flattened beside the
    /// properties.
    unions: Vec<(String, ReferenceOr<Schema>)>,
    /// Set when members are a primitive type rather than objects.
    primitive: Option<TypeRef>,
}

impl Merged {
    /// Adds a member's own keywords (its nested allOf members are merged already); the reason
    /// if it cannot be merged with the others.
    fn add_member(&mut self, schema: &Schema) -> Option<String> {
        let view = SchemaView::of(schema);
        match view.typ {
            Some("object") | None => self.add_own(&view),
            Some(typ) if view.all_of.is_empty() => {
                match (&self.primitive, string_or_scalar(&view)) {
                    (None, Some(p)) => self.primitive = Some(p),
                    (Some(a), Some(b)) if *a == b => {}
                    _ => {
                        return Some(format!(
                            "allOf members of different types (one is `{typ}`) are not merged"
                        ))
                    }
                }
            }
            Some(_) => {}
        }
        None
    }

    fn add_own(&mut self, view: &SchemaView<'_>) {
        for (name, schema) in &view.properties {
            let (owned, doc) = match schema {
                SchemaRef::Item(s) => (ReferenceOr::Item((*s).clone()), schema_doc(s)),
                SchemaRef::Ref(r) => (ReferenceOr::ref_(r), None),
            };
            // A property declared again keeps its place and takes the later schema.
            self.properties.insert(name.to_string(), (owned, doc));
        }
        self.required.extend(view.required.iter().cloned());
        if let Some(additional) = view.additional {
            self.additional = Some(additional.clone());
        }
    }
}

/// The primitive a non-object allOf member stands for.
fn string_or_scalar(view: &SchemaView<'_>) -> Option<TypeRef> {
    match view.typ? {
        "string" => Some(string_type(view.format.as_deref())),
        "integer" => Some(TypeRef::Integer(IntegerKind::I64)),
        "number" => Some(TypeRef::Float(FloatKind::F64)),
        "boolean" => Some(TypeRef::Bool),
        _ => None,
    }
}
