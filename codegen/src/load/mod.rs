//! Loading a spec: text in, one OpenAPI 3.0-shaped document out, with a way back to the text.
//!
//! The stages, one file each: `format` reads JSON (through `tree`) or YAML (through `yaml`) and
//! tells the version; `overlay` applies OpenAPI Overlays to the document as written (with their
//! own source maps); `swagger2` and `openapi31` lower the other versions to 3.0, recording in
//! `rewrites` where nodes moved; `normalize` walks the document (guided by `shape`) and puts every
//! schema into 3.0 form (`schema`); `typed` builds the `openapiv3` document; `source_map` turns
//! pointers into lines and columns, lazily, only when a diagnostic asks.
//!
//! Diagnostic pointers point into the lowered document (a node that lowering dropped keeps its
//! pointer in the file), so that `Spec::locate` maps every pointer the same way.

mod format;
mod normalize;
mod openapi31;
mod overlay;
mod rewrites;
mod schema;
mod shape;
mod source_map;
mod swagger2;
mod tree;
mod typed;
mod yaml;

use std::path::{Path, PathBuf};

use serde_json::Value;

use crate::diagnostics::{Diagnostic, Diagnostics, Location, Severity};
use format::Format;
use rewrites::Rewrites;
use source_map::Positions;

/// A spec loaded and lowered into one OpenAPI 3.0-shaped document.
#[derive(Debug)]
pub(crate) struct Spec {
    /// The typed 3.0 document.
    pub(crate) document: openapiv3::OpenAPI,
    /// The same lowered document as JSON, for `$ref`s to non-component places and `x-` lookups.
    pub(crate) raw: Value,
    /// The version the file was written in.
    pub(crate) input: InputVersion,
    /// The file name as the user gave it.
    pub(crate) file: String,
    source: Source,
}

/// The specification version a file was written in.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
#[non_exhaustive]
pub enum InputVersion {
    /// Swagger 2.0, lowered to 3.0.
    Swagger2,
    /// OpenAPI 3.0.x, read as is.
    OpenApi30,
    /// OpenAPI 3.1.x, lowered to 3.0.
    OpenApi31,
}

impl std::fmt::Display for InputVersion {
    /// The version as a person names it, and what the loader did with it.
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(match self {
            InputVersion::Swagger2 => "Swagger 2.0 (lowered to OpenAPI 3.0)",
            InputVersion::OpenApi30 => "OpenAPI 3.0",
            InputVersion::OpenApi31 => "OpenAPI 3.1 (lowered to OpenAPI 3.0)",
        })
    }
}

impl Spec {
    /// File, line and column of the node at `pointer` in the lowered document, mapped back to the
    /// original text (the nearest ancestor that exists there when the node itself does not).
    #[cfg(test)]
    pub(crate) fn locate(&self, pointer: &str) -> Option<Location> {
        self.source.locate(&self.file, pointer)
    }

    /// Fills `location` of each diagnostic that has none.
    pub(crate) fn attach_locations(&self, diagnostics: &mut [Diagnostic]) {
        self.source.attach(&self.file, diagnostics);
    }
}

/// Reads and loads the spec at `path`, applying the OpenAPI Overlay files `overlays` in order to
/// the document as written, before it is lowered; `None` iff an error was recorded.
pub(crate) fn load_file(
    path: &Path,
    overlays: &[PathBuf],
    diags: &mut Diagnostics,
) -> Option<Spec> {
    let file = path.display().to_string();
    let (spec, found) = match read(path, &file) {
        Ok(text) => load_overlaid(&file, text, overlays),
        Err(error) => (None, vec![error]),
    };
    record(diags, found);
    spec
}

/// Loads a spec from text, applying `overlays` first like [`load_file`]; `file` names it in
/// diagnostics. `None` iff an error was recorded.
pub(crate) fn load_str(
    file: &str,
    text: &str,
    overlays: &[PathBuf],
    diags: &mut Diagnostics,
) -> Option<Spec> {
    let (spec, found) = load_overlaid(file, text.to_owned(), overlays);
    record(diags, found);
    spec
}

/// Hands what loading found, located, to the caller's sink.
fn record(diags: &mut Diagnostics, found: Vec<Diagnostic>) {
    found.into_iter().for_each(|d| diags.push(d));
}

/// An error at the whole document (pointer `""`), at `line`:`column` when given.
fn document_error(file: &str, message: String, at: Option<(usize, usize)>) -> Diagnostic {
    let location = at.map(|(line, column)| Location {
        file: file.to_owned(),
        line,
        column,
    });
    Diagnostic {
        severity: Severity::Error,
        pointer: String::new(),
        message,
        location,
        related: None,
    }
}

