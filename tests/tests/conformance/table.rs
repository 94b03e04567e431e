//! The per-operation results of a suite, printed as a table.

use std::collections::BTreeMap;
use std::fmt;

use crate::check::cut;
use crate::run::Done;

/// How much of the first failure's reason the table shows.
const REASON: usize = 160;

/// Calls, passes and the first failure of one operation.
#[derive(Default)]
pub struct Row {
    /// Calls made.
    pub calls: usize,
    /// Calls that passed.
    pub passed: usize,
    /// The reason of the first failed call.
    pub first_failure: Option<String>,
}

/// The results of a suite by operationId.
pub struct Table {
    title: String,
    rows: BTreeMap<&'static str, Row>,
}

impl Table {
    /// Tallies `done` under `title`.
    pub fn new(title: String, done: &[Done]) -> Self {
        let mut rows: BTreeMap<&'static str, Row> = BTreeMap::new();
        for call in done {
            let row = rows.entry(call.operation).or_default();
            row.calls += 1;
            match &call.outcome {
                Ok(()) => row.passed += 1,
                Err(reason) => {
                    row.first_failure.get_or_insert_with(|| reason.clone());
                }
            }
        }
        Self { title, rows }
    }

    /// The first failure of each failing operation, in full.
    pub fn failures(&self) -> String {
        let failing = self
            .rows
            .iter()
            .filter_map(|(op, row)| Some((op, row.first_failure.as_ref()?)));
        failing
            .map(|(op, reason)| format!("{op}: {reason}\n"))
            .collect()
    }

    /// The rows by operationId.
    pub fn rows(&self) -> &BTreeMap<&'static str, Row> {
        &self.rows
    }
}

impl fmt::Display for Table {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let width = self
            .rows
            .keys()
            .map(|op| op.len())
            .max()
            .unwrap_or(9)
            .max(9);
        writeln!(f, "{}", self.title)?;
        writeln!(
            f,
            "{:width$}  calls  passed  failed  first failure",
            "operation"
        )?;
        let (mut calls, mut passed) = (0, 0);
        for (operation, row) in &self.rows {
            let reason = row
                .first_failure
                .as_deref()
                .map(|r| cut(r, REASON))
                .unwrap_or_default();
            let failed = row.calls - row.passed;
            writeln!(
                f,
                "{operation:width$}  {:5}  {:6}  {failed:6}  {reason}",
                row.calls, row.passed
            )?;
            calls += row.calls;
            passed += row.passed;
        }
        writeln!(
            f,
            "{:width$}  {calls:5}  {passed:6}  {:6}",
            "total",
            calls - passed
        )
    }
}
