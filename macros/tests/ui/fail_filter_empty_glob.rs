apiforge_macros::include_api!("../spec/kratos.yaml", operations = ["admin*", " "]);

fn main() {}
