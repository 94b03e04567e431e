//! apiforge's code generator: OpenAPI description in, typed Rust client out.
//!
//! The pipeline is `load` (bytes → one 3.0-shaped document with a source map) → `resolve`
//! (document → checked [`ir::Api`], every name decided, problems collected as [`Diagnostic`]s)
//! → `emit` (IR → tokens). Three front doors share it: [`Builder`] for `build.rs`, the
//! `include_api!` macro, and the `apiforge` binary. [`diff()`] compares the IRs of two specs and
//! classifies each change of the Rust API for positional and builder calls.

#[cfg(feature = "format")]
mod builder;
pub mod diagnostics;
pub mod diff;
mod emit;
pub mod ir;
mod load;
mod pointer;
mod resolve;
mod settings;

#[cfg(feature = "format")]
pub use builder::{BuildError, Builder};
pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
pub use diff::{diff, ApiDiff, Change, Impact};
pub use emit::comment_line;
pub use load::InputVersion;
pub use settings::{OperationFilter, Settings, SettingsBuilder, UnknownFields};

use proc_macro2::TokenStream;
use std::fmt;
use std::path::Path;

/// A generated client and what the generator had to say about the spec.
#[derive(Debug)]
pub struct Generated {
    /// The resolved API the code is emitted from.
    api: ir::Api,
    /// The settings it is emitted with.
    settings: Settings,
    /// Warnings (never errors: those make a [`Failure`]).
    pub diagnostics: Vec<Diagnostic>,
    /// Counts for a one-screen report.
    pub summary: Summary,
}

/// What a generation produced, in numbers.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Summary {
    /// `info.title`.
    pub title: String,
    /// `info.version`.
    pub version: String,
    /// The specification version the file was written in.
    pub input: InputVersion,
    /// Operations generated.
    pub operations: usize,
    /// Client methods generated (an operation with several body media types has several).
    pub methods: usize,
    /// Named types generated.
    pub types: usize,
    /// Warnings.
    pub warnings: usize,
    /// Schemas that describe a shape but became `serde_json::Value` (each has a warning).
    pub fallbacks: usize,
}

/// Generation failed; the diagnostics include at least one error.
#[derive(Debug)]
pub struct Failure {
    /// Everything found, errors and warnings, each with its location.
    pub diagnostics: Vec<Diagnostic>,
}

impl fmt::Display for Failure {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let errors = self
            .diagnostics
            .iter()
            .filter(|d| d.severity == Severity::Error)
            .count();
        writeln!(
            f,
            "the spec cannot be turned into a client ({errors} error(s))"
        )?;
        for d in &self.diagnostics {
            writeln!(f, "{d}")?;
        }
        Ok(())
    }
}

impl std::error::Error for Failure {}

impl Generated {
    /// The resolved API the code is emitted from (every type with the spec pointer it came from).
    pub fn api(&self) -> &ir::Api {
        &self.api
    }

    /// The client's items: models, error enums, the client struct.
    pub fn tokens(&self) -> TokenStream {
        emit::emit(&self.api, &self.settings, 0..emit::unit_count(&self.api))
    }

    /// The client as a formatted Rust source file.
    ///
    /// All but small APIs are emitted, parsed and formatted in slices on one thread per core
    /// (parsing tokens back into a syntax tree is most of the cost), then joined in order.
    #[cfg(feature = "format")]
    pub fn to_formatted_string(&self) -> Result<String, syn::Error> {
        let units = emit::unit_count(&self.api);
        let cores = std::thread::available_parallelism().map_or(1, |n| n.get());
        self.format_in_slices(cores.min(units / UNITS_PER_THREAD).max(1))
    }

