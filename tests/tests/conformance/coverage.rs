//! What a suite must call: read from the spec through apiforge's own resolver.

use std::path::Path;

use apiforge_codegen::ir::{BodyEncoding, StatusMatch};
use apiforge_codegen::{resolve_file, Settings};

use crate::run::{Done, Kind};

/// Valid calls each operation gets, per request media type.
pub const VALID_CALLS: usize = 20;

/// Gaps in `done`: an operation (or its form body) called fewer than `VALID_CALLS` times with
/// valid arguments, or a documented non-success status never asked for.
pub fn gaps(spec: &Path, done: &[Done]) -> Vec<String> {
    let (api, _) = resolve_file(spec, &Settings::default()).unwrap_or_else(|f| panic!("{f}"));
    let count = |operation: &str, kind: Kind| {
        done.iter()
            .filter(|d| d.operation == operation && d.kind == kind)
            .count()
    };
    let mut gaps = Vec::new();
    for op in &api.operations {
        let form = op.calls.iter().any(|c| {
            c.body
                .as_ref()
                .is_some_and(|b| b.encoding == BodyEncoding::Form)
        });
        let mut kinds = vec![Kind::Valid];
        if form {
            kinds.push(Kind::ValidForm);
        }
        for kind in kinds {
            let n = count(&op.id, kind);
            if n < VALID_CALLS {
                gaps.push(format!(
                    "{}: {n} {kind:?} calls, expected at least {VALID_CALLS}",
                    op.id
                ));
            }
        }
        for case in &op.responses.errors {
            if let StatusMatch::Code(status) = case.status {
                if count(&op.id, Kind::Status(status)) == 0 {
                    gaps.push(format!(
                        "{}: documented status {status} never asked for",
                        op.id
                    ));
                }
            }
        }
    }
    for d in done {
        if !api.operations.iter().any(|op| op.id == d.operation) {
            gaps.push(format!("{}: not an operation of the spec", d.operation));
        }
    }
    gaps.dedup();
    gaps
}
