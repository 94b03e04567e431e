//! Pointer → line and column in the original text, by walking the text again with a scanner that
//! knows positions (`json`, `yaml`). [`Positions`] builds the map once: on the first lookup, or for
//! a large text ahead of time, on another thread, while the document is lowered and resolved.

mod json;
mod yaml;

use std::sync::{Arc, Mutex, OnceLock};
use std::thread::JoinHandle;

use super::format::Format;
use crate::pointer;
use crate::pointer::escape_token;

/// Texts from this size on have their source map built ahead of time: large specs nearly always
/// have warnings to locate, and the scan (for openai's 3 MB, half as long as parsing the text)
/// then runs on a core that is otherwise idle until formatting starts.
const AHEAD_FROM_BYTES: usize = 256 << 10;

/// The source map of one text, built once when first needed.
#[derive(Debug)]
pub(crate) struct Positions {
    text: Arc<str>,
    format: Format,
    map: OnceLock<SourceMap>,
    /// The scan started ahead of time, until its map is taken.
    ahead: Mutex<Option<JoinHandle<SourceMap>>>,
}

impl Positions {
    /// Positions in `text`, scanned on the first lookup.
    pub(crate) fn lazy(text: String, format: Format) -> Positions {
        Positions {
            text: text.into(),
            format,
            map: OnceLock::new(),
            ahead: Mutex::new(None),
        }
    }

    /// Positions in `text`, scanned now on another thread when the text is large (lazily when it
    /// is small, or when no thread can be started).
    pub(crate) fn ahead(text: String, format: Format) -> Positions {
        let positions = Positions::lazy(text, format);
        if positions.text.len() >= AHEAD_FROM_BYTES {
            let text = Arc::clone(&positions.text);
            let scan = std::thread::Builder::new()
                .name("apiforge-positions".into())
                // The scanners recurse as deep as the text nests (at most 128 levels).
                .stack_size(16 << 20)
                .spawn(move || SourceMap::build(&text, format));
            *positions.ahead.lock().unwrap_or_else(|e| e.into_inner()) = scan.ok();
        }
        positions
    }

    /// The text the positions are in.
    pub(crate) fn text(&self) -> &str {
        &self.text
    }

    /// Line and column of the node at `pointer`, or of its nearest ancestor in the text.
    pub(crate) fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        self.map
            .get_or_init(|| {
                let ahead = self.ahead.lock().unwrap_or_else(|e| e.into_inner()).take();
                match ahead.map(JoinHandle::join) {
                    Some(Ok(map)) => map,
                    Some(Err(panic)) => std::panic::resume_unwind(panic),
                    None => SourceMap::build(&self.text, self.format),
                }
            })
            .find(pointer)
    }
}

/// Positions of every node of the original document.
#[derive(Debug)]
pub(crate) struct SourceMap {
    root: Option<Node>,
}

/// A node's position (1-based; for a mapping entry, the position of its key) and its children.
#[derive(Debug)]
struct Node {
    line: usize,
    column: usize,
    children: Children,
}

#[derive(Debug)]
enum Children {
    None,
    Map(Vec<(String, Node)>),
    Seq(Vec<Node>),
}

impl SourceMap {
    /// Scans `text` (which parsed as `format`) for node positions.
    pub(crate) fn build(text: &str, format: Format) -> SourceMap {
        let root = match format {
            Format::Json => json::scan(text),
            Format::Yaml => yaml::scan(text),
        };
        SourceMap { root }
    }

    /// Line and column of the node at `pointer`, or of its nearest ancestor in the text.
    pub(crate) fn find(&self, pointer: &str) -> Option<(usize, usize)> {
        let mut node = self.root.as_ref()?;
        for token in pointer::tokens(pointer) {
            let next = match &node.children {
                Children::Map(entries) => entries
                    .iter()
                    .rev()
                    .find(|(key, _)| *key == token)
                    .map(|(_, n)| n),
                Children::Seq(items) => token.parse::<usize>().ok().and_then(|i| items.get(i)),
                Children::None => None,
            };
            match next {
                Some(next) => node = next,
                None => break,
            }
        }
        Some((node.line, node.column))
    }
}