    /// Formats in one piece (`threads` = 1), or on `threads` threads which take slices in turn:
    /// each part of the client alone, then the types and operations in [`SLICES_PER_THREAD`]
    /// slices per thread.
    #[cfg(feature = "format")]
    fn format_in_slices(&self, threads: usize) -> Result<String, syn::Error> {
        let units = emit::unit_count(&self.api);
        let format_slice = |range: std::ops::Range<usize>| -> Result<String, String> {
            let file: syn::File = syn::parse2(emit::emit(&self.api, &self.settings, range))
                .map_err(|e| e.to_string())?;
            Ok(prettyplease::unparse(&file))
        };
        if threads == 1 {
            return format_slice(0..units)
                .map_err(|e| syn::Error::new(proc_macro2::Span::call_site(), e));
        }
        let slices = slices(units, threads * SLICES_PER_THREAD);
        // Each thread holds the tokens and syntax tree of one slice at a time (less memory to
        // fault in), and an uneven slice does not leave the other threads idle. Slices are taken
        // from the end: the client's parts, the largest, go first.
        let next = std::sync::atomic::AtomicUsize::new(0);
        let work = || {
            let mut done = Vec::new();
            loop {
                let taken = next.fetch_add(1, std::sync::atomic::Ordering::Relaxed);
                if taken >= slices.len() {
                    return done;
                }
                let i = slices.len() - 1 - taken;
                done.push((i, format_slice(slices[i].clone())));
            }
        };
        let mut formatted: Vec<(usize, Result<String, String>)> = std::thread::scope(|scope| {
            let handles: Vec<_> = (0..threads).map(|_| scope.spawn(work)).collect();
            handles
                .into_iter()
                .flat_map(|h| {
                    h.join()
                        .unwrap_or_else(|_| vec![(0, Err("formatting panicked".into()))])
                })
                .collect()
        });
        formatted.sort_by_key(|(i, _)| *i);
        let mut source = String::new();
        for (_, slice) in formatted {
            source
                .push_str(&slice.map_err(|e| syn::Error::new(proc_macro2::Span::call_site(), e))?);
        }
        Ok(source)
    }
}

/// The ranges of `units` formatted apart, in order: the units before the client in up to
/// `pieces` even ranges, then each of the client's [`emit::CLIENT_UNITS`] alone.
#[cfg(feature = "format")]
fn slices(units: usize, pieces: usize) -> Vec<std::ops::Range<usize>> {
    let before = units - emit::CLIENT_UNITS;
    let pieces = pieces.clamp(1, before.max(1));
    let mut slices: Vec<_> = (0..pieces)
        .map(|i| before * i / pieces..before * (i + 1) / pieces)
        .filter(|range| !range.is_empty())
        .collect();
    slices.extend((before..units).map(|unit| unit..unit + 1));
    slices
}

/// Loads and resolves a spec file into the IR, without emitting code.
pub fn resolve_file(
    path: &Path,
    settings: &Settings,
) -> Result<(ir::Api, Vec<Diagnostic>), Failure> {
    resolve_path(path, settings).map(|r| (r.api, r.diagnostics))
}

fn resolve_path(path: &Path, settings: &Settings) -> Result<Resolved, Failure> {
    check_settings(settings)?;
    on_large_stack(|| {
        let mut diags = Diagnostics::default();
        let spec = load::load_file(path, settings.overlays(), &mut diags);
        finish_resolve(spec, settings, diags)
    })
}

/// Like [`resolve_file`], for spec text already in memory; `file` names it in diagnostics.
pub fn resolve_str(
    file: &str,
    text: &str,
    settings: &Settings,
) -> Result<(ir::Api, Vec<Diagnostic>), Failure> {
    resolve_text(file, text, settings).map(|r| (r.api, r.diagnostics))
}

fn resolve_text(file: &str, text: &str, settings: &Settings) -> Result<Resolved, Failure> {
    check_settings(settings)?;
    on_large_stack(|| {
        let mut diags = Diagnostics::default();
        let spec = load::load_str(file, text, settings.overlays(), &mut diags);
        finish_resolve(spec, settings, diags)
    })
}

/// The stack loading and resolving run on. Both recurse as deep as the document nests, which is
/// bounded (the parsers refuse more than 128 levels; the resolver stops following `$ref`s on the
/// spot past a fixed depth) but can need more than a small thread stack has (test threads get
/// 2 MiB, and `openapiv3`'s deserializers take tens of KiB per schema level in debug builds).
/// The memory is reserved, and only touched as deep as a spec actually goes.
const PIPELINE_STACK: usize = 64 << 20;

/// Runs `pipeline` on a thread with [`PIPELINE_STACK`] bytes of stack, whatever thread calls.
fn on_large_stack(
    pipeline: impl FnOnce() -> Result<Resolved, Failure> + Send,
) -> Result<Resolved, Failure> {
    std::thread::scope(|scope| {
        let thread = std::thread::Builder::new()
            .name("apiforge-resolve".into())
            .stack_size(PIPELINE_STACK)
            .spawn_scoped(scope, pipeline);
        match thread {
            Ok(thread) => thread
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            Err(e) => {
                let mut diags = Diagnostics::default();
                diags.error(
                    "",
                    format!("cannot start a thread to read the spec on: {e}"),
                );
                Err(Failure {
                    diagnostics: diags.into_vec(),
                })
            }
        }
    })
}

/// A resolved spec with its warnings and the version it was written in.
struct Resolved {
    api: ir::Api,
    diagnostics: Vec<Diagnostic>,
    input: load::InputVersion,
}

