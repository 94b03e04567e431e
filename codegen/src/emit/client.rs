//! The client struct, its constructors and credential setters, and one method pair per call.

use super::docs::doc_attrs;
use super::responses::decode_match;
use super::types::type_tokens;
use super::{ident, Context};
use crate::ir::{
    BodyContent, BodyEncoding, Call, Operation, ParamLocation, ParamStyle, Parameter, ResponseBody,
    SecurityScheme, SecuritySchemeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::{format_ident, quote};

/// The client struct and everything implemented on it.
pub fn client(ctx: &Context<'_>) -> TokenStream {
    let rt = &ctx.rt;
    let api = ctx.api;
    let name = ident(ctx.settings.client_name());
    let summary =
        format!(" Client for {} {}.", api.title.trim(), api.version.trim()).replace("  ", " ");
    let description = doc_attrs(api.description.as_deref());
    let base_url = api.default_base_url.as_ref().map(|url| {
        quote! {
            /// The server URL the spec names first.
            pub const DEFAULT_BASE_URL: &str = #url;
        }
    });
    let schemes = api.security_schemes.iter().map(|s| scheme_const(ctx, s));
    let setters = api
        .security_schemes
        .iter()
        .map(|s| credential_setter(ctx, s));
    let methods = api
        .operations
        .iter()
        .flat_map(|op| op.calls.iter().map(move |call| call_methods(ctx, op, call)));
    quote! {
        #base_url

        #[doc = #summary]
        #description
        #[derive(Clone, Debug)]
        pub struct #name<T> {
            inner: #rt::Client<T>,
        }

        #rt::default_client_constructor!(#name);

        impl<T: #rt::Transport> #name<T> {
            #( #schemes )*

            /// Creates a client for `base_url` that sends requests through `transport`.
            pub fn with_transport(base_url: &str, transport: T) -> Result<Self, #rt::ConfigError> {
                Ok(Self { inner: #rt::Client::new(base_url, transport)? })
            }

            /// The runtime client underneath: base URL, transport, default headers, credentials.
            pub fn runtime(&self) -> &#rt::Client<T> {
                &self.inner
            }

            /// Mutable access to the runtime client, e.g. to set default headers.
            pub fn runtime_mut(&mut self) -> &mut #rt::Client<T> {
                &mut self.inner
            }

            #( #setters )*

            #( #methods )*
        }
    }
}

fn scheme_const_name(scheme: &SecurityScheme) -> syn::Ident {
    format_ident!("SCHEME_{}", scheme.ident.to_ascii_uppercase())
}

