//! Generates the Kratos client with unknown fields dropped (beside the golden one, which keeps
//! them), and the client for the upstream Kratos spec in `../shared` when it is there.

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
    println!("cargo:rustc-cfg=upstream_kratos");
}
