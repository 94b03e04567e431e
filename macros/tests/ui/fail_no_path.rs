apiforge_macros::include_api!(client = "KratosClient");

fn main() {}
