//! Objects, arrays, maps and primitives: the schemas that are neither compositions nor enums.

use super::checks::check_required;
use super::{naming_hint, schema_doc, Naming, TypeSpace};
use crate::diagnostics::Diagnostics;
use crate::ir::{ExtraFields, Field, FloatKind, IntegerKind, Presence, Struct, TypeKind, TypeRef};
use crate::pointer::child;
use crate::resolve::names::{camel_ident, snake_ident, Item, NameSet};
use crate::resolve::view::{SchemaRef, SchemaView};
use crate::settings::UnknownFields;
use openapiv3::{AdditionalProperties, Schema};

impl<'a> TypeSpace<'a> {
    /// Types that are neither compositions nor enums.
    pub(super) fn plain(
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
                let why = format!("unknown type `{other}`");
                self.fall_back(&child(pointer, "type"), why, diags).ty
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
        let declared = properties.iter().map(|(name, _)| name.as_str());
        let at = |i: usize| child(&child(pointer, "required"), &i.to_string());
        check_required(declared, &required, at, diags);
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
    pub(super) fn fields(
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
            let item = Item {
                what: "field",
                pointer: &field_pointer,
            };
            fields.push(Field {
                name: field_names.claim_for(&snake_ident(wire_name), item, diags),
                wire_name: wire_name.clone(),
                ty: resolved.ty,
                presence,
                doc,
                null_as_empty: false,
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
        let map_pointer = child(pointer, "additionalProperties");
        let item = Item {
            what: "field",
            pointer: &map_pointer,
        };
        let additional = additional.map(|ty| ExtraFields {
            name: field_names.claim_for("additional_properties", item, diags),
            ty,
        });
        Struct {
            fields,
            additional,
            null_marker: None,
        }
    }
}

pub(super) fn string_type(format: Option<&str>) -> TypeRef {
    match format {
        Some("date-time") => TypeRef::DateTime,
        Some("date") => TypeRef::Date,
        Some("uuid") | Some("uuid4") => TypeRef::Uuid,
        Some("binary") => TypeRef::Bytes,
        _ => TypeRef::String,
    }
}

/// `base`, or `base` with `_` appended until no field of `object` (nor its map of other
/// properties) has the name: for the fields the generator adds beside the spec's properties.
pub(in crate::resolve) fn unclaimed_field_name(object: &Struct, base: &str) -> String {
    let mut name = base.to_string();
    let taken = |name: &str| {
        object.fields.iter().any(|f| f.name == name)
            || object.additional.as_ref().is_some_and(|a| a.name == name)
    };
    while taken(&name) {
        name.push('_');
    }
    name
}

/// Adds a flattened field, named `base` unless a property or the map of other properties took
/// that name.
pub(super) fn flatten_into(object: &mut Struct, base: &str, ty: TypeRef) {
    let name = unclaimed_field_name(object, base);
    object.fields.push(Field {
        name,
        wire_name: String::new(),
        ty,
        presence: Presence::Flatten,
        doc: None,
        null_as_empty: false,
    });
}
