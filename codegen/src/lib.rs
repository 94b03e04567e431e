//! apiforge's code generator: OpenAPI description in, typed Rust client out.
//!
//! The pipeline is `load` (bytes → one 3.0-shaped document with a source map) → `resolve`
//! (document → checked [`ir::Api`], every name decided, problems collected as [`Diagnostic`]s)
//! → `emit` (IR → tokens). Three front doors share it: [`Builder`] for `build.rs`, the
//! `include_api!` macro, and the `apiforge` binary.

pub mod diagnostics;
pub mod ir;
pub mod load;

pub use diagnostics::{Diagnostic, Diagnostics, Location, Severity};
