//! The `Link` header (RFC 8288 section 3): the target of the first link whose relation types
//! include a given one.

/// The target of the first link in `values` (every `Link` field, in order) whose `rel` holds
/// `relation` (compared case-insensitively), as written (a URI reference, maybe relative).
/// Malformed link-values are skipped up to the next `,` outside `<>` and quotes.
pub fn find_rel<'a>(values: impl IntoIterator<Item = &'a str>, relation: &str) -> Option<&'a str> {
    values
        .into_iter()
        .flat_map(links)
        .find(|link| {
            link.rel.as_deref().is_some_and(|rel| {
                rel.split_ascii_whitespace()
                    .any(|r| r.eq_ignore_ascii_case(relation))
            })
        })
        .map(|link| link.target)
}

/// One link-value: its target and its first `rel` parameter (unquoted).
struct Link<'a> {
    target: &'a str,
    rel: Option<String>,
}

/// The link-values of one field value.
fn links(value: &str) -> impl Iterator<Item = Link<'_>> {
    let mut rest = value;
    std::iter::from_fn(move || loop {
        rest = rest.trim_start_matches(|c: char| c == ',' || c.is_ascii_whitespace());
        if rest.is_empty() {
            return None;
        }
        match parse_link(rest) {
            Some((link, after)) => {
                rest = after;
                return Some(link);
            }
            None => rest = skip_link_value(rest),
        }
    })
}

/// Parses `<target>` and its parameters up to the `,` that ends the link-value (or the end).
fn parse_link(text: &str) -> Option<(Link<'_>, &str)> {
    let text = text.strip_prefix('<')?;
    let end = text.find('>')?;
    let target = text[..end].trim();
    let mut rest = &text[end + 1..];
    let mut rel = None;
    loop {
        rest = rest.trim_start();
        if rest.is_empty() || rest.starts_with(',') {
            return Some((Link { target, rel }, rest));
        }
        rest = rest.strip_prefix(';')?.trim_start();
        let name_end = rest.find(|c: char| !is_token_char(c)).unwrap_or(rest.len());
        let name = &rest[..name_end];
        rest = rest[name_end..].trim_start();
        let value = match rest.strip_prefix('=') {
            Some(after) => {
                let (value, after) = param_value(after.trim_start())?;
                rest = after;
                Some(value)
            }
            None => None,
        };
        // Only the first `rel` counts (RFC 8288 section 3.3).
        if name.eq_ignore_ascii_case("rel") && rel.is_none() {
            rel = value;
        }
    }
}

/// A token or a quoted-string (backslash escapes removed), and the text after it.
fn param_value(text: &str) -> Option<(String, &str)> {
    let Some(quoted) = text.strip_prefix('"') else {
        let end = text.find(|c: char| !is_token_char(c)).unwrap_or(text.len());
        return Some((text[..end].to_owned(), &text[end..]));
    };
    let mut value = String::new();
    let mut chars = quoted.char_indices();
    while let Some((i, c)) = chars.next() {
        match c {
            '"' => return Some((value, &quoted[i + 1..])),
            '\\' => value.push(chars.next()?.1),
            c => value.push(c),
        }
    }
    None
}

/// The text after the malformed link-value that `text` starts with: past the next `,` outside
/// `<>` and quotes.
fn skip_link_value(text: &str) -> &str {
    let (mut in_uri, mut in_quotes, mut escaped) = (false, false, false);
    for (i, c) in text.char_indices() {
        match c {
            _ if escaped => escaped = false,
            '\\' if in_quotes => escaped = true,
            '"' if !in_uri => in_quotes = !in_quotes,
            '<' if !in_quotes => in_uri = true,
            '>' if !in_quotes => in_uri = false,
            ',' if !in_uri && !in_quotes => return &text[i + 1..],
            _ => {}
        }
    }
    ""
}

/// RFC 9110 `tchar`.
fn is_token_char(c: char) -> bool {
    c.is_ascii_alphanumeric() || "!#$%&'*+-.^_`|~".contains(c)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn next(values: &[&str]) -> Option<String> {
        find_rel(values.iter().copied(), "next").map(str::to_owned)
    }

    #[test]
    fn finds_next_among_other_relations() {
        let github = r#"<https://api.example.com/items?page=2>; rel="next", <https://api.example.com/items?page=9>; rel="last""#;
        assert_eq!(
            next(&[github]).unwrap(),
            "https://api.example.com/items?page=2"
        );
        let kratos = "</admin/identities?page=0&per_page=2>; rel=\"first\",</admin/identities?page=2&per_page=2>; rel=\"next\"";
        assert_eq!(
            next(&[kratos]).unwrap(),
            "/admin/identities?page=2&per_page=2"
        );
        assert_eq!(next(&["<a>; rel=prev", "<b>; rel=next"]).unwrap(), "b");
        assert_eq!(next(&["<https://x.io/?p=1>; rel=last"]), None);
        assert_eq!(next(&[]), None);
    }

    #[test]
    fn relation_types_are_a_case_insensitive_list() {
        assert_eq!(next(&[r#"<p2>; rel="prefetch NEXT""#]).unwrap(), "p2");
        assert_eq!(next(&[r#"<p2>; REL = "next""#]).unwrap(), "p2");
        // `nextpage` is not `next`; only the first `rel` counts.
        assert_eq!(next(&[r#"<p2>; rel="nextpage""#]), None);
        assert_eq!(next(&[r#"<p2>; rel="last"; rel="next""#]), None);
    }

    #[test]
    fn commas_and_semicolons_inside_uris_and_quotes_do_not_split() {
        let value = r#"<https://x.io/a,b;c>; title="one, two; rel=next"; rel="next""#;
        assert_eq!(next(&[value]).unwrap(), "https://x.io/a,b;c");
        let escaped = r#"<q>; title="say \"hi\", rel=next", <n>; rel=next"#;
        assert_eq!(next(&[escaped]).unwrap(), "n");
    }

    #[test]
    fn malformed_values_are_skipped() {
        assert_eq!(next(&["garbage, <n>; rel=next"]).unwrap(), "n");
        assert_eq!(next(&["<unterminated; rel=next"]), None);
        assert_eq!(next(&[r#"<a>; rel="next"#]), None);
        assert_eq!(next(&["<a> rel=next, <b>; rel=next"]).unwrap(), "b");
    }
}
