//! OpenAPI Overlays (1.0, plus the `copy` action of 1.1): ordered edits of the document as written,
//! applied before it is lowered, so a fix to an upstream spec can live beside it instead of in a
//! hand-edited copy.
//!
//! Each action selects nodes with an RFC 9535 JSONPath (`target`) and removes them, merges a value
//! into them (`update`) or merges the node another JSONPath selects (`copy`). Merging follows the
//! specification: into an object, the update's properties recursively (other values replace what
//! was there); into an array, the update is appended (each entry, when the update is an array);
//! a primitive is replaced. An action whose target selects nothing is a warning naming it, so an
//! upstream release that made a fix unnecessary shows.
//!
//! Overlay files have their own source map: their diagnostics point at the action, and a problem
//! later found in a node an update put into the document points at that node in the overlay.

use std::path::{Path, PathBuf};

use serde_json::{Map, Value};
use serde_json_path::JsonPath;

use super::format::{self, Format};
use super::source_map::Positions;
use crate::diagnostics::{Diagnostic, Location, Severity};
use crate::pointer::{self, child};

/// The overlays applied to one spec, kept to locate the nodes they put into it.
#[derive(Debug, Default)]
pub(super) struct Applied {
    overlays: Vec<OverlayFile>,
    /// Nodes of the document that came from an overlay, in the order they were written.
    origins: Vec<Origin>,
}

/// An overlay file as read.
#[derive(Debug)]
struct OverlayFile {
    file: String,
    positions: Positions,
}

/// A document node written by an overlay: where it is in the spec and where its value is written.
#[derive(Debug)]
struct Origin {
    spec_pointer: String,
    overlay: usize,
    overlay_pointer: String,
}

impl OverlayFile {
    fn locate(&self, pointer: &str) -> Option<Location> {
        let (line, column) = self.positions.find(pointer)?;
        Some(Location {
            file: self.file.clone(),
            line,
            column,
        })
    }

    /// A diagnostic at `pointer` in this overlay file, located.
    fn diagnostic(&self, severity: Severity, pointer: String, message: String) -> Diagnostic {
        let location = self.locate(&pointer);
        Diagnostic {
            severity,
            pointer,
            message,
            location,
            related: None,
        }
    }
}

impl Applied {
    /// Where the node at `pointer` (of the document as written) is written in an overlay, when an
    /// overlay put it there.
    pub(super) fn locate(&self, pointer: &str) -> Option<Location> {
        let (origin, rest) = self.origins.iter().rev().find_map(|o| {
            let rest = pointer.strip_prefix(o.spec_pointer.as_str())?;
            (rest.is_empty() || rest.starts_with('/')).then_some((o, rest))
        })?;
        self.overlays[origin.overlay].locate(&format!("{}{rest}", origin.overlay_pointer))
    }
}

/// Reads each overlay file and applies its actions to `doc`, in order. Problems are returned
/// located in the overlay file; the caller stops when one is an error.
pub(super) fn apply_files(doc: &mut Value, paths: &[PathBuf]) -> (Applied, Vec<Diagnostic>) {
    let mut applied = Applied::default();
    let mut found = Vec::new();
    for path in paths {
        match read(path) {
            Ok((file, parsed)) => {
                applied.overlays.push(file);
                let index = applied.overlays.len() - 1;
                apply(doc, &parsed, index, &mut applied, &mut found);
            }
            Err(error) => found.push(error),
        }
    }
    (applied, found)
}

/// Reads and parses an overlay file.
fn read(path: &Path) -> Result<(OverlayFile, Value), Diagnostic> {
    let file = path.display().to_string();
    let text = super::read(path, &file)?;
    let format = Format::detect(&text);
    match format::parse(&text, format) {
        Ok(value) => {
            let overlay = OverlayFile {
                file,
                positions: Positions::lazy(text, format),
            };
            Ok((overlay, value))
        }
        Err(e) => Err(Diagnostic {
            severity: Severity::Error,
            pointer: e.pointer,
            message: e.message,
            location: Some(Location {
                file,
                line: e.line,
                column: e.column,
            }),
            related: None,
        }),
    }
}

