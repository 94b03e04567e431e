use serde_json::json;

use super::*;
use crate::load::yaml::read_whole;
use crate::load::yaml::tests::shared_yaml_specs;

/// The value of `text` cut at the first line from `from` on that can be cut, read as two halves
/// and joined; `None` when there is no cut there or the halves do not join.
fn joined(text: &str, from: usize) -> Option<Value> {
    let cut = cut(text, from)?;
    let mut head = read_whole(cut.head).ok()?;
    let tail = read_whole(&cut.tail).ok()?;
    join(&mut head, tail, &cut.spine).then_some(head)
}

const NESTED: &str = "a: 1\nb:\n  c:\n    d: 1\n    e:\n      f: [1, 2]\n    g: x\n  h: 2\ni: 3\n";

#[test]
fn halves_join_to_the_whole_value_wherever_the_cut() {
    let whole = read_whole(NESTED).unwrap();
    let mut cuts = 0;
    for from in 0..NESTED.len() {
        if let Some(value) = joined(NESTED, from) {
            assert_eq!(value, whole, "cut after byte {from}");
            cuts += 1;
        }
    }
    assert!(cuts >= 10, "{cuts} cuts");
    let cut = cut(NESTED, 12).unwrap();
    assert_eq!(
        (cut.head, cut.tail.as_str()),
        (
            "a: 1\nb:\n  c:\n",
            "b:\n  c:\n    d: 1\n    e:\n      f: [1, 2]\n    g: x\n  h: 2\ni: 3\n"
        )
    );
    assert_eq!(cut.spine, ["b", "c"]);
}

#[test]
fn lines_inside_anything_but_block_mappings_are_not_cut_at() {
    for text in [
        "a: |\n  b: 1\n  c: 2\n",
        "a:\n  - b: 1\n    c: 2\n",
        "a: {\n  b: 1,\n  c: 2 }\n",
        "a: &x\n  b: 1\n  c: 2\n",
        "a: \"x\n  b: 1\n  c: 2\"\n",
        "a: 1\n---\nb: 1\n",
    ] {
        assert!(cut(text, 4).is_none(), "{text:?}");
    }
}

#[test]
fn halves_that_do_not_join_are_refused() {
    // A key in both halves, an alias to the head's anchor, a cut inside a quoted scalar.
    for text in ["a: 1\nb: 2\na: 3\n", "a: &x 1\nb: *x\n", "a: 'x\nb: y'\n"] {
        assert_eq!(joined(text, 0), None, "{text:?}");
    }
    let mut head = json!({"a": 1});
    assert!(!join(&mut head, json!({"b": 1}), &["a"]));
    assert!(!join(&mut head, json!([1]), &[]));
}

/// Every YAML spec cut at 16 places joins to the value read whole.
#[test]
#[ignore = "needs the reference data in ../shared"]
fn every_shared_yaml_spec_joins_to_its_whole_value_wherever_cut() {
    let files = shared_yaml_specs();
    let mut cuts = 0;
    for path in &files {
        let text = std::fs::read_to_string(path).unwrap();
        let Ok(whole) = read_whole(&text) else {
            continue;
        };
        for i in 0..16 {
            if let Some(value) = joined(&text, text.len() * i / 16) {
                assert!(value == whole, "{} cut at {i}/16", path.display());
                cuts += 1;
            }
        }
    }
    assert!(cuts >= 32, "only {cuts} cuts in {} specs", files.len());
}
