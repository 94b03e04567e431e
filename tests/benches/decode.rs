//! Decode speed of real-shaped Kratos bodies: the generated client's types against a minimal
//! hand-written serde model of the same JSON (what a user would write for these documents alone).
//!
//! Run with `cargo bench -p apiforge-tests --bench decode`. The bodies are in `tests/data/`.

use apiforge_runtime::serde::Deserialize;
use apiforge_runtime::{chrono, serde_json, uuid};
use apiforge_tests::{kratos, kratos_lean};
use divan::{black_box, Bencher};

fn main() {
    divan::main();
}

const LOGIN_FLOW: &str = include_str!("../data/login_flow.json");
const SESSION: &str = include_str!("../data/session.json");
const IDENTITIES: &str = include_str!("../data/identities.json");

/// Decodes `body` as `T` once per iteration, from bytes as a transport hands them over.
fn decode<T: for<'de> Deserialize<'de>>(bencher: Bencher, body: &str) {
    bencher.bench(|| serde_json::from_slice::<T>(black_box(body.as_bytes())).unwrap());
}

#[divan::bench]
fn login_flow_generated(b: Bencher) {
    decode::<kratos::SelfServiceLoginFlow>(b, LOGIN_FLOW);
}

#[divan::bench]
fn login_flow_generated_lean(b: Bencher) {
    decode::<kratos_lean::SelfServiceLoginFlow>(b, LOGIN_FLOW);
}

#[divan::bench]
fn login_flow_hand_written(b: Bencher) {
    decode::<hand::LoginFlow>(b, LOGIN_FLOW);
}

#[divan::bench]
fn session_generated(b: Bencher) {
    decode::<kratos::Session>(b, SESSION);
}

#[divan::bench]
fn session_generated_lean(b: Bencher) {
    decode::<kratos_lean::Session>(b, SESSION);
}

#[divan::bench]
fn session_hand_written(b: Bencher) {
    decode::<hand::Session>(b, SESSION);
}

#[divan::bench]
fn identities_generated(b: Bencher) {
    decode::<kratos::IdentityList>(b, IDENTITIES);
}

#[divan::bench]
fn identities_generated_lean(b: Bencher) {
    decode::<kratos_lean::IdentityList>(b, IDENTITIES);
}

#[divan::bench]
fn identities_hand_written(b: Bencher) {
    decode::<Vec<hand::Identity>>(b, IDENTITIES);
}

/// The other way to keep unknown keys: serde's `flatten` into a map on each struct.
#[divan::bench]
fn identities_hand_written_flatten(b: Bencher) {
    decode::<Vec<flatten::Identity>>(b, IDENTITIES);
}

/// The hand-written model: plain derives, the tag-first internally tagged enum serde offers for UI
/// node attributes (Kratos writes `node_type` last, so serde buffers each node), chrono date-times
/// with their offset, free-form values as `serde_json::Value`, unknown keys ignored.
mod hand {
    use super::*;

    type Time = chrono::DateTime<chrono::FixedOffset>;

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    pub struct LoginFlow {
        id: uuid::Uuid,
        r#type: String,
        expires_at: Time,
        issued_at: Time,
        request_url: String,
        return_to: Option<String>,
        active: Option<String>,
        ui: Ui,
        created_at: Option<Time>,
        updated_at: Option<Time>,
        refresh: Option<bool>,
        requested_aal: Option<String>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct Ui {
        action: String,
        method: String,
        nodes: Vec<Node>,
        messages: Option<Vec<Text>>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct Node {
        r#type: String,
        group: String,
        attributes: Attributes,
        messages: Vec<Text>,
        meta: Meta,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct Meta {
        label: Option<Text>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct Text {
        id: i64,
        text: String,
        r#type: String,
        context: Option<serde_json::Value>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde", tag = "node_type")]
    #[allow(dead_code)]
    enum Attributes {
        #[serde(rename = "input")]
        Input {
            name: String,
            r#type: String,
            value: Option<serde_json::Value>,
            required: Option<bool>,
            disabled: bool,
            label: Option<Text>,
            pattern: Option<String>,
            onclick: Option<String>,
        },
        #[serde(rename = "text")]
        Text { id: String, text: Text },
        #[serde(rename = "img")]
        Image {
            id: String,
            src: String,
            width: i64,
            height: i64,
        },
        #[serde(rename = "a")]
        Anchor {
            id: String,
            href: String,
            title: Text,
        },
        #[serde(rename = "script")]
        Script {
            id: String,
            src: String,
            r#async: bool,
            referrerpolicy: String,
            crossorigin: String,
            integrity: String,
            r#type: String,
            nonce: String,
        },
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    pub struct Session {
        id: uuid::Uuid,
        active: Option<bool>,
        expires_at: Option<Time>,
        authenticated_at: Option<Time>,
        authenticator_assurance_level: Option<String>,
        authentication_methods: Option<Vec<AuthenticationMethod>>,
        issued_at: Option<Time>,
        identity: Identity,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct AuthenticationMethod {
        method: Option<String>,
        aal: Option<String>,
        completed_at: Option<Time>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    pub struct Identity {
        id: uuid::Uuid,
        schema_id: String,
        schema_url: String,
        state: Option<String>,
        state_changed_at: Option<Time>,
        traits: serde_json::Value,
        verifiable_addresses: Option<Vec<VerifiableAddress>>,
        recovery_addresses: Option<Vec<RecoveryAddress>>,
        created_at: Option<Time>,
        updated_at: Option<Time>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct VerifiableAddress {
        id: uuid::Uuid,
        value: String,
        verified: bool,
        via: String,
        status: String,
        verified_at: Option<Time>,
        created_at: Option<Time>,
        updated_at: Option<Time>,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct RecoveryAddress {
        id: uuid::Uuid,
        value: String,
        via: String,
        created_at: Option<Time>,
        updated_at: Option<Time>,
    }
}

/// The hand-written identity model keeping undeclared keys with `#[serde(flatten)]` (serde buffers
/// every entry of such a struct before it fills the fields).
mod flatten {
    use super::*;
    use std::collections::BTreeMap;

    type Time = chrono::DateTime<chrono::FixedOffset>;
    type Extra = BTreeMap<String, serde_json::Value>;

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    pub struct Identity {
        id: uuid::Uuid,
        schema_id: String,
        schema_url: String,
        state: Option<String>,
        state_changed_at: Option<Time>,
        traits: serde_json::Value,
        verifiable_addresses: Option<Vec<VerifiableAddress>>,
        recovery_addresses: Option<Vec<RecoveryAddress>>,
        created_at: Option<Time>,
        updated_at: Option<Time>,
        #[serde(flatten)]
        extra: Extra,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct VerifiableAddress {
        id: uuid::Uuid,
        value: String,
        verified: bool,
        via: String,
        status: String,
        verified_at: Option<Time>,
        created_at: Option<Time>,
        updated_at: Option<Time>,
        #[serde(flatten)]
        extra: Extra,
    }

    #[derive(Deserialize)]
    #[serde(crate = "apiforge_runtime::serde")]
    #[allow(dead_code)]
    struct RecoveryAddress {
        id: uuid::Uuid,
        value: String,
        via: String,
        created_at: Option<Time>,
        updated_at: Option<Time>,
        #[serde(flatten)]
        extra: Extra,
    }
}
