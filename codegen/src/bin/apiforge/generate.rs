//! `apiforge generate`: a standalone crate (Cargo.toml and src/lib.rs) written, or checked.

use std::fmt::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apiforge_codegen::{comment_line, Generated, Settings, UnknownFields};

use crate::cli::GenerateArgs;
use crate::manifest::{self, InputsHash, Runtime, MARKER};
use crate::{one_line, settings, stderr, stdout};

/// Warnings listed in the summary before the rest are only counted.
const SHOWN_WARNINGS: usize = 20;

/// Runs `apiforge generate`, printing the summary (or, with `--check`, the verdict).
pub fn run(args: &GenerateArgs) -> ExitCode {
    match generate(args) {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            stderr(&message);
            ExitCode::FAILURE
        }
    }
}

/// The files of the crate, each with its path.
struct Crate {
    name: String,
    files: [(PathBuf, String); 2],
}

fn generate(args: &GenerateArgs) -> Result<(), String> {
    let started = Instant::now();
    let settings = settings(&args.inputs)
        .client_name(&args.client)
        .strict_nulls(args.strict_nulls)
        .unknown_fields(if args.drop_unknown_fields {
            UnknownFields::Drop
        } else {
            UnknownFields::Keep
        })
        .tags(&args.tags)
        .operations(&args.operations)
        .exclude(&args.exclude)
        .build();
    // The spec and overlays are hashed for the files' header beside generation, on the core that
    // loading leaves free (a 3 MB spec is about 150M instructions of SHA-256).
    let (generated, source, hash) = std::thread::scope(|scope| {
        let hashing = scope.spawn(|| hash_files(args));
        let formatted = generate_formatted(args, &settings);
        let hash = hashing
            .join()
            .unwrap_or_else(|_| Err("error: hashing the inputs failed\n".into()));
        let (generated, source) = formatted?;
        Ok::<_, String>((generated, source, hash?))
    })?;
    if !args.check {
        std::fs::create_dir_all(&args.out)
            .map_err(|e| format!("error: cannot create {}: {e}\n", args.out.display()))?;
    }
    let runtime = Runtime::locate(args.runtime_path.as_deref(), &args.out)
        .map_err(|e| format!("error: {e}\n"))?;
    let krate = build(args, &generated, &runtime, &source, hash)?;
    if args.check {
        return check(args, &krate);
    }
    write_crate(&args.out, &krate)?;
    stdout(&summary(args, &krate.name, &generated, started));
    Ok(())
}

/// The client generated and formatted.
fn generate_formatted(
    args: &GenerateArgs,
    settings: &Settings,
) -> Result<(Generated, String), String> {
    let generated =
        apiforge_codegen::generate_file(&args.inputs.spec, settings).map_err(|f| f.to_string())?;
    let source = generated.to_formatted_string().map_err(|e| {
        format!(
            "error: the generated code does not parse (a bug in apiforge, please report it): {e}\n"
        )
    })?;
    Ok((generated, source))
}

/// The hash of the spec's and the overlays' bytes, the first inputs of the files' header.
fn hash_files(args: &GenerateArgs) -> Result<InputsHash, String> {
    let mut hash = InputsHash::default();
    for path in std::iter::once(&args.inputs.spec).chain(&args.inputs.overlays) {
        let bytes = std::fs::read(path)
            .map_err(|e| format!("error: cannot read {}: {e}\n", path.display()))?;
        hash.add(&bytes);
    }
    Ok(hash)
}

