//! Comparing generated code with a checked-in golden file.
//!
//! With `APIFORGE_UPDATE_GOLDEN=1` the golden file is rewritten instead of compared.

use std::path::Path;

/// Asserts that `actual` equals the file at `golden`, naming the first differing line; or, with
/// `APIFORGE_UPDATE_GOLDEN=1`, writes `actual` there. `regenerate` is the command to show.
///
/// # Panics
/// When they differ (or the file cannot be read or written).
pub fn assert_golden(golden: &Path, actual: &str, regenerate: &str) {
    if std::env::var("APIFORGE_UPDATE_GOLDEN").is_ok_and(|v| v == "1") {
        std::fs::write(golden, actual)
            .unwrap_or_else(|e| panic!("write {}: {e}", golden.display()));
        return;
    }
    let expected = std::fs::read_to_string(golden).unwrap_or_else(|e| {
        panic!(
            "read {}: {e}\ncreate it with: {regenerate}",
            golden.display()
        )
    });
    if let Some((line, (want, got))) = expected
        .lines()
        .zip(actual.lines())
        .enumerate()
        .find(|(_, (want, got))| want != got)
    {
        panic!(
            "generated code differs from {} at line {}:\n  golden:    {want}\n  generated: {got}\n\
             regenerate with `{regenerate}` if the change is intended",
            golden.display(),
            line + 1
        );
    }
    assert_eq!(
        expected.lines().count(),
        actual.lines().count(),
        "generated code and {} differ in length; regenerate with `{regenerate}` if intended",
        golden.display()
    );
}
