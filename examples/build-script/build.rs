//! Generates the Kratos client into `OUT_DIR/kratos.rs`; cargo reruns this when the spec changes.

fn main() {
    if let Err(error) = apiforge_codegen::Builder::new("../../spec/kratos.yaml").generate() {
        eprintln!("{error}");
        std::process::exit(1);
    }
}
