//! Node positions in YAML text, from `yaml-rust2`'s event parser (which marks each event).

use yaml_rust2::parser::{Event, Parser};
use yaml_rust2::scanner::Marker;

use super::{Children, Node};
use crate::load::yaml::closers::Indented;
use crate::load::yaml::INVALID_INDENTATION;

/// The root node of the first document in `text`; what was read before a scan error is kept.
/// A text that the value reader accepted with its closing lines indented ([`Indented`]) is
/// scanned so too, and its columns mapped back.
pub(super) fn scan(text: &str) -> Option<Node> {
    let (root, error) = scan_exactly(text);
    if error.as_deref() != Some(INVALID_INDENTATION) {
        return root;
    }
    let Some(indented) = Indented::of(text) else {
        return root;
    };
    let mut root = scan_exactly(&indented.text).0?;
    unshift(&mut root, &indented);
    Some(root)
}

/// The root node of the first document, and the scan error that stopped it early, if any.
fn scan_exactly(text: &str) -> (Option<Node>, Option<String>) {
    let mut events = Events {
        parser: Parser::new_from_str(text),
        done: false,
        error: None,
    };
    let root = loop {
        let Some((event, mark)) = events.next() else {
            break None;
        };
        match event {
            Event::StreamStart | Event::DocumentStart | Event::Nothing => continue,
            Event::StreamEnd | Event::DocumentEnd => break None,
            event => break Some(events.node(event, mark)),
        }
    };
    (root, events.error)
}

/// Moves the nodes on indented lines back to their columns in the original text.
fn unshift(node: &mut Node, indented: &Indented) {
    node.column = indented.column(node.line, node.column);
    match &mut node.children {
        Children::Map(entries) => entries
            .iter_mut()
            .for_each(|(_, child)| unshift(child, indented)),
        Children::Seq(items) => items.iter_mut().for_each(|item| unshift(item, indented)),
        Children::None => {}
    }
}

struct Events<'t> {
    parser: Parser<std::str::Chars<'t>>,
    /// Set at the end of the stream or at the first error; no events come after it.
    done: bool,
    /// The scan error that ended the events.
    error: Option<String>,
}

impl Events<'_> {
    fn next(&mut self) -> Option<(Event, Marker)> {
        if self.done {
            return None;
        }
        match self.parser.next_token() {
            Ok((Event::StreamEnd, _)) => {
                self.done = true;
                None
            }
            Err(e) => {
                self.done = true;
                self.error = Some(e.info().to_owned());
                None
            }
            Ok(next) => Some(next),
        }
    }

    /// The node that `event` (at `mark`) starts, reading its children.
    fn node(&mut self, event: Event, mark: Marker) -> Node {
        let mut at = position(mark);
        let children = match event {
            Event::MappingStart(..) => {
                let mut entries = Vec::new();
                while let Some((key, key_mark)) = self.next() {
                    let key = match key {
                        Event::MappingEnd => break,
                        Event::Scalar(text, ..) => text,
                        complex => {
                            self.node(complex, key_mark);
                            String::new()
                        }
                    };
                    let Some((value, value_mark)) = self.next() else {
                        break;
                    };
                    let value = self.node(value, value_mark);
                    entries.push((
                        key,
                        Node {
                            children: value.children,
                            ..position(key_mark)
                        },
                    ));
                }
                // A block mapping is marked where its first `:` is; its first key is where it starts.
                if let Some((_, first)) = entries
                    .first()
                    .filter(|(_, first)| (first.line, first.column) < (at.line, at.column))
                {
                    at = Node {
                        line: first.line,
                        column: first.column,
                        children: Children::None,
                    };
                }
                Children::Map(entries)
            }
            Event::SequenceStart(..) => {
                let mut items = Vec::new();
                while let Some((item, item_mark)) = self.next() {
                    if item == Event::SequenceEnd {
                        break;
                    }
                    items.push(self.node(item, item_mark));
                }
                Children::Seq(items)
            }
            _ => Children::None,
        };
        Node { children, ..at }
    }
}

/// yaml-rust2 counts lines from 1 and columns from 0.
fn position(mark: Marker) -> Node {
    Node {
        line: mark.line(),
        column: mark.col() + 1,
        children: Children::None,
    }
}
