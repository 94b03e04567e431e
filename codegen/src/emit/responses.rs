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
        ctx.api.client.name
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
            ctx.api.client.name
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

pub(super) fn status_label(status: StatusMatch) -> String {
    match status {
        StatusMatch::Code(code) => format!("Status {code}"),
        StatusMatch::Range(digit) => format!("Status {digit}XX"),
        StatusMatch::Default => "Any other status".to_string(),
    }
}

/// `match response.status().as_u16() { .. }` producing `Result<ResponseValue<_>, Error<_>>`.
pub fn decode_match(ctx: &Context<'_>, op: &Operation) -> TokenStream {
    let responses = &op.responses;
    let response = ident(&op.locals.response);
    let mut arms: Vec<(StatusMatch, TokenStream)> = Vec::new();
    for case in &responses.success {
        let arm = match &responses.success_enum {
            None => decode(&response, &case.body),
            Some(name) => {
                // The closure below hides the decoded type from inference: name it.
                let decoded = match &case.body {
                    ResponseBody::Json(ty) => {
                        let ty = type_tokens(ctx, ty);
                        quote!(#response.json::<#ty, _>())
                    }
                    body => decode(&response, body),
                };
                let (name, variant) = (ctx.item(name), ident(&case.variant));
                let wrap = match case.body {
                    ResponseBody::Empty => quote!(|()| #name::#variant),
                    _ => quote!(#name::#variant),
                };
                quote!(#decoded.map(|value| value.map(#wrap)))
            }
        };
        arms.push((case.status, arm));
    }
    let error_enum = ctx.item(&responses.error_enum);
    for case in &responses.errors {
        let variant = ident(&case.variant);
        let arm = match case.body {
            ResponseBody::Empty => quote!(Err(#response.empty_error(#error_enum::#variant))),
            ResponseBody::Json(_) => quote!(Err(#response.json_error(#error_enum::#variant))),
            ResponseBody::Text => quote!(Err(#response.text_error(#error_enum::#variant))),
            ResponseBody::Bytes => quote!(Err(#response.bytes_error(#error_enum::#variant))),
        };
        arms.push((case.status, arm));
    }
    arms.sort_by_key(|(status, _)| *status);
    if let [(StatusMatch::Default, arm)] = arms.as_slice() {
        // Only `default` is documented: every status decodes the same way, no `match` needed.
        return arm.clone();
    }
    let has_default = arms
        .iter()
        .any(|(status, _)| *status == StatusMatch::Default);
    let codes: Vec<u16> = arms
        .iter()
        .filter_map(|(status, _)| match status {
            StatusMatch::Code(code) => Some(*code),
            _ => None,
        })
        .collect();
    let arms: Vec<TokenStream> = arms
        .into_iter()
        .filter_map(|(status, arm)| {
            let pattern = match status {
                StatusMatch::Code(code) => {
                    let code = proc_macro2::Literal::u16_unsuffixed(code);
                    quote!(#code)
                }
                // Every status of the class is documented on its own: the range arm is unreachable.
                StatusMatch::Range(digit) => range_pattern(digit, &codes)?,
                StatusMatch::Default => quote!(_),
            };
            Some(quote!(#pattern => #arm,))
        })
        .collect();
    let fallback = (!has_default).then(|| quote!(_ => Err(#response.unexpected()),));
    quote! {
        match #response.status().as_u16() {
            #( #arms )*
            #fallback
        }
    }
}

/// The statuses of class `digit` (`5` for `5XX`) not documented on their own, as a pattern:
/// `500..=599` without `500` and `503` is `501..=502 | 504..=599`, so no arm overlaps another.
fn range_pattern(digit: u16, codes: &[u16]) -> Option<TokenStream> {
    let (low, high) = (digit * 100, digit * 100 + 99);
    let mut taken: Vec<u16> = codes
        .iter()
        .copied()
        .filter(|c| (low..=high).contains(c))
        .collect();
    taken.sort_unstable();
    let mut pieces = Vec::new();
    let mut start = low;
    for code in taken.into_iter().chain([high + 1]) {
        if code > start {
            let end = code - 1;
            let (a, b) = (
                proc_macro2::Literal::u16_unsuffixed(start),
                proc_macro2::Literal::u16_unsuffixed(end),
            );
            pieces.push(if start == end {
                quote!(#a)
            } else {
                quote!(#a..=#b)
            });
        }
        start = code + 1;
    }
    (!pieces.is_empty()).then(|| quote!(#( #pieces )|*))
}

fn decode(response: &syn::Ident, body: &ResponseBody) -> TokenStream {
    match body {
        ResponseBody::Empty => quote!(#response.empty()),
        ResponseBody::Json(TypeRef::Unit) | ResponseBody::Json(_) => quote!(#response.json()),
        ResponseBody::Text => quote!(#response.text()),
        ResponseBody::Bytes => quote!(#response.bytes()),
    }
}
