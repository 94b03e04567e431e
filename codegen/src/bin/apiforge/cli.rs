//! The command line: subcommands and their options, with the help text clap prints.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

const EXIT_STATUS: &str = "\
Exit status:
  0  success (warnings alone do not fail, unless --strict)
  1  the spec has errors, the crate could not be written, `generate --check` found it stale,
     or `diff` found a breaking change
  2  usage error (unknown command or option, missing argument)
  3  `diff`: a spec has errors";

/// apiforge: typed Rust clients from OpenAPI descriptions (Swagger 2.0, OpenAPI 3.0 and 3.1)
#[derive(Debug, Parser)]
#[command(name = "apiforge", version, after_help = EXIT_STATUS)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Write a standalone client crate: DIR/Cargo.toml and DIR/src/lib.rs
    #[command(after_help = EXIT_STATUS)]
    Generate(GenerateArgs),
    /// Report every problem in SPEC (with file:line:column) without generating code
    #[command(after_help = EXIT_STATUS)]
    Check(CheckArgs),
    /// Compare the Rust APIs generated from two specs: what changed, and whether it breaks calls
    #[command(after_help = EXIT_STATUS)]
    Diff(DiffArgs),
}

/// The spec and what changes how it is read.
#[derive(Debug, Args)]
pub struct Inputs {
    /// The OpenAPI description (JSON or YAML)
    #[arg(value_name = "SPEC")]
    pub spec: PathBuf,
    /// An OpenAPI Overlay (1.0, or 1.1 with `copy`) applied to SPEC first; repeat to apply several,
    /// in order
    #[arg(long = "overlay", value_name = "FILE")]
    pub overlays: Vec<PathBuf>,
    /// Treat warnings as errors
    #[arg(long)]
    pub strict: bool,
}

#[derive(Debug, Args)]
pub struct GenerateArgs {
    #[command(flatten)]
    pub inputs: Inputs,
    /// Directory of the generated crate (created if missing; only files apiforge wrote before are
    /// overwritten)
    #[arg(short, long, value_name = "DIR")]
    pub out: PathBuf,
    /// Package name (default: the spec's `info.title`, made a valid name)
    #[arg(long, value_name = "CRATE", value_parser = package_name_arg)]
    pub name: Option<String>,
    /// Name of the client struct
    #[arg(long, value_name = "NAME", default_value = "Client", value_parser = client_name_arg)]
    pub client: String,
    /// Fail to decode `null` for an array or map the spec does not mark nullable (default: read it
    /// as empty, as Go servers send it)
    #[arg(long)]
    pub strict_nulls: bool,
    /// Structs skip object keys the spec does not declare (default: keep them in a map and write
    /// them back)
    #[arg(long)]
    pub drop_unknown_fields: bool,
    /// Keep only operations with one of these tags (comma-separated or repeated; with
    /// --operations, operations matching either are kept)
    #[arg(long, value_name = "TAG", value_delimiter = ',', value_parser = filter_arg)]
    pub tags: Vec<String>,
    /// Keep only operations whose operationId matches one of these globs (`admin*`,
    /// `*Identity*`; comma-separated or repeated)
    #[arg(long, value_name = "GLOB", value_delimiter = ',', value_parser = filter_arg)]
    pub operations: Vec<String>,
    /// Drop operations whose operationId matches one of these globs (comma-separated or repeated)
    #[arg(long, value_name = "GLOB", value_delimiter = ',', value_parser = filter_arg)]
    pub exclude: Vec<String>,
    /// Depend on the apiforge-runtime at PATH (written relative to DIR) instead of the release
    /// with this apiforge's version
    #[arg(long, value_name = "PATH")]
    pub runtime_path: Option<PathBuf>,
    /// Write nothing; fail when the crate in DIR is not what this command would write
    #[arg(long)]
    pub check: bool,
}

#[derive(Debug, Args)]
pub struct CheckArgs {
    #[command(flatten)]
    pub inputs: Inputs,
}

