//! Rust names from spec names: any string becomes a valid, clippy-clean identifier, and names are
//! made unique in a way that does not depend on the order items are met in.
//!
//! Identifiers are ASCII: non-ASCII text is transliterated (`co₂` → `co2`, `größe` → `grosse`,
//! `名前` → `ming_qian`) and what has no ASCII form is dropped. That rules out every
//! `confusable_idents`, `mixed_script_confusables` and `non_ascii_idents` warning in generated code
//! at once, and keeps names typeable. Keywords become raw identifiers (`r#type`), except those that
//! cannot be raw (`self`, `Self`, `crate`, `super`), which get a trailing underscore.
//!
//! Uniqueness comes in two kinds. [`NameSet`] hands out names in the order asked, for small
//! namespaces whose order is the spec's (a struct's fields, an operation's parameters, an enum's
//! variants); [`NameSet::claim_for`] reports a spec item it renames. [`settle`] decides
//! a whole namespace at once (types, the client's methods and constants): the candidates for one
//! name are ranked (names the spec spells exactly, then names converted from it, then derived
//! names, each group by the rank of the item it belongs to) and then ordered by JSON pointer. So a
//! name never depends on the order items are met in or on items that want other names; a new item
//! that wants an existing name takes it only if it ranks higher, or ranks the same and stands
//! earlier in the spec. Every rename is reported with both locations.

use crate::diagnostics::Diagnostics;
use heck::ToSnakeCase;
use std::collections::hash_map::Entry;
use std::collections::{HashMap, HashSet};

/// Strict, reserved and weak keywords of every edition; such names are written as raw identifiers.
/// Weak keywords (`union`, `macro_rules`, `raw`, `safe`) are legal names in most positions; escaping
/// them everywhere is simpler than knowing where they are not.
const KEYWORDS: &[&str] = &[
    "as",
    "async",
    "await",
    "break",
    "const",
    "continue",
    "dyn",
    "else",
    "enum",
    "extern",
    "false",
    "fn",
    "for",
    "gen",
    "if",
    "impl",
    "in",
    "let",
    "loop",
    "match",
    "mod",
    "move",
    "mut",
    "pub",
    "ref",
    "return",
    "static",
    "struct",
    "trait",
    "true",
    "type",
    "unsafe",
    "use",
    "where",
    "while",
    "abstract",
    "become",
    "box",
    "do",
    "final",
    "macro",
    "override",
    "priv",
    "try",
    "typeof",
    "unsized",
    "virtual",
    "yield",
    "macro_rules",
    "raw",
    "safe",
    "union",
];

/// Keywords that cannot be raw identifiers; these get a trailing underscore instead.
const NON_RAW: &[&str] = &["self", "Self", "super", "crate", "_"];

/// Type names the emitted code refers to without a path (prelude types, variants and traits), so
/// generated types may not take them. Derive macros live in another namespace and need no entry.
const PRELUDE_NAMES: &[&str] = &[
    "Option", "Some", "None", "Result", "Ok", "Err", "Vec", "String", "Box", "From", "Into", "Self",
];

/// Whether generated code needs `name` for a prelude item, so no generated type may take it.
pub(crate) fn is_prelude_name(name: &str) -> bool {
    PRELUDE_NAMES.contains(&name)
}

/// Methods the client has whatever the spec says (`new` comes from the runtime's constructor,
/// `call` starts the builder call form).
pub const CLIENT_METHODS: &[&str] = &["new", "with_transport", "runtime", "runtime_mut", "call"];

/// Splits a spec name into ASCII words that heck can case: non-ASCII text is transliterated, and
/// everything that is not an ASCII letter or digit separates words.
fn ascii_words(raw: &str) -> String {
    deunicode::deunicode_with_tofu(raw, " ")
        .chars()
        .map(|c| if c.is_ascii_alphanumeric() { c } else { ' ' })
        .collect()
}

