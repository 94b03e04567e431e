//! `apiforge`: generate a standalone client crate from an OpenAPI description, or check one.
//!
//! Arguments are parsed with `lexopt` rather than `clap`: the grammar is two subcommands and a
//! handful of flags, and `lexopt` handles that correctly (`--out=DIR`, `--out DIR`, `-o DIR`,
//! non-UTF-8 paths) with one small dependency and no proc macros, so installing the tool stays
//! fast. The help text is written by hand and is the reference for flags and exit codes.

use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::Write as _;
use std::path::{Path, PathBuf};
use std::process::ExitCode;
use std::time::Instant;

use apiforge_codegen::{Diagnostic, Generated, Settings, Severity, UnknownFields};

const HELP: &str = "\
apiforge: typed Rust clients from OpenAPI descriptions (Swagger 2.0, OpenAPI 3.0 and 3.1)

Usage:
  apiforge generate SPEC --out DIR [--name CRATE] [--client NAME] [--strict] [--strict-nulls]
                         [--drop-unknown-fields] [--runtime-path PATH]
  apiforge check SPEC [--strict]
  apiforge --help | --version

Commands:
  generate   Write a standalone client crate: DIR/Cargo.toml and DIR/src/lib.rs
  check      Report every problem in SPEC (with file:line:column) without generating code

