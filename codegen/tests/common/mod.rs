//! Helpers the codegen integration tests share.

use std::path::PathBuf;

/// The repository root.
pub fn repo_root() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("..")
}

/// The reference data: the directory `APIFORGE_SHARED` names, else `../shared` beside the
/// repository.
#[allow(dead_code)]
pub fn shared_dir() -> PathBuf {
    std::env::var_os("APIFORGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo_root().join("../shared"))
}

/// `path` inside the reference data.
///
/// # Panics
/// When it is missing. Tests that need the data are `#[ignore]`d (they show as ignored in a plain
/// `cargo test`), so they only run when asked to with `--include-ignored`, as CI does; there a
/// missing file is a failure, never a silent pass.
#[allow(dead_code)]
pub fn shared_file(path: &str) -> PathBuf {
    let file = shared_dir().join(path);
    assert!(
        file.exists(),
        "{} is missing: this test needs the reference data (../shared, or APIFORGE_SHARED)",
        file.display()
    );
    file
}

/// `path` inside the reference data when it is there, for tests that take it as extra input
/// beside files of the repository.
#[allow(dead_code)]
pub fn optional_shared_file(path: &str) -> Option<PathBuf> {
    let file = shared_dir().join(path);
    if file.exists() {
        return Some(file);
    }
    eprintln!("not using {}: the reference data is absent", file.display());
    None
}

/// An error or warning from a cargo run with `--message-format json`: the name of the target it
/// is about (a library's name, `-` as `_`) and its text as rustc renders it.
#[allow(dead_code)]
pub struct CompilerMessage {
    pub target: String,
    pub rendered: String,
}

/// The errors and warnings in cargo's JSON `output`, without rustc's "aborting due to" summaries.
#[allow(dead_code)]
pub fn compiler_messages(output: impl std::io::Read) -> Vec<CompilerMessage> {
    use std::io::BufRead;
    std::io::BufReader::new(output)
        .lines()
        .map_while(Result::ok)
        .filter_map(|line| serde_json::from_str::<serde_json::Value>(&line).ok())
        .filter(|message| message["reason"] == "compiler-message")
        .filter_map(|message| {
            let level = message["message"]["level"].as_str().unwrap_or("");
            let text = message["message"]["message"].as_str().unwrap_or("");
            if !matches!(level, "error" | "warning") || text.starts_with("aborting due to") {
                return None;
            }
            Some(CompilerMessage {
                target: message["target"]["name"].as_str().unwrap_or("").to_owned(),
                rendered: message["message"]["rendered"]
                    .as_str()
                    .unwrap_or(text)
                    .to_owned(),
            })
        })
        .collect()
}
