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
    assert!(matches!(*node.attributes, UiNodeAttributes::Input(_)));
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

/// A browser login flow as Kratos (Go) writes it; `nodes` is what the test varies.
fn login_flow(nodes: Value) -> Value {
    json!({
        "id": "3a4d7c27-6bb5-4d5e-a2a6-0b0fd25bd4c1",
        "type": "browser",
        "expires_at": "2022-03-01T10:30:00.123456Z",
        "issued_at": "2022-03-01T10:00:00.123456Z",
        "request_url": "http://127.0.0.1:4433/self-service/login/browser",
        "ui": {
            "action": "http://127.0.0.1:4433/self-service/login?flow=3a4d7c27-6bb5-4d5e-a2a6-0b0fd25bd4c1",
            "method": "POST",
            "nodes": nodes,
        },
        "created_at": "2022-03-01T10:00:00.123456Z",
        "updated_at": "2022-03-01T10:00:00.123456Z",
        "refresh": false,
        "requested_aal": "aal1",
    })
}

/// Go writes an empty list as `null`; it decodes as empty and is written back as `null` while it
/// stays empty.
#[test]
fn a_login_flow_whose_nodes_are_null_decodes_with_no_nodes() {
    let flow = login_flow(Value::Null);
    let mut decoded: SelfServiceLoginFlow = round_trip(flow.clone());
    assert!(decoded.ui.nodes.is_empty());
    // Equality is about values: the same flow with `[]` is equal, though it encodes as `[]`.
    let empty: SelfServiceLoginFlow = round_trip(login_flow(json!([])));
    assert_eq!(decoded, empty);
    // Once the list has items it is written as a list; forgetting the mark writes `[]`.
    let node: UiNode = serde_json::from_value(json!({
        "type": "input", "group": "default", "messages": [], "meta": {},
        "attributes": {"node_type": "input", "name": "csrf_token", "type": "hidden",
                       "value": "t0k3n", "required": true, "disabled": false},
    }))
    .expect("decode a node");
    decoded.ui.nodes.push(node);
    let encoded = serde_json::to_value(&decoded).expect("encode");
    assert_eq!(encoded["ui"]["nodes"].as_array().map(Vec::len), Some(1));
    decoded.ui.nodes.clear();
    assert_eq!(
        serde_json::to_value(&decoded).expect("encode")["ui"]["nodes"],
        Value::Null
    );
    // `nodes` is the second list field of `UiContainer` (after `messages`).
    decoded.ui.sent_as_null.unmark(1);
    assert_eq!(
        serde_json::to_value(&decoded).expect("encode")["ui"]["nodes"],
        json!([])
    );
    // An empty list and a node with `"messages": null` (Go again) read the same way.
    round_trip::<SelfServiceLoginFlow>(login_flow(json!([])));
    let node = json!({
        "type": "input", "group": "default", "messages": null, "meta": {},
        "attributes": {"node_type": "input", "name": "csrf_token", "type": "hidden",
                       "value": "t0k3n", "required": true, "disabled": false},
    });
    let decoded: SelfServiceLoginFlow =
        serde_json::from_value(login_flow(json!([node]))).expect("decode");
    assert!(decoded.ui.nodes[0].messages.is_empty());
}

/// An identity with password credentials as Kratos writes it for an admin.
fn identity_with_password(identifiers: Option<Value>) -> Value {
    let mut password = json!({
        "type": "password",
        "config": {"hashed_password": "$argon2id$v=19$m=65536,t=1,p=1$c2FsdA$aGFzaA"},
        "version": 0,
        "created_at": "2022-03-01T10:00:00.123456Z",
        "updated_at": "2022-03-01T10:00:00.123456Z",
    });
    if let Some(identifiers) = identifiers {
        password["identifiers"] = identifiers;
    }
    identity(json!({"credentials": {"password": password}}))
}

#[test]
fn credentials_whose_identifiers_are_null_have_none_rather_than_being_absent() {
    let doc = identity_with_password(Some(Value::Null));
    let decoded: Identity = round_trip(doc);
    let credentials = decoded.credentials.as_ref().expect("credentials");
    assert_eq!(credentials["password"].identifiers, Some(vec![]));

    // Absent stays absent; a list round-trips as sent.
    let absent: Identity = round_trip(identity_with_password(None));
    assert_eq!(
        absent.credentials.expect("credentials")["password"].identifiers,
        None
    );
    round_trip::<Identity>(identity_with_password(Some(json!(["ada@example.org"]))));
}