Options:
  -o, --out DIR          Directory of the generated crate (created if missing; only files
                         apiforge wrote before are overwritten)
      --name CRATE       Package name (default: the spec's file stem, made a valid name)
      --client NAME      Name of the client struct (default: Client)
      --strict           Treat warnings as errors
      --strict-nulls     Fail to decode `null` for an array or map the spec does not mark
                         nullable (default: read it as empty, as Go servers send it)
      --drop-unknown-fields
                         Structs skip object keys the spec does not declare (default: keep them
                         in a map and write them back)
      --runtime-path PATH
                         Path dependency on apiforge-runtime for the generated crate (default:
                         this build's runtime/ directory when it exists, else the crates.io release)
  -h, --help             Print this help
  -V, --version          Print the version

Exit status:
  0  success (warnings alone do not fail, unless --strict)
  1  the spec has errors, or the crate could not be written
  2  usage error (unknown command or option, missing argument)
";

const USAGE: &str = "\
Usage: apiforge generate SPEC --out DIR [--name CRATE] [--client NAME] [--strict] [--strict-nulls]
                                [--drop-unknown-fields] [--runtime-path PATH]
       apiforge check SPEC [--strict]
Run `apiforge --help` for more.";

/// Warnings listed in `generate`'s summary before the rest are only counted.
const SHOWN_WARNINGS: usize = 20;

fn main() -> ExitCode {
    match parse(std::env::args_os().skip(1)) {
        Ok(Command::Help) => {
            stdout(HELP);
            ExitCode::SUCCESS
        }
        Ok(Command::Version) => {
            stdout(&format!("apiforge {}\n", env!("CARGO_PKG_VERSION")));
            ExitCode::SUCCESS
        }
        Ok(Command::Generate(args)) => report(generate(&args)),
        Ok(Command::Check { spec, strict }) => check(&spec, strict),
        Err(message) => {
            stderr(&format!("error: {message}\n\n{USAGE}\n"));
            ExitCode::from(2)
        }
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

/// Prints a failure to stderr and turns the outcome into the exit status.
fn report(outcome: Result<(), String>) -> ExitCode {
    match outcome {
        Ok(()) => ExitCode::SUCCESS,
        Err(message) => {
            stderr(&message);
            ExitCode::FAILURE
        }
    }
}

/// What the command line asks for.
#[derive(Debug)]
enum Command {
    Help,
    Version,
    Generate(GenerateArgs),
    Check { spec: PathBuf, strict: bool },
}

/// The arguments of `apiforge generate`.
#[derive(Debug)]
struct GenerateArgs {
    spec: PathBuf,
    out: PathBuf,
    name: Option<String>,
    client: Option<String>,
    strict: bool,
    strict_nulls: bool,
    drop_unknown_fields: bool,
    runtime_path: Option<PathBuf>,
}

/// Parses the arguments after the program name; `Err` is a usage error.
fn parse(args: impl IntoIterator<Item = OsString>) -> Result<Command, String> {
    use lexopt::prelude::*;

    let mut parser = lexopt::Parser::from_args(args);
    let (mut command, mut spec, mut out, mut name, mut client, mut runtime_path) =
        (None, None, None, None, None, None);
    let (mut strict, mut strict_nulls, mut drop_unknown_fields) = (false, false, false);
    while let Some(arg) = parser.next().map_err(|e| e.to_string())? {
        match arg {
            Short('h') | Long("help") => return Ok(Command::Help),
            Short('V') | Long("version") => return Ok(Command::Version),
            Value(value) if command.is_none() => match value.to_str() {
                Some(c @ ("generate" | "check")) => command = Some(c.to_owned()),
                _ => {
                    return Err(format!(
                        "unknown command `{}`; the commands are `generate` and `check`",
                        value.to_string_lossy()
                    ))
                }
            },
            Value(value) if spec.is_none() => spec = Some(PathBuf::from(value)),
            Value(value) => {
                return Err(format!("unexpected argument `{}`", value.to_string_lossy()))
            }
            Long("strict") => strict = true,
            Long("strict-nulls") if command.as_deref() == Some("generate") => strict_nulls = true,
            Short('o') | Long("out") if command.as_deref() == Some("generate") => {
                out = Some(PathBuf::from(value(&mut parser)?))
            }
            Long("name") if command.as_deref() == Some("generate") => {
                name = Some(string(value(&mut parser)?, "--name")?)
            }
            Long("client") if command.as_deref() == Some("generate") => {
                client = Some(string(value(&mut parser)?, "--client")?)
            }
            Long("drop-unknown-fields") if command.as_deref() == Some("generate") => {
                drop_unknown_fields = true
            }
            Long("runtime-path") if command.as_deref() == Some("generate") => {
                runtime_path = Some(PathBuf::from(value(&mut parser)?));
            }
            _ => return Err(arg.unexpected().to_string()),
        }
    }
    let command = command.ok_or("no command given")?;
    let spec = spec.ok_or_else(|| format!("`{command}` needs the path of a spec file"))?;
    if command == "check" {
        return Ok(Command::Check { spec, strict });
    }
    let out = out.ok_or("`generate` needs `--out DIR`")?;
    if let Some(client) = client
        .as_deref()
        .filter(|c| syn::parse_str::<syn::Ident>(c).is_err())
    {
        return Err(format!(
            "`{client}` is not a Rust identifier, so it cannot name the client"
        ));
    }
    if let Some(name) = &name {
        if package_name(name) != *name {
            return Err(format!(
                "`{name}` is not a valid package name (try `{}`)",
                package_name(name)
            ));
        }
    }
    Ok(Command::Generate(GenerateArgs {
        spec,
        out,
        name,
        client,
        strict,
        strict_nulls,
        drop_unknown_fields,
        runtime_path,
    }))
}

/// The value of the option just read.
fn value(parser: &mut lexopt::Parser) -> Result<OsString, String> {
    parser.value().map_err(|e| e.to_string())
}

/// An option's value as UTF-8 text.
fn string(value: OsString, option: &str) -> Result<String, String> {
    value.into_string().map_err(|v| {
        format!(
            "the value of {option} is not UTF-8: {}",
            v.to_string_lossy()
        )
    })
}

/// `apiforge generate`: writes the crate and prints a one-screen summary.
fn generate(args: &GenerateArgs) -> Result<(), String> {
    let started = Instant::now();
    let runtime = runtime_dependency(args.runtime_path.as_deref())?;
    let unknown_fields = if args.drop_unknown_fields {
        UnknownFields::Drop
    } else {
        UnknownFields::Keep
    };
    let mut settings = Settings::builder()
        .strict(args.strict)
        .strict_nulls(args.strict_nulls)
        .unknown_fields(unknown_fields);
    if let Some(client) = &args.client {
        settings = settings.client_name(client);
    }
    let generated = apiforge_codegen::generate_file(&args.spec, &settings.build())
        .map_err(|f| f.to_string())?;
    let source = generated.to_formatted_string().map_err(|e| {
        format!(
            "error: the generated code does not parse (a bug in apiforge, please report it): {e}\n"
        )
    })?;
    let name = args.name.clone().unwrap_or_else(|| {
        package_name(
            args.spec
                .file_stem()
                .map(|s| s.to_string_lossy())
                .as_deref()
                .unwrap_or("api"),
        )
    });
    let manifest = cargo_toml(&name, &generated, &args.spec, &runtime);
    let lib = lib_rs(
        &generated,
        &args.spec,
        args.client.as_deref().unwrap_or("Client"),
        &source,
    );
    write_crate(&args.out, &manifest, &lib)?;
    stdout(&summary(args, &name, &generated, started));
    Ok(())
}

/// `apiforge check`: prints every diagnostic and a verdict; an error fails.
fn check(spec: &Path, strict: bool) -> ExitCode {
    let settings = Settings::builder().strict(strict).build();
    let (diagnostics, fallbacks) = match apiforge_codegen::resolve_file(spec, &settings) {
        Ok((api, diagnostics)) => (diagnostics, Some(api.fallbacks)),
        Err(failure) => (failure.diagnostics, None),
    };
    let failed = fallbacks.is_none();
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
    let fallbacks = fallbacks
        .map(|n| format!(", {n} schema(s) typed as serde_json::Value"))
        .unwrap_or_default();
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

/// The `apiforge-runtime` dependency line of the generated manifest.
fn runtime_dependency(explicit: Option<&Path>) -> Result<String, String> {
    let path = match explicit {
        Some(path) => {
            if !path.join("Cargo.toml").is_file() {
                return Err(format!(
                    "error: --runtime-path {}: no Cargo.toml there\n",
                    path.display()
                ));
            }
            Some(
                path.canonicalize()
                    .map_err(|e| format!("error: --runtime-path {}: {e}\n", path.display()))?,
            )
        }
        None => Path::new(env!("CARGO_MANIFEST_DIR"))
            .join("../runtime")
            .canonicalize()
            .ok(),
    };
    let features = "default-features = false";
    Ok(match path.filter(|p| p.join("Cargo.toml").is_file()) {
        Some(path) => format!(
            "{{ path = {}, {features} }}",
            toml_string(&path.to_string_lossy())
        ),
        None => format!(
            "{{ version = {}, {features} }}",
            toml_string(env!("CARGO_PKG_VERSION"))
        ),
    })
}

/// Marks files apiforge wrote, so it never overwrites anything else.
const MARKER: &str = "@generated by apiforge";

fn cargo_toml(name: &str, generated: &Generated, spec: &Path, runtime: &str) -> String {
    let description = format!(
        "Typed client for {}, generated by apiforge.",
        title(generated)
    );
    format!(
        "# {MARKER} from {spec}; regenerate rather than edit.\n\
         [package]\n\
         name = {name}\n\
         version = \"0.1.0\"\n\
         edition = \"2021\"\n\
         description = {description}\n\
         \n\
         [features]\n\
         default = [\"reqwest\"]\n\
         # `Client::new` over the runtime's reqwest transport; without it, use `with_transport`.\n\
         reqwest = [\"apiforge-runtime/reqwest\"]\n\
         # HTTPS for the reqwest transport.\n\
         rustls = [\"apiforge-runtime/rustls\"]\n\
         \n\
         [dependencies]\n\
         apiforge-runtime = {runtime}\n\
         \n\
         # A workspace of its own, so the crate builds wherever it is written.\n\
         [workspace]\n",
        spec = one_line_text(&spec.display().to_string()),
        name = toml_string(name),
        description = toml_string(&description),
    )
}

fn lib_rs(generated: &Generated, spec: &Path, client: &str, source: &str) -> String {
    let file = one_line_text(
        &spec
            .file_name()
            .map(|f| f.to_string_lossy())
            .unwrap_or_default(),
    );
    format!(
        "// {MARKER} from {file}; regenerate rather than edit.\n\
         //! Typed client for {title}.\n\
         //!\n\
         //! Generated by apiforge {version} from `{file}`: [`{client}`] has one method per operation\n\
         //! of the spec.\n\
         \n\
         {source}",
        title = title(generated),
        version = env!("CARGO_PKG_VERSION"),
    )
}

/// Writes `Cargo.toml` and `src/lib.rs`, refusing to overwrite files apiforge did not write.
fn write_crate(out: &Path, manifest: &str, lib: &str) -> Result<(), String> {
    let files = [
        (out.join("Cargo.toml"), manifest),
        (out.join("src").join("lib.rs"), lib),
    ];
    for (path, _) in &files {
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
    for (path, text) in &files {
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
    let _ = writeln!(out, "spec        {}", args.spec.display());
    let _ = writeln!(out, "api         {} ({version})", title(generated));
    let _ = writeln!(out, "input       {}", s.input);
    let _ = writeln!(out, "operations  {}", s.operations);
    let _ = writeln!(out, "methods     {}", s.methods);
    let _ = writeln!(out, "types       {}", s.types);
    let _ = writeln!(out, "warnings    {}", s.warnings);
    let _ = writeln!(
        out,
        "fallbacks   {} (schemas typed as serde_json::Value)",
        s.fallbacks
    );
    for d in generated.diagnostics.iter().take(SHOWN_WARNINGS) {
        let _ = writeln!(out, "  {}", one_line(d));
    }
    if generated.diagnostics.len() > SHOWN_WARNINGS {
        let more = generated.diagnostics.len() - SHOWN_WARNINGS;
        let _ = writeln!(
            out,
            "  ... and {more} more (`apiforge check {}` lists them all)",
            args.spec.display()
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

/// A warning on one line: `file:line:column: message (#pointer)`.
fn one_line(d: &Diagnostic) -> String {
    let pointer = format!("#{}", d.pointer);
    match &d.location {
        Some(at) => format!(
            "{}:{}:{}: {} ({pointer})",
            at.file, at.line, at.column, d.message
        ),
        None => format!("{pointer}: {}", d.message),
    }
}

/// The API's title on one line (it lands in comments, where a line break would end them).
fn title(generated: &Generated) -> String {
    match one_line_text(&generated.summary.title) {
        title if title.is_empty() => "an untitled API".to_owned(),
        title => title,
    }
}

/// `text` with every run of whitespace, line breaks included, made one space.
fn one_line_text(text: &str) -> String {
    text.split_whitespace().collect::<Vec<_>>().join(" ")
}

/// A valid cargo package name made from `raw`: lowercase ASCII letters, digits, `-` and `_`,
/// starting with a letter, and not a Rust keyword.
fn package_name(raw: &str) -> String {
    let mut name = String::new();
    for c in raw.chars() {
        match c {
            'a'..='z' | '0'..='9' | '_' => name.push(c),
            'A'..='Z' => name.push(c.to_ascii_lowercase()),
            _ if !name.ends_with('-') => name.push('-'),
            _ => {}
        }
    }
    let mut name = name.trim_matches(|c| c == '-' || c == '_').to_owned();
    if !name.starts_with(|c: char| c.is_ascii_lowercase()) {
        name.insert_str(0, if name.is_empty() { "api" } else { "api-" });
    }
    if syn::parse_str::<syn::Ident>(&name.replace('-', "_")).is_err() {
        name.push_str("-client");
    }
    name
}

/// A TOML basic string.
fn toml_string(text: &str) -> String {
    let mut out = String::from("\"");
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control() => {
                let _ = write!(out, "\\u{:04X}", c as u32);
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn args(list: &[&str]) -> Result<Command, String> {
        parse(list.iter().map(OsString::from))
    }

    #[test]
    fn package_names_are_made_valid() {
        assert_eq!(package_name("kratos"), "kratos");
        assert_eq!(package_name("Ory Kratos.v1"), "ory-kratos-v1");
        assert_eq!(package_name("2fa"), "api-2fa");
        assert_eq!(package_name("--"), "api");
        assert_eq!(package_name("type"), "type-client");
        assert_eq!(package_name("petstore_api"), "petstore_api");
    }

    #[test]
    fn titles_stay_on_one_line() {
        assert_eq!(one_line_text(" Ory\n  Kratos\r\nAPI "), "Ory Kratos API");
    }

    #[test]
    fn toml_strings_are_escaped() {
        assert_eq!(toml_string(r#"C:\a "b""#), r#""C:\\a \"b\"""#);
        assert_eq!(toml_string("a\u{1}"), r#""a\u0001""#);
    }

    #[test]
    fn generate_takes_options_in_any_order() {
        let Ok(Command::Generate(g)) = args(&[
            "generate",
            "--strict",
            "--out=dir",
            "s.yaml",
            "--client",
            "K",
            "--strict-nulls",
            "--drop-unknown-fields",
        ]) else {
            panic!("not a generate command");
        };
        assert_eq!(
            (
                g.spec,
                g.out,
                g.client,
                g.strict,
                g.strict_nulls,
                g.drop_unknown_fields
            ),
            (
                "s.yaml".into(),
                "dir".into(),
                Some("K".into()),
                true,
                true,
                true
            )
        );
        let Ok(Command::Generate(plain)) = args(&["generate", "s.yaml", "-o", "d"]) else {
            panic!("not a generate command");
        };
        assert!(!plain.strict_nulls && !plain.drop_unknown_fields);
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        assert_eq!(args(&[]).unwrap_err(), "no command given");
        assert!(args(&["frobnicate"])
            .unwrap_err()
            .contains("unknown command `frobnicate`"));
        assert!(args(&["generate", "s.yaml"]).unwrap_err().contains("--out"));
        assert!(args(&["check", "s.yaml", "--out", "x"])
            .unwrap_err()
            .contains("--out"));
        assert!(
            args(&["generate", "s.yaml", "-o", "x", "--name", "Not Valid"])
                .unwrap_err()
                .contains("not-valid")
        );
        assert!(args(&["generate", "s.yaml", "-o", "x", "--client", "a b"])
            .unwrap_err()
            .contains("`a b`"));
        assert!(matches!(args(&["check", "-h"]), Ok(Command::Help)));
    }
}