/// A snake_case identifier for a field, parameter or method (`X-Session-Token` → `x_session_token`,
/// `type` → `r#type`, `2fa` → `_2fa`, `$` → `value`).
pub fn snake_ident(raw: &str) -> String {
    let mut name = ascii_words(raw).to_snake_case();
    if name.is_empty() {
        name.push_str("value");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, '_');
    }
    escape_keyword(name)
}

/// An UpperCamelCase identifier for a type or variant (`uiNodeAttributes` → `UiNodeAttributes`,
/// `123` → `V123`, `` → `Empty`, `self` → `Self_`).
pub fn camel_ident(raw: &str) -> String {
    let mut name = upper_camel(&ascii_words(raw));
    if name.is_empty() {
        name.push_str("Empty");
    }
    if name.starts_with(|c: char| c.is_ascii_digit()) {
        name.insert(0, 'V');
    }
    if name == "Self" {
        // `Self_` would read as snake case once a collision suffix follows (`Self_2`).
        name.push_str("Value");
    }
    escape_keyword(name)
}

/// heck's UpperCamelCase of `words` (ASCII letters, digits and spaces, as [`ascii_words`] gives
/// them), byte by byte: heck goes through `fmt` for every character, and type names, long ones
/// made of their parents' names included, are converted tens of thousands of times for a big
/// spec. Each space-separated word splits into parts before an uppercase letter that follows a
/// lowercase one and before the last of a run of uppercase letters when a lowercase one follows
/// (`HTTPServer` → `HTTP` `Server`); each part is capitalized, the rest lowercased.
fn upper_camel(words: &str) -> String {
    #[derive(Clone, Copy, PartialEq)]
    enum Case {
        /// No letter since the start of the part.
        None,
        Lower,
        Upper,
    }
    let mut out = String::with_capacity(words.len());
    for word in words.split(' ').map(str::as_bytes) {
        let (mut case, mut part_starts) = (Case::None, true);
        for (i, &c) in word.iter().enumerate() {
            let mut starts = std::mem::replace(&mut part_starts, false);
            if let Some(&next) = word.get(i + 1) {
                let with_c = match c {
                    b'a'..=b'z' => Case::Lower,
                    b'A'..=b'Z' => Case::Upper,
                    _ => case,
                };
                if with_c == Case::Lower && next.is_ascii_uppercase() {
                    (part_starts, case) = (true, Case::None);
                } else if case == Case::Upper && c.is_ascii_uppercase() && next.is_ascii_lowercase()
                {
                    (starts, case) = (true, Case::None);
                } else {
                    case = with_c;
                }
            }
            out.push(match starts {
                true => c.to_ascii_uppercase(),
                false => c.to_ascii_lowercase(),
            } as char);
        }
    }
    out
}

/// A SCREAMING_SNAKE_CASE identifier for a constant: `prefix` and the words of `raw`
/// (`SCHEME` + `api-key` → `SCHEME_API_KEY`).
pub fn constant_ident(prefix: &str, raw: &str) -> String {
    let words = bare(&snake_ident(raw))
        .trim_start_matches('_')
        .to_ascii_uppercase();
    format!("{prefix}_{words}")
}

/// A snake_case identifier made of two names (`with` + `api_key` → `with_api_key`; raw prefixes
/// and doubled underscores do not survive the join).
pub fn snake_join(first: &str, second: &str) -> String {
    snake_ident(&format!("{} {}", bare(first), bare(second)))
}

/// The identifier without its raw prefix, as it reads in docs and derived names.
pub fn bare(name: &str) -> &str {
    name.strip_prefix("r#").unwrap_or(name)
}

fn escape_keyword(mut name: String) -> String {
    if NON_RAW.contains(&name.as_str()) {
        name.push('_');
    } else if KEYWORDS.contains(&name.as_str()) {
        name.insert_str(0, "r#");
    }
    name
}

