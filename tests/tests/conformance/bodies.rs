//! Valid request bodies as JSON, varied by call number so that a run covers every variant and
//! optional part; the suite turns them into each client's body types.

use apiforge_runtime::serde::de::DeserializeOwned;
use serde_json::{json, Value};

use crate::coverage::VALID_CALLS;
use crate::values::{has, text, time, token, uuid};

/// Identity traits, with a nested object.
pub fn traits(i: usize) -> Value {
    json!({"email": format!("user{i}@example.org"), "name": {"first": text(i), "last": "Lovelace"}, "newsletter": !has(i, 0)})
}

/// `value` as the client's body type `T`, or why that type cannot hold it.
pub fn typed<T: DeserializeOwned>(value: Value) -> Result<T, String> {
    serde_json::from_value(value.clone())
        .map_err(|e| format!("the client's body type cannot hold the valid body {value}: {e}"))
}

/// The body of call `i`: one of `methods`, or none in every `methods.len() + 1`-th call; the
/// method's optional parts vary with the round `i / (methods.len() + 1)`.
pub fn flow_body(
    i: usize,
    methods: &[&str],
    build: fn(&str, usize, usize) -> Value,
) -> Option<Value> {
    let slot = i % (methods.len() + 1);
    let round = i / (methods.len() + 1);
    methods
        .get(slot)
        .map(|method| flow(method, round, i, build))
}

/// The body `build` makes for `method` in `round` of call `i`, with its `method` property.
pub fn flow(method: &str, round: usize, i: usize, build: fn(&str, usize, usize) -> Value) -> Value {
    let mut body = build(method, round, i);
    body["method"] = json!(method);
    body
}

/// How many calls give each of `methods` (and no body) at least four rounds, and at least 20.
pub fn flow_calls(methods: &[&str]) -> usize {
    (4 * (methods.len() + 1)).max(VALID_CALLS)
}

/// Adds `csrf_token` when `bit` of `round` is set.
fn with_csrf(mut body: Value, round: usize, bit: u32, i: usize) -> Value {
    if has(round, bit) {
        body["csrf_token"] = json!(format!("csrf {}", text(i)));
    }
    body
}

/// A login body for `method`.
pub fn login(method: &str, round: usize, i: usize) -> Value {
    let body = match method {
        "password" if has(round, 1) => {
            json!({"identifier": text(i), "password": "s3cr3t pass", "password_identifier": text(i)})
        }
        "password" => json!({"identifier": text(i), "password": "s3cr3t pass"}),
        "oidc" if has(round, 1) => json!({"provider": "github", "traits": traits(i)}),
        "oidc" => json!({"provider": "google"}),
        "totp" => json!({"totp_code": "123456"}),
        "webauthn" if has(round, 1) => {
            json!({"identifier": text(i), "webauthn_login": "{\"id\":\"k\"}"})
        }
        "webauthn" => json!({}),
        "lookup_secret" => json!({"lookup_secret": "abcd-1234"}),
        other => unreachable!("no login method {other}"),
    };
    with_csrf(body, round, 0, i)
}

/// A registration body for `method`.
pub fn registration(method: &str, round: usize, i: usize) -> Value {
    let body = match method {
        "password" => json!({"password": "s3cr3t pass", "traits": traits(i)}),
        "oidc" if has(round, 1) => json!({"provider": "github", "traits": traits(i)}),
        "oidc" => json!({"provider": "google"}),
        "webauthn" if has(round, 1) => {
            json!({"traits": traits(i), "webauthn_register": "{\"id\":\"k\"}", "webauthn_register_displayname": text(i)})
        }
        "webauthn" => json!({"traits": traits(i)}),
        other => unreachable!("no registration method {other}"),
    };
    with_csrf(body, round, 0, i)
}

/// A settings body for `method`.
pub fn settings(method: &str, round: usize, i: usize) -> Value {
    let body = match method {
        "password" => json!({"password": "n3w pass"}),
        "profile" => json!({"traits": traits(i)}),
        // The OIDC settings body has `flow` where the others have `csrf_token`.
        "oidc" => {
            let mut body = if has(round, 1) {
                json!({"link": "github"})
            } else {
                json!({"unlink": "google"})
            };
            if has(round, 0) {
                body["flow"] = json!(uuid(i));
                body["traits"] = traits(i);
            }
            return body;
        }
        "totp" if has(round, 1) => json!({"totp_code": "654321"}),
        "totp" => json!({"totp_unlink": true}),
        "webauthn" if has(round, 1) => {
            json!({"webauthn_register": "{\"id\":\"k\"}", "webauthn_register_displayname": text(i)})
        }
        "webauthn" => json!({"webauthn_remove": "key-1"}),
        "lookup_secret" if has(round, 1) => {
            json!({"lookup_secret_confirm": true, "lookup_secret_reveal": false})
        }
        "lookup_secret" => {
            json!({"lookup_secret_regenerate": true, "lookup_secret_disable": false})
        }
        other => unreachable!("no settings method {other}"),
    };
    with_csrf(body, round, 0, i)
}

/// A recovery or verification body (method `link`).
pub fn link(_method: &str, round: usize, i: usize) -> Value {
    with_csrf(
        json!({"email": format!("user{i}@example.org")}),
        round,
        0,
        i,
    )
}

/// An identity to create, with every optional part in some calls.
pub fn new_identity(i: usize) -> Value {
    let mut body = json!({"schema_id": "default", "traits": traits(i)});
    if has(i, 0) {
        body["state"] = json!(["active", "inactive"][i / 2 % 2]);
    }
    if has(i, 1) {
        let password = if has(i, 2) {
            json!({"hashed_password": "$2a$10$ZsCsoVQ3xfBG/K2z2XpBf.tm90GZmtOqtqWcB5.pYd5Eq8y7RlDyq"})
        } else {
            json!({"password": "imp0rted pass"})
        };
        body["credentials"] = json!({
            "password": {"config": password},
            "oidc": {"config": {"config": password, "providers": [{"provider": "github", "subject": text(i)}]}},
        });
    }
    if has(i, 2) {
        body["recovery_addresses"] = json!([{"id": uuid(i), "value": format!("user{i}@example.org"), "via": "email", "created_at": time(i), "updated_at": time(i + 1)}]);
    }
    if has(i, 3) {
        let verified_at = if has(i, 0) {
            json!(time(i))
        } else {
            Value::Null
        };
        body["verifiable_addresses"] = json!([{
            "id": uuid(i), "value": format!("user{i}@example.org"), "verified": has(i, 0), "via": "email",
            "status": "completed", "verified_at": verified_at, "created_at": time(i), "updated_at": time(i + 2),
        }]);
    }
    body
}

/// A replacement identity.
pub fn identity_update(i: usize) -> Value {
    let state = ["active", "inactive"][i % 2];
    json!({"schema_id": text(i), "traits": traits(i), "state": state})
}

/// A recovery link request, with `expires_in` in some calls.
pub fn recovery_link(i: usize) -> Value {
    let mut body = json!({"identity_id": uuid(i)});
    if has(i, 0) {
        body["expires_in"] = json!(["1h", "30m", "90s", "1500ms"][i / 2 % 4]);
    }
    body
}

/// A session token to revoke.
pub fn logout(i: usize) -> Value {
    json!({"session_token": token(i)})
}