/// Refuses settings that could only produce broken code; these errors have no place in the spec.
fn check_settings(settings: &Settings) -> Result<(), Failure> {
    let mut diags = Diagnostics::default();
    if syn::parse_str::<syn::Path>(settings.runtime_crate()).is_err() {
        let message = format!(
            "the runtime crate path `{}` is not a Rust path",
            settings.runtime_crate()
        );
        diags.error("", message);
    }
    if resolve::names::is_prelude_name(settings.client_name()) {
        let message = format!(
            "the client name `{}` is a prelude name the generated code uses",
            settings.client_name()
        );
        diags.error("", message);
    } else if syn::parse_str::<syn::Ident>(settings.client_name()).is_err() {
        let message = format!(
            "the client name `{}` is not a Rust identifier",
            settings.client_name()
        );
        diags.error("", message);
    }
    if diags.has_errors() {
        return Err(Failure {
            diagnostics: diags.into_vec(),
        });
    }
    Ok(())
}

fn finish_resolve(
    spec: Option<load::Spec>,
    settings: &Settings,
    mut diags: Diagnostics,
) -> Result<Resolved, Failure> {
    let Some(spec) = spec else {
        return Err(Failure {
            diagnostics: diags.into_vec(),
        });
    };
    let mut resolve_diags = Diagnostics::default();
    let mut api = resolve::resolve(&spec, settings, &mut resolve_diags);
    diags.extend(resolve_diags);
    let mut diagnostics = diags.into_vec();
    spec.attach_locations(&mut diagnostics);
    let unmatched = resolve::filter::apply(&mut api, &spec.document, settings.filter());
    diagnostics.extend(unmatched.into_vec());
    if settings.strict() {
        for d in diagnostics
            .iter_mut()
            .filter(|d| d.severity == Severity::Warning)
        {
            d.severity = Severity::Error;
            d.message.push_str(" (a warning, an error in strict mode)");
        }
    }
    if diagnostics.iter().any(|d| d.severity == Severity::Error) {
        return Err(Failure { diagnostics });
    }
    Ok(Resolved {
        api,
        diagnostics,
        input: spec.input,
    })
}

/// Generates the client for a spec file.
pub fn generate_file(path: &Path, settings: &Settings) -> Result<Generated, Failure> {
    resolve_path(path, settings).map(|resolved| emit_api(resolved, settings))
}

/// Generates the client for spec text already in memory; `file` names it in diagnostics.
pub fn generate_str(file: &str, text: &str, settings: &Settings) -> Result<Generated, Failure> {
    resolve_text(file, text, settings).map(|resolved| emit_api(resolved, settings))
}

fn emit_api(resolved: Resolved, settings: &Settings) -> Generated {
    let Resolved {
        api,
        diagnostics,
        input,
    } = resolved;
    let summary = Summary {
        title: api.title.clone(),
        version: api.version.clone(),
        input,
        operations: api.operations.len(),
        methods: api.operations.iter().map(|op| op.calls.len()).sum(),
        types: api.types.len(),
        warnings: diagnostics.len(),
        fallbacks: api.fallbacks,
    };
    Generated {
        api,
        settings: settings.clone(),
        diagnostics,
        summary,
    }
}

/// How many slices of types and operations each formatting thread takes in turn.
#[cfg(feature = "format")]
const SLICES_PER_THREAD: usize = 32;

/// An API gets one formatting thread per this many units (up to one per core): a few dozen
/// types and operations are worth a thread.
#[cfg(feature = "format")]
const UNITS_PER_THREAD: usize = 48;

#[cfg(all(test, feature = "format"))]
mod tests {
    use super::*;

    #[test]
    fn slices_cover_every_unit_once_with_each_client_part_alone() {
        let client = emit::CLIENT_UNITS;
        let alone = |from: usize| (from..from + client).map(|u| u..u + 1).collect::<Vec<_>>();
        assert_eq!(slices(client, 16), alone(0));
        let cut = slices(10 + client, 4);
        assert_eq!(cut[..4], [0..2, 2..5, 5..7, 7..10]);
        assert_eq!(cut[4..], alone(10));
        let few = slices(2 + client, 16);
        assert_eq!(few[..2], [0..1, 1..2]);
        assert_eq!(few[2..], alone(2));
    }

    #[test]
    fn formatting_in_slices_joins_to_the_same_file() {
        let spec =
            std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/../spec/kratos.yaml"))
                .unwrap();
        let generated = generate_str("kratos.yaml", &spec, &Settings::default()).unwrap();
        let whole = generated.format_in_slices(1).unwrap();
        assert_eq!(generated.format_in_slices(2).unwrap(), whole);
        assert_eq!(generated.format_in_slices(3).unwrap(), whole);
        assert_eq!(generated.to_formatted_string().unwrap(), whole);
    }
}
