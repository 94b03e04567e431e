//! Knobs of the generator, set through a builder.

use std::path::{Path, PathBuf};

/// How code is generated. Build one with [`Settings::builder`]; `Settings::default()` suits most
/// specs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Settings {
    client_name: String,
    runtime_crate: String,
    strict: bool,
    overlays: Vec<PathBuf>,
    strict_nulls: bool,
    unknown_fields: UnknownFields,
    filter: OperationFilter,
}

/// What generated structs do with object keys the spec does not declare.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum UnknownFields {
    /// Keep them in a map beside the declared fields and write them back on encode, so decode →
    /// encode gives the same JSON (objects with `additionalProperties: false` stay closed).
    #[default]
    Keep,
    /// Skip them on decode: lean structs, but a value read and written back loses them. Maps the
    /// spec asks for (`additionalProperties: true` or a schema) are kept either way.
    Drop,
}

/// Which operations a client keeps; by default, all of them.
///
/// An operation is kept when it carries one of `tags` or its `operationId` matches one of
/// `operations` (either list empty: that selector is not used; both empty: every operation), and
/// its `operationId` matches none of `exclude`. Patterns are globs: `*` is any run of characters,
/// `?` any one character.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct OperationFilter {
    /// Tags to keep.
    pub tags: Vec<String>,
    /// Globs over `operationId` to keep.
    pub operations: Vec<String>,
    /// Globs over `operationId` to drop.
    pub exclude: Vec<String>,
}

impl OperationFilter {
    /// Whether the filter keeps every operation.
    pub fn is_empty(&self) -> bool {
        self.tags.is_empty() && self.operations.is_empty() && self.exclude.is_empty()
    }
}

impl Default for Settings {
    fn default() -> Self {
        Self {
            client_name: "Client".into(),
            runtime_crate: "apiforge_runtime".into(),
            strict: false,
            overlays: Vec::new(),
            strict_nulls: false,
            unknown_fields: UnknownFields::Keep,
            filter: OperationFilter::default(),
        }
    }
}

impl Settings {
    /// Starts from the defaults.
    pub fn builder() -> SettingsBuilder {
        SettingsBuilder {
            settings: Settings::default(),
        }
    }

    /// A builder that starts from these settings.
    pub fn to_builder(&self) -> SettingsBuilder {
        SettingsBuilder {
            settings: self.clone(),
        }
    }

    /// Name of the generated client struct (default `Client`).
    pub fn client_name(&self) -> &str {
        &self.client_name
    }

    /// Path of the runtime crate as generated code names it (default `apiforge_runtime`).
    pub fn runtime_crate(&self) -> &str {
        &self.runtime_crate
    }

    /// Whether warnings fail generation.
    pub fn strict(&self) -> bool {
        self.strict
    }

    /// OpenAPI Overlay files applied to the spec, in order, before anything else reads it.
    pub fn overlays(&self) -> &[PathBuf] {
        &self.overlays
    }

    /// Whether `null` for an array or map the spec does not mark nullable is a decode error
    /// (default `false`: it decodes as empty, as Go servers write empty lists as `null`).
    pub fn strict_nulls(&self) -> bool {
        self.strict_nulls
    }

    /// What structs do with undeclared keys (default [`UnknownFields::Keep`]).
    pub fn unknown_fields(&self) -> UnknownFields {
        self.unknown_fields
    }

    /// Which operations the client keeps (only the types and security schemes they use are
    /// generated).
    pub fn filter(&self) -> &OperationFilter {
        &self.filter
    }
}

/// Builds [`Settings`].
#[derive(Clone, Debug)]
pub struct SettingsBuilder {
    settings: Settings,
}

impl SettingsBuilder {
    /// Names the generated client struct.
    pub fn client_name(mut self, name: impl Into<String>) -> Self {
        self.settings.client_name = name.into();
        self
    }

    /// Sets the path generated code uses for the runtime crate (for a re-export under another name).
    pub fn runtime_crate(mut self, path: impl Into<String>) -> Self {
        self.settings.runtime_crate = path.into();
        self
    }

    /// Turns warnings into errors.
    pub fn strict(mut self, strict: bool) -> Self {
        self.settings.strict = strict;
        self
    }

    /// Applies the OpenAPI Overlay file at `path` (1.0, or 1.1 with `copy`) to the spec before it
    /// is read; overlays apply in the order they are added.
    pub fn overlay(mut self, path: impl AsRef<Path>) -> Self {
        self.settings.overlays.push(path.as_ref().to_owned());
        self
    }

    /// Keeps or drops undeclared object keys in objects that allow them (the OpenAPI default).
    pub fn unknown_fields(mut self, unknown_fields: UnknownFields) -> Self {
        self.settings.unknown_fields = unknown_fields;
        self
    }

    /// Makes `null` for an array or map the spec does not mark nullable a decode error, instead
    /// of an empty value (a required field) or `Some` of one (an optional field).
    pub fn strict_nulls(mut self, strict_nulls: bool) -> Self {
        self.settings.strict_nulls = strict_nulls;
        self
    }

    /// Keeps only operations tagged with one of `tags` (or matching [`Self::operations`]).
    pub fn tags<S: Into<String>>(mut self, tags: impl IntoIterator<Item = S>) -> Self {
        self.settings.filter.tags = tags.into_iter().map(Into::into).collect();
        self
    }

    /// Keeps only operations whose `operationId` matches one of these globs (`admin*`,
    /// `*Identity*`), or that carry one of [`Self::tags`].
    pub fn operations<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Self {
        self.settings.filter.operations = globs.into_iter().map(Into::into).collect();
        self
    }

    /// Drops operations whose `operationId` matches one of these globs.
    pub fn exclude<S: Into<String>>(mut self, globs: impl IntoIterator<Item = S>) -> Self {
        self.settings.filter.exclude = globs.into_iter().map(Into::into).collect();
        self
    }

    /// The finished settings.
    pub fn build(self) -> Settings {
        self.settings
    }
}
