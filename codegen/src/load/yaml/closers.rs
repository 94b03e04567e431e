//! Closing brackets of flow collections written at their parent's indentation:
//!
//! ```yaml
//! example: {
//!   "80/tcp": {}
//! }
//! ```
//!
//! YAML 1.2 wants everything inside a flow collection indented past its parent, and yaml-rust2
//! follows it ("invalid indentation"); libyaml (serde_yaml, which the loader used before) and
//! most parsers accept the closing line, and real specs are written so (docker-engine's,
//! iceberg's). [`Indented`] is the text with each such line indented as far as the line before
//! it, which reads the same: inside a flow collection, spaces before a token mean nothing.

/// The text with the closing lines indented, and how to find columns of the original.
pub(in crate::load) struct Indented {
    pub(in crate::load) text: String,
    /// The lines (1-based) indented, in order, and by how many spaces.
    shifts: Vec<(usize, usize)>,
}

impl Indented {
    /// `text` with every line that starts with `]` or `}` (outside block scalars) indented at
    /// least as far as the line before it; `None` when no line needs it.
    pub(in crate::load) fn of(text: &str) -> Option<Indented> {
        let mut indented = String::with_capacity(text.len() + 1024);
        let mut shifts = Vec::new();
        let mut previous = 0;
        // The indentation of the line that opened the block scalar being read.
        let mut block_scalar: Option<usize> = None;
        for (i, line) in text.split_inclusive('\n').enumerate() {
            let content = line.trim_start_matches(' ');
            let indent = line.len() - content.len();
            let blank = content.trim().is_empty();
            if let Some(header) = block_scalar {
                if blank || indent > header {
                    indented.push_str(line);
                    continue;
                }
                block_scalar = None;
            }
            let mut at = indent;
            if content.starts_with([']', '}']) && indent < previous {
                shifts.push((i + 1, previous - indent));
                indented.push_str(&" ".repeat(previous - indent));
                at = previous;
            }
            indented.push_str(line);
            if !blank {
                previous = at;
            }
            if opens_block_scalar(content) {
                block_scalar = Some(indent);
            }
        }
        (!shifts.is_empty()).then_some(Indented {
            text: indented,
            shifts,
        })
    }

    /// The column in the original text of `column` (1-based) on `line` of the indented one.
    pub(in crate::load) fn column(&self, line: usize, column: usize) -> usize {
        match self.shifts.binary_search_by_key(&line, |s| s.0) {
            Ok(i) => column.saturating_sub(self.shifts[i].1).max(1),
            Err(_) => column,
        }
    }
}

/// Whether a line ends with a block scalar's header (`|`, `>-`, `|2`, ...), before any comment.
fn opens_block_scalar(content: &str) -> bool {
    let code = content.split(" #").next().unwrap_or_default().trim_end();
    let last = code.rsplit([' ', '\t']).next().unwrap_or_default();
    let before = &code[..code.len() - last.len()];
    last.starts_with(['|', '>'])
        && last[1..]
            .bytes()
            .all(|b| matches!(b, b'-' | b'+' | b'1'..=b'9'))
        && (before.is_empty() || before.ends_with([' ', '\t']))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn closing_lines_are_indented_as_the_line_before_outside_block_scalars() {
        let text = "a:\n  example: {\n    \"b\": [\n      1\n  ]\n  }\n  text: |\n    {\n  }\n";
        let indented = Indented::of(text).expect("two lines to indent");
        assert_eq!(
            indented.text,
            "a:\n  example: {\n    \"b\": [\n      1\n      ]\n      }\n  text: |\n    {\n  }\n"
        );
        assert_eq!(indented.column(5, 7), 3);
        assert_eq!(indented.column(6, 7), 3);
        assert_eq!(indented.column(4, 7), 7);
        assert!(Indented::of("a: [\n  1\n  ]\nb: |\n  x\n}\n").is_none());
    }

    #[test]
    fn block_scalar_headers() {
        for header in ["a: |", "a: >-", "- |2", "a: |+ # note", "a: !!str |"] {
            assert!(opens_block_scalar(header), "{header}");
        }
        for line in ["a: b", "a: x|", "a: '|'", "a: |x", "|"] {
            assert_eq!(opens_block_scalar(line), line == "|", "{line}");
        }
    }
}
