//! Decode → encode loses nothing for the tricky Kratos types: UI node attributes by `node_type`
//! (including `a`, `img` and values this client does not know), every submit body variant, open
//! enums, and nullable timestamps.

use apiforge_tests::kratos::*;
use serde_json::{json, Value};

/// Decodes `value` as `T`, encodes it back and checks nothing changed; returns the decoded value.
fn round_trip<T: serde::de::DeserializeOwned + serde::Serialize>(value: Value) -> T {
    let decoded: T =
        serde_json::from_value(value.clone()).unwrap_or_else(|e| panic!("decode {value}: {e}"));
    let encoded = serde_json::to_value(&decoded).expect("encode");
    assert_eq!(encoded, value, "round trip changed the document");
    decoded
}

use apiforge_runtime::serde;

fn ui_text() -> Value {
    json!({"id": 1070005, "text": "Sign in with Google", "type": "info", "context": {"provider": "google"}})
}

#[test]
fn anchor_nodes_decode_by_the_tag_the_server_sends() {
    let doc = json!({"node_type": "a", "href": "https://example.org/verify", "id": "verify", "title": ui_text()});
    match round_trip::<UiNodeAttributes>(doc) {
        UiNodeAttributes::Anchor(a) => assert_eq!(a.href, "https://example.org/verify"),
        other => panic!("expected an anchor, got {other:?}"),
    }
}

#[test]
fn image_nodes_decode_by_the_tag_the_server_sends() {
    let doc = json!({"node_type": "img", "src": "data:image/png;base64,AAAA", "id": "totp_qr", "width": 256, "height": 256});
    match round_trip::<UiNodeAttributes>(doc) {
        UiNodeAttributes::Image(img) => assert_eq!(img.width, 256),
        other => panic!("expected an image, got {other:?}"),
    }
}

#[test]
fn unknown_node_types_are_kept_not_rejected() {
    let doc = json!({"node_type": "video", "src": "https://example.org/v.mp4", "id": "intro"});
    match round_trip::<UiNodeAttributes>(doc.clone()) {
        UiNodeAttributes::Unknown(value) => assert_eq!(value, doc),
        other => panic!("expected the unknown variant, got {other:?}"),
    }
}

#[test]
fn a_whole_ui_node_with_input_attributes_round_trips() {
    let doc = json!({
        "type": "input",
        "group": "password",
        "attributes": {"node_type": "input", "name": "password", "type": "password", "disabled": false, "required": true},
        "messages": [],
        "meta": {"label": ui_text()}
    });
    let node: UiNode = round_trip(doc);
    assert!(matches!(node.attributes, UiNodeAttributes::Input(_)));
}

#[test]
fn every_submit_body_variant_round_trips() {
    let login = [
        json!({"method": "password", "identifier": "ada@example.org", "password": "hunter2", "csrf_token": "t"}),
        json!({"method": "oidc", "provider": "google", "traits": {"email": "ada@example.org"}}),
        json!({"method": "totp", "totp_code": "123456"}),
        json!({"method": "webauthn", "identifier": "ada", "webauthn_login": "{}"}),
        json!({"method": "lookup_secret", "lookup_secret": "abcd-efgh"}),
    ];
    for doc in login {
        assert!(!matches!(
            round_trip::<SubmitSelfServiceLoginFlowBody>(doc),
            SubmitSelfServiceLoginFlowBody::Unknown(_)
        ));
    }
    let registration = [
        json!({"method": "password", "password": "hunter2", "traits": {"email": "ada@example.org"}}),
        json!({"method": "oidc", "provider": "github"}),
        json!({"method": "webauthn", "traits": {"email": "ada@example.org"}, "webauthn_register": "{}"}),
    ];
    for doc in registration {
        let body: SubmitSelfServiceRegistrationFlowBody = round_trip(doc);
        assert!(!matches!(
            body,
            SubmitSelfServiceRegistrationFlowBody::Unknown(_)
        ));
    }
    let settings = [
        json!({"method": "password", "password": "correct horse"}),
        json!({"method": "profile", "traits": {"email": "ada@example.org"}}),
        json!({"method": "oidc", "link": "google"}),
        json!({"method": "totp", "totp_code": "123456", "totp_unlink": false}),
        json!({"method": "webauthn", "webauthn_remove": "key-1"}),
        json!({"method": "lookup_secret", "lookup_secret_reveal": true}),
    ];
    for doc in settings {
        assert!(!matches!(
            round_trip::<SubmitSelfServiceSettingsFlowBody>(doc),
            SubmitSelfServiceSettingsFlowBody::Unknown(_)
        ));
    }
    // Recovery and verification have a single variant: the body type is that variant's struct.
    let recovery: SubmitSelfServiceRecoveryFlowBody =
        round_trip(json!({"method": "link", "email": "ada@example.org"}));
    assert_eq!(recovery.email, "ada@example.org");
    let verification = json!({"method": "link", "email": "ada@example.org", "csrf_token": "t"});
    let body: SubmitSelfServiceVerificationFlowBody = round_trip(verification);
    assert_eq!(body.csrf_token.as_deref(), Some("t"));
}

fn identity(extra: Value) -> Value {
    let mut doc = json!({
        "id": "9f425a8d-7efc-4768-8f23-7647a74fdf13",
        "schema_id": "default",
        "schema_url": "http://127.0.0.1:4433/schemas/default",
        "traits": {"email": "ada@example.org"},
        "state": "active",
        "created_at": "2022-03-01T10:00:00.123456Z",
    });
    doc.as_object_mut()
        .unwrap()
        .extend(extra.as_object().unwrap().clone());
    doc
}

#[test]
fn an_identity_with_a_null_state_change_keeps_the_null() {
    let decoded: Identity = round_trip(identity(json!({"state_changed_at": null})));
    assert_eq!(decoded.state_changed_at, Some(None));
}

#[test]
fn an_identity_without_a_state_change_stays_without_one() {
    let decoded: Identity = round_trip(identity(json!({})));
    assert_eq!(decoded.state_changed_at, None);
}

#[test]
fn an_identity_with_a_state_change_keeps_the_time() {
    let decoded: Identity = round_trip(identity(
        json!({"state_changed_at": "2022-03-02T09:00:00Z"}),
    ));
    assert!(decoded.state_changed_at.clone().flatten().is_some());
    // Another offset is the same instant, and is written back as sent.
    let offset: Identity = round_trip(identity(
        json!({"state_changed_at": "2022-03-02T11:00:00+02:00"}),
    ));
    assert_eq!(offset.state_changed_at, decoded.state_changed_at);
    let time = offset.state_changed_at.flatten().unwrap();
    assert_eq!(time.offset().local_minus_utc(), 7200);
    assert_eq!(time.to_utc().to_rfc3339(), "2022-03-02T09:00:00+00:00");
}

#[test]
fn unknown_enum_values_are_kept() {
    let decoded: Identity = round_trip(identity(json!({"state": "suspended"})));
    assert_eq!(
        decoded.state,
        Some(IdentityState::Other("suspended".into()))
    );
    let known: Identity = round_trip(identity(json!({})));
    assert_eq!(known.state, Some(IdentityState::Active));
}
