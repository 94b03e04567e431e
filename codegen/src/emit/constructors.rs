//! Constructors of models: `Struct::new(required fields..)` with optional fields `None`, and per
//! union variant whose type is a struct, `Union::variant(required fields..)`. Fields that can hold
//! only one value (a required enum with one known value, or the discriminator of a variant with
//! one tag) are filled in, never asked for.

use super::types::type_tokens;
use super::{ident, Context};
use crate::ir::{Constructors, Field, Presence, Struct, TypeDef, TypeKind, TypeRef, Union};
use proc_macro2::TokenStream;
use quote::quote;

/// The constructors of `def` (nothing for enums and aliases).
pub fn constructors(ctx: &Context<'_>, index: usize, def: &TypeDef) -> TokenStream {
    let name = ident(&def.name);
    let items = match (&ctx.api.call_form.constructors[index], &def.kind) {
        (Constructors::Struct(constructor), TypeKind::Struct(s)) => {
            let doc = format!(" A `{}` from its required fields.", def.name);
            vec![constructor_fn(ctx, constructor, &doc, None, s, None)]
        }
        (Constructors::Union(names), TypeKind::Union(u)) => union_constructors(ctx, names, u),
        _ => return TokenStream::new(),
    };
    quote! {
        impl #name {
            #( #items )*
        }
    }
}

fn union_constructors(ctx: &Context<'_>, names: &[Option<String>], u: &Union) -> Vec<TokenStream> {
    u.variants
        .iter()
        .zip(names)
        .filter_map(|(variant, constructor)| {
            let constructor = constructor.as_deref()?;
            let id = variant.ty.named_or_boxed()?;
            let def = &ctx.api.types[id.0];
            let TypeKind::Struct(s) = &def.kind else {
                return None;
            };
            let tag = match (&u.discriminator, variant.tags.as_slice()) {
                (Some(d), [tag]) => Some((d.property.as_str(), tag.as_str())),
                _ => None,
            };
            let (ty, variant_name) = (ident(&def.name), ident(&variant.name));
            let doc = format!(
                " The `{}` variant from its required fields{}.",
                variant.name,
                tag.map(|(p, t)| format!(", with `{p}` set to `{t}`"))
                    .unwrap_or_default()
            );
            let boxed = matches!(variant.ty, TypeRef::Boxed(_));
            let variant = Some(Variant {
                name: variant_name,
                ty,
                boxed,
            });
            Some(constructor_fn(ctx, constructor, &doc, variant, s, tag))
        })
        .collect()
}

/// The union variant a constructor builds.
struct Variant {
    /// The variant's name.
    name: syn::Ident,
    /// The struct it holds.
    ty: syn::Ident,
    /// Whether it holds the struct in a `Box`.
    boxed: bool,
}

/// `pub fn name(required..) -> Self`, building `Self`, or `Self::Variant(Struct)` for a union's
/// `variant` (`Self::Variant(Box::new(Struct))` when boxed); `tag` is the discriminator property
/// and the value it must hold.
fn constructor_fn(
    ctx: &Context<'_>,
    name: &str,
    doc: &str,
    variant: Option<Variant>,
    s: &Struct,
    tag: Option<(&str, &str)>,
) -> TokenStream {
    let mut arguments = Vec::new();
    let values: Vec<TokenStream> = s
        .fields
        .iter()
        .map(|field| {
            let name = ident(&field.name);
            let value = match fixed_value(ctx, field, tag) {
                Some(value) => value,
                None => match field.presence {
                    Presence::Optional | Presence::OptionalNullable => quote!(None),
                    Presence::Required | Presence::RequiredNullable | Presence::Flatten => {
                        let (ty, value) = argument(ctx, field);
                        arguments.push(quote!(#name: #ty));
                        match value {
                            Some(value) => value,
                            // The argument has the field's name and type.
                            None => return quote!(#name,),
                        }
                    }
                },
            };
            quote!(#name: #value,)
        })
        .collect();
    // Spelled out in full: a spec may name a schema `Default`.
    let additional = s.additional.as_ref().map(|extra| {
        let name = ident(&extra.name);
        quote!(#name: ::core::default::Default::default(),)
    });
    let marker = s.null_marker.as_ref().map(|marker| {
        let name = ident(marker);
        quote!(#name: ::core::default::Default::default(),)
    });
    let literal = |ty: TokenStream| quote!(#ty { #( #values )* #additional #marker });
    let body = match variant {
        Some(Variant { name, ty, boxed }) => {
            let literal = literal(quote!(#ty));
            match boxed {
                true => quote!(Self::#name(Box::new(#literal))),
                false => quote!(Self::#name(#literal)),
            }
        }
        None => literal(quote!(Self)),
    };
    let name = ident(name);
    let lint = match arguments.len() {
        0 => Some(quote!(#[allow(clippy::new_without_default)])),
        8.. => Some(quote!(#[allow(clippy::too_many_arguments)])),
        _ => None,
    };
    quote! {
        #[doc = #doc]
        #lint
        pub fn #name(#( #arguments ),*) -> Self {
            #body
        }
    }
}

/// The argument type of a required field, and the expression that stores it unless it is the
/// argument itself: strings are taken as `impl Into<String>`, boxed values unboxed (the
/// constructor boxes them).
fn argument(ctx: &Context<'_>, field: &Field) -> (TokenStream, Option<TokenStream>) {
    let name = ident(&field.name);
    match (field.presence, &field.ty) {
        (Presence::Required, TypeRef::String) => {
            (quote!(impl Into<String>), Some(quote!(#name.into())))
        }
        (Presence::RequiredNullable, TypeRef::Boxed(inner)) => {
            let ty = type_tokens(ctx, inner);
            (quote!(Option<#ty>), Some(quote!(#name.map(Box::new))))
        }
        (Presence::RequiredNullable, ty) => {
            let ty = type_tokens(ctx, ty);
            (quote!(Option<#ty>), None)
        }
        (_, TypeRef::Boxed(inner)) => (type_tokens(ctx, inner), Some(quote!(Box::new(#name)))),
        (_, ty) => (type_tokens(ctx, ty), None),
    }
}

/// The value of a required field that can hold only one: the variant's tag, or the one known
/// value of its enum.
fn fixed_value(ctx: &Context<'_>, field: &Field, tag: Option<(&str, &str)>) -> Option<TokenStream> {
    if field.presence != Presence::Required {
        return None;
    }
    let tag = tag
        .filter(|(property, _)| *property == field.wire_name)
        .map(|(_, value)| value);
    match (&field.ty, tag) {
        (TypeRef::String, Some(tag)) => Some(quote!(#tag.to_owned())),
        (TypeRef::Named(id), tag) => {
            let def = &ctx.api.types[id.0];
            let TypeKind::Enum(e) = &def.kind else {
                return None;
            };
            let variant = match tag {
                Some(tag) => e.variants.iter().find(|v| v.value == tag)?,
                None if e.variants.len() == 1 => &e.variants[0],
                None => return None,
            };
            let (ty, variant) = (ctx.item(&def.name), ident(&variant.name));
            Some(quote!(#ty::#variant))
        }
        _ => None,
    }
}
