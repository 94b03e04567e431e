//! The checked-in list of operations expected to fail against a spec, each with its reason.

use std::collections::BTreeMap;
use std::path::Path;

use crate::table::Table;

/// Reads `operation_id: reason` lines; blank lines and `#` comments are skipped.
pub fn read(path: &Path) -> BTreeMap<String, String> {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut known = BTreeMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let (operation, reason) = line
            .split_once(':')
            .filter(|(op, reason)| !op.trim().is_empty() && !reason.trim().is_empty())
            .unwrap_or_else(|| {
                panic!(
                    "{}:{}: expected `operation_id: reason`",
                    path.display(),
                    n + 1
                )
            });
        let previous = known.insert(operation.trim().to_owned(), reason.trim().to_owned());
        assert!(
            previous.is_none(),
            "{}:{}: {operation} is listed twice",
            path.display(),
            n + 1
        );
    }
    known
}

/// Problems: operations that fail but are not listed, listed ones that pass or do not exist.
pub fn problems(table: &Table, known: &BTreeMap<String, String>) -> Vec<String> {
    let mut problems = Vec::new();
    for (operation, row) in table.rows() {
        let failed = row.passed < row.calls;
        match (failed, known.contains_key(*operation)) {
            (true, false) => problems.push(format!("{operation} fails and is not a known failure")),
            (false, true) => problems.push(format!(
                "{operation} passes now: remove it from the known failures"
            )),
            _ => {}
        }
    }
    for operation in known.keys() {
        if !table.rows().contains_key(operation.as_str()) {
            problems.push(format!(
                "known failure {operation} is not an operation of the suite"
            ));
        }
    }
    problems
}