/// Checks the overlay document and runs its actions.
fn apply(
    doc: &mut Value,
    overlay: &Value,
    index: usize,
    applied: &mut Applied,
    found: &mut Vec<Diagnostic>,
) {
    let file = &applied.overlays[index];
    let version = overlay.get("overlay").and_then(Value::as_str);
    if !version.is_some_and(|v| v.starts_with("1.0.") || v.starts_with("1.1.")) {
        let message = match version {
            Some(v) => format!("overlay version `{v}` is not supported (1.0.x and 1.1.x are)"),
            None => "not an overlay: the `overlay` field (such as `1.0.0`) is missing".to_owned(),
        };
        found.push(file.diagnostic(Severity::Error, "/overlay".into(), message));
        return;
    }
    let Some(actions) = overlay.get("actions").and_then(Value::as_array) else {
        let message = "an overlay needs an `actions` list".to_owned();
        found.push(file.diagnostic(Severity::Error, "/actions".into(), message));
        return;
    };
    for (i, action) in actions.iter().enumerate() {
        let at = format!("/actions/{i}");
        match run(doc, action, &at) {
            Ok(written) => applied.origins.extend(written.into_iter().map(
                |(spec_pointer, overlay_pointer)| Origin {
                    spec_pointer,
                    overlay: index,
                    overlay_pointer,
                },
            )),
            Err(problem) => {
                let message = format!("{} {}", name(action, i), problem.message);
                let diagnostic = applied.overlays[index].diagnostic(
                    problem.severity,
                    format!("{at}{}", problem.field),
                    message,
                );
                found.push(diagnostic);
            }
        }
    }
}

/// How an action is named in messages: its number and description.
fn name(action: &Value, i: usize) -> String {
    match action.get("description").and_then(Value::as_str) {
        Some(description) => format!(
            "overlay action {} (\"{}\")",
            i + 1,
            description.split_whitespace().collect::<Vec<_>>().join(" ")
        ),
        None => format!("overlay action {}", i + 1),
    }
}

/// Why an action did nothing: severity, the field of the action to point at, and the message.
struct Problem {
    severity: Severity,
    field: &'static str,
    message: String,
}

fn error(field: &'static str, message: String) -> Problem {
    Problem {
        severity: Severity::Error,
        field,
        message,
    }
}

/// A (document pointer, overlay pointer) pair for each node an update wrote.
type Written = Vec<(String, String)>;

/// Runs one action.
fn run(doc: &mut Value, action: &Value, at: &str) -> Result<Written, Problem> {
    let target = action
        .get("target")
        .and_then(Value::as_str)
        .ok_or_else(|| error("", "has no `target` (a JSONPath string)".into()))?;
    let targets = select(doc, target, "/target")?;
    if targets.is_empty() {
        return Err(Problem {
            severity: Severity::Warning,
            field: "/target",
            message: format!("matches nothing (target `{target}`); is it still needed?"),
        });
    }
    if action.get("remove").and_then(Value::as_bool) == Some(true) {
        if targets.iter().any(String::is_empty) {
            return Err(error("/target", "cannot remove the whole document".into()));
        }
        // Later nodes first, so the indexes of earlier array items stay valid.
        for target in targets.iter().rev() {
            remove(doc, target);
        }
        return Ok(Vec::new());
    }
    let (value, source) = if let Some(update) = action.get("update") {
        (update.clone(), Some(format!("{at}/update")))
    } else if let Some(copy) = action.get("copy") {
        (copied(doc, copy)?, None)
    } else {
        return Err(error(
            "",
            "has none of `update`, `remove: true` and `copy`".into(),
        ));
    };
    let mut written = Vec::new();
    for target in &targets {
        let Some(node) = doc.pointer_mut(target) else {
            continue;
        };
        if node.is_object() && !value.is_object() {
            let message = "selects an object, so its `update` must be an object".to_owned();
            return Err(error("/update", message));
        }
        merge(
            node,
            &value,
            target.clone(),
            source.as_deref(),
            &mut written,
        );
    }
    Ok(written)
}

