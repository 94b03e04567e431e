//! IR → Rust tokens. A pure function of the [`Api`]: no spec lookups, no naming decisions.

mod calls;
mod client;
mod constructors;
mod docs;
mod headers;
mod requests;
mod responses;
mod streams;
mod types;

pub use docs::comment_line;

use crate::ir::Api;
use crate::settings::Settings;
use proc_macro2::TokenStream;
use quote::quote;
use std::ops::Range;

/// How many units the client takes, the last ones: the client structs (async and blocking), the
/// request and response modules, the builder call form.
pub const CLIENT_UNITS: usize = 3;

/// How many units `emit` can produce: one per named type, one per operation (its outcome enums and
/// header structs), and [`CLIENT_UNITS`] for the client.
pub fn unit_count(api: &Api) -> usize {
    api.types.len() + api.operations.len() + CLIENT_UNITS
}

/// The generated items of `units` (a range below [`unit_count`]), in order: types, then each
/// operation's error and success enums and header structs, then the client's parts.
pub fn emit(api: &Api, settings: &Settings, units: Range<usize>) -> TokenStream {
    let ctx = Context::new(api, settings);
    let (types, operations) = (api.types.len(), api.operations.len());
    let mut tokens = match units.start {
        0 => imports(&ctx),
        _ => TokenStream::new(),
    };
    for unit in units {
        tokens.extend(if unit < types {
            let mut def = types::type_def(&ctx, &api.types[unit]);
            def.extend(constructors::constructors(&ctx, unit, &api.types[unit]));
            def
        } else if unit < types + operations {
            let op = &api.operations[unit - types];
            let mut outcomes = responses::outcome_enums(&ctx, op);
            outcomes.extend(headers::header_structs(&ctx, op));
            outcomes
        } else {
            match unit - types - operations {
                0 => client::clients(&ctx),
                1 => requests::modules(&ctx),
                _ => calls::module(&ctx),
            }
        });
    }
    tokens
}

/// The short names of the runtime's `de` and `serde` modules, which the models name in nearly
/// every line (fewer tokens to emit, parse and format, shorter lines to read). No name from a spec
/// starts with `__`, so the aliases clash with none. An API without models uses neither.
fn imports(ctx: &Context<'_>) -> TokenStream {
    let rt = &ctx.rt;
    quote! {
        #[allow(unused_imports)]
        use #rt::{de as __de, serde as __serde};
    }
}

/// What every emitter needs: the API and how to name the runtime crate.
pub struct Context<'a> {
    /// The API being emitted.
    pub api: &'a Api,
    /// Path tokens of the runtime crate.
    pub rt: TokenStream,
    /// The runtime crate path as a string, for serde attributes.
    pub rt_str: String,
    /// The path from where code is emitted to the generated types: empty at the top, `super::`
    /// inside the generated modules.
    pub types_path: TokenStream,
}

impl<'a> Context<'a> {
    fn new(api: &'a Api, settings: &Settings) -> Self {
        let rt_str = settings
            .runtime_crate()
            .trim_start_matches("::")
            .to_string();
        let rt = syn::parse_str::<syn::Path>(&rt_str)
            .map(|p| quote!(#p))
            .unwrap_or_else(|_| quote!(apiforge_runtime));
        Self {
            api,
            rt,
            rt_str,
            types_path: TokenStream::new(),
        }
    }

    /// The context for code emitted one module below the types.
    fn nested(&self) -> Self {
        Self {
            types_path: quote!(super::),
            rt: self.rt.clone(),
            rt_str: self.rt_str.clone(),
            ..*self
        }
    }

    /// The path of a generated item (type, outcome enum, client) named `name`.
    pub fn item(&self, name: &str) -> TokenStream {
        let path = &self.types_path;
        let name = ident(name);
        quote!(#path #name)
    }
}

/// An identifier token, raw (`r#type`) where the name says so.
pub fn ident(name: &str) -> syn::Ident {
    match name.strip_prefix("r#") {
        Some(raw) => syn::Ident::new_raw(raw, proc_macro2::Span::call_site()),
        None => syn::Ident::new(name, proc_macro2::Span::call_site()),
    }
}
