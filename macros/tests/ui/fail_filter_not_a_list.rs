apiforge_macros::include_api!("../spec/kratos.yaml", tags = "metadata");

fn main() {}