/// `wanted` if `take` accepts it (it is free, and now held), else the first of `wanted2`,
/// `wanted3`, ... that `take` accepts (`wanted_2` when `wanted` ends in a digit or is raw).
fn numbered(wanted: &str, mut take: impl FnMut(&str) -> bool) -> String {
    if take(wanted) {
        return wanted.to_string();
    }
    let (stem, sep) = match wanted.strip_prefix("r#") {
        Some(stem) => (stem, "_"),
        None if wanted.ends_with(|c: char| c.is_ascii_digit()) => (wanted, "_"),
        None => (wanted, ""),
    };
    (2..)
        .map(|n| format!("{stem}{sep}{n}"))
        .find(|candidate| take(candidate))
        .expect("an unbounded range always yields a free name")
}

/// A spec item that wants a name: what it is ("field", "parameter", ...) and its JSON pointer.
#[derive(Clone, Copy, Debug)]
pub struct Item<'a> {
    /// What the item is, for warnings.
    pub what: &'static str,
    /// Where it is in the spec.
    pub pointer: &'a str,
}

/// Hands out names that are unique within one namespace in the order they are asked for.
#[derive(Debug, Default)]
pub struct NameSet {
    /// Every name handed out, with the spec item holding it (`None`: the generated code's own).
    taken: HashMap<String, Option<(&'static str, String)>>,
}

impl NameSet {
    /// A namespace in which the given names are already taken.
    pub fn with_reserved(reserved: &[&str]) -> Self {
        Self {
            taken: reserved.iter().map(|s| (s.to_string(), None)).collect(),
        }
    }

    /// Returns `wanted` if free, else `wanted2`, `wanted3`, ...; the result is then taken by the
    /// generated code.
    pub fn claim(&mut self, wanted: &str) -> String {
        numbered(wanted, |name| self.take(name, None))
    }

    /// Like [`Self::claim`] for a spec item; when `wanted` is taken, a warning at the item names
    /// the one holding it.
    pub fn claim_for(&mut self, wanted: &str, item: Item<'_>, diags: &mut Diagnostics) -> String {
        let holder = Some((item.what, item.pointer.to_string()));
        let name = numbered(wanted, |name| self.take(name, holder.clone()));
        if name != wanted {
            let held_by = self.taken.get(wanted).cloned().flatten();
            let held_by = held_by
                .as_ref()
                .map(|(what, pointer)| (*what, pointer.as_str()));
            warn_renamed(diags, item, wanted, held_by, &name);
        }
        name
    }