#[test]
fn undeclared_keys_are_kept_and_written_back() {
    // Newer Kratos releases add identity metadata and address fields this spec does not know.
    let mut doc = identity(json!({
        "metadata_public": {"plan": "pro"},
        "metadata_admin": null,
        "verifiable_addresses": [{
            "id": "4b0b4a5e-35f4-4a8c-9d7b-6e5b2c1f0a9d", "value": "ada@example.org", "verified": true,
            "via": "email", "status": "completed", "verified_at": "2022-03-01T10:00:00.5+01:00",
            "primary": true
        }]
    }));
    let decoded: Identity = round_trip(doc.clone());
    assert_eq!(
        decoded.additional_properties.get("metadata_public"),
        Some(&json!({"plan": "pro"}))
    );
    assert_eq!(decoded.additional_properties["metadata_admin"], Value::Null);
    let address = &decoded.verifiable_addresses.as_ref().unwrap()[0];
    assert_eq!(address.additional_properties["primary"], json!(true));
    // A declared key never lands in the map, even when it comes after undeclared ones.
    doc.as_object_mut().unwrap().shift_remove("id");
    doc["id"] = json!("9f425a8d-7efc-4768-8f23-7647a74fdf13");
    let reordered: Identity = round_trip(doc);
    assert!(!reordered.additional_properties.contains_key("id"));
}

#[test]
fn the_lean_client_skips_undeclared_keys() {
    let doc = identity(json!({"metadata_public": {"plan": "pro"}}));
    let lean: apiforge_tests::kratos_lean::Identity = serde_json::from_value(doc.clone()).unwrap();
    let encoded = serde_json::to_value(&lean).unwrap();
    let mut without = doc;
    without
        .as_object_mut()
        .unwrap()
        .shift_remove("metadata_public");
    assert_eq!(encoded, without);
}

#[test]
fn union_variants_keep_undeclared_keys_whatever_the_tag_position() {
    for doc in [
        json!({"node_type": "img", "src": "data:,", "id": "qr", "width": 1, "height": 1, "alt": "QR"}),
        json!({"src": "data:,", "alt": "QR", "id": "qr", "width": 1, "height": 1, "node_type": "img"}),
    ] {
        match round_trip::<UiNodeAttributes>(doc) {
            UiNodeAttributes::Image(img) => assert_eq!(img.additional_properties["alt"], "QR"),
            other => panic!("expected an image, got {other:?}"),
        }
    }
}

#[test]
fn out_of_range_integers_are_errors_naming_the_field() {
    let body = r#"{"id": 9223372036854775808, "text": "t", "type": "info"}"#;
    let raw = apiforge_runtime::RawResponse::new(
        apiforge_runtime::http::StatusCode::OK,
        Default::default(),
        body.into(),
    );
    match raw.json::<UiText, ()>() {
        Err(apiforge_runtime::Error::Decode {
            source: apiforge_runtime::DecodeError::JsonAt { path, .. },
            ..
        }) => assert_eq!(path, "id"),
        other => panic!("expected a decode error at `id`, got {other:?}"),
    }
}

#[test]
fn real_shaped_bodies_round_trip() {
    let flow: SelfServiceLoginFlow =
        round_trip(serde_json::from_str(include_str!("../data/login_flow.json")).unwrap());
    assert_eq!(flow.ui.nodes.len(), 11);
    assert_eq!(
        flow.expires_at.to_string(),
        "2022-03-31T10:45:25.623516+02:00"
    );
    let _: Session =
        round_trip(serde_json::from_str(include_str!("../data/session.json")).unwrap());
    let list: Vec<Identity> =
        round_trip(serde_json::from_str(include_str!("../data/identities.json")).unwrap());
    assert_eq!(list.len(), 20);
}

#[test]
fn boxed_values_are_built_from_plain_ones_and_read_through_the_box() {
    // `Session::identity` and the password variant are held in a `Box` (large types); callers
    // pass and read the plain values.
    let body = SubmitSelfServiceLoginFlowWithPasswordMethodBody::new("ada@example.org", "hunter2");
    let from_struct: SubmitSelfServiceLoginFlowBody = body.into();
    let from_constructor = SubmitSelfServiceLoginFlowBody::password("ada@example.org", "hunter2");
    assert_eq!(from_struct, from_constructor);
    let decoded: SubmitSelfServiceLoginFlowBody = round_trip(
        json!({"method": "password", "identifier": "ada@example.org", "password": "hunter2"}),
    );
    assert_eq!(decoded, from_constructor);
    match &decoded {
        SubmitSelfServiceLoginFlowBody::Password(password) => {
            assert_eq!(password.identifier, "ada@example.org")
        }
        other => panic!("expected the password variant, got {other:?}"),
    }
    let id = "6513270e-269e-4d37-b2a7-4de452e6b438".parse().unwrap();
    let identity = Identity::new(id, "default", "https://example.org/schema", json!({}));
    let session = Session::new(id, identity.clone());
    assert_eq!(*session.identity, identity);
    assert_eq!(session.identity.schema_id, "default");
}
