//! A large text read as two halves, one on another thread: the text is cut at a key line near
//! its middle that lies in nothing but block mappings (`components:` / `  schemas:` /
//! `    Pet:`); the second half is read after the lines that open those mappings, and joined
//! into the first. Where no such line is found, or either half does not read, or the halves do
//! not join (a key in both, an alias to an anchor in the first half), `None`: the caller reads
//! the whole text, which gives the value or the located error as ever.

use serde_json::{Map, Value};

use super::ParseError;

/// Texts from this size on are read in halves.
const HALVES_FROM_BYTES: usize = 256 << 10;

/// How far past the middle a cut is looked for.
const SEARCH_BYTES: usize = 64 << 10;

/// The value of `text` read as two halves on two threads, when it is large and can be cut.
pub(super) fn read(text: &str, read_whole: fn(&str) -> Result<Value, ParseError>) -> Option<Value> {
    if text.len() < HALVES_FROM_BYTES {
        return None;
    }
    let cut = cut(text, text.len() / 2)?;
    std::thread::scope(|scope| {
        let tail = std::thread::Builder::new()
            .name("apiforge-yaml".into())
            // Reading recurses as deep as the text nests (at most 128 levels).
            .stack_size(16 << 20)
            .spawn_scoped(scope, || read_whole(&cut.tail).ok())
            .ok()?;
        let head = read_whole(cut.head).ok();
        let tail = tail.join().ok()??;
        let mut head = head?;
        join(&mut head, tail, &cut.spine).then_some(head)
    })
}

/// A text cut in two.
struct Cut<'t> {
    /// The text before the cut.
    head: &'t str,
    /// The lines that open the mappings around the cut, then the text after it.
    tail: String,
    /// The keys of those mappings, outermost first.
    spine: Vec<&'t str>,
}

/// The first line of `text` from byte `from` on where it can be cut.
fn cut(text: &str, from: usize) -> Option<Cut<'_>> {
    // Byte-wise: `from` need not be a character's start, a line break is one.
    let mut at = from
        + text
            .as_bytes()
            .get(from..)?
            .iter()
            .position(|&b| b == b'\n')?
        + 1;
    // A document marker or a directive after the cut would end the document in the tail.
    if ["\n---", "\n...", "\n%"]
        .iter()
        .any(|m| text[at - 1..].contains(m))
    {
        return None;
    }
    while at < (from + SEARCH_BYTES).min(text.len()) {
        let line = text[at..].split('\n').next()?;
        if let Some(openers) = starts_key(line)
            .then(|| enclosing(&text[..at], indent(line)))
            .flatten()
        {
            let mut tail: String = openers
                .iter()
                .map(|(line, _)| format!("{line}\n"))
                .collect();
            tail.push_str(&text[at..]);
            return Some(Cut {
                head: &text[..at],
                tail,
                spine: openers.into_iter().map(|(_, key)| key).collect(),
            });
        }
        at += line.len() + 1;
    }
    None
}

fn indent(line: &str) -> usize {
    line.len() - line.trim_start_matches(' ').len()
}

/// Whether a line starts with a plain key (after its indentation).
fn starts_key(line: &str) -> bool {
    line[indent(line)..].starts_with(|c: char| c.is_ascii_alphanumeric() || c == '_' || c == '$')
}

/// The lines that open the block mappings a line indented `depth` lies in, with their keys,
/// outermost first; `None` when one of the lines it lies in opens anything else (a block
/// scalar, a flow collection, a sequence item, a multi-line scalar).
fn enclosing(before: &str, depth: usize) -> Option<Vec<(&str, &str)>> {
    let mut openers = Vec::new();
    let mut within = depth;
    for line in before.trim_end_matches('\n').rsplit('\n') {
        let content = line.trim_start_matches(' ');
        if within == 0 {
            break;
        }
        if content.is_empty() || content.starts_with('#') || indent(line) >= within {
            continue;
        }
        openers.push((line, opened_key(content)?));
        within = indent(line);
    }
    (within == 0).then(|| openers.into_iter().rev().collect())
}

/// The key of a line that is just `key:` (a comment after it allowed).
fn opened_key(content: &str) -> Option<&str> {
    let code = content.split(" #").next()?.trim_end();
    let key = code.strip_suffix(':')?;
    let plain = |c: char| c.is_ascii_alphanumeric() || "_$-./{}".contains(c);
    (starts_key(key) && key.chars().all(plain)).then_some(key)
}

/// Joins the tail's value into the head's: the mappings of `spine` continue, the tail's other
/// keys follow; `false` when the values do not have that shape or a key is in both.
fn join(head: &mut Value, tail: Value, spine: &[&str]) -> bool {
    let (Value::Object(head), Value::Object(tail)) = (head, tail) else {
        return false;
    };
    let mut entries = tail.into_iter();
    if let Some((&key, inner)) = spine.split_first() {
        let continued = head.iter().next_back().is_some_and(|(last, _)| last == key);
        let Some((first, value)) = entries.next().filter(|(first, _)| first == key) else {
            return false;
        };
        let Some(open) = head.get_mut(&first).filter(|_| continued) else {
            return false;
        };
        // The opening line was the last one of the head: the tail has all of its entries.
        if open.is_null() {
            *open = value;
        } else if !join(open, value, inner) {
            return false;
        }
    }
    append(head, entries)
}

fn append(head: &mut Map<String, Value>, entries: impl Iterator<Item = (String, Value)>) -> bool {
    for (key, value) in entries {
        if head.contains_key(&key) {
            return false;
        }
        head.insert(key, value);
    }
    true
}

#[cfg(test)]
mod tests;
