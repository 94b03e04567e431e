apiforge_macros::include_api!("../spec/kratos.yaml", client = "Kratos Client");

fn main() {}
