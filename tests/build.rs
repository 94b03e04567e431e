//! Finds the reference data (`../shared` beside the repository, or the directory named by
//! `APIFORGE_SHARED`) and tells the crate whether it is there: `cfg(shared_data)`, and its path in
//! `APIFORGE_SHARED_DIR`. Tests that need it are `#[cfg_attr(not(shared_data), ignore)]`, so
//! without it they show as ignored, never as passed; under `CI=true` its absence fails the build.
//! With it, the clients for the upstream Kratos specs (v0.9.0-alpha.3 and v0.10.1) are generated
//! (`cfg(upstream_kratos)`).

use std::path::{Path, PathBuf};

fn main() {
    println!("cargo:rerun-if-env-changed=CI");
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
    println!("cargo:rustc-cfg=upstream_kratos");
}
