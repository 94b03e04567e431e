apiforge_macros::include_api!("tests/ui/specs/undefined_scheme.yaml", strict = true);

fn main() {}
