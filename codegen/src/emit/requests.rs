//! The plain, transport-independent halves of every call: one function per call that builds the
//! request from the client's `Config` and the arguments, and one per operation that decodes the
//! raw response. The client's methods, the builders and any other front end are thin wrappers
//! over them, so this code is compiled once in the client's crate whatever the transport.

use super::client::{argument_lints, arguments, ok_type, Argument};
use super::docs::comment_line;
use super::responses::decode_match;
use super::{ident, Context};
use crate::ir::{
    BodyContent, BodyEncoding, Call, Operation, ParamLocation, ParamStyle, Parameter,
    SecurityScheme, SecuritySchemeKind,
};
use crate::resolve::is_http_token;
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The `requests` and `responses` modules.
pub fn modules(ctx: &Context<'_>) -> TokenStream {
    let ctx = &ctx.nested();
    let form = &ctx.api.call_form;
    let (requests, responses) = (ident(&form.requests_module), ident(&form.responses_module));
    let schemes = ctx
        .api
        .security_schemes
        .iter()
        .map(|s| scheme_const(ctx, s));
    let builds = ctx
        .api
        .operations
        .iter()
        .flat_map(|op| op.calls.iter().map(move |call| request_fn(ctx, op, call)));
    let decodes = ctx
        .api
        .operations
        .iter()
        .zip(&form.operations)
        .map(|(op, names)| response_fn(ctx, op, &names.response_fn));
    quote! {
        /// One function per method of the client that builds its request, without sending it.
        #[allow(clippy::module_inception)]
        pub mod #requests {
            #( #schemes )*
            #( #builds )*
        }

        /// One function per operation that decodes its raw response.
        // The error is what the client's methods return; its size is theirs.
        #[allow(clippy::module_inception, clippy::result_large_err)]
        pub mod #responses {
            #( #decodes )*
        }
    }
}

