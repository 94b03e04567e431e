//! Finding the reference data in `../shared` beside the repository (or where `APIFORGE_SHARED`
//! points when the crate is built).
//!
//! The build script sets `cfg(shared_data)` when the data is there. Tests that need it carry
//! `#[cfg_attr(not(shared_data), ignore = "needs the reference data in ../shared")]`: without it
//! they show as ignored in the summary; under `CI=true` its absence fails the build instead.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The reference data directory the crate was built against.
pub fn shared_dir() -> PathBuf {
    PathBuf::from(env!("APIFORGE_SHARED_DIR"))
}

/// `path` inside the reference data.
///
/// # Panics
/// When it is missing: a test that needs it must be ignored without it (`cfg(shared_data)`), so
/// getting here means it was forced to run (`--include-ignored`) or the file is gone.
pub fn shared_file(path: &str) -> PathBuf {
    let file = shared_dir().join(path);
    assert!(
        file.exists(),
        "{} is missing: this test needs the reference data (../shared, or APIFORGE_SHARED)",
        file.display()
    );
    file
}
