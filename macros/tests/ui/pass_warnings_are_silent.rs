// Without `strict`, a warning (here: an undefined security scheme) does not fail the build.
mod things {
    apiforge_macros::include_api!("tests/ui/specs/undefined_scheme.yaml", client = "Things");
}

fn main() {
    let _ = things::Things::new("http://127.0.0.1:1");
}