    fn take(&mut self, name: &str, holder: Option<(&'static str, String)>) -> bool {
        match self.taken.entry(name.to_string()) {
            Entry::Occupied(_) => false,
            Entry::Vacant(slot) => {
                slot.insert(holder);
                true
            }
        }
    }
}

/// Warns at `item` that it is named `name` because `wanted` is held by `held_by` (what and
/// pointer of a spec item, or `None` for the generated code's own name).
fn warn_renamed(
    diags: &mut Diagnostics,
    item: Item<'_>,
    wanted: &str,
    held_by: Option<(&str, &str)>,
    name: &str,
) {
    let what = item.what;
    let message = |held_by: &str| {
        format!(
            "the {what} name `{}` is taken by {held_by}; this {what} is named `{name}`",
            bare(wanted),
        )
    };
    match held_by {
        Some((holder, pointer)) => diags.warn_related(
            item.pointer,
            message(&format!("the {holder} at `{}`", display_pointer(pointer))),
            pointer,
        ),
        None => diags.warn(item.pointer, message("the generated code itself")),
    }
}

/// How strongly an item holds on to the name it wants; stronger ranks are served first.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum Rank {
    /// The spec spells the name exactly (a schema `Identity`, an operationId `list_pets`).
    Spelled,
    /// The name is the spec's name converted to Rust case (`listPets` → `list_pets`).
    Converted,
    /// The name is derived from another (`list_pets_with_response`, `with_api_key`, inline types).
    Derived,
}

impl Rank {
    /// `Spelled` when `name` is `raw` as written, else `Converted`.
    pub fn of(name: &str, raw: &str) -> Self {
        if bare(name) == raw {
            Rank::Spelled
        } else {
            Rank::Converted
        }
    }
}

/// One item that wants a name in a namespace decided by [`settle`].
#[derive(Clone, Debug)]
pub struct Candidate {
    /// The name it wants (already a valid identifier).
    pub wanted: String,
    /// How strongly it holds on to it.
    pub rank: Rank,
    /// The rank of the item it belongs to (the operation of an error enum or `_with_response`
    /// form, the schema or operation an inline type stands in; its own rank otherwise): among
    /// derived names, those of a spelled item come first.
    pub owner_rank: Rank,
    /// Where the item is in the spec (for the warning when it is renamed).
    pub pointer: String,
    /// What orders candidates of equal ranks: the pointer, or for an enum value the value itself
    /// (its place in the list would change when a value is inserted before it).
    pub order: String,
    /// What the item is, for the warning when it is renamed ("method", "type", ...).
    pub what: &'static str,
}

/// Unique names for every candidate, in candidate order. The strongest candidate for a name gets
/// it (rank, then owner's rank, then JSON pointer or value); every other gets the first free numbered form, and a warning at
/// its pointer names the item that holds the name. `reserved` names are never handed out.
pub fn settle(reserved: &[&str], candidates: &[Candidate], diags: &mut Diagnostics) -> Vec<String> {
    let mut order: Vec<usize> = (0..candidates.len()).collect();
    order.sort_by(|&a, &b| {
        let c = &candidates;
        let key = |i: usize| (c[i].rank, c[i].owner_rank, &c[i].order, i);
        key(a).cmp(&key(b))
    });
    let mut taken: HashSet<String> = reserved.iter().map(|s| s.to_string()).collect();
    let mut names: Vec<Option<String>> = vec![None; candidates.len()];
    let mut holder: HashMap<&str, usize> = HashMap::new();
    for &i in &order {
        let wanted = &candidates[i].wanted;
        if taken.insert(wanted.clone()) {
            names[i] = Some(wanted.clone());
            holder.insert(wanted, i);
        }
    }
    for &i in &order {
        if names[i].is_some() {
            continue;
        }
        let candidate = &candidates[i];
        let name = numbered(&candidate.wanted, |n| taken.insert(n.to_string()));
        let held_by = holder
            .get(candidate.wanted.as_str())
            .map(|&h| (candidates[h].what, candidates[h].pointer.as_str()));
        let item = Item {
            what: candidate.what,
            pointer: &candidate.pointer,
        };
        warn_renamed(diags, item, &candidate.wanted, held_by, &name);
        names[i] = Some(name);
    }
    names.into_iter().flatten().collect()
}

fn display_pointer(pointer: &str) -> String {
    format!("#{pointer}")
}

/// The names of every type candidate (prelude names and the client's name are reserved), and the
/// name of the client's transport parameter, which no type holds.
pub fn settle_types(
    client_name: &str,
    candidates: &[Candidate],
    diags: &mut Diagnostics,
) -> (Vec<String>, String) {
    let mut reserved = PRELUDE_NAMES.to_vec();
    reserved.push(client_name);
    let names = settle(&reserved, candidates, diags);
    let mut taken: HashSet<String> = names.iter().cloned().collect();
    taken.insert(client_name.to_string());
    let transport_param = numbered("T", |n| taken.insert(n.to_string()));
    (names, transport_param)
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
        .map(|w| escape_keyword(w[common_prefix..w.len() - common_suffix].concat()))
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
        assert_eq!(camel_ident("self"), "SelfValue");
    }

    #[test]
    fn non_ascii_is_transliterated() {
        assert_eq!(snake_ident("co₂"), "co2");
        assert_eq!(snake_ident("x²"), "x2");
        assert_eq!(snake_ident("größe"), "grosse");
        assert_eq!(camel_ident("①"), "V1");
        assert_eq!(snake_ident("٣d"), "_3d");
        // Cyrillic `а` and Latin `a` read alike; both become the ASCII letter.
        assert_eq!(snake_ident("\u{430}pple"), snake_ident("apple"));
    }

