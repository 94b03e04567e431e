//! Helpers the codegen integration tests share.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// `path` inside `../shared`, or `None` (after saying why) when it is missing outside CI.
///
/// # Panics
/// When the file is missing and `CI` is `true`: a skip must never hide a problem there.
#[allow(dead_code)]
pub fn shared_file(path: &str) -> Option<PathBuf> {
    let file = repo_root().join("../shared").join(path);
    if file.exists() {
        return Some(file);
    }
    if std::env::var("CI").is_ok_and(|v| v == "true") {
        panic!("{} is missing, and CI=true", file.display());
    }
    eprintln!(
        "skipping: {} not found (../shared is absent)",
        file.display()
    );
    None
}
