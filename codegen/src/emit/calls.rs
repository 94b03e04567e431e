//! The builder call form: `client.call().operation(required..)`, one setter per optional input,
//! per-call headers and timeout, and `send`; a required body is checked by the builder's type.

use super::client::{argument_type, ok_type, Flavour};
use super::docs::{comment_line, doc_attrs};
use super::{ident, Context};
use crate::ir::{Operation, OperationCallNames, Parameter};
use proc_macro2::TokenStream;
use quote::quote;

/// The module of builders and the accessor type.
pub fn module(ctx: &Context<'_>) -> TokenStream {
    let ctx = &ctx.nested();
    let form = &ctx.api.call_form;
    let (module, accessor_type) = (ident(&form.module), ident(&form.accessor_type));
    let client = ident(&ctx.api.client.name);
    let accessor_doc = format!(
        " The builder call form of a client, from [`{client}::{}`](super::{client}::{}): one method per operation, taking its required parameters in spec order.",
        form.accessor, form.accessor
    );
    let (starts, builders): (Vec<TokenStream>, Vec<TokenStream>) = ctx
        .api
        .operations
        .iter()
        .zip(&form.operations)
        .map(|(op, names)| Builder::new(ctx, op, names).emit())
        .unzip();
    quote! {
        /// Builders of the upgrade-stable call form; see the crate's README, "Call forms".
        // The error of a blocking `send` is what the async one returns; its size is theirs.
        #[allow(clippy::module_inception, clippy::result_large_err)]
        pub mod #module {
            #[doc = #accessor_doc]
            pub struct #accessor_type<'a, C>(pub(super) &'a C);

            impl<C> ::core::clone::Clone for #accessor_type<'_, C> {
                fn clone(&self) -> Self {
                    *self
                }
            }

            impl<C> ::core::marker::Copy for #accessor_type<'_, C> {}

            // Starts are named after operationIds, which may be those of a std trait (`clone`).
            #[allow(clippy::should_implement_trait)]
            impl<'a, C> #accessor_type<'a, C> {
                #( #starts )*
            }

            #( #builders )*
        }
    }
}

/// What is known about one operation's builder.
struct Builder<'c, 'a> {
    ctx: &'c Context<'a>,
    op: &'c Operation,
    names: &'c OperationCallNames,
    name: syn::Ident,
    lifetime: TokenStream,
}

