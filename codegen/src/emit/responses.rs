//! Per-operation outcome enums and the `match` that decodes a response into them.

use super::docs::doc_attrs;
use super::types::type_tokens;
use super::{ident, Context};
use crate::ir::{Operation, ResponseBody, ResponseCase, StatusMatch, TypeRef};
use proc_macro2::TokenStream;
use quote::quote;

/// The error enum of an operation, and its success enum when it has one.
pub fn outcome_enums(ctx: &Context<'_>, op: &Operation) -> TokenStream {
    let method = &op.calls[0].method_name;
    let error_doc = format!(
        " Documented responses of [`{}::{method}`] other than success.",
        ctx.settings.client_name()
    );
    let error = case_enum(
        ctx,
        &op.responses.error_enum,
        &error_doc,
        &op.responses.errors,
    );
    let success = op.responses.success_enum.as_ref().map(|name| {
        let doc = format!(
            " Successful responses of [`{}::{method}`].",
            ctx.settings.client_name()
        );
        case_enum(ctx, name, &doc, &op.responses.success)
    });
    quote! { #error #success }
}

fn case_enum(ctx: &Context<'_>, name: &str, doc: &str, cases: &[ResponseCase]) -> TokenStream {
    let name = ident(name);
    let variants = cases.iter().map(|case| {
        let variant = ident(&case.variant);
        let text = format!(
            "{}{}",
            status_label(case.status),
            case.doc
                .as_deref()
                .map(|d| format!(": {d}"))
                .unwrap_or_default()
        );
        let doc = doc_attrs(Some(&text));
        match &case.body {
            ResponseBody::Empty => quote!(#doc #variant,),
            body => {
                let ty = type_tokens(ctx, &body.type_ref());
                quote!(#doc #variant(#ty),)
            }
        }
    });
    quote! {
        #[doc = #doc]
        #[derive(Clone, Debug, PartialEq)]
        #[allow(clippy::large_enum_variant)]
        pub enum #name {
            #( #variants )*
        }
    }
}

fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(digit) => format!("Status {digit}XX"),
        StatusMatch::Default => "Any other status".to_string(),
    }
}

/// `match response.status().as_u16() { .. }` producing `Result<ResponseValue<_>, Error<_>>`.
pub fn decode_match(op: &Operation) -> TokenStream {
    let responses = &op.responses;
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    for case in &responses.success {
        let decoded = decode(&case.body);
        let arm = match &responses.success_enum {
            None => decoded,
            Some(name) => {
                let (name, variant) = (ident(name), ident(&case.variant));
                let wrap = match case.body {
                    ResponseBody::Empty => quote!(|()| #name::#variant),
                    _ => quote!(#name::#variant),
                };
                quote!(#decoded.map(|value| value.map(#wrap)))
            }
        };
        arms.push((case.status, arm));
    }
    let error_enum = ident(&responses.error_enum);
    for case in &responses.errors {
        let variant = ident(&case.variant);
        let arm = match case.body {
            ResponseBody::Empty => quote!(Err(response.empty_error(#error_enum::#variant))),
            ResponseBody::Json(_) => quote!(Err(response.json_error(#error_enum::#variant))),
            ResponseBody::Text => quote!(Err(response.text_error(#error_enum::#variant))),
            ResponseBody::Bytes => quote!(Err(response.bytes_error(#error_enum::#variant))),
        };
        arms.push((case.status, arm));
    }
    arms.sort_by_key(|(status, _)| *status);
    let has_default = arms
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default);
    let arms = arms.into_iter().map(|(status, arm)| {
        let pattern = match status {
            StatusMatch::Code(code) => {
                let code = proc_macro2::Literal::u16_unsuffixed(code);
                quote!(#code)
            }
            StatusMatch::Range(digit) => {
                let low = proc_macro2::Literal::u16_unsuffixed(digit * 100);
                let high = proc_macro2::Literal::u16_unsuffixed(digit * 100 + 99);
                quote!(#low..=#high)
            }
            StatusMatch::Default => quote!(_),
        };
        quote!(#pattern => #arm,)
    });
    let fallback = (!has_default).then(|| quote!(_ => Err(response.unexpected()),));
    quote! {
        match response.status().as_u16() {
            #( #arms )*
            #fallback
        }
    }
}

fn decode(body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(response.empty()),
        ResponseBody::Json(TypeRef::Unit) | ResponseBody::Json(_) => quote!(response.json()),
        ResponseBody::Text => quote!(response.text()),
        ResponseBody::Bytes => quote!(response.bytes()),
    }
}
