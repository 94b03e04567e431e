//! Problems found in a spec, collected in one sink and reported together.
//!
//! Every stage (`load`, `resolve`) pushes into a [`Diagnostics`] sink with the JSON pointer of the
//! offending node; the loader's source map later turns pointers into `file:line:column`.

use std::fmt;

pub use crate::pointer::{child, escape_token};

/// How bad a problem is.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum Severity {
    /// Something was degraded (a type became `serde_json::Value`, an operation was skipped) or ignored.
    Warning,
    /// The spec cannot be turned into a client.
    Error,
}

/// Where in the source file a diagnostic points.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Location {
    /// The spec file as the user named it.
    pub file: String,
    /// 1-based line.
    pub line: usize,
    /// 1-based column.
    pub column: usize,
}

/// One problem, tied to a JSON pointer into the spec as the user wrote it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Diagnostic {
    /// Warning or error.
    pub severity: Severity,
    /// RFC 6901 pointer into the document (`""` is the whole document).
    pub pointer: String,
    /// What is wrong, in a sentence.
    pub message: String,
    /// File, line and column, when the source map knows them.
    pub location: Option<Location>,
    /// Another node the message names by pointer (written `` `#/pointer` ``), such as the item
    /// holding a name this one wanted; once located, its `file:line:column` follows it in the
    /// message.
    pub related: Option<String>,
}

impl Diagnostic {
    /// Adds `at`, the location of the related node, after its pointer in the message.
    pub(crate) fn locate_related(&mut self, at: &Location) {
        let Some(related) = &self.related else {
            return;
        };
        let named = format!("`#{related}`");
        let place = format!("{}:{}:{}", at.file, at.line, at.column);
        self.message = match self.message.find(&named) {
            Some(_) => self
                .message
                .replacen(&named, &format!("{named} ({place})"), 1),
            None => format!("{} (see {named} at {place})", self.message),
        };
    }
}

impl fmt::Display for Diagnostic {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let level = match self.severity {
            Severity::Warning => "warning",
            Severity::Error => "error",
        };
        write!(f, "{level}: {}", self.message)?;
        match &self.location {
            Some(loc) => write!(
                f,
                "\n  --> {}:{}:{} (#{})",
                loc.file, loc.line, loc.column, self.pointer
            ),
            None if self.pointer.is_empty() => Ok(()),
            None => write!(f, "\n  --> #{}", self.pointer),
        }
    }
}

/// The sink every stage reports into.
#[derive(Debug, Default)]
pub struct Diagnostics {
    items: Vec<Diagnostic>,
}

impl Diagnostics {
    /// Records a warning at `pointer`.
    pub fn warn(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.add(Severity::Warning, pointer.into(), message.into());
    }

    /// Records an error at `pointer`.
    pub fn error(&mut self, pointer: impl Into<String>, message: impl Into<String>) {
        self.add(Severity::Error, pointer.into(), message.into());
    }

    /// Records a warning at `pointer` whose message names the node at `related` as
    /// `` `#related` `` (both get a line and column).
    pub fn warn_related(
        &mut self,
        pointer: impl Into<String>,
        message: impl Into<String>,
        related: impl Into<String>,
    ) {
        self.add(Severity::Warning, pointer.into(), message.into());
        if let Some(last) = self.items.last_mut() {
            last.related = Some(related.into());
        }
    }

    fn add(&mut self, severity: Severity, pointer: String, message: String) {
        self.items.push(Diagnostic {
            severity,
            pointer,
            message,
            location: None,
            related: None,
        });
    }

    /// Records a diagnostic as it is, keeping a location it already carries.
    pub fn push(&mut self, diagnostic: Diagnostic) {
        self.items.push(diagnostic);
    }

    /// Whether any error (not warning) was recorded.
    pub fn has_errors(&self) -> bool {
        self.items.iter().any(|d| d.severity == Severity::Error)
    }

    /// Appends everything another sink collected.
    pub fn extend(&mut self, other: Diagnostics) {
        self.items.extend(other.items);
    }

    /// The diagnostics recorded so far, in the order they were found.
    pub fn items(&self) -> &[Diagnostic] {
        &self.items
    }

    /// Takes the diagnostics out, leaving the sink empty.
    pub fn into_vec(self) -> Vec<Diagnostic> {
        self.items
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn errors_are_told_apart_from_warnings() {
        let mut d = Diagnostics::default();
        d.warn("/a", "odd");
        assert!(!d.has_errors());
        d.error("/b", "bad");
        assert!(d.has_errors());
        assert_eq!(d.items().len(), 2);
    }

    #[test]
    fn the_related_location_follows_its_pointer_in_the_message() {
        let at = Location {
            file: "api.yaml".into(),
            line: 7,
            column: 3,
        };
        let mut d = Diagnostics::default();
        d.warn_related(
            "/b",
            "`x` is taken by the field at `#/a`; this one is `x2`",
            "/a",
        );
        d.warn_related("/c", "named elsewhere", "/a");
        let mut items = d.into_vec();
        items.iter_mut().for_each(|i| i.locate_related(&at));
        assert_eq!(
            items[0].message,
            "`x` is taken by the field at `#/a` (api.yaml:7:3); this one is `x2`"
        );
        assert_eq!(
            items[1].message,
            "named elsewhere (see `#/a` at api.yaml:7:3)"
        );
    }
}
