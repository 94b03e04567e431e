//! The async client's streaming methods, in one `impl` over a `StreamingTransport` (reqwest's
//! with the runtime's `stream` feature, hyper's, tower's). Each method builds its request with the operation's request function, streams the success
//! statuses it is for and decodes any other status whole with the operation's response function.

use super::client::{argument_lints, arguments, method_doc};
use super::types::type_tokens;
use super::{ident, Context};
use crate::ir::{Operation, StatusMatch, StreamBody, StreamMethod};
use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// The streaming `impl` of the async client, or nothing when no operation streams.
pub fn streaming_impl(ctx: &Context<'_>) -> TokenStream {
    let methods: Vec<TokenStream> = ctx
        .api
        .operations
        .iter()
        .enumerate()
        .flat_map(|(index, op)| {
            op.streams
                .iter()
                .map(move |stream| stream_method(ctx, op, index, stream))
        })
        .collect();
    if methods.is_empty() {
        return TokenStream::new();
    }
    let rt = &ctx.rt;
    let name = ident(&ctx.api.client.name);
    let transport = ident(&ctx.api.client.transport_param);
    quote! {
        /// Methods that return the success body as it arrives, over a transport that streams
        /// (`ReqwestTransport` with the runtime's `stream` feature, `HyperTransport`, `TowerTransport`).
        impl<#transport: #rt::StreamingTransport> #name<#transport> {
            #( #methods )*
        }
    }
}

fn stream_method(
    ctx: &Context<'_>,
    op: &Operation,
    index: usize,
    stream: &StreamMethod,
) -> TokenStream {
    let rt = &ctx.rt;
    let path = &ctx.types_path;
    let form = &ctx.api.call_form;
    let call = &op.calls[0];
    let arguments = arguments(ctx, op, call);
    let names: Vec<&syn::Ident> = arguments.iter().map(|a| &a.name).collect();
    let types: Vec<&TokenStream> = arguments.iter().map(|a| &a.ty).collect();
    let lints = argument_lints(&arguments);
    let error = ctx.item(&op.responses.error_enum);
    let (method, name) = (ident(&call.method_name), ident(&stream.name));
    let (request, response) = (ident(&op.locals.request), ident(&op.locals.response));
    let (requests, responses) = (ident(&form.requests_module), ident(&form.responses_module));
    let decode = ident(&form.operations[index].response_fn);
    let accept = &stream.accept;
    let streams = status_test(&stream.statuses);
    const LIMIT: &str = " An event longer than the client's `max_event_bytes` ends the stream \
                         with an error.";
    let (stream_type, into, what, limit) = match &stream.body {
        StreamBody::Bytes => (
            quote!(#rt::ByteStream),
            quote!(into_bytes()),
            "the body as a stream of byte chunks",
            "",
        ),
        StreamBody::TextEvents => (
            quote!(#rt::EventStream),
            quote!(into_events(self.inner.max_event_bytes())),
            "the server-sent events",
            LIMIT,
        ),
        StreamBody::JsonEvents(ty) => {
            let ty = type_tokens(ctx, ty);
            (
                quote!(#rt::JsonEventStream<#ty>),
                quote!(into_json_events(self.inner.max_event_bytes())),
                "the server-sent events (their data decoded from JSON)",
                LIMIT,
            )
        }
    };
    let doc = super::docs::doc_attrs(Some(&method_doc(op, call)));
    let returns = format!(
        " Returns {what} as soon as the response head arrives (`Accept: {}`); any other \
         status is read whole and returned as the error [`Self::{}`] would return.{limit}",
        super::comment_line(accept),
        call.method_name,
    );
    let deprecated = op.deprecated.then(|| quote!(#[deprecated]));
    quote! {
        #doc
        #[doc = ""]
        #[doc = #returns]
        #deprecated
        #lints
        pub async fn #name(&self, #( #names: #types ),*) -> Result<#rt::ResponseValue<#stream_type>, #rt::Error<#error>> {
            let #request = #path #requests::#method(self.inner.config(), #( #names ),*);
            let #response = self.inner.execute_streaming(#request, #accept, #streams, #path #responses::#decode).await?;
            Ok(#response.#into)
        }
    }
}

/// The closure that tells the statuses whose body streams (all of them when `default` is one).
fn status_test(statuses: &[StatusMatch]) -> TokenStream {
    let patterns: Option<Vec<TokenStream>> = statuses
        .iter()
        .map(|status| match *status {
            StatusMatch::Code(code) => {
                let code = Literal::u16_unsuffixed(code);
                Some(quote!(#code))
            }
            StatusMatch::Range(digit) => {
                let (low, high) = (
                    Literal::u16_unsuffixed(digit * 100),
                    Literal::u16_unsuffixed(digit * 100 + 99),
                );
                Some(quote!(#low..=#high))
            }
            StatusMatch::Default => None,
        })
        .collect();
    match patterns {
        Some(patterns) => quote!(|status| matches!(status, #( #patterns )|*)),
        None => quote!(|_| true),
    }
}
