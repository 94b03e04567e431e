//! Generates the Kratos client from `spec/kratos.yaml` twice, as users would with `Builder`: with
//! unknown fields kept (the default) and dropped.

use apiforge_codegen::{Builder, Settings, UnknownFields};

fn main() {
    let spec = "../../spec/kratos.yaml";
    Builder::new(spec)
        .generate()
        .unwrap_or_else(|e| panic!("generating the Kratos client failed: {e}"));
    let lean = Settings::builder()
        .unknown_fields(UnknownFields::Drop)
        .build();
    Builder::new(spec)
        .settings(lean)
        .out_file("kratos_lean.rs")
        .generate()
        .unwrap_or_else(|e| panic!("generating the lean Kratos client failed: {e}"));
}
