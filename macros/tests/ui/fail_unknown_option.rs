apiforge_macros::include_api!("../spec/kratos.yaml", clinet = "KratosClient");

fn main() {}
