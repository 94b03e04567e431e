// Types only dropped operations use are not generated.
mod kratos {
    apiforge_macros::include_api!("../spec/kratos.yaml", tags = ["metadata"]);
}

fn main() {
    let _flow: Option<kratos::SelfServiceLoginFlow> = None;
}
