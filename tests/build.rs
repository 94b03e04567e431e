//! Finds the reference data (`../shared` beside the repository, or the directory named by
//! `APIFORGE_SHARED`) and tells the crate whether it is there: `cfg(shared_data)`, and its path in
//! `APIFORGE_SHARED_DIR`. Tests that need it are `#[cfg_attr(not(shared_data), ignore)]`, so
//! without it they show as ignored, never as passed; under `CI=true` its absence fails the build.
//! With it, the clients for the upstream Kratos specs (v0.9.0-alpha.3 and v0.10.1) are generated
//! (`cfg(upstream_kratos)`). Always: the Kratos client with unknown fields dropped (beside the
//! golden one, which keeps them), a client filtered by tag and operation, and tables of every
//! model for the round-trip test.

use std::fmt::Write;
use std::path::{Path, PathBuf};

use apiforge_codegen::{Settings, UnknownFields};

fn main() {
    write_readme_section();
    apiforge_codegen::Builder::new("../spec/kratos.yaml")
        .tags(["metadata"])
        .operations(["admin*Identity"])
        .exclude(["adminDelete*", "isReady"])
        .out_file("kratos_filtered.rs")
        .generate()
        .unwrap_or_else(|e| panic!("generating the filtered Kratos client failed: {e}"));
    println!("cargo:rerun-if-env-changed=CI");
    let lean = Settings::builder()
        .unknown_fields(UnknownFields::Drop)
        .build();
    apiforge_codegen::Builder::new("../spec/kratos.yaml")
        .settings(lean)
        .out_file("kratos_lean.rs")
        .generate()
        .unwrap_or_else(|e| panic!("generating the lean Kratos client failed: {e}"));
    write_schema_table("../spec/kratos.yaml", "kratos", "kratos_schemas.rs");
    write_schema_table(
        "../spec/kratos.yaml",
        "kratos_lean",
        "kratos_lean_schemas.rs",
    );
    println!("cargo:rerun-if-env-changed=APIFORGE_SHARED");
    let shared = std::env::var_os("APIFORGE_SHARED")
        .map(PathBuf::from)
        .unwrap_or_else(|| Path::new(env!("CARGO_MANIFEST_DIR")).join("../../shared"));
    // Cargo reruns this script when the directory appears, disappears or changes.
    println!("cargo:rerun-if-changed={}", shared.display());
    println!("cargo:rustc-env=APIFORGE_SHARED_DIR={}", shared.display());
    if !shared.is_dir() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "the reference data is missing at {} (set APIFORGE_SHARED), and CI=true",
                shared.display()
            );
        }
        println!(
            "cargo:warning=reference data not found at {} (set APIFORGE_SHARED); the tests that need it are ignored",
            shared.display()
        );
        return;
    }
    println!("cargo:rustc-cfg=shared_data");
    for (spec, out) in [
        ("specs/kratos-v0.9.0-alpha.3.json", "kratos_upstream.rs"),
        ("specs/kratos-v0.10.1.json", "kratos_upstream_v0_10_1.rs"),
    ] {
        let spec = shared.join(spec);
        apiforge_codegen::Builder::new(&spec)
            .out_file(out)
            .generate()
            .unwrap_or_else(|e| panic!("generating the client of {} failed: {e}", spec.display()));
    }
    write_schema_table(
        shared.join("specs/kratos-v0.9.0-alpha.3.json"),
        "kratos_upstream",
        "kratos_upstream_schemas.rs",
    );
    println!("cargo:rustc-cfg=upstream_kratos");
}

/// Writes a table of every named type of the client generated from `spec` into `module` (names
/// and pointers do not depend on the settings), each with the pointer of the schema it comes from
/// and its round-trip function.
fn write_schema_table(spec: impl AsRef<Path>, module: &str, out_file: &str) {
    let generated = apiforge_codegen::generate_file(spec.as_ref(), &Settings::default())
        .unwrap_or_else(|e| panic!("generating {}: {e}", spec.as_ref().display()));
    let mut table = String::from("&[\n");
    for def in &generated.api().types {
        writeln!(
            table,
            "    ({:?}, crate::schemas::round_trip::<crate::{module}::{}>),",
            def.pointer, def.name
        )
        .unwrap();
    }
    table.push(']');
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join(out_file);
    // Replaced, not rewritten in place, as `Builder` does with the clients.
    let partial = out.with_extension("rs.partial");
    std::fs::write(&partial, table)
        .and_then(|()| std::fs::rename(&partial, &out))
        .unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}

/// The README's "Response headers and pagination" section, for `src/lib.rs` to compile its example
/// as a doc test against the golden Kratos client (named `kratos` there, as in the README).
fn write_readme_section() {
    const HEADING: &str = "## Response headers and pagination\n";
    println!("cargo:rerun-if-changed=../README.md");
    let readme = std::fs::read_to_string("../README.md").expect("README.md");
    let start = readme.find(HEADING).expect("the README has the section") + HEADING.len();
    let end = readme[start..]
        .find("\n## ")
        .map_or(readme.len(), |at| start + at);
    let section =
        readme[start..end].replacen("```rust\n", "```rust\n# use apiforge_tests::kratos;\n", 1);
    let out = Path::new(&std::env::var("OUT_DIR").unwrap()).join("readme_pagination.md");
    std::fs::write(&out, section).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}
