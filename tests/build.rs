//! Generates the Kratos client with unknown fields dropped (beside the golden one, which keeps
//! them), and the client for the upstream Kratos spec in `../shared` when it is there.

use std::fmt::Write;
use std::path::Path;

use apiforge_codegen::{Settings, UnknownFields};

fn main() {
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
    let spec = Path::new("../../shared/specs/kratos-v0.9.0-alpha.3.json");
    if !spec.exists() {
        if std::env::var("CI").is_ok_and(|v| v == "true") {
            panic!(
                "{} is missing, and CI=true: the reference data must be present in CI",
                spec.display()
            );
        }
        println!(
            "cargo:warning=upstream Kratos spec not found at {}; its tests are skipped",
            spec.display()
        );
        return;
    }
    apiforge_codegen::Builder::new(spec)
        .out_file("kratos_upstream.rs")
        .generate()
        .unwrap_or_else(|e| panic!("generating the upstream Kratos client failed: {e}"));
    write_schema_table(spec, "kratos_upstream", "kratos_upstream_schemas.rs");
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
    std::fs::write(&out, table).unwrap_or_else(|e| panic!("write {}: {e}", out.display()));
}
