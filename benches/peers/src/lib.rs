//! What the peer benchmarks share: apiforge's Kratos clients and the bodies in the shape each
//! client can decode.

/// The Kratos client from `spec/kratos.yaml` (unknown fields kept).
pub mod kratos {
    include!(concat!(env!("OUT_DIR"), "/kratos.rs"));
}

/// The same client with `UnknownFields::Drop`.
pub mod kratos_lean {
    include!(concat!(env!("OUT_DIR"), "/kratos_lean.rs"));
}

/// A login flow with 11 UI nodes, as Kratos v0.9 sends it.
pub const LOGIN_FLOW: &str = include_str!("../../../tests/data/login_flow.json");
/// A session with its identity.
pub const SESSION: &str = include_str!("../../../tests/data/session.json");
/// A list of 20 identities.
pub const IDENTITIES: &str = include_str!("../../../tests/data/identities.json");

/// `body` without whitespace between tokens, as a server sends it (the files are indented).
pub fn compact(body: &str) -> Vec<u8> {
    let value: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    serde_json::to_vec(&value).expect("JSON")
}

/// `body`, compact, with every UI node's attributes tagged the way the published openapi-generator client
/// reads them: its `UiNodeAttributes` is tagged by a `nodetype` key whose values are `anchor` and
/// `image`, while Kratos writes `node_type` with `a` and `img` (`input`, `script` and `text` are
/// the same). Without this the published client fails on every login flow.
pub fn renamed_for_openapi_generator(body: &str) -> Vec<u8> {
    let mut value: serde_json::Value = serde_json::from_str(body).expect("a JSON body");
    if let Some(nodes) = value
        .pointer_mut("/ui/nodes")
        .and_then(serde_json::Value::as_array_mut)
    {
        for attributes in nodes.iter_mut().filter_map(|n| n.get_mut("attributes")) {
            let object = attributes
                .as_object_mut()
                .expect("attributes are an object");
            if let Some(tag) = object.remove("node_type") {
                let renamed = match tag.as_str() {
                    Some("a") => "anchor".into(),
                    Some("img") => "image".into(),
                    _ => tag,
                };
                object.insert("nodetype".to_owned(), renamed);
            }
        }
    }
    serde_json::to_vec(&value).expect("JSON")
}
