//! The checked-in list of calls expected to fail against a spec: per operation and kind of call,
//! the reasons they may fail for (a text each failure's reason contains).

use std::collections::{BTreeMap, BTreeSet};
use std::path::Path;

use crate::run::Done;

/// One expected reason of failure.
pub struct Known {
    /// A failure's reason contains this.
    pub reason: String,
    /// Where it is listed, for messages.
    pub line: usize,
}

/// The listed reasons by (operation, kind as `Debug` writes it: `Valid`, `Status(404)`, ...).
pub type KnownFailures = BTreeMap<(String, String), Vec<Known>>;

/// Reads `operationId | kind | reason substring | why` lines; blank lines and `#` comments are
/// skipped.
pub fn read(path: &Path) -> KnownFailures {
    let text = std::fs::read_to_string(path)
        .unwrap_or_else(|e| panic!("cannot read {}: {e}", path.display()));
    let mut known = KnownFailures::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        let fields: Vec<&str> = line.split(" | ").map(str::trim).collect();
        let [operation, kind, reason, why] = fields[..] else {
            panic!(
                "{}:{}: expected `operationId | kind | reason substring | why`",
                path.display(),
                n + 1
            );
        };
        assert!(
            [operation, kind, reason, why].iter().all(|f| !f.is_empty()),
            "{}:{}: an empty field",
            path.display(),
            n + 1
        );
        let reasons = known
            .entry((operation.to_owned(), kind.to_owned()))
            .or_default();
        assert!(
            reasons.iter().all(|k| k.reason != reason),
            "{}:{}: listed twice",
            path.display(),
            n + 1
        );
        reasons.push(Known {
            reason: reason.to_owned(),
            line: n + 1,
        });
    }
    known
}

/// Problems: failures without a listed reason for their operation and kind; listed operations
/// and kinds without any failure.
pub fn problems(done: &[Done], known: &KnownFailures) -> Vec<String> {
    let mut problems = Vec::new();
    let mut still_failing = BTreeSet::new();
    for call in done {
        let Err(reason) = &call.outcome else {
            continue;
        };
        let key = (call.operation.to_owned(), format!("{:?}", call.kind));
        match known.get(&key) {
            None => problems.push(format!(
                "{} {} fails and is not a known failure: {reason}",
                key.0, key.1
            )),
            Some(listed) if !listed.iter().any(|k| reason.contains(&k.reason)) => {
                let lines: Vec<String> = listed.iter().map(|k| k.line.to_string()).collect();
                problems.push(format!(
                    "{} {} fails for a reason lines {} do not give: {reason}",
                    key.0,
                    key.1,
                    lines.join(", ")
                ));
            }
            Some(_) => {
                still_failing.insert(key);
            }
        }
    }
    for ((operation, kind), listed) in known {
        if !still_failing.contains(&(operation.clone(), kind.clone())) {
            problems.push(format!(
                "{operation} {kind} (line {}) no longer fails: remove it from the known failures",
                listed[0].line
            ));
        }
    }
    problems
}
