//! Test support shared by apiforge's test crates (`apiforge-codegen`'s corpus test and
//! `apiforge-tests`' round trips of the Kratos models): reading a spec file as JSON, making
//! documents from its schemas, and comparing what a round trip gave back with what was sent.

pub mod compare;
pub mod documents;
pub mod spec;