fn scheme_const(ctx: &Context<'_>, scheme: &SecurityScheme) -> TokenStream {
    let rt = &ctx.rt;
    let name = scheme_const_name(scheme);
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

fn credential_setter(ctx: &Context<'_>, scheme: &SecurityScheme) -> TokenStream {
    let rt = &ctx.rt;
    let method = format_ident!("with_{}", scheme.ident);
    let spec_name = &scheme.name;
    let how = match &scheme.kind {
        SecuritySchemeKind::ApiKeyHeader(n) => format!("an API key sent in the `{n}` header"),
        SecuritySchemeKind::ApiKeyQuery(n) => {
            format!("an API key sent as the `{n}` query parameter")
        }
        SecuritySchemeKind::ApiKeyCookie(n) => format!("an API key sent as the `{n}` cookie"),
        SecuritySchemeKind::Basic => "HTTP basic authentication".to_string(),
        SecuritySchemeKind::Bearer => "a bearer token in the `Authorization` header".to_string(),
    };
    let doc = format!(
        " Sets the credential for `{spec_name}` ({how}), used by the operations that require it."
    );
    let extra = doc_attrs(scheme.doc.as_deref());
    let (args, credential) = match scheme.kind {
        SecuritySchemeKind::Basic => (
            quote!(username: impl Into<String>, password: Option<&str>),
            quote!(#rt::Credential::basic(username, password)),
        ),
        SecuritySchemeKind::Bearer => (
            quote!(token: impl Into<String>),
            quote!(#rt::Credential::bearer(token)),
        ),
        _ => (
            quote!(api_key: impl Into<String>),
            quote!(#rt::Credential::api_key(api_key)),
        ),
    };
    quote! {
        #[doc = #doc]
        #extra
        pub fn #method(mut self, #args) -> Self {
            self.inner.set_credential(#spec_name, #credential);
            self
        }
    }
}

/// Whether a parameter of this type is passed by value (it is `Copy`).
fn by_value(ty: &TypeRef) -> bool {
    matches!(
        ty,
        TypeRef::Bool
            | TypeRef::Integer(_)
            | TypeRef::Float(_)
            | TypeRef::Uuid
            | TypeRef::DateTime
            | TypeRef::Date
    )
}

/// The signature type of a value: borrowed unless it is `Copy`.
fn argument_type(ctx: &Context<'_>, ty: &TypeRef) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&str),
        TypeRef::Bytes => quote!(&[u8]),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(ctx, inner);
            quote!(&[#inner])
        }
        ty if by_value(ty) => type_tokens(ctx, ty),
        ty => {
            let ty = type_tokens(ctx, ty);
            quote!(&#ty)
        }
    }
}

/// A parameter or body as a method argument: its name, its type, and the expression that hands
/// it to the runtime as `&V`.
struct Argument {
    name: syn::Ident,
    ty: TokenStream,
    as_ref: TokenStream,
}

fn argument(ctx: &Context<'_>, name: &str, ty: &TypeRef, required: bool) -> Argument {
    let name = ident(name);
    let inner = argument_type(ctx, ty);
    match (required, by_value(ty)) {
        (true, false) => Argument {
            as_ref: quote!(#name),
            ty: inner,
            name,
        },
        (true, true) => Argument {
            as_ref: quote!(&#name),
            ty: inner,
            name,
        },
        (false, _) => Argument {
            as_ref: quote!(&#name),
            ty: quote!(Option<#inner>),
            name,
        },
    }
}

fn call_methods(ctx: &Context<'_>, op: &Operation, call: &Call) -> TokenStream {
    let rt = &ctx.rt;
    let mut arguments: Vec<Argument> = op
        .params
        .iter()
        .map(|p| argument(ctx, &p.name, &p.ty, p.required))
        .collect();
    let body = op
        .body
        .as_ref()
        .zip(call.body.as_ref())
        .map(|(param, content)| {
            let arg = argument(ctx, &param.name, &content.ty, param.required);
            let statement = body_statement(content, &arg, param.required);
            arguments.push(arg);
            statement
        });
    let names: Vec<&syn::Ident> = arguments.iter().map(|a| &a.name).collect();
    let types: Vec<&TokenStream> = arguments.iter().map(|a| &a.ty).collect();
    let params = op
        .params
        .iter()
        .zip(&arguments)
        .map(|(p, arg)| param_statement(ctx, p, arg));
    let fixed_query = op
        .fixed_query
        .iter()
        .map(|(k, v)| quote!(request.query(#k, #v, #rt::ParamStyle::Form { explode: true });));
    let accept = op.accept.as_ref().map(|a| quote!(request.accept(#a);));
    let security = (!op.security.is_empty()).then(|| {
        let alternatives = op.security.iter().map(|alt| {
            let consts = alt.iter().map(|name| {
                let scheme = ctx.api.security_schemes.iter().find(|s| &s.name == name);
                let id = scheme.map(scheme_const_name);
                quote!(Self::#id)
            });
            quote!(&[#( #consts ),*])
        });
        quote!(request.security(&[#( #alternatives ),*]);)
    });
    let mutability = (!op.params.is_empty()
        || !op.fixed_query.is_empty()
        || body.is_some()
        || accept.is_some()
        || security.is_some())
    .then(|| quote!(mut));
    let ok = ok_type(ctx, op);
    let error = ident(&op.responses.error_enum);
    let method = ident(&call.method_name);
    let with_response = format_ident!("{}_with_response", call.method_name);
    let http_method = format_ident!("{}", op.http_method);
    let path = &op.path;
    let op_id = &op.id;
    let decode = decode_match(ctx, op);
    let doc = doc_attrs(Some(&method_doc(op, call)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let many_args = (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // Parameter names are the spec's; clippy's placeholder list (`foo`, `baz`, `quux`) cannot
    // apply to names a server chose.
    let placeholder = arguments
        .iter()
        .any(|a| ["foo", "baz", "quux"].contains(&a.name.to_string().as_str()))
        .then(|| quote!(#[allow(clippy::disallowed_names)]));
    let with_response_doc = format!(
        " Like [`Self::{}`], and also gives the response status and headers.",
        call.method_name
    );
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        #many_args
        #placeholder
        pub async fn #method(&self, #( #names: #types ),*) -> Result<#ok, #rt::Error<#error>> {
            self.#with_response(#( #names ),*).await.map(#rt::ResponseValue::into_inner)
        }

        #[doc = #with_response_doc]
        #deprecated
        #many_args
        #placeholder
        pub async fn #with_response(&self, #( #names: #types ),*) -> Result<#rt::ResponseValue<#ok>, #rt::Error<#error>> {
            let #mutability request = self.inner.operation(#rt::OperationInfo::new(#op_id, #path), #rt::http::Method::#http_method);
            #( #params )*
            #( #fixed_query )*
            #body
            #accept
            #security
            let response = self.inner.send(request).await?;
            #decode
        }
    }
}

/// A method's documentation: the operation's prose, its HTTP line, the body's media type, and one
/// line per documented parameter.
fn method_doc(op: &Operation, call: &Call) -> String {
    let mut lines: Vec<String> = op.doc.iter().cloned().collect();
    lines.push(format!("`{} {}`", op.http_method, op.path));
    if let Some(content) = &call.body {
        lines.push(format!("Sends the body as `{}`.", content.media_type));
    }
    let first_line = |doc: &Option<String>| {
        doc.as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            .map(str::to_string)
    };
    let params = op
        .params
        .iter()
        .map(|p| (p.name.trim_start_matches("r#"), first_line(&p.doc)));
    let body = op
        .body
        .iter()
        .map(|b| (b.name.trim_start_matches("r#"), first_line(&b.doc)));
    for (name, doc) in params.chain(body) {
        if let Some(doc) = doc {
            lines.push(format!("- `{name}`: {doc}"));
        }
    }
    lines.join("\n\n")
}

/// The `Ok` type of an operation: its success enum, or the one success type.
fn ok_type(ctx: &Context<'_>, op: &Operation) -> TokenStream {
    match &op.responses.success_enum {
        Some(name) => {
            let name = ident(name);
            quote!(#name)
        }
        None => {
            let body = op
                .responses
                .success
                .first()
                .map(|c| c.body.clone())
                .unwrap_or(ResponseBody::Empty);
            type_tokens(ctx, &body.type_ref())
        }
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

fn param_statement(ctx: &Context<'_>, param: &Parameter, arg: &Argument) -> TokenStream {
    let wire = &param.wire_name;
    let value = &arg.as_ref;
    let style = style_tokens(ctx, param.style);
    match param.location {
        ParamLocation::Path => quote!(request.path_param(#wire, #value, #style);),
        ParamLocation::Query => quote!(request.query(#wire, #value, #style);),
        ParamLocation::Header => quote!(request.header(#wire, #value);),
        ParamLocation::Cookie => quote!(request.cookie(#wire, #value);),
    }
}

fn body_statement(content: &BodyContent, arg: &Argument, required: bool) -> TokenStream {
    let name = &arg.name;
    let media = &content.media_type;
    let value = &arg.as_ref;
    let optional = if required {
        quote!(Some(#name))
    } else {
        quote!(#name)
    };
    match content.encoding {
        BodyEncoding::Json => quote!(request.json(#value, #media);),
        BodyEncoding::Form => quote!(request.form(#value);),
        BodyEncoding::Multipart => quote!(request.multipart(#value);),
        BodyEncoding::Text => quote!(request.text(#optional, #media);),
        BodyEncoding::Bytes => quote!(request.bytes(#optional, #media);),
    }
}
