//! YAML text into a `serde_json::Value`, from `yaml-rust2`'s events (the parser that also finds
//! positions for the source map): keys as text, scalars resolved as serde_yaml 0.9 did
//! ([`scalar`]), aliases copied within a bound, at most [`MAX_DEPTH`] levels of nesting, one
//! document, flow collections closed at their parent's indentation accepted ([`closers`]), a
//! large text read in two halves on two threads ([`halves`]). Every error has the line and
//! column where it was found.

pub(super) mod closers;
mod halves;
mod scalar;

use std::collections::HashMap;

use serde_json::{Map, Value};
use yaml_rust2::parser::{Event, Parser, Tag};
use yaml_rust2::scanner::{Marker, ScanError, TScalarStyle};

use super::format::ParseError;
use super::tree::DUPLICATE_KEY;
use crate::pointer::escape_token;

/// Collections nest at most this deep, aliases' copies included (the loader's later passes
/// recurse as deep as the document goes).
const MAX_DEPTH: usize = 128;

/// Aliases copy at most this many nodes in all, and at most [`COPIES_PER_NODE`] times the nodes
/// written so far: a few lines of nested aliases (a "billion laughs") would otherwise expand
/// past any memory.
const MAX_COPIED: usize = 1 << 20;
const COPIES_PER_NODE: usize = 100;

/// yaml-rust2's message for a token left of the indentation it expects.
pub(super) const INVALID_INDENTATION: &str = "invalid indentation";

/// The value of the one document in `text` (messages without the "invalid YAML" prefix).
pub(super) fn parse(text: &str) -> Result<Value, ParseError> {
    match read(text) {
        Err(e) if e.message == INVALID_INDENTATION => match closers::Indented::of(text) {
            Some(indented) => read(&indented.text).map_err(|e| ParseError {
                column: indented.column(e.line, e.column),
                ..e
            }),
            None => Err(e),
        },
        read => read,
    }
}

/// The value of `text`, read in two halves on two threads when it is large ([`halves`]).
fn read(text: &str) -> Result<Value, ParseError> {
    halves::read(text, read_whole).map_or_else(|| read_whole(text), Ok)
}

/// The value of `text`, read in one pass.
pub(super) fn read_whole(text: &str) -> Result<Value, ParseError> {
    let mut reader = Reader {
        parser: Parser::new_from_str(text),
        anchors: HashMap::new(),
        written: 0,
        copied: 0,
    };
    reader.document()
}

struct Reader<'t> {
    parser: Parser<std::str::Chars<'t>>,
    /// Anchored nodes by the parser's id, once read whole.
    anchors: HashMap<usize, Anchored>,
    /// Nodes read from the text.
    written: usize,
    /// Nodes copied by aliases.
    copied: usize,
}

/// An anchored node: its value, its scalar's text (for an alias used as a key), its size.
struct Anchored {
    value: Value,
    text: Option<String>,
    size: Size,
}

/// Nodes in a subtree, and how deep its collections nest (0 for a scalar).
#[derive(Clone, Copy)]
struct Size {
    nodes: usize,
    height: usize,
}

/// An error, with the pointer of the node it is about when that node has one (a duplicate key),
/// built from the inside out as the error returns through the nodes around it.
struct Failure {
    message: String,
    at: Marker,
    pointer: Option<String>,
}

impl Failure {
    fn at(at: Marker, message: impl Into<String>) -> Failure {
        Failure {
            message: message.into(),
            at,
            pointer: None,
        }
    }

    /// The error seen from the parent of the node it is in, reached through `token`.
    fn within(mut self, token: &str) -> Failure {
        if let Some(pointer) = &mut self.pointer {
            pointer.insert_str(0, &format!("/{}", escape_token(token)));
        }
        self
    }
}

impl From<ScanError> for Failure {
    fn from(e: ScanError) -> Failure {
        Failure::at(*e.marker(), e.info())
    }
}

impl From<Failure> for ParseError {
    fn from(f: Failure) -> ParseError {
        ParseError {
            message: f.message,
            pointer: f.pointer.unwrap_or_default(),
            line: f.at.line(),
            // yaml-rust2 counts columns from 0.
            column: f.at.col() + 1,
        }
    }
}

