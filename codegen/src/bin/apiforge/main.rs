//! `apiforge`: generate a standalone client crate from an OpenAPI description, check a spec, or
//! compare the Rust APIs of two specs.
//!
//! Arguments are parsed with clap's derive API: each subcommand has its own `--help`, and
//! `apiforge help COMMAND` works. Usage errors exit with status 2.

mod cli;
mod generate;
mod manifest;

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::Path;
use std::process::ExitCode;

use apiforge_codegen::{Diagnostic, Settings, SettingsBuilder, Severity};
use clap::Parser as _;

use cli::{CheckArgs, Cli, Command, DiffArgs, Form, Format, Inputs};

/// Generation allocates and frees millions of small values (tokens, syntax trees) on several
/// threads; mimalloc does that faster than the system allocator (openai: about 0.9x the CPU time).
#[global_allocator]
static ALLOCATOR: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// `mi_option_purge_delay` in mimalloc's `mi_option_t` (the same index in mimalloc 2 and 3; the
/// bindings leave options unnamed on purpose and take their numbers).
const MI_OPTION_PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

fn main() -> ExitCode {
    // By default mimalloc hands freed memory back to the OS 10 ms later; generation frees and
    // allocates in waves (tokens, then syntax trees, slice after slice), so the kernel then
    // zeroes the same memory again on the next page fault (openai: about 360 MiB purged, 15,000
    // page faults, a fifth of the CPU time). A command that lives for a fraction of a second keeps
    // what it had instead. Called before any other thread exists, as the setter requires.
    // SAFETY: a plain option store in mimalloc, with no other thread running yet.
    unsafe { libmimalloc_sys::mi_option_set(MI_OPTION_PURGE_DELAY, -1) };
    match Cli::parse().command {
        Command::Generate(args) => generate::run(&args),
        Command::Check(args) => check(&args),
        Command::Diff(args) => diff(&args),
    }
}

/// Writes to stdout; a closed pipe (`apiforge check x | head`) is not worth a panic.
fn stdout(text: &str) {
    let _ = std::io::stdout().lock().write_all(text.as_bytes());
}

/// Writes to stderr, ignoring failure like [`stdout`].
fn stderr(text: &str) {
    let _ = std::io::stderr().lock().write_all(text.as_bytes());
}

/// The generator settings the common options describe.
fn settings(inputs: &Inputs) -> SettingsBuilder {
    let settings = Settings::builder().strict(inputs.strict);
    inputs
        .overlays
        .iter()
        .fold(settings, |settings, overlay| settings.overlay(overlay))
}

/// `apiforge check`: prints every diagnostic and a verdict; an error fails.
fn check(args: &CheckArgs) -> ExitCode {
    let spec = &args.inputs.spec;
    let (diagnostics, fallbacks) =
        match apiforge_codegen::resolve_file(spec, &settings(&args.inputs).build()) {
            Ok((api, diagnostics)) => (diagnostics, Some(api.fallbacks)),
            Err(failure) => (failure.diagnostics, None),
        };
    let failed = fallbacks.is_none();
    let fallbacks = fallbacks
        .map(|n| format!(", {n} schema(s) typed as serde_json::Value"))
        .unwrap_or_default();
    let mut report = String::new();
    for d in &diagnostics {
        let _ = writeln!(report, "{d}");
    }
    let errors = diagnostics
        .iter()
        .filter(|d| d.severity == Severity::Error)
        .count();
    let warnings = diagnostics.len() - errors;
    let verdict = if failed {
        "cannot be turned into a client"
    } else {
        "ok"
    };
    let _ = writeln!(
        report,
        "{}: {verdict} ({errors} error(s), {warnings} warning(s){fallbacks})",
        spec.display()
    );
    stdout(&report);
    if failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// `apiforge diff`: resolves both specs (overlays applied to each) and prints the changes of the
/// Rust API; fails when a change breaks calls in the chosen form.
fn diff(args: &DiffArgs) -> ExitCode {
    let settings = settings(&Inputs {
        spec: args.old.clone(),
        overlays: args.overlays.clone(),
        strict: false,
    })
    .build();
    let resolve = |spec: &Path| {
        apiforge_codegen::resolve_file(spec, &settings).map_err(|f| {
            stderr(&f.to_string());
            ExitCode::from(3)
        })
    };
    let (old, new) = match (resolve(&args.old), resolve(&args.new)) {
        (Ok((old, _)), Ok((new, _))) => (old, new),
        (Err(code), _) | (_, Err(code)) => return code,
    };
    let changes = apiforge_codegen::diff(&old, &new);
    match args.format {
        Format::Human => stdout(&format!(
            "{} → {}\n{changes}\n",
            args.old.display(),
            args.new.display()
        )),
        Format::Json => stdout(&format!("{}\n", changes.to_json())),
    }
    let breaks = match args.form {
        Form::Positional => changes.breaks_positional(),
        Form::Builder => changes.breaks_builder(),
        Form::Any => changes.breaks_positional() || changes.breaks_builder(),
    };
    if breaks {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}

/// A warning on one line: `file:line:column: message (#pointer)`.
fn one_line(d: &Diagnostic) -> String {
    let pointer = format!("#{}", d.pointer);
    match &d.location {
        Some(at) => format!(
            "{}:{}:{}: {} ({pointer})",
            at.file, at.line, at.column, d.message
        ),
        None if d.pointer.is_empty() => d.message.clone(),
        None => format!("{pointer}: {}", d.message),
    }
}
