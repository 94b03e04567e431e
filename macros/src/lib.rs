//! `include_api!`: apiforge's compile-time front door, a thin shim over `apiforge-codegen`.
//!
//! ```
//! mod kratos {
//!     apiforge_macros::include_api!("../spec/kratos.yaml", client = "KratosClient", strict = true);
//! }
//! # fn main() {
//! # let client = kratos::KratosClient::new("http://127.0.0.1:4433").unwrap();
//! # assert_eq!(client.runtime().base_url(), "http://127.0.0.1:4433");
//! # }
//! ```
//!
//! The spec path is relative to the calling crate's `CARGO_MANIFEST_DIR`. The expansion includes
//! the spec with `include_bytes!`, so cargo rebuilds the crate when the spec changes. Errors in the
//! spec become `compile_error!`s at the path literal, each naming `file:line:column` and the JSON
//! pointer of the offending node; warnings are dropped (the `apiforge check` command lists them).
//!
//! The generated client is written once to `<target>/<profile>/apiforge-cache/` (see its `cache` module) and
//! the expansion `include!`s it, so an edit elsewhere in the crate does not generate it again.

mod cache;

use std::path::PathBuf;

use apiforge_codegen::{Diagnostic, Settings, SettingsBuilder, Severity, UnknownFields};
use proc_macro2::{Span, TokenStream};
use quote::quote;
use syn::parse::{Parse, ParseStream};
use syn::{Ident, LitBool, LitStr, Token};

/// Expands to a typed client for the OpenAPI description at the given path.
///
/// Options, each at most once unless said: `client = "Name"` (the client struct, default
/// `Client`), `strict = true` (warnings fail the build), `strict_nulls = true` (`null` for an
/// array or map the spec does not mark nullable fails to decode instead of reading as empty),
/// `unknown_fields = "keep"|"drop"` (whether structs keep object keys the spec does not declare,
/// default `"keep"`), `runtime = "path::to::runtime"` (the runtime crate as the calling crate names
/// it, default `apiforge_runtime`), `tags = ["identity"]`, `operations = ["admin*"]` and `exclude =
/// ["*Delete*"]` (keep only operations with one of the tags or an `operationId` matching one of the
/// globs, drop those matching `exclude`; only the types they use are generated), and `overlay =
/// "fixes.overlay.yaml"` (an OpenAPI Overlay applied to the spec first, tracked for rebuilds like
/// the spec; repeat it to apply several, in order).
///
/// Relative paths are resolved against `CARGO_MANIFEST_DIR`, or against
/// `APIFORGE_MANIFEST_DIR_OVERRIDE` when it is set (for trybuild tests, whose builds run in a
/// scratch crate under `target/`).
#[proc_macro]
pub fn include_api(input: proc_macro::TokenStream) -> proc_macro::TokenStream {
    let args = syn::parse_macro_input!(input as Args);
    expand(args)
        .unwrap_or_else(syn::Error::into_compile_error)
        .into()
}

/// The macro's arguments: the spec path, the overlay paths and the settings the other options
/// describe.
struct Args {
    spec: LitStr,
    overlays: Vec<LitStr>,
    settings: SettingsBuilder,
}

const OPTIONS: &str = "the options are `client = \"Name\"`, `strict = true|false`, `strict_nulls = true|false`, `unknown_fields = \"keep\"|\"drop\"`, `runtime = \"path::to::runtime\"`, `tags = [\"tag\", ...]`, `operations = [\"glob\", ...]`, `exclude = [\"glob\", ...]` and `overlay = \"file\"`";

impl Parse for Args {
    fn parse(input: ParseStream) -> syn::Result<Self> {
        let spec: LitStr = input.parse()?;
        let mut settings = Settings::builder();
        let mut seen: Vec<String> = Vec::new();
        let mut overlays = Vec::new();
        while !input.is_empty() {
            input.parse::<Token![,]>()?;
            if input.is_empty() {
                break;
            }
            let key: Ident = input.parse()?;
            let name = key.to_string();
            if name == "overlay" {
                input.parse::<Token![=]>()?;
                overlays.push(input.parse::<LitStr>()?);
                continue;
            }
            if seen.contains(&name) {
                return Err(syn::Error::new(
                    key.span(),
                    format!("option `{name}` is given twice"),
                ));
            }
            input.parse::<Token![=]>()?;
            settings = match name.as_str() {
                "client" => {
                    let value: LitStr = input.parse()?;
                    syn::parse_str::<Ident>(&value.value()).map_err(|_| {
                        syn::Error::new(value.span(), "the client name must be a Rust identifier")
                    })?;
                    settings.client_name(value.value())
                }
                "tags" => settings.tags(string_list(input)?),
                "operations" => settings.operations(string_list(input)?),
                "exclude" => settings.exclude(string_list(input)?),
                "strict" => settings.strict(input.parse::<LitBool>()?.value),
                "strict_nulls" => settings.strict_nulls(input.parse::<LitBool>()?.value),
                "unknown_fields" => {
                    let value: LitStr = input.parse()?;
                    settings.unknown_fields(match value.value().as_str() {
                        "keep" => UnknownFields::Keep,
                        "drop" => UnknownFields::Drop,
                        _ => {
                            return Err(syn::Error::new(
                                value.span(),
                                "unknown_fields is \"keep\" or \"drop\"",
                            ))
                        }
                    })
                }
                "runtime" => {
                    let value: LitStr = input.parse()?;
                    syn::parse_str::<syn::Path>(&value.value()).map_err(|_| {
                        syn::Error::new(value.span(), "the runtime crate must be a Rust path")
                    })?;
                    settings.runtime_crate(value.value())
                }
                _ => {
                    return Err(syn::Error::new(
                        key.span(),
                        format!("unknown option `{name}`; {OPTIONS}"),
                    ))
                }
            };
            seen.push(name);
        }
        Ok(Args {
            spec,
            overlays,
            settings,
        })
    }
}