/// A key written a second time in one mapping.
#[derive(Debug)]
pub(crate) struct Duplicate {
    pub(crate) key: String,
    /// Pointer of the entry (the same as the first one's).
    pub(crate) pointer: String,
    pub(crate) line: usize,
    pub(crate) column: usize,
}

impl SourceMap {
    /// The first key (in text order) that its mapping already had.
    pub(crate) fn first_duplicate(&self) -> Option<Duplicate> {
        duplicate_in(self.root.as_ref()?, &mut String::new())
    }
}

fn duplicate_in(node: &Node, pointer: &mut String) -> Option<Duplicate> {
    let len = pointer.len();
    match &node.children {
        Children::Map(entries) => {
            for (i, (key, child)) in entries.iter().enumerate() {
                pointer.truncate(len);
                pointer.push('/');
                pointer.push_str(&escape_token(key));
                if entries[..i].iter().any(|(earlier, _)| earlier == key) {
                    let (line, column) = (child.line, child.column);
                    return Some(Duplicate {
                        key: key.clone(),
                        pointer: pointer.clone(),
                        line,
                        column,
                    });
                }
                if let Some(found) = duplicate_in(child, pointer) {
                    return Some(found);
                }
            }
        }
        Children::Seq(items) => {
            for (i, item) in items.iter().enumerate() {
                pointer.truncate(len);
                pointer.push_str(&format!("/{i}"));
                if let Some(found) = duplicate_in(item, pointer) {
                    return Some(found);
                }
            }
        }
        Children::None => {}
    }
    pointer.truncate(len);
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    const JSON: &str = "{\n  \"openapi\": \"3.0.0\",\n  \"paths\": {\n    \"/a/{id}\": {\"get\": {\"tags\": [\"x\", \"ÿ\", {\"k\": 1}]}}\n  },\n  \"é\": {\"a\\\"b\": 1}\n}\n";

    #[test]
    fn json_positions() {
        let map = SourceMap::build(JSON, Format::Json);
        assert_eq!(map.find(""), Some((1, 1)));
        assert_eq!(map.find("/openapi"), Some((2, 3)));
        assert_eq!(map.find("/paths/~1a~1{id}"), Some((4, 5)));
        assert_eq!(map.find("/paths/~1a~1{id}/get/tags/0"), Some((4, 34)));
        assert_eq!(map.find("/paths/~1a~1{id}/get/tags/1"), Some((4, 39)));
        assert_eq!(map.find("/paths/~1a~1{id}/get/tags/2/k"), Some((4, 45)));
        // Missing nodes fall back to the nearest ancestor.
        assert_eq!(map.find("/paths/~1a~1{id}/get/tags/9"), Some((4, 25)));
        assert_eq!(map.find("/nope/deeper"), Some((1, 1)));
        assert_eq!(map.find("/é/a\"b"), Some((6, 9)));
    }

    const YAML: &str = "openapi: 3.0.0\npaths:\n  /a/{id}:\n    get:\n      tags: [x, \"ÿ\", {k: 1}]\n      responses:\n        200:\n          description: ok\nlist:\n  - a\n  - b: 1\n";

    #[test]
    fn yaml_positions() {
        let map = SourceMap::build(YAML, Format::Yaml);
        assert_eq!(map.find(""), Some((1, 1)));
        assert_eq!(map.find("/openapi"), Some((1, 1)));
        assert_eq!(map.find("/paths"), Some((2, 1)));
        assert_eq!(map.find("/paths/~1a~1{id}/get"), Some((4, 5)));
        assert_eq!(map.find("/paths/~1a~1{id}/get/tags/2/k"), Some((5, 23)));
        assert_eq!(
            map.find("/paths/~1a~1{id}/get/responses/200/description"),
            Some((8, 11))
        );
        assert_eq!(map.find("/list/1/b"), Some((11, 5)));
        assert_eq!(map.find("/list/7"), Some((9, 1)));
    }

    #[test]
    fn text_that_does_not_scan_has_no_positions_past_what_was_read() {
        assert_eq!(SourceMap::build("", Format::Yaml).find("/a"), None);
        assert_eq!(
            SourceMap::build("{\"a\": [1, ", Format::Json).find("/a/0"),
            Some((1, 8))
        );
        assert_eq!(
            SourceMap::build("a: [1, ", Format::Yaml).find("/a"),
            Some((1, 1))
        );
    }
}
