//! Finding the reference data in `../shared` (beside the repository).
//!
//! Without it, tests that need it skip with a message; under CI (`CI=true`) its absence is a
//! failure instead, so a skip can never hide a problem there.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `path` inside `../shared`, or `None` (after saying why) when it is missing outside CI.
///
/// # Panics
/// When the file is missing and `CI` is `true`.
pub fn shared_file(path: &str) -> Option<PathBuf> {
    let file = repo_root().join("../shared").join(path);
    if file.exists() {
        return Some(file);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!(
            "{} is missing, and CI=true: the reference data must be present in CI",
            file.display()
        );
    }
    eprintln!(
        "skipping: {} not found (reference data in ../shared is absent)",
        file.display()
    );
    None
}