    /// Every hostile string yields an identifier that parses, is ASCII, is a raw identifier
    /// exactly when it is a keyword, and keeps to its case convention.
    #[test]
    fn hostile_strings_become_identifiers() {
        let mut hostile: Vec<String> = [
            "",
            " ",
            "_",
            "__",
            "__de",
            "__serde",
            "-",
            "$",
            "@@",
            "💥",
            "🦀rust",
            "self",
            "Self",
            "crate",
            "super",
            "SELF",
            "r#type",
            "type",
            "Type",
            "union",
            "macro_rules",
            "raw",
            "safe",
            "dyn",
            "gen",
            "async",
            "await",
            "try",
            "abstract",
            "static",
            "'static",
            "co₂",
            "x²",
            "½",
            "①②",
            "٣",
            "𝟙",
            "ǅ",
            "ﬁ",
            "İ",
            "ß",
            "名前",
            "Ω",
            "\u{202e}evil",
            "a\u{0}b",
            "a\rb",
            "\u{200b}",
            "e\u{301}",
            "0",
            "1a",
            "-1",
            "9_9",
            "a__b",
            "A_",
            "_a",
            "r#",
            "Foo::Bar",
            "a.b.c",
            "x-api-key",
            "ABCDef",
            "HTTPServer",
            "i64",
            "str",
            "Option",
        ]
        .map(String::from)
        .to_vec();
        hostile.extend(KEYWORDS.iter().chain(NON_RAW).map(|k| k.to_string()));
        for raw in &hostile {
            for (name, snake) in [(snake_ident(raw), true), (camel_ident(raw), false)] {
                let parsed = match name.strip_prefix("r#") {
                    Some(rest) => {
                        assert!(
                            KEYWORDS.contains(&rest),
                            "{raw:?} → {name} is raw needlessly"
                        );
                        syn::parse_str::<syn::Ident>(&name)
                    }
                    None => syn::parse_str::<syn::Ident>(&name),
                };
                assert!(parsed.is_ok(), "{raw:?} → {name:?} does not parse");
                assert!(name.is_ascii(), "{raw:?} → {name:?} is not ASCII");
                // Generated code's own names (`__de`, `__map`, ...) start with `__`.
                assert!(!bare(&name).starts_with("__"), "{raw:?} → {name:?}");
                let plain = bare(&name).trim_matches('_');
                assert!(!plain.contains("__"), "{raw:?} → {name:?}");
                if snake {
                    assert!(!plain.chars().any(|c| c.is_ascii_uppercase()), "{name}");
                } else {
                    assert!(name.starts_with(|c: char| c.is_ascii_uppercase()), "{name}");
                    assert!(!plain.contains('_'), "{name}");
                }
            }
            let constant = constant_ident("SCHEME", raw);
            assert!(
                syn::parse_str::<syn::Ident>(&constant).is_ok(),
                "{constant}"
            );
            assert!(!constant.contains("__"), "{constant}");
            let joined = snake_join("with", &snake_ident(raw));
            assert!(syn::parse_str::<syn::Ident>(&joined).is_ok(), "{joined}");
            assert!(!joined.contains("__"), "{joined}");
        }
    }

    #[test]
    fn upper_camel_is_hecks() {
        use heck::ToUpperCamelCase;
        let parts = [
            "",
            " ",
            "a",
            "A",
            "1",
            "ab",
            "AB",
            "aB",
            "Ab",
            "a1",
            "1a",
            "A1b",
            "HTTPServer",
            "getHTTP",
            "x2Y",
            "XMLHttp",
            "v2",
            "ID",
            "iD",
            "  ",
            "b C",
            "Abc DEF",
        ];
        for a in parts {
            for b in parts {
                for c in ["", " ", "Z", "zZ", "9"] {
                    let words = format!("{a}{c}{b}");
                    assert_eq!(
                        upper_camel(&words),
                        words.to_upper_camel_case(),
                        "{words:?}"
                    );
                }
            }
        }
    }

