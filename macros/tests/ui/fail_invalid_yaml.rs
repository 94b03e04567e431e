apiforge_macros::include_api!("tests/ui/specs/invalid.yaml");

fn main() {}
