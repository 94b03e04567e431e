use std::path::{Path, PathBuf};

use serde_json::json;

use super::*;
use crate::load::tests::shared_specs;
use crate::load::tree::Tree;

/// Where this reader and serde_yaml 0.9 (what the loader used before) disagree on `text`: both
/// must give the same value, or both refuse it.
fn disagreement(text: &str) -> Option<String> {
    let ours = parse(text);
    let theirs = serde_yaml::from_str::<Tree>(text).map(|tree| tree.0);
    match (ours, theirs) {
        (Ok(ours), Ok(theirs)) if ours == theirs => None,
        (Err(_), Err(_)) => None,
        (ours, theirs) => Some(format!(
            "{text:?}\n  ours: {ours:?}\n  serde_yaml: {theirs:?}"
        )),
    }
}

fn assert_agree(texts: impl IntoIterator<Item = String>) {
    let mut count = 0;
    let found: Vec<String> = texts
        .into_iter()
        .inspect(|_| count += 1)
        .filter_map(|text| disagreement(&text))
        .collect();
    assert!(
        found.is_empty(),
        "{} of {count} differ:\n{}",
        found.len(),
        found.join("\n")
    );
}

/// Scalars whose type depends on every rule of the core schema, and a few beyond it.
const SCALARS: &[&str] = &[
    "",
    "~",
    "null",
    "Null",
    "NULL",
    "nUll",
    "true",
    "True",
    "TRUE",
    "tRue",
    "false",
    "False",
    "FALSE",
    "yes",
    "no",
    "on",
    "off",
    "y",
    "n",
    "0",
    "-0",
    "+0",
    "00",
    "007",
    "-007",
    "+007",
    "08",
    "0x1F",
    "0x1f",
    "-0x1F",
    "+0x1F",
    "0x",
    "0x-1",
    "0x+1",
    "0o17",
    "-0o17",
    "0o8",
    "0b101",
    "-0b101",
    "0b2",
    "0B1",
    "0X1",
    "1_000",
    "12",
    "+12",
    "-12",
    "++12",
    "+-12",
    "-+12",
    "--12",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775808",
    "-9223372036854775809",
    "18446744073709551615",
    "18446744073709551616",
    "340282366920938463463374607431768211455",
    "340282366920938463463374607431768211456",
    "-170141183460469231731687303715884105728",
    "-170141183460469231731687303715884105729",
    "0xFFFFFFFFFFFFFFFFFF",
    "1.0",
    "1.",
    ".5",
    "-.5",
    "+.5",
    "1e3",
    "1E3",
    "1e+3",
    "-1.5e-3",
    "1.10",
    "3.0",
    "3.0.3",
    "2.0",
    "0.0",
    "-0.0",
    "00.5",
    "01.5",
    "0.",
    "0e0",
    "1e",
    "e3",
    ".inf",
    ".Inf",
    ".INF",
    "+.inf",
    "-.inf",
    "-.Inf",
    "-.INF",
    "+-.inf",
    ".nan",
    ".NaN",
    ".NAN",
    "+.nan",
    "-.nan",
    "inf",
    "-inf",
    "+inf",
    "nan",
    "NaN",
    "infinity",
    "Infinity",
    "-infinity",
    "1e400",
    "-1e400",
    "1e-400",
    "12:30:00",
    "1:2",
    "2001-12-14",
    "a#b",
    "a b",
    "123abc",
    "0xGG",
    "0o",
    "0b",
    ".",
    "..",
    "1.2.3",
    "\u{221e}",
    "\u{ff11}\u{ff12}",
    "é",
    "$ref",
    "/a/{id}",
    "application/json",
    "200",
    "2XX",
    "default",
];

/// Each scalar as a value plain, quoted both ways, with each core tag and a local tag, as a key,
/// in a flow sequence, and behind an anchor and an alias.
fn scalar_documents() -> Vec<String> {
    let mut texts = Vec::new();
    for s in SCALARS {
        for form in [
            format!("k: {s}\n"),
            format!("k: '{s}'\n"),
            format!("k: \"{s}\"\n"),
            format!("k: [{s}]\n"),
            format!("'{s}': v\n"),
            format!("k: &a {s}\nl: *a\n*a : x\n"),
            format!("k: !local {s}\n"),
            format!("k: !local '{s}'\n"),
            format!("k: ! {s}\n"),
        ] {
            texts.push(form);
        }
        // A plain key (yaml-rust2 reads `: v` as an empty key where libyaml refuses it).
        if !s.is_empty() {
            texts.push(format!("{s}: v\n"));
        }
        for tag in ["str", "int", "float", "bool", "null", "binary", "timestamp"] {
            texts.push(format!("k: !!{tag} {s}\n"));
            texts.push(format!("k: !!{tag} \"{s}\"\n"));
            texts.push(format!("k: !<tag:yaml.org,2002:{tag}> {s}\n"));
        }
    }
    texts
}

