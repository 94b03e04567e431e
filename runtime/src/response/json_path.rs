//! Where in a JSON body a decode error happened, found from the error's line and column.
//!
//! serde_json reports a value that does not fit its type at the reader's position when the error
//! surfaced: just after a scalar that did not fit, at the start of a list or object of the wrong
//! kind, or just after the closing brace of an object that misses a field or holds a union whose
//! variant failed. The innermost value whose span (end included) holds that position is the one
//! that did not fit, named like `nodes[1].id`. Scanning the body again costs nothing per response
//! type: no second, path-tracking decoder is compiled for every type a client decodes.

/// Deeper than serde_json's own limit, the scan gives up (no path) rather than recurse further.
const MAX_DEPTH: usize = 128;

/// The path (`nodes[1].id`) of the value `error` is about, or `None` at the top level or when the
/// body before the error is not the JSON serde_json read.
pub(crate) fn error_path(body: &[u8], error: &serde_json::Error) -> Option<String> {
    let mut scanner = Scanner {
        body,
        pos: 0,
        target: byte_index(body, error.line(), error.column())?,
    };
    match scanner.value(0)? {
        Found::Inside(segments) if !segments.is_empty() => Some(render(&segments)),
        _ => None,
    }
}

/// The byte offset of serde_json's `line` (from 1) and `column` (bytes since the line's start).
fn byte_index(body: &[u8], line: usize, column: usize) -> Option<usize> {
    let line_start = match line.checked_sub(1)? {
        0 => 0,
        newlines => {
            body.iter()
                .enumerate()
                .filter(|&(_, &b)| b == b'\n')
                .nth(newlines - 1)?
                .0
                + 1
        }
    };
    Some((line_start + column).min(body.len()))
}

/// One step of a path: an object key or a list index.
enum Segment {
    Key(String),
    Index(usize),
}

/// Renders innermost-first `segments` the way the path reads: `nodes[1].id`.
fn render(segments: &[Segment]) -> String {
    let mut path = String::new();
    for segment in segments.iter().rev() {
        match segment {
            Segment::Key(key) => {
                if !path.is_empty() {
                    path.push('.');
                }
                path.push_str(key);
            }
            Segment::Index(index) => path.push_str(&format!("[{index}]")),
        }
    }
    path
}

/// What scanning one value found about the target position.
enum Found {
    /// The value holds the target; the path inside it, innermost segment first.
    Inside(Vec<Segment>),
    /// The value ends before the target.
    Before,
    /// The value starts after the target: the enclosing value is the innermost one.
    After,
}

struct Scanner<'a> {
    body: &'a [u8],
    pos: usize,
    target: usize,
}

