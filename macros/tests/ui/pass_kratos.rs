// The Kratos spec of the workspace, with every option.
mod kratos {
    apiforge_macros::include_api!(
        "../spec/kratos.yaml",
        client = "KratosClient",
        strict = false,
        strict_nulls = true,
        runtime = "crate::deps::rt",
    );
}

// The runtime under another name, as a crate re-exporting it would have it.
mod deps {
    pub use apiforge_runtime as rt;
}

fn main() {
    let client = kratos::KratosClient::new("http://127.0.0.1:4434").expect("a valid base URL");
    let _ = client.with_ory_access_token("secret");
}
