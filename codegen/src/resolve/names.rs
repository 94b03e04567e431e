//! Rust names from spec names: case conversion, keyword escaping and uniqueness.

use heck::{ToSnakeCase, ToUpperCamelCase};
use std::collections::HashSet;

/// Words Rust reserves; a field or parameter with one of these names is written as a raw identifier.
const KEYWORDS: &[&str] = &[
    "as", "async", "await", "break", "const", "continue", "dyn", "else", "enum", "extern", "false",
    "fn", "for", "gen", "if", "impl", "in", "let", "loop", "match", "mod", "move", "mut", "pub",
    "ref", "return", "static", "struct", "trait", "true", "type", "unsafe", "use", "where",
    "while", "abstract", "become", "box", "do", "final", "macro", "override", "priv", "try",
    "typeof", "unsized", "virtual", "yield",
];

/// Keywords that cannot be raw identifiers; these get a trailing underscore instead.
const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the generated code itself relies on, so schemas may not take them.
const RESERVED_TYPES: &[&str] = &[
    "Option", "Result", "Vec", "String", "Box", "Some", "None", "Ok", "Err", "Self",
];

/// Splits a spec name into words that heck can case, dropping characters Rust does not allow.
fn words(raw: &str) -> String {
    let mut out = String::with_capacity(raw.len());
    for c in raw.chars() {
        if c.is_alphanumeric() {
            out.push(c);
        } else {
            out.push(' ');
        }
    }
    out
}

/// A snake_case identifier for a field, parameter or method (`X-Session-Token` → `x_session_token`).
pub fn snake_ident(raw: &str) -> String {
    let mut name = words(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    if NON_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// An UpperCamelCase identifier for a type or variant (`uiNodeAttributes` → `UiNodeAttributes`).
pub fn camel_ident(raw: &str) -> String {
    let mut name = words(raw).to_upper_camel_case();
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if NON_RAW.contains(&name.as_str()) {
        name.push('_');
    }
    name
}

/// Hands out names that are unique within one namespace, suffixing a number on collision.
#[derive(Debug, Default)]
pub struct NameSet {
    taken: HashSet<String>,
}

impl NameSet {
    /// A namespace in which the given names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| s.to_string()).collect(),
        }
    }

    /// The namespace for generated type names.
    pub fn for_types(client_name: &str) -> Self {
        let mut set = Self::with_reserved(RESERVED_TYPES);
        set.taken.insert(client_name.to_string());
        set
    }

    /// Returns `wanted` if free, else `wanted2`, `wanted3`, ...; the result is then taken.
    pub fn claim(&mut self, wanted: &str) -> String {
        if self.taken.insert(wanted.to_string()) {
            return wanted.to_string();
        }
        let (stem, sep) = match wanted.strip_prefix("r#") {
            Some(stem) => (stem, "_"),
            None if wanted.ends_with(|c: char| c.is_ascii_digit()) => (wanted, "_"),
            None => (wanted, ""),
        };
        (2..)
            .map(|n| format!("{stem}{sep}{n}"))
            .find(|candidate| self.taken.insert(candidate.clone()))
            .expect("an unbounded range always yields a free name")
    }
}

/// Removes the longest common word prefix and suffix of several UpperCamelCase names, so that
/// `UiNodeInputAttributes`, `UiNodeTextAttributes` become `Input`, `Text`. Returns `None` when
/// stripping would leave any name empty or start with a digit.
pub fn strip_common_affixes(names: &[String]) -> Option<Vec<String>> {
    if names.len() < 2 {
        return None;
    }
    let split: Vec<Vec<&str>> = names.iter().map(|n| camel_words(n)).collect();
    let shortest = split.iter().map(Vec::len).min()?;
    let common_prefix = (0..shortest)
        .take_while(|&i| split.iter().all(|w| w[i] == split[0][i]))
        .count();
    let common_suffix = (0..shortest - common_prefix)
        .take_while(|&i| {
            split
                .iter()
                .all(|w| w[w.len() - 1 - i] == split[0][split[0].len() - 1 - i])
        })
        .count();
    let stripped: Vec<String> = split
        .iter()
        .map(|w| w[common_prefix..w.len() - common_suffix].concat())
        .collect();
    let usable = stripped
        .iter()
        .all(|s| !s.is_empty() && !s.starts_with(|c: char| c.is_ascii_digit()));
    let distinct = stripped.iter().collect::<HashSet<_>>().len() == stripped.len();
    (usable && distinct && common_prefix + common_suffix > 0).then_some(stripped)
}

/// Splits an UpperCamelCase identifier into its words.
fn camel_words(name: &str) -> Vec<&str> {
    let mut words = Vec::new();
    let mut start = 0;
    for (i, c) in name.char_indices().skip(1) {
        if c.is_uppercase() {
            words.push(&name[start..i]);
            start = i;
        }
    }
    words.push(&name[start..]);
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn snake_names_follow_the_seed() {
        assert_eq!(snake_ident("adminCreateIdentity"), "admin_create_identity");
        assert_eq!(snake_ident("X-Session-Token"), "x_session_token");
        assert_eq!(snake_ident("Cookie"), "cookie");
        assert_eq!(snake_ident("type"), "r#type");
        assert_eq!(snake_ident("self"), "self_");
        assert_eq!(snake_ident("2fa"), "_2fa");
        assert_eq!(snake_ident("$"), "value");
    }

    #[test]
    fn camel_names() {
        assert_eq!(camel_ident("uiNodeAttributes"), "UiNodeAttributes");
        assert_eq!(camel_ident("UUID"), "Uuid");
        assert_eq!(camel_ident("application/json"), "ApplicationJson");
        assert_eq!(camel_ident("123"), "V123");
        assert_eq!(camel_ident(""), "Empty");
    }

    #[test]
    fn claims_are_unique() {
        let mut set = NameSet::for_types("Client");
        assert_eq!(set.claim("Identity"), "Identity");
        assert_eq!(set.claim("Identity"), "Identity2");
        assert_eq!(set.claim("Client"), "Client2");
        assert_eq!(set.claim("Option"), "Option2");
        let mut fields = NameSet::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
        assert_eq!(fields.claim("v1"), "v1");
        assert_eq!(fields.claim("v1"), "v1_2");
    }

    #[test]
    fn affixes_are_stripped() {
        let names = [
            "UiNodeInputAttributes",
            "UiNodeTextAttributes",
            "UiNodeAnchorAttributes",
        ]
        .map(String::from);
        assert_eq!(
            strip_common_affixes(&names).unwrap(),
            ["Input", "Text", "Anchor"]
        );
        let same = ["Foo", "FooBar"].map(String::from);
        assert_eq!(strip_common_affixes(&same), None);
    }
}
