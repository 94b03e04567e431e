apiforge_macros::include_api!("../spec/kratos.yaml", strict = false, strict = true);

fn main() {}
