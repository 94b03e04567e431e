//! The filtered Kratos client (see `build.rs`) compiles with only its kept operations and their
//! types, and its methods work against Prism serving the full spec.

use apiforge_tests::kratos_filtered::{Client, GetVersionOk, Identity};
use apiforge_tests::prism::Prism;
use apiforge_tests::shared::repo_root;

#[tokio::test]
async fn kept_operations_call_the_server() {
    let prism =
        Prism::start(&repo_root().join("spec/kratos.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let client = Client::new(prism.url())
        .expect("a valid base URL")
        .with_ory_access_token("ory_at_filtered");

    let version: GetVersionOk = client.get_version().await.expect("getVersion succeeds");
    assert!(!version.version.is_empty(), "{version:?}");

    let identity: Identity = client
        .admin_get_identity("a9c4e6f0-5d0a-4d1e-9a33-3d8f2f1c7b11", None)
        .await
        .expect("adminGetIdentity succeeds");
    assert!(!identity.schema_id.is_empty(), "{identity:?}");
}