#[test]
fn scalars_resolve_as_serde_yaml_resolved_them() {
    assert_agree(scalar_documents());
}

#[test]
fn structures_read_as_serde_yaml_read_them() {
    let texts = [
        "",
        "# only a comment\n",
        "---\n",
        "--- 5\n",
        "---\na: 1\n...\n",
        "a: 1\n---\nb: 2\n",
        "%YAML 1.2\n---\na: 1\n",
        "a:\n  - 1\n  - [2, {b: c}]\n  -\n  - - x\n    - y\n",
        "a: |\n  line\n   more\n\n  end\nb: >-\n  folded\n  text\n\n  para\nc: |+\n  keep\n\n",
        "a: \"esc \\t \\u00e9 \\x41 \\\" \\\\ \\n\"\nb: 'it''s'\n",
        "a: plain\n  continued\n  lines\n",
        "? complex\n: value\n? [a, b]\n: x\n",
        "? {a: 1}\n: x\n",
        "a: &x {b: 1, c: [1, 2]}\nd: *x\ne: {<<: *x, f: 2}\n",
        "a: &x 1\n*x : 2\n",
        "a: &x [1]\n*x : 2\n",
        "a: &x [*x]\n",
        "a: *nowhere\n",
        "a: !!map {b: 1}\nc: !!seq [1]\nd: !Custom {e: [1]}\nf: !Custom [x]\n",
        "a: 1\na: 2\n",
        "a: {b: 1, b: 2}\n",
        "1: a\n'1': b\n",
        "a: {b: 1,\n",
        "a: [1, 2\n",
        "a: b: c\n",
        "a:\n\tb: 1\n",
        "- a\nb: 1\n",
        "a: 'unterminated\n",
        "a: @reserved\n",
        "{a: 1, b: [1, 2], c: {d: e}}\n",
        "[1, 2, 3]\n",
        "plain scalar document\n",
        "a: 0x1F\nb: 1.5e3\nc: ~\nd:\ne: ''\n",
        "\"quoted key\": 1\n'single': 2\n",
        "a:\n  # comment\n  b: 1 # trailing\n",
        "anchors: [&a 1, &b 2, *a, *b, &a 3, *a]\n",
    ];
    assert_agree(texts.into_iter().map(str::to_owned));
}

/// The YAML files of this repository (test fixtures, examples, `spec/`), outside build output.
fn repository_yaml() -> Vec<PathBuf> {
    fn walk(dir: &Path, found: &mut Vec<PathBuf>) {
        let Ok(entries) = std::fs::read_dir(dir) else {
            return;
        };
        for path in entries.flatten().map(|e| e.path()) {
            let name = path.file_name().unwrap_or_default().to_string_lossy();
            if path.is_dir() && !matches!(&*name, "target" | "node_modules" | ".git") {
                walk(&path, found);
            } else if name.ends_with(".yaml") || name.ends_with(".yml") {
                found.push(path);
            }
        }
    }
    let mut found = Vec::new();
    walk(
        &Path::new(env!("CARGO_MANIFEST_DIR")).join(".."),
        &mut found,
    );
    found
}

fn texts_of(paths: &[PathBuf]) -> impl Iterator<Item = String> + '_ {
    paths
        .iter()
        .filter_map(|p| std::fs::read_to_string(p).ok())
        .map(|text| text.trim_start_matches('\u{feff}').to_owned())
}

#[test]
fn every_yaml_file_of_the_repository_reads_as_with_serde_yaml() {
    let files = repository_yaml();
    assert!(files.len() >= 50, "only {} YAML files found", files.len());
    assert_agree(texts_of(&files));
}

/// The YAML specs of the shared reference data (panics when it is missing).
pub(super) fn shared_yaml_specs() -> Vec<PathBuf> {
    let root = shared_specs();
    let files: Vec<PathBuf> = [root.clone(), root.join("corpus")]
        .iter()
        .flat_map(|dir| std::fs::read_dir(dir).unwrap_or_else(|e| panic!("{}: {e}", dir.display())))
        .map(|entry| entry.unwrap().path())
        .filter(|p| p.extension().is_some_and(|e| e == "yaml" || e == "yml"))
        .collect();
    assert!(
        files.len() >= 5,
        "only {} YAML specs under {}",
        files.len(),
        root.display()
    );
    files
}

