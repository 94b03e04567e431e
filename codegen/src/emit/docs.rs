//! Doc comments from spec text.

use proc_macro2::TokenStream;
use quote::quote;

/// `#[doc]` attributes for `text`, one per line; nothing for `None`.
///
/// Spec prose is Markdown written for other renderers, so lines are trimmed and every line becomes
/// its own paragraph: that keeps rustdoc and clippy's doc lints from reading list continuations or
/// indented code blocks into it.
pub fn doc_attrs(text: Option<&str>) -> TokenStream {
    let Some(text) = text else {
        return TokenStream::new();
    };
    let mut lines: Vec<String> = Vec::new();
    for line in text.lines().map(str::trim) {
        if line.is_empty() {
            continue;
        }
        if !lines.is_empty() {
            lines.push(String::new());
        }
        lines.push(format!(" {}", escape(line)));
    }
    quote! { #( #[doc = #lines] )* }
}

/// Neutralizes Markdown that rustdoc would misread: bare URLs and bracketed text that looks like an
/// intra-doc link.
fn escape(line: &str) -> String {
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
            out.push_str(&word.replace('[', "\\[").replace(']', "\\]"));
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
        assert!(text.contains("\" First line\""));
        assert!(text.contains("\" - item\""));
        assert!(text.contains("<https://example.com/x>."));
    }

    #[test]
    fn brackets_are_escaped() {
        assert_eq!(escape("see [docs](x)"), "see \\[docs\\](x)");
    }
}
