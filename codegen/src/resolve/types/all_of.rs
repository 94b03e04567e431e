//! allOf: members merged into one struct, or the one member that matters.

use super::objects::{flatten_into, string_type};
use super::unions::union_keyword;
use super::{schema_doc, Naming, Resolved, TypeSpace};
use crate::diagnostics::Diagnostics;
use crate::ir::{FloatKind, IntegerKind, TypeKind, TypeRef};
use crate::pointer::child;
use crate::resolve::names::{camel_ident, snake_ident};
use crate::resolve::view::{SchemaRef, SchemaView};
use openapiv3::{AdditionalProperties, ReferenceOr, Schema};

impl<'a> TypeSpace<'a> {
    pub(super) fn all_of(
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
        let mut mergeable = true;
        for (i, member) in view.all_of.iter().enumerate() {
            mergeable &=
                self.merge_member(member.into(), &child(&base, &i.to_string()), &mut merged, 0);
        }
        merged.add_own(view);
        if !mergeable || (merged.properties.is_empty() && merged.unions.is_empty()) {
            if let Some(primitive) = merged.primitive.filter(|_| merged.properties.is_empty()) {
                return Resolved {
                    ty: primitive,
                    nullable: merged.nullable,
                };
            }
            diags.warn(
                &base,
                "allOf members that are not all objects are not merged; using serde_json::Value",
            );
            return Resolved::json();
        }
        let Merged {
            properties,
            required,
            additional,
            nullable,
            unions,
            ..
        } = merged;
        let ty = self.define(
            schema,
            pointer,
            naming,
            |space, name, diags| {
                let props: Vec<(String, SchemaRef<'_>)> =
                    properties.iter().map(|(k, s, _)| (k.clone(), *s)).collect();
                let mut object =
                    space.fields(name, &props, &required, additional.as_ref(), pointer, diags);
                // Fields met through a `$ref` keep the pointer of the schema that declared them.
                for (field, (_, _, origin)) in object.fields.iter_mut().zip(&properties) {
                    if field.doc.is_none() {
                        field.doc = origin.clone();
                    }
                }
                for (member_pointer, member) in &unions {
                    let (hint, field) = match member {
                        SchemaRef::Ref(_) => (name.to_string(), None),
                        SchemaRef::Item(s) => {
                            let keyword = union_keyword(&SchemaView::of(s));
                            (format!("{name}{}", camel_ident(keyword)), Some(keyword))
                        }
                    };
                    let ty = space.resolve(*member, member_pointer, &hint, diags).ty;
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

    /// Adds one allOf member's properties; false when it cannot be merged into an object.
    fn merge_member<'s>(
        &self,
        member: SchemaRef<'s>,
        pointer: &str,
        merged: &mut Merged<'s>,
        depth: usize,
    ) -> bool
    where
        'a: 's,
    {
        if depth > 32 {
            return false;
        }
        let schema: &'s Schema = match member {
            SchemaRef::Ref(reference) => match self.component_schema(reference) {
                Some(schema) => schema,
                None => return false,
            },
            SchemaRef::Item(schema) => schema,
        };
        let view = SchemaView::of(schema);
        merged.nullable |= schema.schema_data.nullable;
        if !view.one_of.is_empty() || !view.any_of.is_empty() {
            // A union among the members: its fields sit beside the merged ones.
            merged.unions.push((pointer.to_string(), member));
            return true;
        }
        let mut ok = true;
        for (i, inner) in view.all_of.iter().enumerate() {
            ok &= self.merge_member(
                inner.into(),
                &child(&child(pointer, "allOf"), &i.to_string()),
                merged,
                depth + 1,
            );
        }
        match view.typ {
            Some("object") | None => merged.add_own(&view),
            Some(_) if view.all_of.is_empty() => {
                let primitive = string_or_scalar(&view);
                match (&merged.primitive, primitive) {
                    (None, Some(p)) => merged.primitive = Some(p),
                    (Some(a), Some(b)) if *a == b => {}
                    _ => ok = false,
                }
            }
            Some(_) => {}
        }
        ok
    }
}

/// Properties gathered from allOf members.
#[derive(Default)]
struct Merged<'a> {
    /// Property name, schema, and the doc of the declaring schema's property.
    properties: Vec<(String, SchemaRef<'a>, Option<String>)>,
    required: Vec<String>,
    additional: Option<AdditionalProperties>,
    nullable: bool,
    /// Members that are unions (their pointer and schema): flattened beside the properties.
    unions: Vec<(String, SchemaRef<'a>)>,
    /// Set when members are a primitive type rather than objects.
    primitive: Option<TypeRef>,
}

impl<'a> Merged<'a> {
    fn add_own(&mut self, view: &SchemaView<'a>) {
        for (name, schema) in &view.properties {
            let doc = match schema {
                SchemaRef::Item(s) => schema_doc(s),
                SchemaRef::Ref(_) => None,
            };
            match self.properties.iter_mut().find(|(n, _, _)| n == name) {
                Some(existing) => *existing = (name.to_string(), *schema, doc),
                None => self.properties.push((name.to_string(), *schema, doc)),
            }
        }
        for r in view.required {
            if !self.required.contains(r) {
                self.required.push(r.clone());
            }
        }
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