#[derive(Debug, Args)]
pub struct DiffArgs {
    /// The spec the existing code was generated from
    #[arg(value_name = "OLD")]
    pub old: PathBuf,
    /// The new spec
    #[arg(value_name = "NEW")]
    pub new: PathBuf,
    /// An OpenAPI Overlay applied to both specs first; repeat to apply several, in order
    #[arg(long = "overlay", value_name = "FILE")]
    pub overlays: Vec<PathBuf>,
    /// Output format
    #[arg(long, value_enum, default_value_t = Format::Human)]
    pub format: Format,
    /// Which call form decides the exit status: fail when a change breaks it
    #[arg(long, value_enum, default_value_t = Form::Any)]
    pub form: Form,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Format {
    /// A block per changed method or type
    Human,
    /// `{"changes": [{"item", "change", "positional", "builder", "note"}]}`
    Json,
}

#[derive(Clone, Copy, Debug, ValueEnum)]
pub enum Form {
    /// Positional calls: `client.op(a, b, body)`
    Positional,
    /// Builder calls: `client.call().op(a).b(v).body(body).send()`
    Builder,
    /// Either form
    Any,
}

fn client_name_arg(name: &str) -> Result<String, String> {
    match syn::parse_str::<syn::Ident>(name) {
        Ok(_) => Ok(name.to_owned()),
        Err(_) => Err(format!(
            "`{name}` is not a Rust identifier, so it cannot name the client"
        )),
    }
}

fn filter_arg(value: &str) -> Result<String, String> {
    match value.trim() {
        "" => Err("a tag or glob cannot be empty".to_owned()),
        value => Ok(value.to_owned()),
    }
}

fn package_name_arg(name: &str) -> Result<String, String> {
    match crate::manifest::package_name(name) {
        valid if valid == name => Ok(valid),
        valid => Err(format!(
            "`{name}` is not a valid package name (try `{valid}`)"
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use clap::Parser;

    fn parse(args: &[&str]) -> Result<Cli, clap::Error> {
        Cli::try_parse_from(std::iter::once("apiforge").chain(args.iter().copied()))
    }

    #[test]
    fn generate_takes_options_in_any_order() {
        let Ok(Cli {
            command: Command::Generate(g),
        }) = parse(&[
            "generate",
            "--strict",
            "--out=dir",
            "s.yaml",
            "--overlay",
            "a.yaml",
            "--client",
            "K",
            "--overlay",
            "b.yaml",
            "--strict-nulls",
        ])
        else {
            panic!("not a generate command");
        };
        assert_eq!(
            (g.inputs.spec, g.out, g.client, g.inputs.strict),
            ("s.yaml".into(), "dir".into(), "K".into(), true)
        );
        assert_eq!(
            g.inputs.overlays,
            [PathBuf::from("a.yaml"), "b.yaml".into()]
        );
    }

    #[test]
    fn usage_errors_say_what_is_wrong() {
        let error = |args: &[&str]| parse(args).unwrap_err().to_string();
        assert_eq!(
            parse(&[]).unwrap_err().kind(),
            clap::error::ErrorKind::DisplayHelpOnMissingArgumentOrSubcommand
        );
        assert!(error(&["frobnicate"]).contains("unrecognized subcommand 'frobnicate'"));
        assert!(error(&["generate", "s.yaml"]).contains("--out"));
        assert!(error(&["check", "s.yaml", "--out", "x"]).contains("--out"));
        assert!(
            error(&["generate", "s.yaml", "-o", "x", "--name", "Not Valid"]).contains("not-valid")
        );
        assert!(error(&["generate", "s.yaml", "-o", "x", "--client", "a b"]).contains("`a b`"));
        assert!(error(&["diff", "old.yaml"]).contains("<NEW>"));
        assert!(error(&["generate", "s.yaml", "-o", "x", "--tags", "a,,b"]).contains("empty"));
    }

    #[test]
    fn filters_are_comma_separated_or_repeated() {
        let Ok(Cli {
            command: Command::Generate(g),
        }) = parse(&[
            "generate",
            "s.yaml",
            "-o",
            "x",
            "--tags",
            "identity,courier",
            "--tags=metadata",
            "--operations",
            "admin*",
            "--exclude",
            "*Delete*,*Revoke*",
        ])
        else {
            panic!("not a generate command");
        };
        assert_eq!(g.tags, ["identity", "courier", "metadata"]);
        assert_eq!(g.operations, ["admin*"]);
        assert_eq!(g.exclude, ["*Delete*", "*Revoke*"]);
    }
}
