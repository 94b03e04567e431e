//! trybuild UI tests: every diagnostic `include_api!` gives is pinned in `tests/ui/*.stderr`.

#[test]
fn ui() {
    // trybuild compiles the cases in a scratch crate under `target/`, so tell the macro where
    // this crate is: the cases name their specs relative to it, as a user's crate would.
    std::env::set_var("APIFORGE_MANIFEST_DIR_OVERRIDE", env!("CARGO_MANIFEST_DIR"));
    let cases = trybuild::TestCases::new();
    cases.compile_fail("tests/ui/fail_*.rs");
    cases.pass("tests/ui/pass_*.rs");
}