/// The file's text, or an error if it cannot be read or is not UTF-8.
fn read(path: &Path, file: &str) -> Result<String, Diagnostic> {
    let bytes = std::fs::read(path)
        .map_err(|e| document_error(file, format!("cannot read {file}: {e}"), None))?;
    String::from_utf8(bytes).map_err(|e| {
        let valid = &e.as_bytes()[..e.utf8_error().valid_up_to()];
        // Everything before the bad byte is valid UTF-8, so this cannot fail.
        let before = std::str::from_utf8(valid).unwrap_or_default();
        let line = before.matches('\n').count() + 1;
        let column = before.rsplit('\n').next().map_or(0, |l| l.chars().count()) + 1;
        let message =
            format!("{file} is not UTF-8 text (invalid byte at line {line}, column {column})");
        document_error(file, message, Some((line, column)))
    })
}

/// [`load_overlaid`] without overlays (what the unit tests drive).
#[cfg(test)]
fn load(file: &str, text: String) -> (Option<Spec>, Vec<Diagnostic>) {
    load_overlaid(file, text, &[])
}

/// The whole pipeline, overlays first; returns the spec (unless an error was found) and every
/// diagnostic, located.
fn load_overlaid(
    file: &str,
    text: String,
    overlays: &[PathBuf],
) -> (Option<Spec>, Vec<Diagnostic>) {
    let format = Format::detect(&text);
    // A large text's positions are scanned on another thread while it is parsed and lowered.
    let positions = Positions::ahead(text, format);
    let mut value = match format::parse(positions.text(), format) {
        Ok(value) => value,
        Err(e) => {
            let location = Location {
                file: file.to_owned(),
                line: e.line,
                column: e.column,
            };
            let error = Diagnostic {
                severity: Severity::Error,
                pointer: e.pointer,
                message: e.message,
                location: Some(location),
                related: None,
            };
            return (None, vec![error]);
        }
    };
    let (overlaid, mut found) = overlay::apply_files(&mut value, overlays);
    if found.iter().any(|d| d.severity == Severity::Error) {
        return (None, found);
    }
    let mut source = Source {
        positions,
        rewrites: Rewrites::default(),
        overlaid,
    };
    let mut diags = Diagnostics::default();
    let typed = lower_and_type(&mut value, &mut source.rewrites, &mut diags);
    let mut lowering = diags.into_vec();
    source.attach(file, &mut lowering);
    found.extend(lowering);
    let spec = typed.map(|(input, document)| Spec {
        document,
        raw: value,
        input,
        file: file.to_owned(),
        source,
    });
    (spec, found)
}

/// Version check, lowering, normalization and typing; `None` when an error was recorded.
fn lower_and_type(
    value: &mut Value,
    rewrites: &mut Rewrites,
    diags: &mut Diagnostics,
) -> Option<(InputVersion, openapiv3::OpenAPI)> {
    let input = match format::version(value) {
        Ok(input) => input,
        Err((pointer, message)) => {
            diags.error(pointer, message);
            return None;
        }
    };
    match input {
        InputVersion::Swagger2 => swagger2::lower(value, rewrites, diags),
        InputVersion::OpenApi31 => openapi31::lower(value, diags),
        InputVersion::OpenApi30 => {}
    }
    normalize::document(value, input, diags);
    typed::document_degrading(value, diags).map(|document| (input, document))
}

/// The original text and what is needed to find a lowered pointer in it.
#[derive(Debug)]
struct Source {
    positions: Positions,
    rewrites: Rewrites,
    /// The overlays applied, which know the nodes they wrote.
    overlaid: overlay::Applied,
}

impl Source {
    fn locate(&self, file: &str, pointer: &str) -> Option<Location> {
        let original = self.rewrites.original(pointer);
        if let Some(location) = self.overlaid.locate(&original) {
            return Some(location);
        }
        let (line, column) = self.positions.find(&original)?;
        Some(Location {
            file: file.to_owned(),
            line,
            column,
        })
    }

    fn attach(&self, file: &str, diagnostics: &mut [Diagnostic]) {
        for d in diagnostics.iter_mut().filter(|d| d.location.is_none()) {
            d.location = self.locate(file, &d.pointer);
            if let Some(at) = d.related.as_deref().and_then(|p| self.locate(file, p)) {
                d.locate_related(&at);
            }
        }
    }
}

#[cfg(test)]
mod tests;