impl<'c, 'a> Builder<'c, 'a> {
    fn new(ctx: &'c Context<'a>, op: &'c Operation, names: &'c OperationCallNames) -> Self {
        Self {
            ctx,
            op,
            names,
            name: ident(&names.builder),
            lifetime: quote!('a),
        }
    }

    /// The accessor's method that starts this builder, and the builder with its impls.
    fn emit(&self) -> (TokenStream, TokenStream) {
        (self.start(), self.builder())
    }

    fn input_type(&self, param: &Parameter) -> TokenStream {
        let ty = argument_type(self.ctx, &param.ty, Some(&self.lifetime));
        if param.required {
            ty
        } else {
            quote!(Option<#ty>)
        }
    }

    /// The types the body setters take, one per call with a body.
    fn body_types(&self) -> Vec<TokenStream> {
        self.op
            .calls
            .iter()
            .filter_map(|call| call.body.as_ref())
            .map(|content| argument_type(self.ctx, &content.ty, Some(&self.lifetime)))
            .collect()
    }

    /// The value a given body is kept as: the one type, or nested `Result`s telling the media
    /// types apart (`Ok` the first, `Err(Ok(..))` the second, ...).
    fn body_value_type(types: &[TokenStream]) -> TokenStream {
        match types {
            [one] => one.clone(),
            [first, rest @ ..] => {
                let rest = Self::body_value_type(rest);
                quote!(Result<#first, #rest>)
            }
            [] => quote!(()),
        }
    }

    /// `expr` as the value of the `index`th of `count` media types (see `body_value_type`); also
    /// used as a pattern.
    fn body_value(index: usize, count: usize, expr: TokenStream) -> TokenStream {
        match (index, count) {
            (_, 1) => expr,
            (0, _) => quote!(Ok(#expr)),
            _ => {
                let inner = Self::body_value(index - 1, count - 1, expr);
                quote!(Err(#inner))
            }
        }
    }

    fn start(&self) -> TokenStream {
        let (name, op) = (&self.name, self.op);
        let method = ident(&op.calls[0].method_name);
        let required: Vec<&Parameter> = op.params.iter().filter(|p| p.required).collect();
        let arg_names: Vec<syn::Ident> = required.iter().map(|p| ident(&p.name)).collect();
        let arg_types = required.iter().map(|p| self.input_type(p));
        let inputs = op.params.iter().map(|p| {
            let value = ident(&p.name);
            if p.required {
                quote!(#value)
            } else {
                quote!(None)
            }
        });
        let inputs = (!op.params.is_empty()).then(|| quote!(inputs: (#( #inputs, )*),));
        let body = op.body.as_ref().map(|_| {
            let rt = &self.ctx.rt;
            quote!(body: #rt::NoBody,)
        });
        let rt = &self.ctx.rt;
        let doc = doc_attrs(op.doc.as_deref());
        // Its own paragraph: after a list in the operation's doc it would continue the last item.
        let separator = op.doc.is_some().then(|| quote!(#[doc = ""]));
        let line = format!(" `{} {}`", op.http_method, comment_line(&op.path));
        let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
        let many = (arg_names.len() + 1 > 7).then(|| quote!(#[allow(clippy::too_many_arguments)]));
        quote! {
            #doc
            #separator
            #[doc = #line]
            #deprecated
            #many
            pub fn #method(self, #( #arg_names: #arg_types ),*) -> #name<'a, C> {
                #name {
                    client: self.0,
                    options: #rt::CallOptions::default(),
                    #inputs
                    #body
                }
            }
        }
    }

    fn builder(&self) -> TokenStream {
        let rt = &self.ctx.rt;
        let (name, op) = (&self.name, self.op);
        let input_types = op.params.iter().map(|p| self.input_type(p));
        let inputs_field = (!op.params.is_empty()).then(|| quote!(inputs: (#( #input_types, )*),));
        let has_body = op.body.is_some();
        let (generics, generics_decl, body_field) = if has_body {
            (
                quote!(<'a, C, B>),
                quote!(<'a, C, B = #rt::NoBody>),
                quote!(body: B,),
            )
        } else {
            (quote!(<'a, C>), quote!(<'a, C>), quote!())
        };
        let client = ident(&self.ctx.api.client.name);
        let method = &op.calls[0].method_name;
        let doc = format!(
            " Builder of a `{} {}` call ([`{client}::{method}`](super::{client}::{method})): set optional inputs, then `send`.",
            op.http_method, comment_line(&op.path)
        );
        let setters = op
            .params
            .iter()
            .enumerate()
            .zip(&self.names.setters)
            .filter_map(|((i, p), setter)| Some(self.setter(i, p, setter.as_deref()?)));
        let body_setters = self.body_setters();
        let send = self.send();
        quote! {
            #[doc = #doc]
            #[must_use = "a call is made by `.send()`"]
            // The inputs are the spec's parameters, whatever their shape.
            #[allow(clippy::type_complexity)]
            pub struct #name #generics_decl {
                client: &'a C,
                options: #rt::CallOptions,
                #inputs_field
                #body_field
            }

            impl #generics #name #generics {
                #( #setters )*
                #body_setters

                /// Sets (replaces) a header on this call only; an invalid name or value fails the call unsent.
                pub fn header(mut self, name: &str, value: &str) -> Self {
                    self.options.header(name, value);
                    self
                }

                /// Gives up on this call after `timeout`.
                pub fn timeout(mut self, timeout: ::std::time::Duration) -> Self {
                    self.options.timeout(timeout);
                    self
                }
            }

            #send
        }
    }

    fn setter(&self, index: usize, param: &Parameter, setter: &str) -> TokenStream {
        let setter = ident(setter);
        let ty = argument_type(self.ctx, &param.ty, Some(&self.lifetime));
        let position = syn::Index::from(index);
        let doc = param
            .doc
            .as_deref()
            .and_then(|d| d.lines().map(str::trim).find(|l| !l.is_empty()))
            .map_or_else(
                || format!("Sets the optional parameter `{}`.", param.wire_name),
                |line| format!("`{}`: {line}", param.wire_name),
            );
        let doc = doc_attrs(Some(&doc));
        quote! {
            #doc
            pub fn #setter(mut self, value: #ty) -> Self {
                self.inputs.#position = Some(value);
                self
            }
        }
    }

    fn body_setters(&self) -> TokenStream {
        let rt = &self.ctx.rt;
        let name = &self.name;
        let types = self.body_types();
        let value_type = Self::body_value_type(&types);
        let inputs = (!self.op.params.is_empty()).then(|| quote!(inputs: self.inputs,));
        let contents = self.op.calls.iter().filter_map(|call| call.body.as_ref());
        let setters = contents
            .zip(&self.names.body_setters)
            .zip(&types)
            .enumerate()
            .map(|(i, ((content, setter), ty))| {
                let setter = ident(setter);
                let value = Self::body_value(i, types.len(), quote!(body));
                let doc = format!(" Sends `body` as `{}`.", comment_line(&content.media_type));
                quote! {
                    #[doc = #doc]
                    pub fn #setter(self, body: #ty) -> #name<'a, C, #rt::WithBody<#value_type>> {
                        #name {
                            client: self.client,
                            options: self.options,
                            #inputs
                            body: #rt::WithBody(#value),
                        }
                    }
                }
            });
        quote!(#( #setters )*)
    }

    fn send(&self) -> TokenStream {
        let ctx = self.ctx;
        let rt = &ctx.rt;
        let form = &ctx.api.call_form;
        let (name, op) = (&self.name, self.op);
        let client = ident(&ctx.api.client.name);
        let requests = ident(&form.requests_module);
        let responses = ident(&form.responses_module);
        let decode = ident(&self.names.response_fn);
        let ok = ok_type(ctx, op);
        let error = ctx.item(&op.responses.error_enum);
        let inputs: Vec<TokenStream> = (0..op.params.len())
            .map(|i| {
                let i = syn::Index::from(i);
                quote!(inputs.#i)
            })
            .collect();
        let build = |call: &crate::ir::Call, body: Option<TokenStream>| {
            let method = ident(&call.method_name);
            let args = inputs.iter().cloned().chain(body);
            quote!(super::#requests::#method(config, #( #args ),*))
        };
        let types = self.body_types();
        let value_type = Self::body_value_type(&types);
        let (state, bound, request) = match &op.body {
            None => (quote!(), quote!(), build(&op.calls[0], None)),
            Some(body) => {
                let calls: Vec<&crate::ir::Call> =
                    op.calls.iter().filter(|c| c.body.is_some()).collect();
                let count = calls.len();
                let (bound, request) = if body.required {
                    let arms = calls.iter().enumerate().map(|(i, call)| {
                        let pattern = Self::body_value(i, count, quote!(body));
                        let build = build(call, Some(quote!(body)));
                        quote!(#pattern => #build,)
                    });
                    (
                        quote!(where B: #rt::RequiredBody<#value_type>),
                        if count == 1 {
                            build(calls[0], Some(quote!(body.into_body())))
                        } else {
                            quote!(match body.into_body() { #( #arms )* })
                        },
                    )
                } else {
                    let arms = calls.iter().enumerate().map(|(i, call)| {
                        let pattern = Self::body_value(i, count, quote!(body));
                        let build = build(call, Some(quote!(Some(body))));
                        quote!(Some(#pattern) => #build,)
                    });
                    let none = build(calls[0], Some(quote!(None)));
                    (
                        quote!(where B: #rt::OptionalBody<#value_type>),
                        if count == 1 {
                            build(calls[0], Some(quote!(body.into_body())))
                        } else {
                            quote!(match body.into_body() { None => #none, #( #arms )* })
                        },
                    )
                };
                (quote!(, B), bound, request)
            }
        };
        let body_binding = op.body.as_ref().map(|_| quote!(body,));
        let inputs_binding = (!op.params.is_empty()).then(|| quote!(inputs,));
        let blocking = ident(&form.blocking_module);
        let flavours = [
            (Flavour::Async, quote!(super::#client<T>)),
            (Flavour::Blocking, quote!(super::#blocking::#client<T>)),
        ];
        let impls = flavours.into_iter().map(|(flavour, client)| {
            let transport = flavour.transport_trait(rt);
            let returns_value =
                flavour.returns(quote!(Result<#ok, #rt::Error<#error>>), quote!('a));
            let returns_response = flavour.returns(
                quote!(Result<#rt::ResponseValue<#ok>, #rt::Error<#error>>),
                quote!('a),
            );
            let sends = [
                (quote!(send), returns_value, false),
                (quote!(send_with_response), returns_response, true),
            ];
            let sends = sends.into_iter().map(|(method, returns, with_response)| {
                let call = flavour.call(with_response);
                let doc = match with_response {
                    false => " Sends the call; what the client's positional method returns.",
                    true => " Sends the call, and also gives the response status and headers.",
                };
                quote! {
                    #[doc = #doc]
                    pub fn #method(self) -> #returns #bound {
                        let Self { client, options, #inputs_binding #body_binding } = self;
                        let runtime = client.runtime();
                        let config = runtime.config();
                        let request = options.apply(#request);
                        runtime.#call(request, super::#responses::#decode)
                    }
                }
            });
            quote! {
                impl<'a, T: #transport #state> #name<'a, #client #state> {
                    #( #sends )*
                }
            }
        });
        quote!(#( #impls )*)
    }
}