impl Reader<'_> {
    fn next(&mut self) -> Result<(Event, Marker), Failure> {
        Ok(self.parser.next_token()?)
    }

    /// The stream's one document.
    fn document(&mut self) -> Result<Value, ParseError> {
        let mut value = None;
        loop {
            let (event, at) = self.next()?;
            match event {
                Event::StreamStart | Event::DocumentEnd | Event::Nothing => {}
                Event::DocumentStart if value.is_some() => {
                    let message = "more than one document in the text; a spec is one YAML document";
                    return Err(Failure::at(at, message).into());
                }
                Event::DocumentStart => {
                    let (event, at) = self.next()?;
                    value = Some(self.node(event, at, 0)?.0);
                }
                // No document at all (an empty text, only comments) is an empty one.
                Event::StreamEnd => return Ok(value.unwrap_or(Value::Null)),
                _ => return Err(Failure::at(at, "unexpected event outside a document").into()),
            }
        }
    }

    /// The node `event` (at `at`) starts, `depth` collections deep, read whole.
    fn node(&mut self, event: Event, at: Marker, depth: usize) -> Result<(Value, Size), Failure> {
        let (value, size, anchor, text) = match event {
            Event::Scalar(text, style, anchor, tag) => {
                let kept = (anchor > 0).then(|| text.clone());
                let value =
                    scalar::resolve(text, style, tag.as_ref()).map_err(|m| Failure::at(at, m))?;
                (
                    value,
                    Size {
                        nodes: 1,
                        height: 0,
                    },
                    anchor,
                    kept,
                )
            }
            Event::SequenceStart(anchor, _) => {
                let (value, size) = self.sequence(at, depth + 1)?;
                (value, size, anchor, None)
            }
            Event::MappingStart(anchor, _) => {
                let (value, size) = self.mapping(at, depth + 1)?;
                (value, size, anchor, None)
            }
            Event::Alias(id) => return self.alias(id, at, depth).map(|a| (a.value, a.size)),
            _ => return Err(Failure::at(at, "expected a value")),
        };
        self.written += 1;
        if anchor > 0 {
            let anchored = Anchored {
                value: value.clone(),
                text,
                size,
            };
            self.anchors.insert(anchor, anchored);
        }
        Ok((value, size))
    }

    /// Keeps a key written with an anchor (`&k name:`) for the aliases to it.
    fn anchor_key(
        &mut self,
        text: &str,
        style: TScalarStyle,
        anchor: usize,
        tag: Option<&Tag>,
        at: Marker,
    ) -> Result<(), Failure> {
        let value = scalar::resolve(text.to_owned(), style, tag).map_err(|m| Failure::at(at, m))?;
        let anchored = Anchored {
            value,
            text: Some(text.to_owned()),
            size: Size {
                nodes: 1,
                height: 0,
            },
        };
        self.anchors.insert(anchor, anchored);
        Ok(())
    }

    /// A copy of the node anchored as `id`, if the bounds allow it.
    fn alias(&mut self, id: usize, at: Marker, depth: usize) -> Result<Anchored, Failure> {
        let Some(anchored) = self.anchors.get(&id) else {
            return Err(Failure::at(at, "an alias to a node that contains it"));
        };
        if depth + anchored.size.height > MAX_DEPTH {
            return Err(too_deep(at));
        }
        self.copied += anchored.size.nodes;
        if self.copied > MAX_COPIED.min(COPIES_PER_NODE * self.written) {
            return Err(Failure::at(
                at,
                "repetition limit exceeded (aliases copy too much)",
            ));
        }
        Ok(Anchored {
            value: anchored.value.clone(),
            text: anchored.text.clone(),
            size: anchored.size,
        })
    }

    fn sequence(&mut self, at: Marker, depth: usize) -> Result<(Value, Size), Failure> {
        let mut size = Size::collection(at, depth)?;
        let mut items = Vec::new();
        loop {
            let (event, item_at) = self.next()?;
            if event == Event::SequenceEnd {
                return Ok((Value::Array(items), size));
            }
            let index = items.len();
            let (item, item_size) = self
                .node(event, item_at, depth)
                .map_err(|e| e.within(&index.to_string()))?;
            size.add(item_size);
            items.push(item);
        }
    }

    fn mapping(&mut self, at: Marker, depth: usize) -> Result<(Value, Size), Failure> {
        let mut size = Size::collection(at, depth)?;
        let mut entries = Map::new();
        loop {
            let (event, key_at) = self.next()?;
            let key = match event {
                Event::MappingEnd => return Ok((Value::Object(entries), size)),
                Event::Scalar(text, style, anchor, tag) => {
                    if anchor > 0 {
                        self.anchor_key(&text, style, anchor, tag.as_ref(), key_at)?;
                    }
                    text
                }
                Event::Alias(id) => match self.alias(id, key_at, depth)? {
                    Anchored {
                        text: Some(text), ..
                    } => text,
                    Anchored { value, .. } => {
                        return Err(not_a_key(
                            if value.is_array() { "sequence" } else { "map" },
                            key_at,
                        ))
                    }
                },
                Event::SequenceStart(..) => return Err(not_a_key("sequence", key_at)),
                _ => return Err(not_a_key("map", key_at)),
            };
            if entries.contains_key(&key) {
                let mut duplicate = Failure::at(key_at, format!("{DUPLICATE_KEY} `{key}`"));
                duplicate.pointer = Some(format!("/{}", escape_token(&key)));
                return Err(duplicate);
            }
            self.written += 1;
            size.nodes += 1;
            let (event, value_at) = self.next()?;
            let (value, value_size) = self
                .node(event, value_at, depth)
                .map_err(|e| e.within(&key))?;
            size.add(value_size);
            entries.insert(key, value);
        }
    }
}

/// The error for a key that is a collection (`found`: `sequence` or `map`), written or through an
/// alias.
fn not_a_key(found: &str, at: Marker) -> Failure {
    Failure::at(at, format!("invalid type: {found}, expected a string key"))
}

/// The error for collections nested past [`MAX_DEPTH`].
fn too_deep(at: Marker) -> Failure {
    Failure::at(at, "recursion limit exceeded")
}

impl Size {
    /// An empty collection `depth` deep, if that is not too deep.
    fn collection(at: Marker, depth: usize) -> Result<Size, Failure> {
        match depth > MAX_DEPTH {
            true => Err(too_deep(at)),
            false => Ok(Size {
                nodes: 1,
                height: 1,
            }),
        }
    }

    fn add(&mut self, child: Size) {
        self.nodes += child.nodes;
        self.height = self.height.max(child.height + 1);
    }
}

#[cfg(test)]
mod tests;
