apiforge_macros::include_api!("tests/ui/specs/openapi4.yaml");

fn main() {}