    #[test]
    fn claims_are_unique() {
        let mut fields = NameSet::default();
        assert_eq!(fields.claim("r#type"), "r#type");
        assert_eq!(fields.claim("r#type"), "type_2");
        assert_eq!(fields.claim("v1"), "v1");
        assert_eq!(fields.claim("v1"), "v1_2");
        assert_eq!(fields.claim("id"), "id");
        assert_eq!(fields.claim("id"), "id2");
    }

    #[test]
    fn claims_for_spec_items_warn_with_both_places_in_spec_order() {
        let mut fields = NameSet::with_reserved(&["request"]);
        let mut diags = Diagnostics::default();
        let item = |pointer| Item {
            what: "field",
            pointer,
        };
        assert_eq!(
            fields.claim_for("foo_bar", item("/s/foo-bar"), &mut diags),
            "foo_bar"
        );
        assert_eq!(
            fields.claim_for("foo_bar", item("/s/foo_bar"), &mut diags),
            "foo_bar2"
        );
        assert_eq!(
            fields.claim_for("foo_bar2", item("/s/fooBar2"), &mut diags),
            "foo_bar2_2"
        );
        assert_eq!(
            fields.claim_for("request", item("/s/request"), &mut diags),
            "request2"
        );
        assert_eq!(
            fields.claim_for("other", item("/s/other"), &mut diags),
            "other"
        );
        let renamed: Vec<_> = diags
            .items()
            .iter()
            .map(|d| (d.pointer.as_str(), d.related.as_deref()))
            .collect();
        assert_eq!(
            renamed,
            [
                ("/s/foo_bar", Some("/s/foo-bar")),
                ("/s/fooBar2", Some("/s/foo_bar")),
                ("/s/request", None),
            ]
        );
        let messages: Vec<&str> = diags.items().iter().map(|d| d.message.as_str()).collect();
        assert_eq!(
            messages[0],
            "the field name `foo_bar` is taken by the field at `#/s/foo-bar`; \
             this field is named `foo_bar2`"
        );
        assert!(messages[1].ends_with("`foo_bar2_2`"), "{}", messages[1]);
        assert_eq!(
            messages[2],
            "the field name `request` is taken by the generated code itself; \
             this field is named `request2`"
        );
    }

    fn candidate(wanted: &str, rank: Rank, pointer: &str) -> Candidate {
        Candidate {
            wanted: wanted.into(),
            rank,
            owner_rank: rank,
            pointer: pointer.into(),
            order: pointer.into(),
            what: "type",
        }
    }

    #[test]
    fn settled_names_do_not_depend_on_order() {
        let a = candidate("FooBar", Rank::Converted, "/components/schemas/foo_bar");
        let b = candidate("FooBar", Rank::Spelled, "/components/schemas/FooBar");
        let c = candidate("FooBar", Rank::Derived, "/paths/~1x/get/responses/200");
        let mut diags = Diagnostics::default();
        let names = settle(&[], &[a.clone(), b.clone(), c.clone()], &mut diags);
        assert_eq!(names, ["FooBar2", "FooBar", "FooBar3"]);
        let reversed = settle(&[], &[c, b, a], &mut Diagnostics::default());
        assert_eq!(reversed, ["FooBar3", "FooBar", "FooBar2"]);
        assert_eq!(diags.items().len(), 2);
        assert!(diags.items()[0]
            .message
            .contains("taken by the type at `#/components/schemas/FooBar`"));
    }

    #[test]
    fn settling_respects_exact_holders_of_numbered_names() {
        let names = settle(
            &["Option"],
            &[
                candidate("Option", Rank::Spelled, "/components/schemas/Option"),
                candidate("Option2", Rank::Spelled, "/components/schemas/Option2"),
            ],
            &mut Diagnostics::default(),
        );
        assert_eq!(names, ["Option3", "Option2"]);
    }

    #[test]
    fn the_transport_parameter_avoids_types() {
        let types = [candidate("T", Rank::Spelled, "/components/schemas/T")];
        let (names, param) = settle_types("Client", &types, &mut Diagnostics::default());
        assert_eq!(names, ["T"]);
        assert_eq!(param, "T2");
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
