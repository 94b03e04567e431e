//! Decode → encode of every named model: the tables of models the round-trip test
//! (`tests/schemas.rs`) goes through. What a round trip may give back other than what was sent
//! is listed in one place, `apiforge_testkit::compare`.

use apiforge_runtime::serde::{de::DeserializeOwned, Serialize};
use apiforge_runtime::serde_json::{self, Value};

/// Decodes a document as one model and encodes it back, or says why it could not.
pub type RoundTrip = fn(&Value) -> Result<Value, String>;

/// [`RoundTrip`] for `T`.
pub fn round_trip<T: DeserializeOwned + Serialize>(doc: &Value) -> Result<Value, String> {
    let text = doc.to_string();
    let decoded: T = serde_json::from_str(&text).map_err(|e| format!("decode: {e}"))?;
    serde_json::to_value(&decoded).map_err(|e| format!("encode: {e}"))
}

/// Every named model of the Kratos client (`tests/golden/kratos.rs`) with its schema's pointer.
pub const KRATOS: &[(&str, RoundTrip)] = include!(concat!(env!("OUT_DIR"), "/kratos_schemas.rs"));

/// The same models in the Kratos client that drops undeclared keys (for checking the check).
pub const KRATOS_LEAN: &[(&str, RoundTrip)] =
    include!(concat!(env!("OUT_DIR"), "/kratos_lean_schemas.rs"));

/// Every named model of the upstream Kratos client with its schema's pointer.
#[cfg(upstream_kratos)]
pub const KRATOS_UPSTREAM: &[(&str, RoundTrip)] =
    include!(concat!(env!("OUT_DIR"), "/kratos_upstream_schemas.rs"));
