//! `CookieJar` on the Kratos browser login flow, through the generated client and reqwest,
//! against a local server standing in for Kratos (it also sets a cookie for another path, which
//! Prism's fixed example cannot): the CSRF cookie set when the flow is initialized comes back
//! when it is submitted, and a cookie for another path does not. The same flow against Prism is
//! `tests/tests/conformance/cookies.rs`.
#![cfg(all(feature = "cookies", feature = "reqwest"))]

mod support;

pub mod kratos {
    apiforge_macros::include_api!("../spec/kratos.yaml");
}

use apiforge_runtime::serde_json::{self, json};
use apiforge_runtime::{CookieJar, ReqwestTransport};
use support::{response, Server};

const FLOW_ID: &str = "1b2d4a6e-0c8f-4e1a-9b3d-5f7e9a1c3b5d";

fn flow() -> String {
    json!({
        "id": FLOW_ID,
        "type": "browser",
        "expires_at": "2026-12-02T06:00:00Z",
        "issued_at": "2026-12-02T05:00:00Z",
        "request_url": "http://127.0.0.1/self-service/login/browser",
        "ui": {"action": "http://127.0.0.1/self-service/login?flow=1", "method": "POST", "nodes": []},
    })
    .to_string()
}

fn session() -> String {
    json!({"session": {
        "id": "7c0e2a4b-6d8f-4a1c-8e3b-5d7f9b1d3f5a",
        "identity": {
            "id": "2a4c6e8a-0b2d-4f6a-8c0e-2b4d6f8a0c2e",
            "schema_id": "default",
            "schema_url": "http://127.0.0.1/schemas/default",
            "traits": {"email": "ada@example.com"},
        },
    }})
    .to_string()
}

#[tokio::test]
async fn the_flow_cookie_comes_back_on_submit() {
    let server = Server::start(vec![
        response(
            "200 OK",
            &[
                "Content-Type: application/json",
                "Set-Cookie: csrf_token_8c2f=tok3n; Path=/; HttpOnly; SameSite=Lax",
                "Set-Cookie: elsewhere=1; Path=/other",
            ],
            &flow(),
        ),
        response("200 OK", &["Content-Type: application/json"], &session()),
    ]);
    let transport = CookieJar::new(ReqwestTransport::new());
    let client = kratos::Client::with_transport(&server.base, transport).expect("client");

    let flow = client
        .initialize_self_service_login_flow_for_browsers(None, None, None)
        .await
        .expect("initialize");
    let body: kratos::SubmitSelfServiceLoginFlowBody = serde_json::from_value(json!({
        "method": "password",
        "identifier": "ada@example.com",
        "password": "correct horse",
        "csrf_token": "tok3n",
    }))
    .expect("body");
    let flow_id = flow.id.to_string();
    let login = client
        .submit_self_service_login_flow(&flow_id, None, Some(&body))
        .await
        .expect("submit");
    assert_eq!(login.session.identity.traits["email"], "ada@example.com");

    let seen = server.requests();
    assert!(
        !seen[0].to_ascii_lowercase().contains("cookie:"),
        "{}",
        seen[0]
    );
    let submit = seen[1].to_ascii_lowercase();
    assert!(
        submit.starts_with(&format!(
            "post /self-service/login?flow={FLOW_ID} http/1.1\r\n"
        )),
        "{submit}"
    );
    assert!(
        submit.contains("cookie: csrf_token_8c2f=tok3n\r\n"),
        "{submit}"
    );
    assert!(!submit.contains("elsewhere"), "{submit}");
}
