//! Models: structs, open enums, unions and aliases.

use super::docs::doc_attrs;
use super::{ident, Context};
use crate::ir::{
    Enum, EnumRepr, FloatKind, IntegerKind, Presence, Struct, TypeDef, TypeKind, TypeRef, Union,
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
        TypeRef::DateTime => quote!(#rt::chrono::DateTime<#rt::chrono::Utc>),
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
    let doc = doc_attrs(def.doc.as_deref());
    let name = ident(&def.name);
    let body = match &def.kind {
        TypeKind::Struct(s) => structure(ctx, &name, s),
        TypeKind::Enum(e) => enumeration(ctx, &name, e),
        TypeKind::Union(u) => union(ctx, &name, u),
        TypeKind::Alias(ty) => {
            let ty = type_tokens(ctx, ty);
            quote!(pub type #name = #ty;)
        }
    };
    quote! { #doc #body }
}

fn serde_crate(ctx: &Context<'_>) -> TokenStream {
    let path = format!("{}::serde", ctx.rt_str);
    quote!(#[serde(crate = #path)])
}

fn structure(ctx: &Context<'_>, name: &syn::Ident, s: &Struct) -> TokenStream {
    let rt = &ctx.rt;
    let serde_crate = serde_crate(ctx);
    let double_option = format!("{}::double_option::deserialize", ctx.rt_str);
    let null_as_empty = format!("{}::null_as_empty::deserialize", ctx.rt_str);
    let null_as_empty_optional = format!("{}::null_as_empty::deserialize_optional", ctx.rt_str);
    let fields = s.fields.iter().map(|field| {
        let doc = doc_attrs(field.doc.as_deref());
        let field_name = ident(&field.name);
        let flatten = field.presence == Presence::Flatten;
        let rename = (!flatten && field.name.trim_start_matches("r#") != field.wire_name).then(|| {
            let wire = &field.wire_name;
            quote!(#[serde(rename = #wire)])
        });
        let inner = type_tokens(ctx, &field.ty);
        // Go servers write an empty list or map as `null`; read it as empty unless told not to.
        let null_is_empty = !ctx.settings.strict_nulls() && is_list_or_map(ctx, &field.ty);
        let (ty, attrs) = match field.presence {
            Presence::Required if null_is_empty => {
                (inner, quote!(#[serde(deserialize_with = #null_as_empty)]))
            }
            Presence::Required => (inner, quote!()),
            Presence::RequiredNullable => (quote!(Option<#inner>), quote!()),
            Presence::Optional if null_is_empty => (
                quote!(Option<#inner>),
                quote!(#[serde(default, deserialize_with = #null_as_empty_optional, skip_serializing_if = "Option::is_none")]),
            ),
            Presence::Optional => {
                (quote!(Option<#inner>), quote!(#[serde(default, skip_serializing_if = "Option::is_none")]))
            }
            Presence::Flatten => (inner, quote!(#[serde(flatten)])),
            Presence::OptionalNullable => (
                quote!(Option<Option<#inner>>),
                quote!(#[serde(default, deserialize_with = #double_option, skip_serializing_if = "Option::is_none")]),
            ),
        };
        // A field's type is the spec's shape (maps of maps of lists, say); factoring it into an
        // alias would invent a name the spec does not have, so clippy's complexity lint is
        // allowed on exactly these fields.
        let optional = !matches!(field.presence, Presence::Required | Presence::Flatten);
        let complex = (nesting(&field.ty) + usize::from(optional) >= 4)
            .then(|| quote!(#[allow(clippy::type_complexity)]));
        quote! { #doc #rename #attrs #complex pub #field_name: #ty, }
    });
    let additional = s.additional.as_ref().map(|extra| {
        let ty = type_tokens(ctx, &extra.ty);
        let field = ident(&extra.name);
        quote! {
            /// Properties the spec does not name, kept so that nothing is lost.
            #[serde(flatten)]
            pub #field: ::std::collections::BTreeMap<String, #ty>,
        }
    });
    let default = s
        .fields
        .iter()
        .all(|f| !matches!(f.presence, Presence::Required | Presence::Flatten))
        .then(|| quote!(Default,));
    quote! {
        #[derive(Clone, Debug, PartialEq, #default #rt::serde::Serialize, #rt::serde::Deserialize)]
        #serde_crate
        pub struct #name {
            #( #fields )*
            #additional
        }
    }
}

/// Whether `ty` is a `Vec` or map, directly or through aliases (a nullable alias is an `Option`).
fn is_list_or_map(ctx: &Context<'_>, ty: &TypeRef) -> bool {
    let mut ty = ty;
    // An alias chain is at most as long as the list of types; the bound keeps a cycle finite.
    for _ in 0..=ctx.api.types.len() {
        match ty {
            TypeRef::Vec(_) | TypeRef::Map(_) => return true,
            TypeRef::Named(id) => match &ctx.api.types[id.0].kind {
                TypeKind::Alias(aliased) => ty = aliased,
                _ => return false,
            },
            _ => return false,
        }
    }
    false
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
    let rt = &ctx.rt;
    let serde_crate = serde_crate(ctx);
    let variants: Vec<syn::Ident> = e.variants.iter().map(|v| ident(&v.name)).collect();
    match e.repr {
        EnumRepr::String => {
            let values = e.variants.iter().map(|v| &v.value);
            quote! {
                #[derive(Clone, Debug, PartialEq, Eq, Hash, #rt::serde::Serialize, #rt::serde::Deserialize)]
                #serde_crate
                pub enum #name {
                    #( #[serde(rename = #values)] #variants, )*
                    /// A value this client does not know, kept as sent.
                    #[serde(untagged)]
                    Other(String),
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
                #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, #rt::serde::Serialize, #rt::serde::Deserialize)]
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

fn union(ctx: &Context<'_>, name: &syn::Ident, u: &Union) -> TokenStream {
    let rt = &ctx.rt;
    let serde_crate = serde_crate(ctx);
    let variants: Vec<syn::Ident> = u.variants.iter().map(|v| ident(&v.name)).collect();
    let types = u.variants.iter().map(|v| type_tokens(ctx, &v.ty));
    // Serialization is untagged either way (each variant writes its own tag); deserialization
    // is derived for untagged unions and reads the tag for discriminated ones.
    let mut derives = vec![
        quote!(Clone),
        quote!(Debug),
        quote!(PartialEq),
        quote!(#rt::serde::Serialize),
    ];
    let unknown_doc = match u.discriminator {
        None => {
            derives.push(quote!(#rt::serde::Deserialize));
            " A value that matches none of the alternatives, kept as sent."
        }
        Some(_) => {
            " A variant this client does not know (its tag is unknown or missing), kept as sent."
        }
    };
    let declaration = quote! {
        #[derive(#( #derives ),*)]
        #serde_crate
        #[serde(untagged)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants(#types), )*
            #[doc = #unknown_doc]
            Unknown(#rt::serde_json::Value),
        }
    };
    let Some(discriminator) = &u.discriminator else {
        return declaration;
    };
    let property = &discriminator.property;
    let arms = u.variants.iter().zip(&variants).map(|(v, variant)| {
        let tags = &v.tags;
        quote!( Some(#( #tags )|*) => #rt::serde_json::from_value(value).map(Self::#variant), )
    });
    quote! {
        #declaration

        impl<'de> #rt::serde::Deserialize<'de> for #name {
            fn deserialize<D: #rt::serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
                let value = <#rt::serde_json::Value as #rt::serde::Deserialize>::deserialize(deserializer)?;
                let tag = #rt::discriminator_value(&value, #property).map(str::to_owned);
                let decoded = match tag.as_deref() {
                    #( #arms )*
                    _ => return Ok(Self::Unknown(value)),
                };
                decoded.map_err(<D::Error as #rt::serde::de::Error>::custom)
            }
        }
    }
}
