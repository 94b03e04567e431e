apiforge_macros::include_api!("tests/ui/specs/does_not_exist.yaml");

fn main() {}
