//! Enums and oneOf/anyOf unions (tagged by a discriminator or not).

use super::objects::flatten_into;
use super::{naming_hint, Naming, Resolved, TypeSpace, COMPONENT_PREFIX};
use crate::diagnostics::Diagnostics;
use crate::ir::{
    Discriminator, Enum, EnumRepr, EnumVariant, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::pointer::{child, unescape_token};
use crate::resolve::names::{
    camel_ident, settle, snake_ident, strip_common_affixes, Candidate, NameSet, Rank,
};
use crate::resolve::view::{SchemaRef, SchemaView};
use openapiv3::{ReferenceOr, Schema};
use serde_json::Value;

impl<'a> TypeSpace<'a> {
    pub(super) fn enumeration(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let repr = enum_repr(view).expect("callers check that the enum has a representation");
        let values: Vec<(usize, String)> = view
            .enumeration
            .iter()
            .enumerate()
            .filter(|(_, v)| !v.is_null())
            .map(|(i, v)| match v {
                Value::String(s) => (i, s.clone()),
                other => (i, other.to_string()),
            })
            .collect();
        self.define(
            schema,
            pointer,
            naming,
            |_, _, diags| {
                let mut variants: Vec<EnumVariant> = Vec::new();
                let mut candidates = Vec::new();
                for (i, value) in values {
                    if variants.iter().any(|v| v.value == value) {
                        continue;
                    }
                    let base = match value.strip_prefix('-') {
                        Some(negative) if repr == EnumRepr::Integer => format!("Minus{negative}"),
                        _ => value.clone(),
                    };
                    let wanted = camel_ident(&base);
                    let rank = Rank::of(&wanted, &base);
                    // Ordered by value, so a value inserted anywhere renames no other.
                    candidates.push(Candidate {
                        rank,
                        owner_rank: rank,
                        pointer: child(&child(pointer, "enum"), &i.to_string()),
                        order: value.clone(),
                        what: "variant",
                        wanted,
                    });
                    variants.push(EnumVariant {
                        name: String::new(),
                        value,
                    });
                }
                let names = settle(&["Other"], &candidates, diags);
                for (variant, name) in variants.iter_mut().zip(names) {
                    variant.name = name;
                }
                TypeKind::Enum(Enum { variants, repr })
            },
            diags,
        )
    }

    pub(super) fn union(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let (members, keyword) = if view.one_of.is_empty() {
            (view.any_of, "anyOf")
        } else {
            (view.one_of, "oneOf")
        };
        let base = child(pointer, keyword);
        let mut nullable = false;
        let mut kept: Vec<(usize, &ReferenceOr<Schema>)> = Vec::new();
        for (i, member) in members.iter().enumerate() {
            if is_null_schema(member) {
                nullable = true;
            } else {
                kept.push((i, member));
            }
        }
        let only_constraints = kept.iter().all(
            |(_, m)| matches!(m, ReferenceOr::Item(s) if SchemaView::of(s).is_unconstrained()),
        );
        if only_constraints {
            // `anyOf: [{required: [a]}, {required: [b]}]` validates the object and adds nothing to
            // its shape: the schema without it is the type.
            let mut object = without_keys(schema, &["oneOf", "anyOf", "discriminator"]);
            object.schema_data.nullable |= nullable;
            return self.convert(&object, pointer, naming, diags);
        }
        if !view.properties.is_empty() {
            return self
                .object_beside_union(schema, view, keyword, nullable, pointer, naming, diags);
        }
        if let [(i, member)] = kept[..] {
            return self.only_member(member, &base, i, naming, nullable, diags);
        }
        if kept.is_empty() {
            return Resolved {
                ty: TypeRef::Json,
                nullable,
            };
        }
        let discriminator = schema.schema_data.discriminator.clone();
        let ty = self.define(
            schema,
            pointer,
            naming,
            |space, type_name, diags| {
                let mut variants: Vec<UnionVariant> = Vec::new();
                let mut raw_names = Vec::new();
                for (i, member) in &kept {
                    let member_pointer = child(&base, &i.to_string());
                    let hint = match member {
                        ReferenceOr::Item(s) => match &s.schema_data.title {
                            Some(title) => format!("{type_name}{}", camel_ident(title)),
                            None => format!("{type_name}Variant{}", i + 1),
                        },
                        ReferenceOr::Reference { .. } => type_name.to_string(),
                    };
                    let resolved = space.resolve((*member).into(), &member_pointer, &hint, diags);
                    let ty = resolved.optional_if_nullable();
                    let tags = match (&discriminator, member) {
                        (Some(d), ReferenceOr::Reference { reference }) => {
                            discriminator_tags(d, reference)
                        }
                        _ => Vec::new(),
                    };
                    if let Some(existing) = variants.iter_mut().find(|v| v.ty == ty) {
                        for tag in tags {
                            if !existing.tags.contains(&tag) {
                                existing.tags.push(tag);
                            }
                        }
                        continue;
                    }
                    raw_names.push(space.variant_base_name(&ty));
                    variants.push(UnionVariant {
                        name: String::new(),
                        ty,
                        tags,
                    });
                }
                let stripped = strip_common_affixes(&raw_names).unwrap_or(raw_names);
                let mut variant_names = NameSet::with_reserved(&["Unknown"]);
                for (variant, name) in variants.iter_mut().zip(stripped) {
                    variant.name = variant_names.claim(&name);
                }
                let tagged = discriminator.is_some() && variants.iter().all(|v| !v.tags.is_empty());
                TypeKind::Union(Union {
                    variants,
                    discriminator: discriminator.filter(|_| tagged).map(|d| Discriminator {
                        property: d.property_name,
                    }),
                })
            },
            diags,
        );
        Resolved { ty, nullable }
    }

    /// Properties beside a `oneOf`/`anyOf`: a struct of the properties with the union flattened
    /// into it (`#[serde(flatten)] one_of: XOneOf`), so both the declared fields and the chosen
    /// alternative's fields are kept.
    #[allow(clippy::too_many_arguments)]
    fn object_beside_union(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        keyword: &str,
        nullable: bool,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let union_schema = without_keys(
            schema,
            &["properties", "required", "additionalProperties", "type"],
        );
        let union_hint = format!("{}{}", naming_hint(naming), camel_ident(keyword));
        let union = self.convert(&union_schema, pointer, Naming::Inline(&union_hint), diags);
        let properties: Vec<(String, SchemaRef<'_>)> = view
            .properties
            .iter()
            .map(|(name, s)| (name.to_string(), *s))
            .collect();
        let required = view.required.to_vec();
        let additional = view.additional.cloned();
        let field = snake_ident(keyword);
        let ty = self.define(
            schema,
            pointer,
            naming,
            |space, name, diags| {
                let mut object = space.fields(
                    name,
                    &properties,
                    &required,
                    additional.as_ref(),
                    pointer,
                    diags,
                );
                flatten_into(&mut object, &field, union.optional_if_nullable());
                TypeKind::Struct(object)
            },
            diags,
        );
        Resolved { ty, nullable }
    }

    /// A variant name derived from the variant's type.
    pub(super) fn variant_base_name(&self, ty: &TypeRef) -> String {
        match ty {
            TypeRef::Named(id) => self.slot_names[id.0].clone(),
            TypeRef::String => "String".into(),
            TypeRef::Bool => "Bool".into(),
            TypeRef::Integer(_) => "Integer".into(),
            TypeRef::Float(_) => "Number".into(),
            TypeRef::DateTime => "DateTime".into(),
            TypeRef::Date => "Date".into(),
            TypeRef::Uuid => "Uuid".into(),
            TypeRef::Bytes => "Bytes".into(),
            TypeRef::Json => "Json".into(),
            TypeRef::Unit => "Null".into(),
            TypeRef::Vec(inner) => format!("{}List", self.variant_base_name(inner)),
            TypeRef::Map(inner) => format!("{}Map", self.variant_base_name(inner)),
            TypeRef::Option(inner) | TypeRef::Boxed(inner) => self.variant_base_name(inner),
        }
    }

    /// The type of a composition that has one member that matters (member `i` under `base`),
    /// nullable when the composition allows `null`.
    pub(super) fn only_member(
        &mut self,
        member: &ReferenceOr<Schema>,
        base: &str,
        i: usize,
        naming: Naming<'_>,
        nullable: bool,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let pointer = child(base, &i.to_string());
        let mut inner = self.resolve(member.into(), &pointer, naming_hint(naming), diags);
        inner.nullable |= nullable;
        inner
    }
}

/// Strings or integers; other enums (booleans, floats, mixed) keep their base type.
pub(super) fn enum_repr(view: &SchemaView<'_>) -> Option<EnumRepr> {
    let mut values = view.enumeration.iter().filter(|v| !v.is_null()).peekable();
    values.peek()?;
    let values: Vec<&Value> = values.collect();
    if values.iter().all(|v| v.is_string()) && matches!(view.typ, Some("string") | None) {
        Some(EnumRepr::String)
    } else if values.iter().all(|v| v.is_i64()) && matches!(view.typ, Some("integer") | None) {
        Some(EnumRepr::Integer)
    } else {
        None
    }
}

/// Whether a schema admits `null` (as `nullable`, an `enum` with `null`, or a `null` member of
/// its oneOf/anyOf), read without converting it.
pub(super) fn admits_null(schema: &Schema) -> bool {
    let view = SchemaView::of(schema);
    schema.schema_data.nullable
        || view.enumeration.iter().any(Value::is_null)
        || view.one_of.iter().chain(view.any_of).any(is_null_schema)
}

/// `{type: "null"}`, `{nullable: true}` with nothing else, or `{enum: [null]}`.
fn is_null_schema(member: &ReferenceOr<Schema>) -> bool {
    let ReferenceOr::Item(schema) = member else {
        return false;
    };
    let view = SchemaView::of(schema);
    view.typ == Some("null")
        || (view.is_unconstrained() && schema.schema_data.nullable)
        || (!view.enumeration.is_empty() && view.enumeration.iter().all(Value::is_null))
}

/// The discriminator values that select the schema `reference` points at.
fn discriminator_tags(discriminator: &openapiv3::Discriminator, reference: &str) -> Vec<String> {
    let target = reference.strip_prefix(COMPONENT_PREFIX).map(unescape_token);
    let explicit: Vec<String> = discriminator
        .mapping
        .iter()
        .filter(|(_, to)| *to == reference || Some(to.as_str()) == target.as_deref())
        .map(|(tag, _)| tag.clone())
        .collect();
    if !explicit.is_empty() {
        return explicit;
    }
    // Implicit mapping: the schema name is the tag, unless an explicit entry already uses it.
    match target {
        Some(name) if !discriminator.mapping.contains_key(&name) => vec![name],
        _ => Vec::new(),
    }
}

/// `oneOf` or `anyOf`, whichever the schema uses.
pub(super) fn union_keyword(view: &SchemaView<'_>) -> &'static str {
    if view.one_of.is_empty() {
        "anyOf"
    } else {
        "oneOf"
    }
}

/// The schema without some keywords (through JSON, so every schema form is handled alike).
/// Falls back to `{}` (any JSON) if the rest does not read back as a schema, so a caller never
/// meets the keywords it removed again.
fn without_keys(schema: &Schema, keys: &[&str]) -> Schema {
    let mut value = serde_json::to_value(schema).unwrap_or(Value::Null);
    if let Value::Object(map) = &mut value {
        for key in keys {
            map.remove(*key);
        }
    }
    serde_json::from_value(value)
        .or_else(|_| serde_json::from_value(serde_json::json!({})))
        .expect("`{}` is a schema")
}
