//! Doc comments from spec text.

use proc_macro2::{Literal, TokenStream};
use quote::quote;

/// `#[doc]` attributes for `text`, one per line; nothing for `None`.
///
/// Spec prose is Markdown written for other renderers, so lines are trimmed and every line becomes
/// its own paragraph: that keeps rustdoc and clippy's doc lints from reading list continuations or
/// indented code blocks into it. Text is untrusted: every line break Unicode knows ends a line
/// (a lone CR in a `///` comment does not compile), and control and bidirectional-override
/// characters are dropped (rustc denies the latter in comments, and they can make the source read
/// differently from what it does).
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let lines = text.map(doc_lines).unwrap_or_default();
    let lines = lines.iter().map(|line| raw_string(line));
    quote! { #( #[doc = #lines] )* }
}

/// `text` as a raw string literal (`r"…"`, with as many `#` as it needs). Formatting reads every
/// literal back; a quoted one is unescaped character by character, a raw one is copied (about a
/// twentieth of the generation time went into escaping and unescaping doc lines). The text has no
/// carriage return (no control character reaches a doc line), the one thing a raw string cannot
/// hold; should one come, the text is quoted instead.
fn raw_string(text: &str) -> Literal {
    let hashes = match text.contains('"') {
        true => 1 + text.split(|c| c != '#').map(str::len).max().unwrap_or(0),
        false => 0,
    };
    let hashes = "#".repeat(hashes);
    format!("r{hashes}\"{text}\"{hashes}")
        .parse()
        .unwrap_or_else(|_| Literal::string(text))
}

/// The lines of [`doc_attrs`], each with its leading space, an empty one between paragraphs.
fn doc_lines(text: &str) -> Vec<String> {
    let mut lines: Vec<String> = Vec::new();
    for line in text.split(is_line_break).map(neutralize) {
        let line = line.trim();
        if line.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(" {}", escape(line)));
    }
    lines
}

/// Spec text as one line for a comment: whitespace runs (line breaks included) become one space,
/// and control and bidirectional-formatting characters are dropped.
pub fn comment_line(text: &str) -> String {
    text.split(|c: char| c.is_whitespace() || is_line_break(c))
        .map(neutralize)
        .filter(|word| !word.trim().is_empty())
        .collect::<Vec<_>>()
        .join(" ")
}

fn is_line_break(c: char) -> bool {
    matches!(
        c,
        '\n' | '\r' | '\u{b}' | '\u{c}' | '\u{85}' | '\u{2028}' | '\u{2029}'
    )
}

/// The line without control characters (a tab becomes a space) and without the characters that
/// change the direction text is shown in.
fn neutralize(line: &str) -> String {
    // Most spec text is printable ASCII, which needs no change: copied whole, not char by char.
    if line.bytes().all(|b| (b' '..=b'~').contains(&b)) {
        return line.to_string();
    }
    line.chars()
        .filter_map(|c| match c {
            '\t' => Some(' '),
            c if c.is_control() || is_bidi_control(c) => None,
            c => Some(c),
        })
        .collect()
}

/// Bidirectional formatting characters: embeddings, overrides, isolates and marks.
fn is_bidi_control(c: char) -> bool {
    matches!(c, '\u{61c}' | '\u{200e}' | '\u{200f}' | '\u{202a}'..='\u{202e}' | '\u{2066}'..='\u{2069}')
}

/// Neutralizes Markdown that rustdoc would misread: bare URLs and bracketed text that looks like an
/// intra-doc link.
fn escape(line: &str) -> String {
    if !line.contains(['[', ']']) && !line.contains("http://") && !line.contains("https://") {
        return line.to_string();
    }
    let mut out = String::with_capacity(line.len());
    for word in line.split(' ') {
        if !out.is_empty() {
            out.push(' ');
        }
        if (word.starts_with("http://") || word.starts_with("https://")) && !word.contains('>') {
            out.push('<');
            out.push_str(word.trim_end_matches(['.', ',', ')']));
            out.push('>');
            out.push_str(&word[word.trim_end_matches(['.', ',', ')']).len()..]);
        } else {
            for c in word.chars() {
                if matches!(c, '[' | ']') {
                    out.push('\\');
                }
                out.push(c);
            }
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_become_paragraphs() {
        let tokens = doc_attrs(Some("First line\n  - item\n\nhttps://example.com/x."));
        let text = tokens.to_string();
        assert!(text.contains("r\" First line\""));
        assert!(text.contains("r\" - item\""));
        assert!(text.contains("<https://example.com/x>."));
    }

    #[test]
    fn doc_lines_are_raw_strings_with_the_same_text() {
        for text in [
            "",
            " plain \\[x\\]",
            " a \"quote\"",
            " \"## and \"#",
            " \r lone",
        ] {
            let literal = raw_string(text);
            let parsed: syn::LitStr = syn::parse_quote!(#literal);
            assert_eq!(parsed.value(), text);
        }
        assert_eq!(raw_string(" a").to_string(), "r\" a\"");
        assert_eq!(raw_string(" \"## \"").to_string(), "r###\" \"## \"\"###");
    }

    #[test]
    fn control_and_bidi_characters_never_reach_a_comment() {
        let hostile = "a\rb\u{0}c\u{202e}d\u{2066}e\u{200f}f\u{1b}[31mg\u{2028}h\u{85}i\tj";
        assert_eq!(
            doc_lines(hostile),
            [" a", "", " bcdef\\[31mg", "", " h", "", " i j"]
        );
    }

    #[test]
    fn comment_lines_are_one_clean_line() {
        assert_eq!(comment_line(" a\r\nb\u{0}\u{202e}  c\u{2028}d "), "a b c d");
    }

    #[test]
    fn brackets_are_escaped() {
        assert_eq!(escape("see [docs](x)"), "see \\[docs\\](x)");
    }
}