#[test]
#[ignore = "needs the reference data in ../shared"]
fn every_shared_yaml_spec_reads_as_with_serde_yaml() {
    let files = shared_yaml_specs();
    assert_agree(texts_of(&files));
}

fn error(text: &str) -> ParseError {
    parse(text).expect_err("refused")
}

#[test]
fn an_alias_bomb_is_refused_where_it_goes_off() {
    let mut bomb = String::from("a0: &a0 [x, x, x, x, x, x, x, x, x, x]\n");
    for i in 1..12 {
        let p = i - 1;
        let aliases = vec![format!("*a{p}"); 10].join(", ");
        bomb.push_str(&format!("a{i}: &a{i} [{aliases}]\n"));
    }
    let e = error(&bomb);
    assert!(
        e.message.starts_with("repetition limit exceeded"),
        "{}",
        e.message
    );
    assert!(e.line > 1 && e.line <= 12, "{e:?}");
}

#[test]
fn aliases_within_the_bound_are_copied() {
    let value = parse("a: &x {b: [1, 2]}\nc: [*x, *x]\n").unwrap();
    assert_eq!(
        value,
        json!({"a": {"b": [1, 2]}, "c": [{"b": [1, 2]}, {"b": [1, 2]}]})
    );
}

#[test]
fn nesting_is_bounded_aliases_included() {
    let deep = format!("a: {}{}\n", "[".repeat(200), "]".repeat(200));
    let e = error(&deep);
    assert_eq!(
        (e.message.as_str(), e.line),
        ("recursion limit exceeded", 1)
    );
    let block = format!("a:\n{}x\n", "- ".repeat(300));
    assert_eq!(error(&block).message, "recursion limit exceeded");
    // 100 levels, then an alias to 100 more.
    let nested = format!("{}{}", "[".repeat(100), "]".repeat(100));
    let aliased = format!(
        "a: &x {nested}\nb: {}*x{}\n",
        "[".repeat(100),
        "]".repeat(100)
    );
    let e = error(&aliased);
    assert_eq!(
        (e.message.as_str(), e.line),
        ("recursion limit exceeded", 2)
    );
    let fits = format!("{}{}", "[".repeat(127), "]".repeat(127));
    assert!(parse(&format!("a: {fits}\n")).is_ok());
}

#[test]
fn a_huge_scalar_is_read_whole() {
    let huge = "x".repeat(8 << 20);
    let value = parse(&format!("a: {huge}\nb: \"{huge}\"\n")).unwrap();
    assert_eq!(value["a"].as_str().map(str::len), Some(8 << 20));
    assert_eq!(value["b"].as_str().map(str::len), Some(8 << 20));
}

#[test]
fn errors_say_where() {
    let e = error("openapi: 3.0.3\npaths:\n  /a:\n    get:\n      responses:\n        \"200\": description: ok\n");
    assert_eq!(e.message, "mapping values are not allowed in this context");
    // Where libyaml said it too (the `:` after `description`).
    assert_eq!((e.line, e.column), (6, 27));
    let e = error("a: 1\n---\nb: 2\n");
    assert!(
        e.message.contains("more than one document"),
        "{}",
        e.message
    );
    assert_eq!(e.line, 2);
    let e = error("a: &x [*x]\n");
    assert_eq!(
        (e.message.as_str(), e.line, e.column),
        ("an alias to a node that contains it", 1, 8)
    );
    let e = error("a: !!int twelve\n");
    assert_eq!(
        e.message,
        "invalid value: string \"twelve\", expected an integer"
    );
    let e = error("? [a]\n: 1\n");
    assert_eq!(e.message, "invalid type: sequence, expected a string key");
    assert_eq!(parse("# nothing\n").unwrap(), Value::Null);
}

#[test]
fn a_duplicate_key_is_located_with_its_pointer() {
    let e = error("info:\n  x:\n  - {k: 1, k: 2}\n");
    assert_eq!(e.message, "duplicate key `k`");
    assert_eq!(
        (e.pointer.as_str(), e.line, e.column),
        ("/info/x/0/k", 3, 12)
    );
    let e = error("a/b:\n  ~k: 1\n  ~k: 2\n");
    assert_eq!(e.pointer, "/a~1b/~0k");
}
