//! A subset of the suite through the generated blocking client (over the runtime's ureq
//! transport, no async runtime), in both call forms, against Prism serving `spec/kratos.yaml`:
//! parameters, credentials, JSON and form bodies, documented errors, per-call headers.

use apiforge_tests::kratos::{blocking, AdminCreateIdentityBody, GetJsonSchemaError};
use apiforge_tests::kratos::{IdentityState, SubmitSelfServiceLoginFlowBody};
use apiforge_tests::prism::Prism;
use apiforge_tests::shared::repo_root;

use crate::check::{documented, success};
use crate::run::Outcome;
use crate::values::{credential_types, page, per_page, token, uuid};

#[test]
fn the_blocking_client_passes_a_subset_of_the_suite() {
    let prism =
        Prism::start(&repo_root().join("spec/kratos.yaml")).unwrap_or_else(|e| panic!("{e}"));
    let client = blocking::Client::new(prism.url())
        .expect("a valid base URL")
        .with_ory_access_token("ory_at_conformance");
    let identity = AdminCreateIdentityBody {
        state: Some(IdentityState::Active),
        ..AdminCreateIdentityBody::new("default", serde_json::json!({ "email": "a@example.com" }))
    };
    let login = SubmitSelfServiceLoginFlowBody::password("a@example.com", "correct horse");
    let credentials = credential_types(1);
    let outcomes: Vec<(&str, Outcome)> = vec![
        ("isAlive", success(client.is_alive_with_response(), 200)),
        (
            "adminListIdentities",
            success(
                client.admin_list_identities_with_response(Some(per_page(1)), Some(page(1))),
                200,
            ),
        ),
        (
            "adminGetIdentity",
            success(
                client.admin_get_identity_with_response(&uuid(1), Some(&credentials)),
                200,
            ),
        ),
        (
            "adminCreateIdentity (builder)",
            success(
                client
                    .call()
                    .admin_create_identity()
                    .body(&identity)
                    .send_with_response(),
                201,
            ),
        ),
        (
            "submitSelfServiceLoginFlow (builder, form)",
            success(
                client
                    .call()
                    .submit_self_service_login_flow("f1")
                    .form_body(&login)
                    .send_with_response(),
                200,
            ),
        ),
        (
            "toSession (builder)",
            success(
                client
                    .call()
                    .to_session()
                    .x_session_token(&token(3))
                    .send_with_response(),
                200,
            ),
        ),
        (
            "getJsonSchema 404 (builder, per-call Prefer header)",
            documented(
                client
                    .call()
                    .get_json_schema("default")
                    .header("Prefer", "code=404")
                    .send_with_response(),
                404,
                |e| matches!(e, GetJsonSchemaError::NotFound(_)),
            ),
        ),
    ];
    let failures: Vec<String> = outcomes
        .iter()
        .filter_map(|(name, outcome)| outcome.as_ref().err().map(|e| format!("{name}: {e}")))
        .collect();
    assert!(failures.is_empty(), "{}", failures.join("\n"));
}