impl Scanner<'_> {
    /// Scans the value at the reader (after whitespace); `None` when the body is not JSON there.
    fn value(&mut self, depth: usize) -> Option<Found> {
        self.skip_whitespace();
        if self.pos > self.target {
            return Some(Found::After);
        }
        match *self.body.get(self.pos)? {
            b'{' if depth < MAX_DEPTH => self.object(depth),
            b'[' if depth < MAX_DEPTH => self.list(depth),
            b'{' | b'[' => None,
            b'"' => {
                self.string()?;
                Some(self.ended())
            }
            _ => {
                let start = self.pos;
                while self
                    .body
                    .get(self.pos)
                    .is_some_and(|b| !b",]} \t\r\n".contains(b))
                {
                    self.pos += 1;
                }
                (self.pos > start).then(|| self.ended())
            }
        }
    }

    fn object(&mut self, depth: usize) -> Option<Found> {
        self.pos += 1;
        loop {
            self.skip_whitespace();
            match *self.body.get(self.pos)? {
                b'}' => return self.close(),
                b',' => self.pos += 1,
                b'"' => {
                    let key_start = self.pos;
                    self.string()?;
                    let key: String =
                        serde_json::from_slice(&self.body[key_start..self.pos]).ok()?;
                    self.skip_whitespace();
                    if self.body.get(self.pos) != Some(&b':') {
                        return None;
                    }
                    self.pos += 1;
                    if let Some(found) = self.item(depth, Segment::Key(key))? {
                        return Some(found);
                    }
                }
                _ => return None,
            }
        }
    }

    fn list(&mut self, depth: usize) -> Option<Found> {
        self.pos += 1;
        let mut index = 0;
        loop {
            self.skip_whitespace();
            match *self.body.get(self.pos)? {
                b']' => return self.close(),
                b',' => self.pos += 1,
                _ => {
                    if let Some(found) = self.item(depth, Segment::Index(index))? {
                        return Some(found);
                    }
                    index += 1;
                }
            }
        }
    }

    /// Scans the item at `segment` of a list or object at `depth`: what the container found when
    /// the target is in or before the item, `Some(None)` to go on with the next item.
    fn item(&mut self, depth: usize, segment: Segment) -> Option<Option<Found>> {
        Some(match self.value(depth + 1)? {
            Found::Inside(mut path) => {
                path.push(segment);
                Some(Found::Inside(path))
            }
            Found::After => Some(Found::Inside(Vec::new())),
            Found::Before => None,
        })
    }

    /// Past the closing bracket of a list or object whose items all end before the target.
    fn close(&mut self) -> Option<Found> {
        self.pos += 1;
        Some(self.ended())
    }

    /// Whether the value that ends at the reader holds the target (it started at or before it).
    fn ended(&self) -> Found {
        if self.target <= self.pos {
            Found::Inside(Vec::new())
        } else {
            Found::Before
        }
    }

    /// Past a string starting at the reader (its quotes and escapes).
    fn string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            match *self.body.get(self.pos)? {
                b'"' => {
                    self.pos += 1;
                    return Some(());
                }
                b'\\' => self.pos += 2,
                _ => self.pos += 1,
            }
        }
    }

    fn skip_whitespace(&mut self) {
        while self
            .body
            .get(self.pos)
            .is_some_and(|b| b" \t\r\n".contains(b))
        {
            self.pos += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use serde::Deserialize;

    use super::error_path;

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Flow {
        id: Option<String>,
        nodes: Vec<Node>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    struct Node {
        id: i64,
        group: Option<Group>,
        #[serde(default)]
        tags: std::collections::BTreeMap<String, Vec<u8>>,
    }

    #[derive(Debug, Deserialize)]
    #[allow(dead_code)]
    #[serde(rename_all = "lowercase")]
    enum Group {
        Default,
        Password,
    }

    /// The path serde_path_to_error gives for `body`, and the one found from the position.
    fn both(body: &str) -> (Option<String>, Option<String>) {
        let error = serde_json::from_str::<Flow>(body).unwrap_err();
        let tracked = serde_path_to_error::deserialize::<_, Flow>(
            &mut serde_json::Deserializer::from_str(body),
        )
        .unwrap_err();
        let expected = Some(tracked.path().to_string()).filter(|p| p != ".");
        (expected, error_path(body.as_bytes(), &error))
    }

    #[test]
    fn paths_match_path_tracking_decoding() {
        for body in [
            r#"{"nodes": [{"id": 1}, {"id": 9223372036854775808}]}"#,
            r#"{"nodes": [{"id": 1}, {"id": "2"}]}"#,
            "{\"nodes\": [\n  {\"id\": 1},\n  {\"id\": 2, \"group\": \"admin\"}\n]}",
            r#"{"nodes": [{"id": 1, "group": {"x": 1}}]}"#,
            r#"{"nodes": [{"id": 1, "tags": {"a\"b": [1, 300]}}]}"#,
            r#"{"nodes": [{"id": 1, "tags": {"k": "v"}}]}"#,
            r#"{"nodes": [{"group": "default"}]}"#,
            r#"{"nodes": [{"id": 1, "group":"password"},{"group":"password"}]}"#,
            r#"{"id": 5, "nodes": []}"#,
            r#"{"id": "x", "nodes": {}}"#,
            r#"{"id": "x"}"#,
            r#"[]"#,
        ] {
            let (expected, found) = both(body);
            assert_eq!(found, expected, "{body}");
        }
    }

    #[test]
    fn no_path_for_malformed_or_deep_bodies() {
        let error = serde_json::from_str::<u8>("300").unwrap_err();
        assert_eq!(error_path(b"300", &error), None);
        assert_eq!(error_path(br#"{"a" 1}"#, &error), None);
        let far = serde_json::from_str::<u8>(&format!("{}300", " ".repeat(300))).unwrap_err();
        let deep = "[".repeat(400);
        assert_eq!(error_path(deep.as_bytes(), &far), None);
    }
}
