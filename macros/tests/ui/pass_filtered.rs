// A filtered client has the kept operations' methods and types.
mod kratos {
    apiforge_macros::include_api!(
        "../spec/kratos.yaml",
        tags = ["metadata"],
        operations = ["admin*Identity"],
        exclude = ["adminDelete*"],
    );
}

fn main() {
    let client = kratos::Client::new("http://127.0.0.1:1").unwrap();
    let _version = client.get_version();
    let _identity = client.admin_get_identity("id", None);
    let _body: Option<kratos::AdminCreateIdentityBody> = None;
}
