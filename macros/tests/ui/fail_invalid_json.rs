apiforge_macros::include_api!("tests/ui/specs/invalid.json");

fn main() {}
