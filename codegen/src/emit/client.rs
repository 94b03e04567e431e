//! The client structs (async, and blocking in its own module), their constructors and credential
//! setters, and one method pair per call.

use super::docs::doc_attrs;
use super::types::type_tokens;
use super::{ident, Context};
use crate::ir::{
    Call, NextPage, Operation, PageField, Pagination, Presence, ResponseBody, SecurityScheme,
    SecuritySchemeKind, TypeRef,
};
use proc_macro2::TokenStream;
use quote::quote;

/// Whether a client's calls are `async` or block the calling thread.
#[derive(Clone, Copy, PartialEq, Eq)]
pub(super) enum Flavour {
    /// Over `Transport`, methods are `async`.
    Async,
    /// Over `BlockingTransport`, methods block.
    Blocking,
}

impl Flavour {
    /// The transport trait the client's methods need.
    pub(super) fn transport_trait(self, rt: &TokenStream) -> TokenStream {
        match self {
            Flavour::Async => quote!(#rt::Transport),
            Flavour::Blocking => quote!(#rt::BlockingTransport),
        }
    }

    /// The return type of a method whose result is `output`: on the async client a future that
    /// borrows for `lifetime` (the client's `'_`, a builder's `'a`), on the blocking one `output`.
    pub(super) fn returns(self, output: TokenStream, lifetime: TokenStream) -> TokenStream {
        match self {
            Flavour::Async => {
                quote!(impl ::core::future::Future<Output = #output> + #lifetime)
            }
            Flavour::Blocking => output,
        }
    }

    /// The runtime client's method that sends a finished request and decodes the response with
    /// the operation's function, keeping status and headers (`with_response`) or the value only.
    pub(super) fn call(self, with_response: bool) -> TokenStream {
        match (self, with_response) {
            (Flavour::Async, true) => quote!(call),
            (Flavour::Async, false) => quote!(call_value),
            (Flavour::Blocking, true) => quote!(call_blocking),
            (Flavour::Blocking, false) => quote!(call_value_blocking),
        }
    }
}

/// The async client struct and everything implemented on it, and the blocking client's module.
pub fn clients(ctx: &Context<'_>) -> TokenStream {
    let module = ident(&ctx.api.call_form.blocking_module);
    let blocking = client(&ctx.nested(), Flavour::Blocking);
    let mut tokens = client(ctx, Flavour::Async);
    tokens.extend(super::streams::streaming_impl(ctx));
    tokens.extend(quote! {
        /// The same client for programs without an async runtime: the same constructors and
        /// methods, which block; over a `BlockingTransport` (`new` needs the runtime's `ureq`
        /// feature).
        // The error is what the async methods return; its size is theirs.
        #[allow(clippy::result_large_err)]
        pub mod #module {
            #blocking
        }
    });
    tokens
}

/// One client struct and everything implemented on it.
fn client(ctx: &Context<'_>, flavour: Flavour) -> TokenStream {
    let rt = &ctx.rt;
    let api = ctx.api;
    let path = &ctx.types_path;
    let name = ident(&api.client.name);
    let transport = ident(&api.client.transport_param);
    let summary = format!("Client for {} {}.", api.title.trim(), api.version.trim());
    let summary = doc_attrs(Some(&summary.replace("  ", " ")));
    let description = doc_attrs(api.description.as_deref());
    let base_url = api
        .default_base_url
        .as_ref()
        .filter(|_| flavour == Flavour::Async)
        .map(|url| {
            quote! {
                /// The server URL the spec names first.
                pub const DEFAULT_BASE_URL: &str = #url;
            }
        });
    let setters = api
        .security_schemes
        .iter()
        .map(|s| credential_setter(ctx, s));
    let methods = api.operations.iter().enumerate().flat_map(|(index, op)| {
        let calls = op
            .calls
            .iter()
            .map(move |call| call_methods(ctx, flavour, op, index, call));
        let pages = op
            .pagination
            .as_ref()
            .map(|pagination| pages_method(ctx, flavour, op, index, pagination));
        calls.chain(pages)
    });
    let transport_trait = flavour.transport_trait(rt);
    let constructor = match flavour {
        Flavour::Async => quote!(#rt::default_client_constructor!(#name);),
        Flavour::Blocking => quote!(#rt::default_blocking_client_constructor!(#name);),
    };
    let form = &api.call_form;
    let (calls, accessor, accessor_type) = (
        ident(&form.module),
        ident(&form.accessor),
        ident(&form.accessor_type),
    );
    quote! {
        #base_url

        #summary
        #description
        #[derive(Clone, Debug)]
        pub struct #name<#transport> {
            inner: #rt::Client<#transport>,
        }

        #constructor

        // Methods are named after operationIds, which may be those of a std trait (`clone`).
        #[allow(clippy::should_implement_trait)]
        impl<#transport: #transport_trait> #name<#transport> {
            /// Creates a client for `base_url` that sends requests through `transport`.
            pub fn with_transport(base_url: &str, transport: #transport) -> Result<Self, #rt::ConfigError> {
                Ok(Self { inner: #rt::Client::new(base_url, transport)? })
            }

            /// The runtime client underneath: base URL, transport, default headers, credentials.
            pub fn runtime(&self) -> &#rt::Client<#transport> {
                &self.inner
            }

            /// Mutable access to the runtime client, e.g. to set default headers.
            pub fn runtime_mut(&mut self) -> &mut #rt::Client<#transport> {
                &mut self.inner
            }

            #( #setters )*

            /// Starts a call in the builder form, which stays source-compatible when a newer spec
            /// adds optional parameters, headers, cookies or body fields:
            /// `client.call().operation(required..).optional(value).send().await`.
            pub fn #accessor(&self) -> #path #calls::#accessor_type<'_, Self> {
                #path #calls::#accessor_type(self)
            }

            #( #methods )*
        }
    }
}

fn credential_setter(ctx: &Context<'_>, scheme: &SecurityScheme) -> TokenStream {
    let rt = &ctx.rt;
    let method = ident(&scheme.setter);
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
        "Sets the credential for `{spec_name}` ({how}), used by the operations that require it."
    );
    let doc = doc_attrs(Some(&doc));
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
        #doc
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

/// The signature type of a value: borrowed (for `lifetime`, elided when `None`) unless it is `Copy`.
pub(super) fn argument_type(
    ctx: &Context<'_>,
    ty: &TypeRef,
    lifetime: Option<&TokenStream>,
) -> TokenStream {
    match ty {
        TypeRef::String => quote!(&#lifetime str),
        TypeRef::Bytes => quote!(&#lifetime [u8]),
        TypeRef::Vec(inner) => {
            let inner = type_tokens(ctx, inner);
            quote!(&#lifetime [#inner])
        }
        ty if by_value(ty) => type_tokens(ctx, ty),
        ty => {
            let ty = type_tokens(ctx, ty);
            quote!(&#lifetime #ty)
        }
    }
}

/// A parameter or body as an argument of the generated functions: its name, its type (`Option`
/// when not required), and the expression that hands it to the runtime as `&V`.
pub(super) struct Argument {
    pub name: syn::Ident,
    pub ty: TokenStream,
    pub as_ref: TokenStream,
}

fn argument(
    ctx: &Context<'_>,
    (name, ty, required): (&str, &TypeRef, bool),
    lifetime: Option<&TokenStream>,
) -> Argument {
    let name = ident(name);
    let inner = argument_type(ctx, ty, lifetime);
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

/// The arguments of one call's functions: the parameters in spec order, then the body.
pub(super) fn arguments(ctx: &Context<'_>, op: &Operation, call: &Call) -> Vec<Argument> {
    arguments_for(ctx, op, call, None)
}

/// [`arguments`], borrowing for `lifetime` (elided when `None`).
fn arguments_for(
    ctx: &Context<'_>,
    op: &Operation,
    call: &Call,
    lifetime: Option<&TokenStream>,
) -> Vec<Argument> {
    let params = op
        .params
        .iter()
        .map(|p| (p.name.as_str(), &p.ty, p.required));
    let body = op
        .body
        .as_ref()
        .zip(call.body.as_ref())
        .map(|(param, content)| (param.name.as_str(), &content.ty, param.required));
    params
        .chain(body)
        .map(|input| argument(ctx, input, lifetime))
        .collect()
}

/// Lint allowances of a function taking `arguments` (and one more, `self` or the config).
pub(super) fn argument_lints(arguments: &[Argument]) -> TokenStream {
    let many = (arguments.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
    // Parameter names are the spec's; clippy's placeholder list (`foo`, `baz`, `quux`) cannot
    // apply to names a server chose.
    let placeholder = arguments
        .iter()
        .any(|a| ["foo", "baz", "quux"].contains(&a.name.to_string().as_str()))
        .then(|| quote!(#[allow(clippy::disallowed_names)]));
    quote!(#many #placeholder)
}

/// The positional method and its `_with_response` form: thin wrappers over the plain functions
/// that build the request and decode the response.
fn call_methods(
    ctx: &Context<'_>,
    flavour: Flavour,
    op: &Operation,
    index: usize,
    call: &Call,
) -> TokenStream {
    let rt = &ctx.rt;
    let path = &ctx.types_path;
    let form = &ctx.api.call_form;
    let arguments = arguments(ctx, op, call);
    let names: Vec<&syn::Ident> = arguments.iter().map(|a| &a.name).collect();
    let types: Vec<&TokenStream> = arguments.iter().map(|a| &a.ty).collect();
    let ok = ok_type(ctx, op);
    let error = ctx.item(&op.responses.error_enum);
    let method = ident(&call.method_name);
    let with_response = ident(&call.with_response_name);
    let request = ident(&op.locals.request);
    let requests = ident(&form.requests_module);
    let responses = ident(&form.responses_module);
    let decode = ident(&form.operations[index].response_fn);
    let doc = doc_attrs(Some(&method_doc(op, call)));
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let lints = argument_lints(&arguments);
    let mut with_response_doc = format!(
        " Like [`Self::{}`], and also gives the response status and headers.",
        call.method_name
    );
    with_response_doc.push_str(&typed_headers_doc(ctx, op));
    let returns_value = flavour.returns(quote!(Result<#ok, #rt::Error<#error>>), quote!('_));
    let returns_response = flavour.returns(
        quote!(Result<#rt::ResponseValue<#ok>, #rt::Error<#error>>),
        quote!('_),
    );
    let (call, call_value) = (flavour.call(true), flavour.call(false));
    quote! {
        #doc
        #deprecated
        #allow_deprecated
        #lints
        pub fn #method(&self, #( #names: #types ),*) -> #returns_value {
            let #request = #path #requests::#method(self.inner.config(), #( #names ),*);
            self.inner.#call_value(#request, #path #responses::#decode)
        }

        #[doc = #with_response_doc]
        #deprecated
        #lints
        pub fn #with_response(&self, #( #names: #types ),*) -> #returns_response {
            let #request = #path #requests::#method(self.inner.config(), #( #names ),*);
            self.inner.#call(#request, #path #responses::#decode)
        }
    }
}

/// Where the response headers the spec declares are typed: ` Its declared headers, typed:
/// [`XOkHeaders`](XOkHeaders) (status 200), ...` (empty when none are declared).
fn typed_headers_doc(ctx: &Context<'_>, op: &Operation) -> String {
    // Inside the blocking module the types are one level up.
    let target = |name: &str| match ctx.types_path.is_empty() {
        true => String::new(),
        false => format!("(super::{name})"),
    };
    let cases = op.responses.success.iter().chain(&op.responses.errors);
    let links: Vec<String> = cases
        .filter_map(|case| {
            let name = &case.headers.as_ref()?.name;
            let status = super::responses::status_label(case.status);
            Some(format!("[`{name}`]{} ({status})", target(name)))
        })
        .collect();
    if links.is_empty() {
        return String::new();
    }
    format!(
        " The headers its responses declare, typed (read with `typed_headers`): {}.",
        links.join(", ")
    )
}

/// The method that yields every item of every page: a `Stream` on the async client, an
/// `Iterator` on the blocking one, over the runtime's walk.
fn pages_method(
    ctx: &Context<'_>,
    flavour: Flavour,
    op: &Operation,
    index: usize,
    pagination: &Pagination,
) -> TokenStream {
    let (rt, path) = (&ctx.rt, &ctx.types_path);
    let form = &ctx.api.call_form;
    let call = &op.calls[0];
    let lifetime = quote!('a);
    let arguments = arguments_for(ctx, op, call, Some(&lifetime));
    let names: Vec<&syn::Ident> = arguments.iter().map(|a| &a.name).collect();
    let types: Vec<&TokenStream> = arguments.iter().map(|a| &a.ty).collect();
    let (ok, item) = (ok_type(ctx, op), type_tokens(ctx, &pagination.item_ty));
    let error = ctx.item(&op.responses.error_enum);
    let item = quote!(Result<#item, #rt::Error<#error>>);
    let (returns, walk) = match flavour {
        Flavour::Async => (quote!(impl #rt::Stream<Item = #item> + 'a), quote!(pages)),
        Flavour::Blocking => (
            quote!(impl Iterator<Item = #item> + 'a),
            quote!(pages_blocking),
        ),
    };
    let (requests, responses) = (ident(&form.requests_module), ident(&form.responses_module));
    let (method, decode) = (
        ident(&call.method_name),
        ident(&form.operations[index].response_fn),
    );
    let items = match &pagination.items {
        None => quote!(|page: #ok| page),
        Some(field) => {
            let name = ident(&field.name);
            match field.presence {
                Presence::Required => quote!(|page: #ok| page.#name),
                Presence::OptionalNullable => {
                    quote!(|page: #ok| page.#name.flatten().unwrap_or_default())
                }
                _ => quote!(|page: #ok| page.#name.unwrap_or_default()),
            }
        }
    };
    let (next, how) = match &pagination.next {
        NextPage::Link => (
            quote!(#rt::NextPage::Link),
            "the `Link` header's `rel=\"next\"` target".to_string(),
        ),
        NextPage::Cursor { param, field } => {
            let value = read_field(field);
            (
                quote!(#rt::NextPage::Cursor {
                    param: #param,
                    cursor: |page: &#ok| #value.map(::std::string::ToString::to_string),
                }),
                format!("the cursor in `{}`, sent as `{param}`", field.name),
            )
        }
        NextPage::Page { param, first } => (
            quote!(#rt::NextPage::Page { param: #param, first: #first }),
            format!("page numbers in `{param}` until a page is empty"),
        ),
    };
    let kind = match flavour {
        Flavour::Async => "A stream of",
        Flavour::Blocking => "An iterator over",
    };
    let doc = format!(
        " {kind} every item of [`Self::{}`], page after page: the next page is found by {how}. \
         An error ends the walk after it is yielded; so does a next page on another origin than \
         the base URL, a page fetched twice, or more pages than the client's `max_pages`.",
        call.method_name
    );
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    let allow_deprecated = op.deprecated.then(|| quote!(#[allow(deprecated)]));
    let lints = argument_lints(&arguments);
    let pages = ident(&pagination.method_name);
    quote! {
        #[doc = #doc]
        #deprecated
        #allow_deprecated
        #lints
        pub fn #pages<'a>(&'a self, #( #names: #types ),*) -> #returns {
            self.inner.#walk(
                move || #path #requests::#method(self.inner.config(), #( #names ),*),
                #path #responses::#decode,
                #rt::Paging { next: #next, items: #items },
            )
        }
    }
}

/// `page.field` as an `Option` of a reference (`Option<&T>`), whatever its presence.
fn read_field(field: &PageField) -> TokenStream {
    let name = ident(&field.name);
    match field.presence {
        Presence::Required => quote!(Some(&page.#name)),
        Presence::OptionalNullable => quote!(page.#name.as_ref().and_then(|v| v.as_ref())),
        _ => quote!(page.#name.as_ref()),
    }
}

/// A method's documentation: the operation's prose, its HTTP line, the body's media type, and one
/// line per documented parameter.
pub(super) fn method_doc(op: &Operation, call: &Call) -> String {
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
pub(super) fn ok_type(ctx: &Context<'_>, op: &Operation) -> TokenStream {
    match &op.responses.success_enum {
        Some(name) => ctx.item(name),
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
