//! The type space: schemas in, named and deduplicated Rust types out.
//!
//! Component schemas keep their names (claimed before anything else, so an inline type never takes
//! a component's name); inline schemas get names synthesized from where they stand
//! (`Identity` + `credentials` → `IdentityCredentials`).
//! A `$ref` to an alias-like component (an array, a primitive) resolves to the aliased type, so a
//! signature reads `Vec<Identity>` rather than `IdentityList`.

use super::names::{camel_ident, snake_ident, strip_common_affixes, NameSet};
use super::view::{SchemaRef, SchemaView};
use crate::diagnostics::{child, Diagnostics};
use crate::ir::{
    Discriminator, Enum, EnumRepr, EnumVariant, ExtraFields, Field, FloatKind, IntegerKind,
    Presence, Struct, TypeDef, TypeId, TypeKind, TypeRef, Union, UnionVariant,
};
use crate::settings::{Settings, UnknownFields};
use openapiv3::{AdditionalProperties, OpenAPI, ReferenceOr, Schema};
use serde_json::Value;
use std::collections::HashMap;
use std::rc::Rc;

/// A resolved schema: its Rust type and whether `null` is allowed.
#[derive(Clone, Debug, PartialEq)]
pub struct Resolved {
    /// The type without nullability.
    pub ty: TypeRef,
    /// Whether the schema admits `null`.
    pub nullable: bool,
}

impl Resolved {
    fn new(ty: TypeRef) -> Self {
        Self {
            ty,
            nullable: false,
        }
    }

    fn json() -> Self {
        Self::new(TypeRef::Json)
    }

    /// The type, wrapped in `Option` when nullable.
    pub fn optional_if_nullable(self) -> TypeRef {
        if self.nullable {
            TypeRef::Option(Box::new(self.ty))
        } else {
            self.ty
        }
    }
}

/// Progress of a component schema.
enum ComponentState {
    /// Being converted; `Some` once its named slot exists (recursion then refers to it).
    InProgress(Option<TypeId>),
    /// Converted.
    Done(Resolved),
}

/// How a type being defined gets its name.
#[derive(Clone, Copy)]
enum Naming<'n> {
    /// A component schema with a name claimed up front.
    Component(&'n str),
    /// An inline schema, named from its position.
    Inline(&'n str),
}

const COMPONENT_PREFIX: &str = "#/components/schemas/";

/// Interns every type the API needs.
pub struct TypeSpace<'a> {
    doc: &'a OpenAPI,
    raw: &'a Value,
    names: NameSet,
    /// Names claimed for component schemas, by schema key.
    component_names: HashMap<&'a str, String>,
    components: HashMap<String, ComponentState>,
    defs: Vec<Option<TypeDef>>,
    /// The name of every slot in `defs`, known before its definition is built.
    slot_names: Vec<String>,
    /// What `$ref`s to non-component places resolved to (`None` while being converted).
    pointer_types: HashMap<String, Option<Resolved>>,
    /// Schemas reached through `$ref`s that do not point at a component.
    pointer_schemas: HashMap<String, Option<Rc<Schema>>>,
    /// Whether objects that allow undeclared keys without saying so get a map to keep them.
    unknown_fields: UnknownFields,
}

impl<'a> TypeSpace<'a> {
    /// A type space for `doc`; `raw` is the same document as JSON; the client name is reserved.
    pub fn new(doc: &'a OpenAPI, raw: &'a Value, settings: &Settings) -> Self {
        let mut names = NameSet::for_types(settings.client_name());
        let component_names = component_schemas(doc)
            .keys()
            .map(|key| (key.as_str(), names.claim(&camel_ident(key))))
            .collect();
        Self {
            doc,
            raw,
            names,
            component_names,
            components: HashMap::new(),
            defs: Vec::new(),
            slot_names: Vec::new(),
            pointer_types: HashMap::new(),
            pointer_schemas: HashMap::new(),
            unknown_fields: settings.unknown_fields(),
        }
    }

    /// Claims a type name for something that is not a schema (an operation's error enum).
    pub fn claim_name(&mut self, wanted: &str) -> String {
        self.names.claim(&camel_ident(wanted))
    }

