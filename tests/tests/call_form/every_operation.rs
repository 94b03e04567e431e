// Every operation of the upstream Kratos v0.9.0-alpha.3 client, called in the builder form.
// Included unchanged into one module per generated client (see `main.rs`): that it compiles
// against the v0.10.1 client too is the point. Bodies come from constructors, so fields the newer
// spec adds never reach this file.

use apiforge_runtime::serde_json::json;
use apiforge_runtime::Transport;

/// Makes all 42 calls; returns how many of them produced a response (of any status).
pub async fn call_every_operation<T: Transport>(client: &Client<T>) -> usize {
    let id = "9f425a8d-7efc-4768-8f23-7647a74fdf13";
    let flow = "flow-1";
    let identity_id = apiforge_runtime::uuid::Uuid::nil();
    let create = AdminCreateIdentityBody::new("default", json!({ "email": "a@example.com" }));
    let update =
        AdminUpdateIdentityBody::new("default", IdentityState::Active, json!({ "email": "b@example.com" }));
    let recovery_link = AdminCreateSelfServiceRecoveryLinkBody::new(identity_id);
    let login = SubmitSelfServiceLoginFlowBody::oidc("github");
    let logout = SubmitSelfServiceLogoutFlowWithoutBrowserBody::new("session-token");
    let recovery = SubmitSelfServiceRecoveryFlowWithLinkMethodBody::new("a@example.com", "link");
    let registration = SubmitSelfServiceRegistrationFlowBody::oidc("github");
    let settings = SubmitSelfServiceSettingsFlowBody::password("new password");
    let verification =
        SubmitSelfServiceVerificationFlowWithLinkMethodBody::new("a@example.com", "link");

    let call = client.call();
    let outcomes = [
        call.admin_create_identity().body(&create).send().await.is_ok(),
        call.admin_create_self_service_recovery_link()
            .body(&recovery_link)
            .send()
            .await
            .is_ok(),
        call.admin_delete_identity(id).send().await.is_ok(),
        call.admin_delete_identity_sessions(id).send().await.is_ok(),
        call.admin_get_identity(id)
            .include_credential(&["password".to_owned()])
            .send()
            .await
            .is_ok(),
        call.admin_list_identities().per_page(10).page(1).send().await.is_ok(),
        call.admin_list_identity_sessions(id).active(true).send().await.is_ok(),
        call.admin_update_identity(id).body(&update).send().await.is_ok(),
        call.create_self_service_logout_flow_url_for_browsers()
            .cookie("ory_kratos_session=s")
            .send()
            .await
            .is_ok(),
        call.get_json_schema("default").send().await.is_ok(),
        call.get_self_service_error(id).send().await.is_ok(),
        call.get_self_service_login_flow(flow).cookie("csrf=1").send().await.is_ok(),
        call.get_self_service_recovery_flow(flow).send().await.is_ok(),
        call.get_self_service_registration_flow(flow).send().await.is_ok(),
        call.get_self_service_settings_flow(flow)
            .x_session_token("token")
            .send()
            .await
            .is_ok(),
        call.get_self_service_verification_flow(flow).send().await.is_ok(),
        call.get_version().send().await.is_ok(),
        call.get_web_authn_java_script().send().await.is_ok(),
        call.initialize_self_service_login_flow_for_browsers()
            .refresh(true)
            .return_to("https://app.example.com/")
            .send()
            .await
            .is_ok(),
        call.initialize_self_service_login_flow_without_browser()
            .aal("aal2")
            .send()
            .await
            .is_ok(),
        call.initialize_self_service_recovery_flow_for_browsers().send().await.is_ok(),
        call.initialize_self_service_recovery_flow_without_browser().send().await.is_ok(),
        call.initialize_self_service_registration_flow_for_browsers().send().await.is_ok(),
        call.initialize_self_service_registration_flow_without_browser().send().await.is_ok(),
        call.initialize_self_service_settings_flow_for_browsers().send().await.is_ok(),
        call.initialize_self_service_settings_flow_without_browser()
            .x_session_token("token")
            .send()
            .await
            .is_ok(),
        call.initialize_self_service_verification_flow_for_browsers().send().await.is_ok(),
        call.initialize_self_service_verification_flow_without_browser().send().await.is_ok(),
        call.is_alive().send().await.is_ok(),
        call.is_ready().send().await.is_ok(),
        call.list_identity_schemas().send().await.is_ok(),
        call.list_sessions().x_session_token("token").send().await.is_ok(),
        call.revoke_session(id).send().await.is_ok(),
        call.revoke_sessions().x_session_token("token").send().await.is_ok(),
        call.submit_self_service_login_flow(flow)
            .x_session_token("token")
            .body(&login)
            .send()
            .await
            .is_ok(),
        call.submit_self_service_logout_flow()
            .token("logout-token")
            .send()
            .await
            .is_ok(),
        call.submit_self_service_logout_flow_without_browser()
            .body(&logout)
            .send()
            .await
            .is_ok(),
        call.submit_self_service_recovery_flow(flow)
            .form_body(&recovery)
            .send()
            .await
            .is_ok(),
        call.submit_self_service_registration_flow(flow)
            .body(&registration)
            .header("X-Request-Id", "registration")
            .send()
            .await
            .is_ok(),
        call.submit_self_service_settings_flow(flow)
            .body(&settings)
            .timeout(std::time::Duration::from_secs(5))
            .send()
            .await
            .is_ok(),
        call.submit_self_service_verification_flow(flow)
            .body(&verification)
            .send_with_response()
            .await
            .is_ok(),
        call.to_session().x_session_token("token").send().await.is_ok(),
    ];
    outcomes.len()
}
