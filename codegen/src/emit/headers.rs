//! The typed header structs of responses: fields, `Debug` without secrets, and `FromHeaders`.

use super::docs::doc_attrs;
use super::types::type_tokens;
use super::{ident, Context};
use crate::ir::{HeaderRead, HeaderStruct, Operation, ResponseCase};
use proc_macro2::TokenStream;
use quote::quote;

/// The header structs of every response of `op` that declares headers.
pub fn header_structs(ctx: &Context<'_>, op: &Operation) -> TokenStream {
    let cases = op.responses.success.iter().chain(&op.responses.errors);
    cases
        .filter_map(|case| Some(header_struct(ctx, op, case, case.headers.as_ref()?)))
        .collect()
}

fn header_struct(
    ctx: &Context<'_>,
    op: &Operation,
    case: &ResponseCase,
    headers: &HeaderStruct,
) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&headers.name);
    let doc = format!(
        " The headers `{}` declares for its `{}` response ({}), typed; read them from the response with `typed_headers`.",
        op.id,
        case.variant,
        super::responses::status_label(case.status),
    );
    let fields = headers.fields.iter().map(|field| {
        let name = ident(&field.name);
        let doc = doc_attrs(field.doc.as_deref());
        let ty = type_tokens(ctx, &field.ty);
        let ty = match field.read {
            HeaderRead::Required => ty,
            HeaderRead::Optional => quote!(Option<#ty>),
            HeaderRead::Every => quote!(Vec<#ty>),
        };
        quote!(#doc pub #name: #ty,)
    });
    let shown = headers.fields.iter().map(|field| {
        let (name, wire) = (ident(&field.name), &field.wire_name);
        let label = name.to_string();
        let label = label.trim_start_matches("r#");
        quote!(.field(#label, &#rt::headers::Shown::new(#wire, &self.#name)))
    });
    let reads = headers.fields.iter().map(|field| {
        let (name, wire) = (ident(&field.name), &field.wire_name);
        let read = match field.read {
            HeaderRead::Required => quote!(required),
            HeaderRead::Optional => quote!(optional),
            HeaderRead::Every => quote!(every),
        };
        quote!(#name: #rt::headers::#read(headers, #wire)?,)
    });
    let label = &headers.name;
    quote! {
        #[doc = #doc]
        #[derive(Clone, PartialEq)]
        pub struct #name {
            #( #fields )*
        }

        impl ::core::fmt::Debug for #name {
            fn fmt(&self, f: &mut ::core::fmt::Formatter<'_>) -> ::core::fmt::Result {
                f.debug_struct(#label) #( #shown )* .finish()
            }
        }

        impl #rt::FromHeaders for #name {
            fn from_headers(headers: &#rt::http::HeaderMap) -> Result<Self, #rt::HeaderError> {
                Ok(Self { #( #reads )* })
            }
        }
    }
}