    /// Resolves a schema or reference met at `pointer`; `hint` names inline types found there.
    pub fn resolve(
        &mut self,
        schema: SchemaRef<'_>,
        pointer: &str,
        hint: &str,
        diags: &mut Diagnostics,
    ) -> Resolved {
        match schema {
            SchemaRef::Ref(reference) => self.reference(reference, pointer, diags),
            SchemaRef::Item(schema) => self.convert(schema, pointer, Naming::Inline(hint), diags),
        }
    }

    /// Converts every component schema not reached yet, then returns the finished types sorted by
    /// name with recursion boxed, and the new id of each id handed out so far.
    pub fn finish(mut self, diags: &mut Diagnostics) -> (Vec<TypeDef>, Vec<TypeId>) {
        let keys: Vec<&'a String> = component_schemas(self.doc).keys().collect();
        for key in keys {
            self.component(key, diags);
        }
        let mut defs: Vec<TypeDef> = self.defs.into_iter().flatten().collect();
        super::recursion::box_cycles(&mut defs);
        let mut order: Vec<usize> = (0..defs.len()).collect();
        order.sort_by(|&a, &b| defs[a].name.cmp(&defs[b].name));
        renumber(defs, &order)
    }

    fn reference(&mut self, reference: &str, pointer: &str, diags: &mut Diagnostics) -> Resolved {
        if let Some(name) = reference.strip_prefix(COMPONENT_PREFIX) {
            let name = unescape(name);
            if self.component_names.contains_key(name.as_str()) {
                return self.component(&name, diags);
            }
        }
        let Some(target) = reference.strip_prefix('#') else {
            diags.warn(
                pointer,
                format!("external $ref `{reference}` is not supported; using serde_json::Value"),
            );
            return Resolved::json();
        };
        let schema = match self.pointer_schemas.get(target) {
            Some(cached) => cached.clone(),
            None => {
                let found = self
                    .raw
                    .pointer(target)
                    .and_then(|v| serde_json::from_value::<Schema>(v.clone()).ok());
                let found = found.map(Rc::new);
                self.pointer_schemas
                    .insert(target.to_string(), found.clone());
                found
            }
        };
        let Some(schema) = schema else {
            diags.error(pointer, format!("$ref `{reference}` points to nothing"));
            return Resolved::json();
        };
        match self.pointer_types.get(target) {
            Some(Some(done)) => return done.clone(),
            Some(None) => {
                diags.warn(
                    pointer,
                    format!("$ref `{reference}` refers to itself; using serde_json::Value there"),
                );
                return Resolved::json();
            }
            None => {}
        }
        self.pointer_types.insert(target.to_string(), None);
        let hint = target.rsplit('/').next().unwrap_or("Schema").to_string();
        let resolved = self.convert(&schema, target, Naming::Inline(&hint), diags);
        self.pointer_types
            .insert(target.to_string(), Some(resolved.clone()));
        resolved
    }

    fn component(&mut self, key: &str, diags: &mut Diagnostics) -> Resolved {
        let pointer = format!(
            "/components/schemas/{}",
            crate::diagnostics::escape_token(key)
        );
        match self.components.get(key) {
            Some(ComponentState::Done(resolved)) => return resolved.clone(),
            Some(ComponentState::InProgress(Some(id))) => {
                return Resolved::new(TypeRef::Named(*id))
            }
            Some(ComponentState::InProgress(None)) => {
                let schema = &component_schemas(self.doc)[key];
                if is_pure_reference(schema) {
                    diags.error(
                        &pointer,
                        format!("schema `{key}` is only a cycle of references"),
                    );
                } else {
                    diags.warn(&pointer, format!("schema `{key}` contains itself without an object in between; using serde_json::Value there"));
                }
                return Resolved::json();
            }
            None => {}
        }
        self.components
            .insert(key.to_string(), ComponentState::InProgress(None));
        let name = self.component_names[key].clone();
        let resolved = match &component_schemas(self.doc)[key] {
            ReferenceOr::Reference { reference } => self.reference(reference, &pointer, diags),
            ReferenceOr::Item(schema) => {
                self.convert(schema, &pointer, Naming::Component(&name), diags)
            }
        };
        let defined_here =
            matches!(&resolved.ty, TypeRef::Named(id) if self.slot_names[id.0] == name);
        if !defined_here {
            let doc = match &component_schemas(self.doc)[key] {
                ReferenceOr::Item(schema) => schema_doc(schema),
                ReferenceOr::Reference { .. } => None,
            };
            let alias = TypeKind::Alias(resolved.clone().optional_if_nullable());
            self.slot_names.push(name.clone());
            self.defs.push(Some(TypeDef {
                name,
                pointer,
                doc,
                kind: alias,
            }));
        }
        self.components
            .insert(key.to_string(), ComponentState::Done(resolved.clone()));
        resolved
    }