/// The pointers of the nodes `path` selects in `doc`, in document order.
fn select(doc: &Value, path: &str, field: &'static str) -> Result<Vec<String>, Problem> {
    let path = JsonPath::parse(path).map_err(|e| {
        error(
            field,
            format!(
                "has an invalid JSONPath `{path}`: {} (at character {})",
                e.message(),
                e.position() + 1
            ),
        )
    })?;
    Ok(path
        .query_located(doc)
        .locations()
        .map(|l| l.to_json_pointer())
        .collect())
}

/// The value the `copy` JSONPath selects (exactly one node).
fn copied(doc: &Value, copy: &Value) -> Result<Value, Problem> {
    let path = copy
        .as_str()
        .ok_or_else(|| error("/copy", "has a `copy` that is not a JSONPath string".into()))?;
    match select(doc, path, "/copy")?.as_slice() {
        [one] => Ok(doc.pointer(one).cloned().unwrap_or(Value::Null)),
        nodes => Err(error(
            "/copy",
            format!(
                "copies from `{path}`, which selects {} nodes instead of one",
                nodes.len()
            ),
        )),
    }
}

/// Removes the node at `target` (not the root) from its parent.
fn remove(doc: &mut Value, target: &str) {
    let (Some(parent), Some(last)) = (pointer::parent(target), pointer::tokens(target).last())
    else {
        return;
    };
    match doc.pointer_mut(parent) {
        Some(Value::Object(map)) => {
            map.shift_remove(&last);
        }
        Some(Value::Array(items)) => {
            if let Some(i) = last.parse::<usize>().ok().filter(|i| *i < items.len()) {
                items.remove(i);
            }
        }
        _ => {}
    }
}

/// Merges `update` into `node` at `target`; records where each written node came from (`source`,
/// the update's pointer in the overlay, when it is written there).
fn merge(
    node: &mut Value,
    update: &Value,
    target: String,
    source: Option<&str>,
    written: &mut Written,
) {
    let mut record = |target: String, from: Option<String>| {
        if let Some(from) = from {
            written.push((target, from));
        }
    };
    match (node, update) {
        (Value::Object(node), Value::Object(update)) => {
            for (key, value) in update {
                let target = child(&target, key);
                let from = source.map(|s| child(s, key));
                merge_entry(node, key, value, target, from, written);
            }
        }
        (Value::Array(items), Value::Array(entries)) => {
            for (j, entry) in entries.iter().enumerate() {
                record(
                    format!("{target}/{}", items.len()),
                    source.map(|s| format!("{s}/{j}")),
                );
                items.push(entry.clone());
            }
        }
        (Value::Array(items), entry) => {
            record(
                format!("{target}/{}", items.len()),
                source.map(str::to_owned),
            );
            items.push(entry.clone());
        }
        (node, value) => {
            record(target, source.map(str::to_owned));
            *node = value.clone();
        }
    }
}

