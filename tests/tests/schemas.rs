//! Every named model of every Kratos spec we have decodes the documents made from its schema and
//! encodes them back unchanged (up to the differences `apiforge_testkit::compare` documents).
//!
//! Documents come from `apiforge_testkit::documents`, the generator the corpus test uses: one
//! with every property (one undeclared key in every object that allows them, date-times with an
//! offset and six fraction digits, an `int64` beyond `f64` precision, a seeded variant of each
//! union with its tag) and one with the required properties only and `null` wherever the schema
//! allows it and for lists (as Go servers write empty ones).

use apiforge_testkit::compare::difference;
use apiforge_testkit::documents::{Generator, Kind};
use apiforge_tests::schemas::RoundTrip;
use apiforge_tests::shared::repo_root;
use std::path::Path;

/// Round-trips the documents of every model in `table`; asserts that all come back.
fn check_all(spec_path: &Path, table: &[(&str, RoundTrip)]) {
    let failures = failures(spec_path, table, &[Kind::Full, Kind::Lean]);
    assert!(
        failures.is_empty(),
        "{} document(s) of the {} models of {} did not round-trip:\n{}",
        failures.len(),
        table.len(),
        spec_path.display(),
        failures.join("\n")
    );
    println!("{}: {} models round-trip", spec_path.display(), table.len());
}

/// Round-trips a document of each kind for every model in `table` (the spec's pointers point into
/// the file as written: both Kratos specs are OpenAPI 3.0); describes each one that did not come
/// back.
fn failures(spec_path: &Path, table: &[(&str, RoundTrip)], kinds: &[Kind]) -> Vec<String> {
    let spec = apiforge_testkit::spec::read(spec_path);
    let mut failures = Vec::new();
    for (pointer, round_trip) in table {
        let schema = spec
            .pointer(pointer.trim_start_matches('#'))
            .unwrap_or_else(|| panic!("{pointer} is in the spec"));
        for &kind in kinds {
            let doc = Generator::new(&spec, kind, pointer).document(schema);
            let found = match round_trip(&doc) {
                Ok(encoded) => difference(&doc, &encoded),
                Err(e) => Some(e),
            };
            if let Some(found) = found {
                failures.push(format!("{pointer} ({kind:?})\n  sent: {doc}\n  {found}"));
            }
        }
    }
    failures
}

#[test]
fn every_model_of_our_kratos_spec_round_trips() {
    check_all(
        &repo_root().join("spec/kratos.yaml"),
        apiforge_tests::schemas::KRATOS,
    );
}

#[test]
fn a_client_that_drops_undeclared_keys_fails_the_check() {
    let spec = repo_root().join("spec/kratos.yaml");
    let lean = apiforge_tests::schemas::KRATOS_LEAN;
    let failures = failures(&spec, lean, &[Kind::Full]);
    // Every struct that is not closed loses the undeclared key; maps, enums and aliases of
    // scalars do not.
    assert!(
        failures.len() > lean.len() / 2,
        "{} of {}",
        failures.len(),
        lean.len()
    );
    assert!(
        failures.iter().all(|f| f.contains("undeclared_key")),
        "{}",
        failures.join("\n")
    );
}

#[cfg(upstream_kratos)]
#[test]
fn every_model_of_the_upstream_kratos_spec_round_trips() {
    let spec = apiforge_tests::shared::shared_file("specs/kratos-v0.9.0-alpha.3.json");
    check_all(&spec, apiforge_tests::schemas::KRATOS_UPSTREAM);
}
