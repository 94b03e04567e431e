//! Models: structs, open enums, unions and aliases.

use super::docs::doc_attrs;
use super::{ident, Context};
use crate::ir::{
    Enum, EnumRepr, Field, FloatKind, IntegerKind, Presence, Struct, TypeDef, TypeKind, TypeRef,
    Union,
};
use proc_macro2::TokenStream;
use quote::quote;

/// The Rust type of a type expression.
pub fn type_tokens(ctx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    let rt = &ctx.rt;
    match ty {
        TypeRef::Named(id) => ctx.item(&ctx.api.types[id.0].name),
        TypeRef::String => quote!(String),
        TypeRef::Bool => quote!(bool),
        TypeRef::Integer(IntegerKind::I32) => quote!(i32),
        TypeRef::Integer(IntegerKind::I64) => quote!(i64),
        TypeRef::Integer(IntegerKind::U32) => quote!(u32),
        TypeRef::Integer(IntegerKind::U64) => quote!(u64),
        TypeRef::Float(FloatKind::F32) => quote!(f32),
        TypeRef::Float(FloatKind::F64) => quote!(f64),
        TypeRef::DateTime => quote!(#rt::DateTime),
        TypeRef::Date => quote!(#rt::chrono::NaiveDate),
        TypeRef::Uuid => quote!(#rt::uuid::Uuid),
        TypeRef::Bytes => quote!(#rt::Bytes),
        TypeRef::Json => quote!(#rt::serde_json::Value),
        TypeRef::Unit => quote!(()),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(ctx, inner);
            quote!(Vec<#inner>)
        }
        TypeRef::Map(inner) => {
            let inner = type_tokens(ctx, inner);
            quote!(::std::collections::BTreeMap<String, #inner>)
        }
        TypeRef::Option(inner) => {
            let inner = type_tokens(ctx, inner);
            quote!(Option<#inner>)
        }
        TypeRef::Boxed(inner) => {
            let inner = type_tokens(ctx, inner);
            quote!(Box<#inner>)
        }
    }
}

/// One named type.
pub fn type_def(ctx: &Context<'_>, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    // Large streams are moved in with `extend`: `quote!` copies every token it interpolates.
    let mut tokens = doc_attrs(def.doc.as_deref());
    tokens.extend(match &def.kind {
        TypeKind::Struct(s) => structure(ctx, &name, s),
        TypeKind::Enum(e) => enumeration(ctx, &name, e),
        TypeKind::Union(u) => union(ctx, &name, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ctx, ty);
            quote!(pub type #name = #ty;)
        }
    });
    tokens
}

fn serde_crate(ctx: &Context<'_>) -> TokenStream {
    let path = format!("{}::serde", ctx.rt_str);
    quote!(#[serde(crate = #path)])
}

fn structure(ctx: &Context<'_>, name: &syn::Ident, s: &Struct) -> TokenStream {
    let rt = &ctx.rt;
    // Members whose fields sit beside the declared ones need serde's own flattening; every other
    // struct reads its object with a generated visitor (no buffering, undeclared keys kept or
    // skipped in the same pass).
    let derived = s.fields.iter().any(|f| f.presence == Presence::Flatten);
    // Only a struct with flattened members derives the serde traits; every other one implements
    // both itself (less for the compiler than derived code): no serde attributes.
    let serde_attr = |attr: TokenStream| derived.then_some(attr);
    let serde_attrs = serde_attr(serde_crate(ctx));
    let fields = s.fields.iter().map(|field| {
        let doc = doc_attrs(field.doc.as_deref());
        let field_name = ident(&field.name);
        let flatten = field.presence == Presence::Flatten;
        let rename =
            (!flatten && field.name.trim_start_matches("r#") != field.wire_name).then(|| {
                let wire = &field.wire_name;
                quote!(#[serde(rename = #wire)])
            });
        let inner = type_tokens(ctx, &field.ty);
        let (ty, serialize) = match field.presence {
            Presence::Required => (inner, quote!()),
            Presence::RequiredNullable => (quote!(Option<#inner>), quote!()),
            Presence::Optional => (
                quote!(Option<#inner>),
                quote!(#[serde(skip_serializing_if = "Option::is_none")]),
            ),
            Presence::OptionalNullable => (
                quote!(Option<Option<#inner>>),
                quote!(#[serde(skip_serializing_if = "Option::is_none")]),
            ),
            Presence::Flatten => (inner, quote!(#[serde(flatten)])),
        };
        let deserialize = if derived {
            derived_field_attrs(ctx, field)
        } else {
            quote!()
        };
        // A field's type is the spec's shape (maps of maps of lists, say); factoring it into an
        // alias would invent a name the spec does not have, so clippy's complexity lint is
        // allowed on exactly these fields.
        let optional = !matches!(field.presence, Presence::Required | Presence::Flatten);
        let complex = (nesting(&field.ty) + usize::from(optional) >= 4)
            .then(|| quote!(#[allow(clippy::type_complexity)]));
        let (rename, serialize) = (rename.and_then(serde_attr), serde_attr(serialize));
        quote! { #doc #rename #serialize #deserialize #complex pub #field_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|extra| {
        let ty = type_tokens(ctx, &extra.ty);
        let field = ident(&extra.name);
        let flatten = serde_attr(quote!(#[serde(flatten)]));
        quote! {
            /// Properties the spec does not name, kept so that nothing is lost.
            #flatten
            pub #field: #rt::AdditionalProperties<#ty>,
        }
    });
    let marker = s.null_marker.as_ref().map(|marker| {
        let field = ident(marker);
        let words = marker_words(s);
        quote! {
            /// Which list and map fields arrived as `null`: encoding writes `null` for them
            /// while they stay empty, so a round trip gives back what the server sent.
            pub #field: #rt::null_as_empty::SentAsNull<#words>,
        }
    });
    let default = s
        .fields
        .iter()
        .all(|f| !matches!(f.presence, Presence::Required | Presence::Flatten))
        .then(|| quote!(Default,));
    let (derive_deserialize, visitor) = if derived {
        (quote!(__serde::Deserialize), quote!())
    } else {
        (quote!(), object_visitor(ctx, name, s))
    };
    let (derive_serialize, serializer) = if derived {
        (quote!(__serde::Serialize,), quote!())
    } else {
        (quote!(), entries_serializer(ctx, name, s))
    };
    let mut tokens = quote! {
        #[derive(Clone, Debug, PartialEq, #default #derive_serialize #derive_deserialize)]
        #serde_attrs
        pub struct #name {
            #( #fields )*
            #additional
            #marker
        }
    };
    tokens.extend(visitor);
    tokens.extend(serializer);
    tokens
}

/// The deserialization attributes of a field in a struct that derives `Deserialize` (one with
/// flattened members).
fn derived_field_attrs(ctx: &Context<'_>, field: &Field) -> TokenStream {
    let helper = |name: &str| format!("{}::{name}", ctx.rt_str);
    match field.presence {
        Presence::Required if field.null_as_empty => {
            let with = helper("null_as_empty::deserialize");
            quote!(#[serde(deserialize_with = #with)])
        }
        Presence::Optional if field.null_as_empty => {
            let with = helper("null_as_empty::deserialize_optional");
            quote!(#[serde(default, deserialize_with = #with)])
        }
        Presence::Optional => quote!(#[serde(default)]),
        Presence::OptionalNullable => {
            let with = helper("double_option::deserialize");
            quote!(#[serde(default, deserialize_with = #with)])
        }
        Presence::Required | Presence::RequiredNullable | Presence::Flatten => quote!(),
    }
}

/// `Deserialize` for a struct without flattened members: one pass over the object's entries,
/// declared keys into their fields, undeclared ones into the map of additional properties (when
/// the struct has one) or skipped.
fn object_visitor(ctx: &Context<'_>, name: &syn::Ident, s: &Struct) -> TokenStream {
    let rt = &ctx.rt;
    // One slot per declared field, in a tuple: generated code invents no local names.
    let slots: Vec<TokenStream> = (0..s.fields.len())
        .map(|i| {
            let index = syn::Index::from(i);
            quote!(__slots.#index)
        })
        .collect();
    let wires: Vec<&str> = s.fields.iter().map(|f| f.wire_name.as_str()).collect();
    let markers = marker_indices(s);
    let readers = s
        .fields
        .iter()
        .zip(&slots)
        .zip(&markers)
        .map(|((field, slot), marker)| {
            let wire = &field.wire_name;
            match marker {
                Some(index) => quote! {
                    __de::field_or_empty(&mut __map, &mut #slot, #wire, &mut __sent_as_null, #index)?
                },
                None => quote!(__de::field(&mut __map, &mut #slot, #wire)?),
            }
        });
    let finish = s.fields.iter().zip(&slots).map(|(field, slot)| {
        let (name, wire) = (ident(&field.name), &field.wire_name);
        let value = match field.presence {
            Presence::Required => quote!(__de::required(#slot, #wire)?),
            // Absent counts as null, as serde does for `Option` fields.
            Presence::RequiredNullable => quote!(#slot.flatten()),
            Presence::Optional | Presence::OptionalNullable => quote!(#slot),
            Presence::Flatten => unreachable!("structs with flattened members derive Deserialize"),
        };
        quote!(#name: #value)
    });
    let nones = s.fields.iter().map(|_| quote!(None));
    let slots_local = (!slots.is_empty()).then(|| quote!(let mut __slots = ( #( #nones, )* );));
    let (extra_local, unknown, extra_field) = match &s.additional {
        Some(extra) => {
            let field = ident(&extra.name);
            (
                quote!(let mut __extra = #rt::AdditionalProperties::new();),
                quote!(__de::keep(&mut __map, &mut __extra, __key)?),
                quote!(#field: __extra,),
            )
        }
        None => (quote!(), quote!(__de::skip(&mut __map)?), quote!()),
    };
    // Each arm tries its own `Result`: one `?` after the `match` would check and compile less,
    // but costs the optimized decoder a test per key (BENCHMARKS.md, "Less generic code per type").
    let body = if slots.is_empty() {
        unknown
    } else {
        quote! {
            match &*__key {
                #( #wires => #readers, )*
                _ => #unknown,
            }
        }
    };
    let (marker_local, marker_field) = match &s.null_marker {
        Some(marker) => {
            let (field, words) = (ident(marker), marker_words(s));
            (
                quote!(let mut __sent_as_null = #rt::null_as_empty::SentAsNull::<#words>::default();),
                quote!(#field: __sent_as_null,),
            )
        }
        None => (quote!(), quote!()),
    };
    let expecting = format!("struct {name}");
    quote! {
        impl<'de> __de::Object<'de> for #name {
            const EXPECTING: &'static str = #expecting;

            fn visit<A: __serde::de::MapAccess<'de>>(mut __map: A) -> Result<Self, A::Error> {
                #slots_local
                #extra_local
                #marker_local
                while let Some(__key) = __map.next_key::<__de::Key<'de>>()? {
                    #body
                }
                Ok(Self { #( #finish, )* #extra_field #marker_field })
            }
        }

        impl<'de> __serde::Deserialize<'de> for #name {
            fn deserialize<D: __serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                __de::object(deserializer)
            }
        }
    }
}

/// Each field's bit in the struct's [`SentAsNull`](apiforge_runtime) marker: the fields that read
/// `null` as empty, numbered in declaration order.
fn marker_indices(s: &Struct) -> Vec<Option<proc_macro2::Literal>> {
    let mut next = 0;
    s.fields
        .iter()
        .map(|field| {
            (s.null_marker.is_some() && field.null_as_empty).then(|| {
                next += 1;
                proc_macro2::Literal::usize_unsuffixed(next - 1)
            })
        })
        .collect()
}

/// How many 64-bit words the struct's marker needs.
fn marker_words(s: &Struct) -> proc_macro2::Literal {
    let fields = s.fields.iter().filter(|f| f.null_as_empty).count();
    proc_macro2::Literal::usize_unsuffixed(fields.div_ceil(64))
}

/// `Serialize` for a struct without flattened members: each field an entry (optional ones when
/// present), fields marked in its null marker `null` while empty, then the undeclared properties.
fn entries_serializer(ctx: &Context<'_>, name: &syn::Ident, s: &Struct) -> TokenStream {
    let rt = &ctx.rt;
    let marker = s.null_marker.as_deref().map(ident);
    let entries = s.fields.iter().zip(marker_indices(s)).map(|(field, index)| {
        let (field_name, wire) = (ident(&field.name), &field.wire_name);
        let optional = matches!(field.presence, Presence::Optional | Presence::OptionalNullable);
        // Only a struct with a marker has indices (`marker_indices`).
        match (index, optional) {
            (Some(index), false) => quote!(__entries.as_sent(#wire, &self.#field_name, self.#marker.is_marked(#index))?;),
            (Some(index), true) => quote!(__entries.optional_as_sent(#wire, &self.#field_name, self.#marker.is_marked(#index))?;),
            (None, false) => quote!(__entries.field(#wire, &self.#field_name)?;),
            (None, true) => quote!(__entries.optional(#wire, &self.#field_name)?;),
        }
    });
    let additional = s.additional.as_ref().map(|extra| {
        let field = ident(&extra.name);
        quote!(__entries.additional(&self.#field)?;)
    });
    quote! {
        impl __serde::Serialize for #name {
            fn serialize<S: __serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                let mut __entries = #rt::ser::Entries::new(serializer)?;
                #( #entries )*
                #additional
                __entries.end()
            }
        }
    }
}

/// How many generic containers (`Vec`, map, `Option`, `Box`) wrap each other in a type.
fn nesting(ty: &TypeRef) -> usize {
    match ty {
        TypeRef::Vec(inner)
        | TypeRef::Map(inner)
        | TypeRef::Option(inner)
        | TypeRef::Boxed(inner) => 1 + nesting(inner),
        _ => 0,
    }
}

fn enumeration(ctx: &Context<'_>, name: &syn::Ident, e: &Enum) -> TokenStream {
    let serde_crate = serde_crate(ctx);
    let variants: Vec<syn::Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    match e.repr {
        EnumRepr::String => {
            let values: Vec<&str> = e.variants.iter().map(|v| v.value.as_str()).collect();
            quote! {
                #[derive(Clone, Debug, PartialEq, Eq, Hash)]
                pub enum #name {
                    #( #variants, )*
                    /// A value this client does not know, kept as sent.
                    Other(String),
                }

                impl __de::OpenEnum for #name {
                    fn known(value: &str) -> Option<Self> {
                        match value {
                            #( #values => Some(Self::#variants), )*
                            _ => None,
                        }
                    }

                    fn other(value: String) -> Self {
                        Self::Other(value)
                    }

                    fn as_str(&self) -> &str {
                        match self {
                            #( Self::#variants => #values, )*
                            Self::Other(value) => value,
                        }
                    }
                }

                impl __serde::Serialize for #name {
                    fn serialize<S: __serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
                        serializer.serialize_str(__de::OpenEnum::as_str(self))
                    }
                }

                impl<'de> __serde::Deserialize<'de> for #name {
                    fn deserialize<D: __serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                        __de::open_enum(deserializer)
                    }
                }
            }
        }
        EnumRepr::Integer => {
            let values: Vec<TokenStream> = e
                .variants
                .iter()
                .map(|v| {
                    let literal = syn::LitInt::new(&v.value, proc_macro2::Span::call_site());
                    quote!(#literal)
                })
                .collect();
            quote! {
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, __serde::Serialize, __serde::Deserialize)]
                #serde_crate
                #[serde(from = "i64", into = "i64")]
                pub enum #name {
                    #( #variants, )*
                    /// A value this client does not know, kept as sent.
                    Other(i64),
                }

                impl From<i64> for #name {
                    fn from(value: i64) -> Self {
                        match value {
                            #( #values => Self::#variants, )*
                            other => Self::Other(other),
                        }
                    }
                }

                impl From<#name> for i64 {
                    fn from(value: #name) -> Self {
                        match value {
                            #( #name::#variants => #values, )*
                            #name::Other(other) => other,
                        }
                    }
                }
            }
        }
    }
}

/// `From<T> for Union` for each alternative that holds a generated struct, enum or other union
/// `T`, boxed or not, so that callers write `value.into()` whether or not the alternative is boxed
/// (and keep writing it when a new version of the spec changes that). Not when two alternatives
/// hold the same type, nor for an alternative holding the union itself.
fn variant_from(ctx: &Context<'_>, name: &syn::Ident, u: &Union) -> Vec<TokenStream> {
    u.variants
        .iter()
        .filter_map(|v| {
            let id = v.ty.named_or_boxed()?;
            let def = &ctx.api.types[id.0];
            let unique = u
                .variants
                .iter()
                .filter(|w| w.ty.named_or_boxed() == Some(id))
                .count()
                == 1;
            let convertible =
                unique && *name != def.name && !matches!(def.kind, TypeKind::Alias(_));
            convertible.then(|| {
                let (inner, variant) = (type_tokens(ctx, &TypeRef::Named(id)), ident(&v.name));
                let value = match v.ty {
                    TypeRef::Boxed(_) => quote!(Box::new(value)),
                    _ => quote!(value),
                };
                quote! {
                    impl From<#inner> for #name {
                        fn from(value: #inner) -> Self {
                            Self::#variant(#value)
                        }
                    }
                }
            })
        })
        .collect()
}

fn union(ctx: &Context<'_>, name: &syn::Ident, u: &Union) -> TokenStream {
    let rt = &ctx.rt;
    let serde_crate = serde_crate(ctx);
    let variants: Vec<syn::Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types = u.variants.iter().map(|v| type_tokens(ctx, &v.ty));
    // Serialization is untagged either way (each variant writes its own tag); deserialization
    // prefers the alternative that reads the value back exactly for untagged unions and reads
    // the tag for discriminated ones.
    let unknown_doc = match u.discriminator {
        None => " A value that matches none of the alternatives, kept as sent.",
        Some(_) => {
            " A variant this client does not know (its tag is unknown or missing), kept as sent."
        }
    };
    let mut tokens = quote! {
        #[derive(Clone, Debug, PartialEq, __serde::Serialize)]
        #serde_crate
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants(#types), )*
            #[doc = #unknown_doc]
            Unknown(#rt::serde_json::Value),
        }
    };
    tokens.extend(variant_from(ctx, name, u));
    let Some(discriminator) = &u.discriminator else {
        tokens.extend(quote! {
            impl<'de> __serde::Deserialize<'de> for #name {
                fn deserialize<D: __serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                    let value = <#rt::serde_json::Value as __serde::Deserialize>::deserialize(deserializer)?;
                    let chosen = __de::Untagged::new(&value) #( .or(Self::#variants) )* .chosen();
                    Ok(chosen.unwrap_or(Self::Unknown(value)))
                }
            }
        });
        return tokens;
    };
    let property = &discriminator.property;
    let arms = u.variants.iter().zip(&variants).map(|(v, variant)| {
        let tags = &v.tags;
        let ty = type_tokens(ctx, &v.ty);
        quote!( Some(#( #tags )|*) => <#ty as __serde::Deserialize>::deserialize(object).map(Self::#variant), )
    });
    tokens.extend(quote! {
        impl __de::Tagged for #name {
            const PROPERTY: &'static str = #property;

            fn variant<'de, D: __serde::Deserializer<'de>>(tag: Option<&str>, object: D) -> Result<Self, D::Error> {
                match tag {
                    #( #arms )*
                    _ => <#rt::serde_json::Value as __serde::Deserialize>::deserialize(object).map(Self::Unknown),
                }
            }

            fn unknown(value: #rt::serde_json::Value) -> Self {
                Self::Unknown(value)
            }
        }

        impl<'de> __serde::Deserialize<'de> for #name {
            fn deserialize<D: __serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                __de::tagged(deserializer)
            }
        }
    });
    tokens
}