fn request_fn(ctx: &Context<'_>, op: &Operation, call: &Call) -> TokenStream {
    let rt = &ctx.rt;
    let request = ident(&op.locals.request);
    let config = ident(&op.locals.config);
    let arguments = arguments(ctx, op, call);
    let names: Vec<&syn::Ident> = arguments.iter().map(|a| &a.name).collect();
    let types: Vec<&TokenStream> = arguments.iter().map(|a| &a.ty).collect();
    let params = op
        .params
        .iter()
        .zip(&arguments)
        .map(|(p, arg)| param_statement(ctx, &request, p, arg));
    let body = op
        .body
        .as_ref()
        .zip(call.body.as_ref())
        .zip(arguments.last())
        .map(|((param, content), arg)| body_statement(&request, content, arg, param.required));
    let fixed_query = op
        .fixed_query
        .iter()
        .map(|(k, v)| quote!(#request.query(#k, #v, #rt::ParamStyle::Form { explode: true });));
    let accept = op.accept.as_ref().map(|a| quote!(#request.accept(#a);));
    let security = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|alt| {
            let consts = alt.iter().filter_map(|name| {
                let scheme = ctx.api.security_schemes.iter().find(|s| &s.name == name);
                scheme.map(|s| ident(&s.constant))
            });
            quote!(&[#( #consts ),*])
        });
        quote!(#request.security(&[#( #alternatives ),*]);)
    });
    let mutability = (!op.params.is_empty()
        || !op.fixed_query.is_empty()
        || body.is_some()
        || accept.is_some()
        || security.is_some())
    .then(|| quote!(mut));
    let method = ident(&call.method_name);
    let http_method = format_ident!("{}", op.http_method);
    let path = &op.path;
    let op_id = &op.id;
    let lints = argument_lints(&arguments);
    let client = ident(&ctx.api.client.name);
    let doc = format!(
        " The request of [`{client}::{}`](super::{client}::{}), built from `config` without sending it.",
        call.method_name, call.method_name
    );
    quote! {
        #[doc = #doc]
        #lints
        pub fn #method(#config: &#rt::Config, #( #names: #types ),*) -> Result<#rt::http::Request<#rt::Bytes>, #rt::EncodeError> {
            let #mutability #request = #config.operation(#rt::OperationInfo::new(#op_id, #path), #rt::http::Method::#http_method);
            #( #params )*
            #( #fixed_query )*
            #body
            #accept
            #security
            #config.build(#request)
        }
    }
}

fn response_fn(ctx: &Context<'_>, op: &Operation, name: &str) -> TokenStream {
    let rt = &ctx.rt;
    let ok = ok_type(ctx, op);
    let error = ctx.item(&op.responses.error_enum);
    let decode = decode_match(ctx, op);
    let name = ident(name);
    let client = ident(&ctx.api.client.name);
    let response = ident(&op.locals.response);
    let doc = format!(
        " Decodes a response of `{} {}` (see [`{client}::{}`](super::{client}::{})).",
        op.http_method,
        comment_line(&op.path),
        op.calls[0].method_name,
        op.calls[0].method_name
    );
    quote! {
        #[doc = #doc]
        pub fn #name(#response: #rt::RawResponse) -> Result<#rt::ResponseValue<#ok>, #rt::Error<#error>> {
            #decode
        }
    }
}

fn scheme_const(ctx: &Context<'_>, scheme: &SecurityScheme) -> TokenStream {
    let rt = &ctx.rt;
    let name = ident(&scheme.constant);
    let spec_name = &scheme.name;
    let kind = match &scheme.kind {
        SecuritySchemeKind::ApiKeyHeader(n) => quote!(#rt::SchemeKind::ApiKeyHeader(#n)),
        SecuritySchemeKind::ApiKeyQuery(n) => quote!(#rt::SchemeKind::ApiKeyQuery(#n)),
        SecuritySchemeKind::ApiKeyCookie(n) => quote!(#rt::SchemeKind::ApiKeyCookie(#n)),
        SecuritySchemeKind::Basic => quote!(#rt::SchemeKind::Basic),
        SecuritySchemeKind::Bearer => quote!(#rt::SchemeKind::Bearer),
    };
    quote! {
        const #name: #rt::SecurityScheme = #rt::SecurityScheme { name: #spec_name, kind: #kind };
    }
}

fn style_tokens(ctx: &Context<'_>, style: ParamStyle) -> TokenStream {
    let rt = &ctx.rt;
    match style {
        ParamStyle::Simple => quote!(#rt::ParamStyle::Simple),
        ParamStyle::Form { explode } => quote!(#rt::ParamStyle::Form { explode: #explode }),
        ParamStyle::SpaceDelimited => quote!(#rt::ParamStyle::SpaceDelimited),
        ParamStyle::PipeDelimited => quote!(#rt::ParamStyle::PipeDelimited),
        ParamStyle::DeepObject => quote!(#rt::ParamStyle::DeepObject),
    }
}

fn param_statement(
    ctx: &Context<'_>,
    request: &syn::Ident,
    param: &Parameter,
    arg: &Argument,
) -> TokenStream {
    let rt = &ctx.rt;
    let wire = &param.wire_name;
    let value = &arg.as_ref;
    let style = style_tokens(ctx, param.style);
    match param.location {
        ParamLocation::Path => quote!(#request.path_param(#wire, #value, #style);),
        ParamLocation::Query => quote!(#request.query(#wire, #value, #style);),
        ParamLocation::Header => match static_header_name(wire) {
            // Checked and found secret or not when the client is compiled, not on every call.
            Some(name) => {
                quote!(#request.header_key(const { #rt::HeaderKey::new(#name) }, #value);)
            }
            None => quote!(#request.header(#wire, #value);),
        },
        ParamLocation::Cookie => quote!(#request.cookie(#wire, #value);),
    }
}

/// The lower-case name of a header parameter if `HeaderKey::new` takes it: an HTTP token (as
/// every header parameter kept is) of at most 65,535 bytes; a longer one is checked when sent.
fn static_header_name(wire: &str) -> Option<String> {
    (is_http_token(wire) && wire.len() <= usize::from(u16::MAX)).then(|| wire.to_ascii_lowercase())
}

fn body_statement(
    request: &syn::Ident,
    content: &BodyContent,
    arg: &Argument,
    required: bool,
) -> TokenStream {
    let name = &arg.name;
    let media = &content.media_type;
    let value = &arg.as_ref;
    let optional = if required {
        quote!(Some(#name))
    } else {
        quote!(#name)
    };
    match content.encoding {
        BodyEncoding::Json => quote!(#request.json(#value, #media);),
        BodyEncoding::Form => quote!(#request.form(#value);),
        BodyEncoding::Multipart => quote!(#request.multipart(#value);),
        BodyEncoding::Text => quote!(#request.text(#optional, #media);),
        BodyEncoding::Bytes => quote!(#request.bytes(#optional, #media);),
    }
}