    /// Converts an inline or component schema body.
    fn convert(
        &mut self,
        schema: &Schema,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> Resolved {
        let view = SchemaView::of(schema);
        let mut nullable =
            schema.schema_data.nullable || view.enumeration.iter().any(Value::is_null);
        let ty = if !view.all_of.is_empty() {
            let merged = self.all_of(schema, &view, pointer, naming, diags);
            nullable |= merged.nullable;
            merged.ty
        } else if !view.one_of.is_empty() || !view.any_of.is_empty() {
            let union = self.union(schema, &view, pointer, naming, diags);
            nullable |= union.nullable;
            union.ty
        } else if view.enumeration.iter().any(|v| !v.is_null()) && enum_repr(&view).is_some() {
            self.enumeration(schema, &view, pointer, naming, diags)
        } else {
            self.plain(schema, &view, pointer, naming, diags)
        };
        Resolved { ty, nullable }
    }

    /// Types that are neither compositions nor enums.
    fn plain(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        match view.typ {
            Some("string") => string_type(view.format.as_deref()),
            Some("integer") => TypeRef::Integer(match view.format.as_deref() {
                Some("int32") => IntegerKind::I32,
                Some("uint32") => IntegerKind::U32,
                Some("uint64") => IntegerKind::U64,
                _ => IntegerKind::I64,
            }),
            Some("number") => TypeRef::Float(match view.format.as_deref() {
                Some("float") => FloatKind::F32,
                _ => FloatKind::F64,
            }),
            Some("boolean") => TypeRef::Bool,
            Some("array") => self.array(view, pointer, naming, diags),
            Some("object") | None if !view.properties.is_empty() => {
                self.object(schema, view, pointer, naming, diags)
            }
            Some("object") | None if view.items.is_some() => {
                self.array(view, pointer, naming, diags)
            }
            Some("object") | None => match view.additional {
                Some(AdditionalProperties::Schema(value)) => {
                    let hint = format!("{}Value", naming_hint(naming));
                    let value = self.resolve(
                        value.as_ref().into(),
                        &child(pointer, "additionalProperties"),
                        &hint,
                        diags,
                    );
                    TypeRef::Map(Box::new(value.optional_if_nullable()))
                }
                _ => TypeRef::Json,
            },
            Some("null") => TypeRef::Unit,
            Some(other) => {
                diags.warn(
                    child(pointer, "type"),
                    format!("unknown type `{other}`; using serde_json::Value"),
                );
                TypeRef::Json
            }
        }
    }

    fn array(
        &mut self,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let item = match view.items {
            Some(items) => {
                let hint = format!("{}Item", naming_hint(naming));
                self.resolve(items, &child(pointer, "items"), &hint, diags)
                    .optional_if_nullable()
            }
            None => TypeRef::Json,
        };
        TypeRef::Vec(Box::new(item))
    }

    fn object(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let properties: Vec<(String, SchemaRef<'_>)> = view
            .properties
            .iter()
            .map(|(name, s)| (name.to_string(), *s))
            .collect();
        let required = view.required.to_vec();
        let additional = view.additional.cloned();
        self.define(
            schema,
            pointer,
            naming,
            |space, name, diags| {
                TypeKind::Struct(space.fields(
                    name,
                    &properties,
                    &required,
                    additional.as_ref(),
                    pointer,
                    diags,
                ))
            },
            diags,
        )
    }

    /// Builds struct fields from properties (each with its own pointer for diagnostics).
    fn fields(
        &mut self,
        type_name: &str,
        properties: &[(String, SchemaRef<'_>)],
        required: &[String],
        additional: Option<&AdditionalProperties>,
        pointer: &str,
        diags: &mut Diagnostics,
    ) -> Struct {
        let mut field_names = NameSet::default();
        let mut fields = Vec::with_capacity(properties.len());
        for (wire_name, schema) in properties {
            let field_pointer = child(&child(pointer, "properties"), wire_name);
            let hint = format!("{type_name}{}", camel_ident(wire_name));
            let resolved = self.resolve(*schema, &field_pointer, &hint, diags);
            // One type serves requests and responses, and a required readOnly property is only
            // required in responses (writeOnly: in requests), so such a property may be absent.
            let one_way = match schema {
                SchemaRef::Item(s) if s.schema_data.read_only => {
                    Some("Read-only: only the server sends it.")
                }
                SchemaRef::Item(s) if s.schema_data.write_only => {
                    Some("Write-only: the server never returns it.")
                }
                _ => None,
            };
            let required = required.contains(wire_name) && one_way.is_none();
            let presence = match (required, resolved.nullable) {
                (true, false) => Presence::Required,
                (true, true) => Presence::RequiredNullable,
                (false, false) => Presence::Optional,
                (false, true) => Presence::OptionalNullable,
            };
            let doc = match schema {
                SchemaRef::Item(s) => schema_doc(s),
                SchemaRef::Ref(_) => None,
            };
            let doc = match (doc, one_way) {
                (Some(doc), Some(note)) => Some(format!("{doc}\n\n{note}")),
                (doc, note) => doc.or(note.map(str::to_string)),
            };
            fields.push(Field {
                name: field_names.claim(&snake_ident(wire_name)),
                wire_name: wire_name.clone(),
                ty: resolved.ty,
                presence,
                doc,
            });
        }
        let additional = match additional {
            Some(AdditionalProperties::Any(true)) => Some(TypeRef::Json),
            // OpenAPI objects allow undeclared keys unless they say otherwise.
            None if self.unknown_fields == UnknownFields::Keep => Some(TypeRef::Json),
            Some(AdditionalProperties::Schema(value)) => {
                let hint = format!("{type_name}Value");
                let value = self.resolve(
                    value.as_ref().into(),
                    &child(pointer, "additionalProperties"),
                    &hint,
                    diags,
                );
                Some(value.optional_if_nullable())
            }
            _ => None,
        };
        let additional = additional.map(|ty| ExtraFields {
            name: field_names.claim("additional_properties"),
            ty,
        });
        Struct { fields, additional }
    }

    fn enumeration(
        &mut self,
        schema: &Schema,
        view: &SchemaView<'_>,
        pointer: &str,
        naming: Naming<'_>,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let repr = enum_repr(view).expect("callers check that the enum has a representation");
        let values: Vec<String> = view
            .enumeration
            .iter()
            .filter(|v| !v.is_null())
            .map(|v| match v {
                Value::String(s) => s.clone(),
                other => other.to_string(),
            })
            .collect();
        self.define(
            schema,
            pointer,
            naming,
            |_, _, _| {
                let mut variant_names = NameSet::with_reserved(&["Other"]);
                let mut variants = Vec::new();
                for value in values.iter() {
                    if variants.iter().any(|v: &EnumVariant| &v.value == value) {
                        continue;
                    }
                    let base = match value.strip_prefix('-') {
                        Some(negative) if repr == EnumRepr::Integer => format!("Minus{negative}"),
                        _ => value.clone(),
                    };
                    variants.push(EnumVariant {
                        name: variant_names.claim(&camel_ident(&base)),
                        value: value.clone(),
                    });
                }
                TypeKind::Enum(Enum { variants, repr })
            },
            diags,
        )
    }

    fn union(
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
    fn variant_base_name(&self, ty: &TypeRef) -> String {
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
    fn only_member(
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

    fn all_of(
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

    /// The component schema a `$ref` names, following `$ref` chains.
    fn component_schema(&self, reference: &str) -> Option<&'a Schema> {
        let mut reference = reference;
        for _ in 0..32 {
            let name = unescape(reference.strip_prefix(COMPONENT_PREFIX)?);
            match component_schemas(self.doc).get(name.as_str())? {
                ReferenceOr::Item(schema) => return Some(schema),
                ReferenceOr::Reference { reference: next } => reference = next,
            }
        }
        None
    }

    /// Creates (or reuses) the named type for a struct, enum or union.
    fn define(
        &mut self,
        schema: &Schema,
        pointer: &str,
        naming: Naming<'_>,
        build: impl FnOnce(&mut Self, &str, &mut Diagnostics) -> TypeKind,
        diags: &mut Diagnostics,
    ) -> TypeRef {
        let name = match naming {
            Naming::Component(name) => name.to_string(),
            Naming::Inline(hint) => self.names.claim(&camel_ident(hint)),
        };
        let id = TypeId(self.defs.len());
        self.defs.push(None);
        self.slot_names.push(name.clone());
        if let Naming::Component(_) = naming {
            let key = pointer.rsplit('/').next().map(unescape).unwrap_or_default();
            self.components
                .insert(key, ComponentState::InProgress(Some(id)));
        }
        let kind = build(self, &name, diags);
        self.defs[id.0] = Some(TypeDef {
            name,
            pointer: pointer.to_string(),
            doc: schema_doc(schema),
            kind,
        });
        TypeRef::Named(id)
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

fn component_schemas(doc: &OpenAPI) -> &indexmap::IndexMap<String, ReferenceOr<Schema>> {
    static EMPTY: std::sync::OnceLock<indexmap::IndexMap<String, ReferenceOr<Schema>>> =
        std::sync::OnceLock::new();
    match &doc.components {
        Some(components) => &components.schemas,
        None => EMPTY.get_or_init(Default::default),
    }
}

fn naming_hint<'n>(naming: Naming<'n>) -> &'n str {
    match naming {
        Naming::Component(name) | Naming::Inline(name) => name,
    }
}

/// Undoes JSON pointer escaping of one token.
fn unescape(token: &str) -> String {
    token.replace("~1", "/").replace("~0", "~")
}

/// Title and description of a schema, as doc text.
fn schema_doc(schema: &Schema) -> Option<String> {
    super::join_doc(
        schema.schema_data.title.as_deref(),
        schema.schema_data.description.as_deref(),
    )
}

fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") | Some("uuid4") => TypeRef::Uuid,
        Some("binary") => TypeRef::Bytes,
        _ => TypeRef::String,
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

/// Strings or integers; other enums (booleans, floats, mixed) keep their base type.
fn enum_repr(view: &SchemaView<'_>) -> Option<EnumRepr> {
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

/// Whether a component is nothing but a reference to another schema.
fn is_pure_reference(schema: &ReferenceOr<Schema>) -> bool {
    match schema {
        ReferenceOr::Reference { .. } => true,
        ReferenceOr::Item(schema) => {
            let view = SchemaView::of(schema);
            view.properties.is_empty()
                && view.typ.is_none()
                && [view.all_of, view.one_of, view.any_of]
                    .iter()
                    .any(|members| members.len() == 1)
        }
    }
}

/// The discriminator values that select the schema `reference` points at.
fn discriminator_tags(discriminator: &openapiv3::Discriminator, reference: &str) -> Vec<String> {
    let target = reference.strip_prefix(COMPONENT_PREFIX).map(unescape);
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

/// Moves definitions into `order` and rewrites every `TypeId` to match; returns the new id of
/// each old one.
fn renumber(defs: Vec<TypeDef>, order: &[usize]) -> (Vec<TypeDef>, Vec<TypeId>) {
    let mut new_ids = vec![TypeId(0); order.len()];
    for (new, &old) in order.iter().enumerate() {
        new_ids[old] = TypeId(new);
    }
    let mut slots: Vec<Option<TypeDef>> = defs.into_iter().map(Some).collect();
    let defs = order
        .iter()
        .map(|&old| {
            let mut def = slots[old].take().expect("each definition is moved once");
            super::recursion::remap_def(&mut def, &new_ids);
            def
        })
        .collect();
    (defs, new_ids)
}

/// `oneOf` or `anyOf`, whichever the schema uses.
fn union_keyword(view: &SchemaView<'_>) -> &'static str {
    if view.one_of.is_empty() {
        "anyOf"
    } else {
        "oneOf"
    }
}

/// Adds a flattened field, named `base` unless a property took that name.
fn flatten_into(object: &mut Struct, base: &str, ty: TypeRef) {
    let mut name = base.to_string();
    while object.fields.iter().any(|f| f.name == name) {
        name.push('_');
    }
    object.fields.push(Field {
        name,
        wire_name: String::new(),
        ty,
        presence: Presence::Flatten,
        doc: None,
    });
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