/// A bracketed list of non-empty string literals: `["a", "b*"]`.
fn string_list(input: ParseStream) -> syn::Result<Vec<String>> {
    let content;
    syn::bracketed!(content in input);
    let items = content.parse_terminated(<LitStr as Parse>::parse, Token![,])?;
    items
        .iter()
        .map(|item| match item.value() {
            value if value.trim().is_empty() => Err(syn::Error::new(
                item.span(),
                "a tag or glob cannot be empty",
            )),
            value => Ok(value),
        })
        .collect()
}

fn expand(args: Args) -> syn::Result<TokenStream> {
    let span = args.spec.span();
    let root = std::env::var_os("APIFORGE_MANIFEST_DIR_OVERRIDE")
        .or_else(|| std::env::var_os("CARGO_MANIFEST_DIR"))
        .map(PathBuf::from)
        .ok_or_else(|| {
            syn::Error::new(
                span,
                "CARGO_MANIFEST_DIR is not set; include_api! must be built by cargo",
            )
        })?;
    let path = root.join(args.spec.value());
    let mut settings = args.settings;
    let mut inputs = vec![path.clone()];
    let mut tracked = vec![tracked_path(&path, span)?];
    for overlay in &args.overlays {
        let overlay_path = root.join(overlay.value());
        tracked.push(tracked_path(&overlay_path, overlay.span())?);
        inputs.push(overlay_path.clone());
        settings = settings.overlay(overlay_path);
    }
    let settings = settings.build();
    let entry = cache::Cache::of_this_build()
        .and_then(|cache| cache.entry(&inputs, &format!("{settings:?}")));
    let client = match &entry {
        Some(entry) if entry.exists() => included(&entry.path, span)?,
        _ => {
            let generated = apiforge_codegen::generate_file(&path, &settings)
                .map_err(|failure| errors(span, &failure.diagnostics))?;
            let tokens = generated.tokens();
            match &entry {
                // A cache that cannot be written (a read-only target directory) costs the
                // generation on every build, nothing else.
                Some(entry) if entry.write(&cache::source_text(tokens.clone())).is_ok() => {
                    included(&entry.path, span)?
                }
                _ => tokens,
            }
        }
    };
    Ok(quote! {
        #(const _: &[u8] = include_bytes!(#tracked);)*
        #client
    })
}

/// `include!` of a cached expansion; the compiler records the file for rebuilds like the spec.
fn included(file: &std::path::Path, span: Span) -> syn::Result<TokenStream> {
    let file = tracked_path(file, span)?;
    Ok(quote!(include!(#file);))
}

/// `path` as a string for `include_bytes!`, which makes cargo rebuild when the file changes.
fn tracked_path(path: &std::path::Path, span: Span) -> syn::Result<String> {
    path.to_str()
        .map(str::to_owned)
        .ok_or_else(|| syn::Error::new(span, format!("the path {} is not UTF-8", path.display())))
}

/// One error per error diagnostic, all spanned at the path literal.
fn errors(span: Span, diagnostics: &[Diagnostic]) -> syn::Error {
    diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .map(|d| syn::Error::new(span, describe(d)))
        .reduce(|mut all, e| {
            all.combine(e);
            all
        })
        .unwrap_or_else(|| syn::Error::new(span, "the spec cannot be turned into a client"))
}

/// The diagnostic's message, then where it is: `file:line:column` and the JSON pointer.
fn describe(d: &Diagnostic) -> String {
    let place = match (&d.location, d.pointer.as_str()) {
        (Some(at), "") => format!("{}:{}:{}", at.file, at.line, at.column),
        (Some(at), pointer) => format!("{}:{}:{} (#{pointer})", at.file, at.line, at.column),
        (None, "") => return d.message.clone(),
        (None, pointer) => format!("#{pointer}"),
    };
    format!("{}\n  at {place}", d.message)
}
