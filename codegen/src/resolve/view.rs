//! One flat view of a schema, whichever way openapiv3 classified it.
//!
//! openapiv3 splits schemas into `Type(..)`, `OneOf`, `AllOf`, `AnyOf`, `Not` and a catch-all
//! `Any`; real specs land in `Any` whenever they mix keywords. The resolver reads every schema
//! through [`SchemaView`] so that each keyword is handled in one place.

use openapiv3::{
    AdditionalProperties, IntegerFormat, NumberFormat, ReferenceOr, Schema, SchemaKind,
    StringFormat, Type, VariantOrUnknownOrEmpty,
};
use serde_json::Value;

/// A schema or a `$ref`, borrowed from either of openapiv3's two spellings.
#[derive(Clone, Copy, Debug)]
pub enum SchemaRef<'a> {
    /// `$ref` target, as written.
    Ref(&'a str),
    /// An inline schema.
    Item(&'a Schema),
}

impl<'a> From<&'a ReferenceOr<Schema>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Schema>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

impl<'a> From<&'a ReferenceOr<Box<Schema>>> for SchemaRef<'a> {
    fn from(r: &'a ReferenceOr<Box<Schema>>) -> Self {
        match r {
            ReferenceOr::Reference { reference } => SchemaRef::Ref(reference),
            ReferenceOr::Item(schema) => SchemaRef::Item(schema),
        }
    }
}

/// Every keyword the resolver looks at, whatever openapiv3 variant carried it.
#[derive(Debug, Default)]
pub struct SchemaView<'a> {
    /// `type`.
    pub typ: Option<&'a str>,
    /// `format`.
    pub format: Option<String>,
    /// `properties`, in order.
    pub properties: Vec<(&'a str, SchemaRef<'a>)>,
    /// `required`.
    pub required: &'a [String],
    /// `additionalProperties`.
    pub additional: Option<&'a AdditionalProperties>,
    /// `items`.
    pub items: Option<SchemaRef<'a>>,
    /// `enum`.
    pub enumeration: Vec<Value>,
    /// `oneOf`.
    pub one_of: &'a [ReferenceOr<Schema>],
    /// `anyOf`.
    pub any_of: &'a [ReferenceOr<Schema>],
    /// `allOf`.
    pub all_of: &'a [ReferenceOr<Schema>],
    /// Whether `not` is present.
    pub has_not: bool,
}

fn format_name<T: std::fmt::Debug>(
    format: &VariantOrUnknownOrEmpty<T>,
    known: impl Fn(&T) -> &'static str,
) -> Option<String> {
    match format {
        VariantOrUnknownOrEmpty::Item(item) => Some(known(item).to_string()),
        VariantOrUnknownOrEmpty::Unknown(s) => Some(s.clone()),
        VariantOrUnknownOrEmpty::Empty => None,
    }
}

fn string_format(f: &StringFormat) -> &'static str {
    match f {
        StringFormat::Date => "date",
        StringFormat::DateTime => "date-time",
        StringFormat::Password => "password",
        StringFormat::Byte => "byte",
        StringFormat::Binary => "binary",
    }
}

fn number_format(f: &NumberFormat) -> &'static str {
    match f {
        NumberFormat::Float => "float",
        NumberFormat::Double => "double",
    }
}

fn integer_format(f: &IntegerFormat) -> &'static str {
    match f {
        IntegerFormat::Int32 => "int32",
        IntegerFormat::Int64 => "int64",
    }
}

fn values<T>(items: &[Option<T>], to_value: impl Fn(&T) -> Value) -> Vec<Value> {
    items
        .iter()
        .map(|v| v.as_ref().map_or(Value::Null, &to_value))
        .collect()
}

impl<'a> SchemaView<'a> {
    /// Flattens a schema's keywords.
    pub fn of(schema: &'a Schema) -> Self {
        let mut view = SchemaView::default();
        match &schema.schema_kind {
            SchemaKind::Type(Type::String(s)) => {
                view.typ = Some("string");
                view.format = format_name(&s.format, string_format);
                view.enumeration = values(&s.enumeration, |v| Value::String(v.clone()));
            }
            SchemaKind::Type(Type::Number(n)) => {
                view.typ = Some("number");
                view.format = format_name(&n.format, number_format);
            }
            SchemaKind::Type(Type::Integer(i)) => {
                view.typ = Some("integer");
                view.format = format_name(&i.format, integer_format);
                view.enumeration = values(&i.enumeration, |v| Value::from(*v));
            }
            SchemaKind::Type(Type::Boolean(_)) => view.typ = Some("boolean"),
            SchemaKind::Type(Type::Object(o)) => {
                view.typ = Some("object");
                view.properties = o
                    .properties
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.into()))
                    .collect();
                view.required = &o.required;
                view.additional = o.additional_properties.as_ref();
            }
            SchemaKind::Type(Type::Array(a)) => {
                view.typ = Some("array");
                view.items = a.items.as_ref().map(Into::into);
            }
            SchemaKind::OneOf { one_of } => view.one_of = one_of,
            SchemaKind::AnyOf { any_of } => view.any_of = any_of,
            SchemaKind::AllOf { all_of } => view.all_of = all_of,
            SchemaKind::Not { .. } => view.has_not = true,
            SchemaKind::Any(any) => {
                view.typ = any.typ.as_deref();
                view.format = any.format.clone();
                view.properties = any
                    .properties
                    .iter()
                    .map(|(k, v)| (k.as_str(), v.into()))
                    .collect();
                view.required = &any.required;
                view.additional = any.additional_properties.as_ref();
                view.items = any.items.as_ref().map(Into::into);
                view.enumeration = any.enumeration.clone();
                view.one_of = &any.one_of;
                view.any_of = &any.any_of;
                view.all_of = &any.all_of;
                view.has_not = any.not.is_some();
            }
        }
        view
    }

    /// Whether the schema says nothing about its value (`{}`, or only docs): any JSON.
    pub fn is_unconstrained(&self) -> bool {
        self.typ.is_none()
            && self.properties.is_empty()
            && self.additional.is_none()
            && self.items.is_none()
            && self.enumeration.is_empty()
            && self.one_of.is_empty()
            && self.any_of.is_empty()
            && self.all_of.is_empty()
    }
}
