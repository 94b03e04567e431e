//! Node positions in JSON text: a small scanner over text that already parsed.

use super::{Children, Node};

/// The root node of `text`, or `None` when it holds no value.
pub(super) fn scan(text: &str) -> Option<Node> {
    let mut scanner = Scanner {
        text,
        at: 0,
        line: 1,
        column: 1,
    };
    scanner.blank();
    (scanner.at < text.len()).then(|| scanner.value())
}

struct Scanner<'t> {
    text: &'t str,
    /// Byte offset of the next character.
    at: usize,
    line: usize,
    /// Column (in characters) of the next character.
    column: usize,
}

impl Scanner<'_> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.at).copied()
    }

    /// Moves past one byte, keeping line and column.
    fn bump(&mut self) {
        let Some(byte) = self.peek() else { return };
        self.at += 1;
        if byte == b'\n' {
            self.line += 1;
            self.column = 1;
        } else if byte & 0xC0 != 0x80 {
            // Not a UTF-8 continuation byte: a new character starts after this one.
            self.column += 1;
        }
    }

    /// Skips whitespace.
    fn blank(&mut self) {
        while self.peek().is_some_and(|b| b.is_ascii_whitespace()) {
            self.bump();
        }
    }

    fn node(&self, children: Children) -> Node {
        Node {
            line: self.line,
            column: self.column,
            children,
        }
    }

    fn value(&mut self) -> Node {
        let mut node = self.node(Children::None);
        match self.peek() {
            Some(b'{') => {
                self.bump();
                let mut entries = Vec::new();
                loop {
                    self.blank();
                    match self.peek() {
                        None => break,
                        Some(b'}') => {
                            self.bump();
                            break;
                        }
                        Some(b'"') => {
                            let key_at = self.node(Children::None);
                            let key = self.string();
                            self.blank();
                            if self.peek() == Some(b':') {
                                self.bump();
                            }
                            self.blank();
                            let value = self.value();
                            entries.push((
                                key,
                                Node {
                                    children: value.children,
                                    ..key_at
                                },
                            ));
                        }
                        Some(_) => self.bump(),
                    }
                }
                node.children = Children::Map(entries);
            }
            Some(b'[') => {
                self.bump();
                let mut items = Vec::new();
                loop {
                    self.blank();
                    match self.peek() {
                        None => break,
                        Some(b']') => {
                            self.bump();
                            break;
                        }
                        Some(b',') => self.bump(),
                        Some(_) => {
                            let before = self.at;
                            items.push(self.value());
                            if self.at == before {
                                // Not a value (text that did not parse): step over it.
                                self.bump();
                            }
                        }
                    }
                }
                node.children = Children::Seq(items);
            }
            Some(b'"') => {
                self.string();
            }
            _ => {
                while self
                    .peek()
                    .is_some_and(|b| !matches!(b, b',' | b']' | b'}') && !b.is_ascii_whitespace())
                {
                    self.bump();
                }
            }
        }
        node
    }

    /// Reads a string starting at its opening quote; returns it unescaped.
    fn string(&mut self) -> String {
        let start = self.at;
        self.bump();
        let mut escaped = false;
        while let Some(byte) = self.peek() {
            self.bump();
            match byte {
                b'\\' => {
                    escaped = true;
                    self.bump();
                }
                b'"' => break,
                _ => {}
            }
        }
        let raw = self.text.get(start..self.at).unwrap_or_default();
        match escaped {
            false => raw
                .get(1..raw.len().saturating_sub(1))
                .unwrap_or_default()
                .to_owned(),
            true => serde_json::from_str(raw).unwrap_or_default(),
        }
    }
}