/// Merges one property of an update into an object: recursively when both are objects, otherwise
/// the update's value replaces (or adds) the property.
fn merge_entry(
    node: &mut Map<String, Value>,
    key: &str,
    value: &Value,
    target: String,
    from: Option<String>,
    written: &mut Written,
) {
    match node.get_mut(key) {
        Some(existing @ Value::Object(_)) if value.is_object() => {
            merge(existing, value, target, from.as_deref(), written)
        }
        _ => {
            node.insert(key.to_owned(), value.clone());
            if let Some(from) = from {
                written.push((target, from));
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn overlay(actions: Value) -> Value {
        json!({"overlay": "1.1.0", "info": {"title": "t", "version": "1"}, "actions": actions})
    }

    /// Applies `actions` to `doc` as if read from an overlay file, returning the messages.
    fn apply_json(doc: &mut Value, actions: Value) -> Vec<String> {
        let mut applied = Applied::default();
        let text = serde_json::to_string_pretty(&overlay(actions.clone())).unwrap();
        applied.overlays.push(OverlayFile {
            file: "o.json".into(),
            positions: Positions::lazy(text, Format::Json),
        });
        let mut found = Vec::new();
        apply(doc, &overlay(actions), 0, &mut applied, &mut found);
        found.iter().map(ToString::to_string).collect()
    }

    #[test]
    fn updates_merge_objects_append_to_arrays_and_replace_primitives() {
        let mut doc = json!({"a": {"b": {"c": 1, "d": 2}, "list": [1]}, "s": "old"});
        let found = apply_json(
            &mut doc,
            json!([
                {"target": "$.a", "update": {"b": {"c": 10, "e": 3}, "list": [2, 3]}},
                {"target": "$.a.list", "update": 4},
                {"target": "$.s", "update": "new"},
            ]),
        );
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(
            doc,
            json!({"a": {"b": {"c": 10, "d": 2, "e": 3}, "list": [2, 3, 4]}, "s": "new"})
        );
    }

    #[test]
    fn removes_take_every_selected_node_and_filters_select_by_value() {
        let mut doc = json!({"required": ["a", "b", "a", "c"], "m": {"x": 1, "y": 2}});
        let found = apply_json(
            &mut doc,
            json!([
                {"target": "$.required[?@ == 'a']", "remove": true},
                {"target": "$.m['x','y']", "remove": true},
                {"target": "$[?length(@) == 4]", "remove": true},
            ]),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].contains("overlay action 3 matches nothing"),
            "{found:?}"
        );
        assert_eq!(doc, json!({"required": ["b", "c"], "m": {}}));
    }

    #[test]
    fn copy_merges_the_selected_node() {
        let mut doc = json!({"from": {"k": 1}, "to": {"j": 2}});
        let found = apply_json(&mut doc, json!([{"target": "$.to", "copy": "$.from"}]));
        assert!(found.is_empty(), "{found:?}");
        assert_eq!(doc["to"], json!({"j": 2, "k": 1}));
    }

    #[test]
    fn an_action_that_matches_nothing_is_a_located_warning_naming_it() {
        let mut doc = json!({"a": 1});
        let found = apply_json(
            &mut doc,
            json!([
                {"target": "$.a", "update": 2},
                {"target": "$.gone", "description": "fix b", "remove": true},
            ]),
        );
        assert_eq!(found.len(), 1, "{found:?}");
        assert!(
            found[0].starts_with(
                "warning: overlay action 2 (\"fix b\") matches nothing (target `$.gone`)"
            ),
            "{}",
            found[0]
        );
        assert!(found[0].contains("o.json:"), "{}", found[0]);
        assert!(found[0].contains("#/actions/1/target"), "{}", found[0]);
    }

    #[test]
    fn bad_actions_are_errors_at_the_action() {
        let mut doc = json!({"a": {}});
        let found = apply_json(
            &mut doc,
            json!([
                {"target": "$[", "remove": true},
                {"target": "$.a", "update": 1},
                {"target": "$", "remove": true},
                {"target": "$.a"},
            ]),
        );
        assert_eq!(found.len(), 4, "{found:?}");
        assert!(found[0].contains("invalid JSONPath `$[`"), "{}", found[0]);
        assert!(found[1].contains("must be an object"), "{}", found[1]);
        assert!(found[2].contains("whole document"), "{}", found[2]);
        assert!(found[3].contains("none of `update`"), "{}", found[3]);
        assert!(found.iter().all(|f| f.starts_with("error:")));
    }

    #[test]
    fn written_nodes_are_located_in_the_overlay() {
        let mut doc = json!({"a": {"keep": 1}});
        let actions = json!([{"target": "$.a", "update": {"new": {"deep": true}}}]);
        let mut applied = Applied::default();
        applied.overlays.push(OverlayFile {
            file: "o.yaml".into(),
            positions: Positions::lazy(
                "overlay: 1.0.0\nactions:\n  - target: $.a\n    update:\n      new:\n        deep: true\n".into(),
                Format::Yaml,
            ),
        });
        let mut found = Vec::new();
        apply(&mut doc, &overlay(actions), 0, &mut applied, &mut found);
        let at = applied.locate("/a/new/deep").unwrap();
        assert_eq!((at.file.as_str(), at.line, at.column), ("o.yaml", 6, 9));
        assert!(applied.locate("/a/keep").is_none());
    }
}
