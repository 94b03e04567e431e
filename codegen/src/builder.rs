//! The `build.rs` front door: generate a client into `OUT_DIR`.

use crate::{generate_file, Failure, Settings};
use std::path::{Path, PathBuf};

/// Generates a client from a build script.
///
/// ```no_run
/// // In build.rs's `main`:
/// apiforge_codegen::Builder::new("spec/kratos.yaml").generate().unwrap();
/// // Or upstream's file with our fixes as an OpenAPI Overlay:
/// apiforge_codegen::Builder::new("kratos-v0.10.1.json")
///     .overlay("spec/kratos.overlay.yaml")
///     .generate()
///     .unwrap();
/// // In src/lib.rs: `mod kratos { include!(concat!(env!("OUT_DIR"), "/kratos.rs")); }`
/// ```
#[derive(Clone, Debug)]
pub struct Builder {
    spec: PathBuf,
    settings: Settings,
    out_file: Option<String>,
    out_dir: Option<PathBuf>,
    overlays: Vec<PathBuf>,
}

/// Why a build-script generation failed.
#[derive(Debug)]
#[non_exhaustive]
pub enum BuildError {
    /// The spec has errors.
    Spec(Failure),
    /// The generated tokens did not parse as a file (a generator bug).
    Format(syn::Error),
    /// Neither `out_dir` nor the `OUT_DIR` environment variable is set.
    NoOutDir,
    /// Writing the file failed.
    Io(std::io::Error),
}

impl std::fmt::Display for BuildError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            BuildError::Spec(failure) => write!(f, "{failure}"),
            BuildError::Format(e) => write!(f, "generated code does not parse: {e}"),
            BuildError::NoOutDir => write!(
                f,
                "OUT_DIR is not set: call this from a build script or set out_dir"
            ),
            BuildError::Io(e) => write!(f, "cannot write the generated client: {e}"),
        }
    }
}

impl std::error::Error for BuildError {}

impl Builder {
    /// A builder for the spec at `spec` (relative paths are relative to the crate being built).
    pub fn new(spec: impl Into<PathBuf>) -> Self {
        Self {
            spec: spec.into(),
            settings: Settings::default(),
            out_file: None,
            out_dir: None,
            overlays: Vec::new(),
        }
    }

    /// Uses these settings.
    pub fn settings(mut self, settings: Settings) -> Self {
        self.settings = settings;
        self
    }

    /// Applies the OpenAPI Overlay file at `path` to the spec first (after any overlays of the
    /// [`Settings`]); cargo reruns the build script when it changes, as for the spec.
    pub fn overlay(mut self, path: impl Into<PathBuf>) -> Self {
        self.overlays.push(path.into());
        self
    }

    /// Keeps only operations with one of these tags (see [`crate::OperationFilter`]); only the
    /// types they use are generated.
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.settings = self.settings.to_builder().tags(tags).build();
        self
    }

    /// Keeps only operations whose `operationId` matches one of these globs (`admin*`).
    pub fn operations<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Self {
        self.settings = self.settings.to_builder().operations(globs).build();
        self
    }

    /// Drops operations whose `operationId` matches one of these globs.
    pub fn exclude<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Self {
        self.settings = self.settings.to_builder().exclude(globs).build();
        self
    }

    /// Names the output file (default: the spec's file stem with `.rs`).
    pub fn out_file(mut self, name: impl Into<String>) -> Self {
        self.out_file = Some(name.into());
        self
    }

    /// Writes into `dir` instead of `OUT_DIR`.
    pub fn out_dir(mut self, dir: impl Into<PathBuf>) -> Self {
        self.out_dir = Some(dir.into());
        self
    }

    /// Generates, writes the formatted client and tells cargo to rerun when the spec changes;
    /// warnings become `cargo:warning` lines. Returns the written file's path.
    pub fn generate(self) -> Result<PathBuf, BuildError> {
        let settings = self
            .overlays
            .iter()
            .fold(self.settings.to_builder(), |settings, overlay| {
                settings.overlay(overlay)
            })
            .build();
        println!("cargo:rerun-if-changed={}", self.spec.display());
        for overlay in settings.overlays() {
            println!("cargo:rerun-if-changed={}", overlay.display());
        }
        let generated = generate_file(&self.spec, &settings).map_err(BuildError::Spec)?;
        for warning in &generated.diagnostics {
            println!("cargo:warning={}", warning.to_string().replace('\n', " "));
        }
        let source = generated
            .to_formatted_string()
            .map_err(BuildError::Format)?;
        let dir = match self.out_dir {
            Some(dir) => dir,
            None => std::env::var_os("OUT_DIR")
                .map(PathBuf::from)
                .ok_or(BuildError::NoOutDir)?,
        };
        let file = self
            .out_file
            .unwrap_or_else(|| default_file_name(&self.spec));
        let path = dir.join(file);
        // Written beside and renamed over, so a reader never sees half a file and a hard-linked
        // copy of an earlier output (a shared or restored target directory) is left alone.
        let mut partial = path.clone().into_os_string();
        partial.push(".partial");
        std::fs::write(&partial, source)
            .and_then(|()| std::fs::rename(&partial, &path))
            .map_err(BuildError::Io)?;
        Ok(path)
    }
}

fn default_file_name(spec: &Path) -> String {
    let stem = spec.file_stem().and_then(|s| s.to_str()).unwrap_or("api");
    format!("{stem}.rs")
}
