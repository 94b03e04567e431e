//! The diff as people read it: changes grouped by item, each with its impact on both call forms.

use std::fmt;

use super::{ApiDiff, Impact};

impl fmt::Display for Impact {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Impact::Additive => "additive",
            Impact::Compatible => "compatible",
            Impact::Breaking => "breaking",
        })
    }
}

impl fmt::Display for ApiDiff {
    /// One block per changed item: the item, then one line per change with its impact on
    /// positional and builder calls, and a closing count.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let mut item = None;
        for change in &self.changes {
            if item != Some(&change.item) {
                writeln!(f, "{}", change.item)?;
                item = Some(&change.item);
            }
            writeln!(
                f,
                "  {:<66} positional: {:<10} builder: {}",
                change.change,
                change.positional.to_string(),
                change.builder
            )?;
            if let Some(note) = &change.note {
                writeln!(f, "      ({note})")?;
            }
        }
        let breaking = |form: fn(&super::Change) -> Impact| {
            self.changes
                .iter()
                .filter(|c| form(c) == Impact::Breaking)
                .count()
        };
        write!(
            f,
            "{} change(s): {} breaking for positional calls, {} breaking for builder calls",
            self.changes.len(),
            breaking(|c| c.positional),
            breaking(|c| c.builder),
        )
    }
}

impl ApiDiff {
    /// The changes as a JSON document: `{"changes": [{"item", "change", "positional",
    /// "builder", "note"?}]}`.
    pub fn to_json(&self) -> String {
        serde_json::to_string_pretty(self).unwrap_or_default()
    }
}