/// The crate's files: the manifest and the client, each headed by the input hash (`hash` holds
/// the input files; the settings are added here).
fn build(
    args: &GenerateArgs,
    generated: &Generated,
    runtime: &Runtime,
    source: &str,
    mut hash: InputsHash,
) -> Result<Crate, String> {
    let name = args
        .name
        .clone()
        .unwrap_or_else(|| manifest::package_name(&generated.summary.title));
    let runtime_line = match runtime {
        Runtime::Release => String::new(),
        Runtime::Path(path) => path.display().to_string(),
    };
    let mut settings = format!(
        "name={name}\nclient={}\nstrict={}\nstrict_nulls={}\ndrop_unknown_fields={}\nruntime={runtime_line}",
        args.client, args.inputs.strict, args.strict_nulls, args.drop_unknown_fields
    );
    if !(args.tags.is_empty() && args.operations.is_empty() && args.exclude.is_empty()) {
        let filter = (&args.tags, &args.operations, &args.exclude);
        settings.push_str(&format!("\nfilter={filter:?}"));
    }
    hash.add(settings.as_bytes());
    let hash = hash.finish();
    let title = title(generated);
    let file = comment_line(
        &args
            .inputs
            .spec
            .file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default(),
    );
    let header = manifest::header("#", &file, &hash);
    let cargo_toml = manifest::cargo_toml(&header, &name, &title, runtime);
    let lib = format!(
        "{header}\n\
         //! Typed client for {title}.\n\
         //!\n\
         //! Generated by apiforge {version} from `{file}`: [`{client}`] has one method per operation\n\
         //! of the spec.\n\
         \n\
         {source}",
        header = manifest::header("//", &file, &hash),
        version = env!("CARGO_PKG_VERSION"),
        client = args.client,
    );
    Ok(Crate {
        name,
        files: [
            (args.out.join("Cargo.toml"), cargo_toml),
            (args.out.join("src").join("lib.rs"), lib),
        ],
    })
}

/// `--check`: every file present and as this run would write it.
fn check(args: &GenerateArgs, krate: &Crate) -> Result<(), String> {
    let stale: Vec<String> = krate
        .files
        .iter()
        .filter(|(path, text)| std::fs::read_to_string(path).ok().as_ref() != Some(text))
        .map(|(path, _)| path.display().to_string())
        .collect();
    if stale.is_empty() {
        stdout(&format!("{}: up to date\n", args.out.display()));
        return Ok(());
    }
    Err(format!(
        "error: the crate in {} is stale (regenerate it without --check): {} differ(s)\n",
        args.out.display(),
        stale.join(", ")
    ))
}

/// Writes the files, refusing to overwrite files apiforge did not write.
fn write_crate(out: &Path, krate: &Crate) -> Result<(), String> {
    for (path, _) in &krate.files {
        if let Ok(existing) = std::fs::read_to_string(path) {
            if !existing
                .lines()
                .next()
                .is_some_and(|line| line.contains(MARKER))
            {
                return Err(format!(
                    "error: {} exists and was not written by apiforge; choose another --out or remove it\n",
                    path.display()
                ));
            }
        }
    }
    let src = out.join("src");
    std::fs::create_dir_all(&src)
        .map_err(|e| format!("error: cannot create {}: {e}\n", src.display()))?;
    for (path, text) in &krate.files {
        std::fs::write(path, text)
            .map_err(|e| format!("error: cannot write {}: {e}\n", path.display()))?;
    }
    Ok(())
}

/// The one-screen report of a generation.
fn summary(args: &GenerateArgs, name: &str, generated: &Generated, started: Instant) -> String {
    let s = &generated.summary;
    let version = match s.version.trim() {
        "" => "no version".to_owned(),
        v => format!("version {v}"),
    };
    let mut out = String::new();
    let _ = writeln!(out, "spec        {}", args.inputs.spec.display());
    for overlay in &args.inputs.overlays {
        let _ = writeln!(out, "overlay     {}", overlay.display());
    }
    let _ = writeln!(out, "api         {} ({version})", title(generated));
    let _ = writeln!(out, "input       {}", s.input);
    let _ = writeln!(out, "operations  {}", s.operations);
    let _ = writeln!(out, "methods     {}", s.methods);
    let _ = writeln!(out, "types       {}", s.types);
    let _ = writeln!(
        out,
        "fallbacks   {} (schemas typed as serde_json::Value)",
        s.fallbacks
    );
    let _ = writeln!(out, "warnings    {}", s.warnings);
    for d in generated.diagnostics.iter().take(SHOWN_WARNINGS) {
        let _ = writeln!(out, "  {}", one_line(d));
    }
    if generated.diagnostics.len() > SHOWN_WARNINGS {
        let more = generated.diagnostics.len() - SHOWN_WARNINGS;
        let _ = writeln!(
            out,
            "  ... and {more} more (`apiforge check {}` lists them all)",
            args.inputs.spec.display()
        );
    }
    let _ = writeln!(
        out,
        "output      {} (crate `{name}`: Cargo.toml, src/lib.rs)",
        args.out.display()
    );
    let _ = writeln!(out, "time        {:.2?}", started.elapsed());
    out
}

/// The API's title on one line.
fn title(generated: &Generated) -> String {
    match comment_line(&generated.summary.title) {
        title if title.is_empty() => "an untitled API".to_owned(),
        title => title,
    }
}
