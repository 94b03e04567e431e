//! Code shaped like apiforge's output, using only this crate: re-exports, the constructor macro, models.

use apiforge_runtime::serde::{Deserialize, Serialize};
use apiforge_runtime::{ConfigError, Transport};

/// A generated client wraps the runtime client.
#[derive(Clone, Debug)]
pub struct Client<T> {
    inner: apiforge_runtime::Client<T>,
}

impl<T: Transport> Client<T> {
    /// What the generator emits itself.
    pub fn with_transport(base_url: &str, transport: T) -> Result<Self, ConfigError> {
        Ok(Self {
            inner: apiforge_runtime::Client::new(base_url, transport)?,
        })
    }
}

apiforge_runtime::default_client_constructor!(Client);

#[derive(Debug, PartialEq, Serialize, Deserialize)]
#[serde(crate = "apiforge_runtime::serde")]
struct Identity {
    id: apiforge_runtime::uuid::Uuid,
    created_at: apiforge_runtime::chrono::DateTime<apiforge_runtime::chrono::Utc>,
    #[serde(
        default,
        deserialize_with = "apiforge_runtime::double_option::deserialize",
        skip_serializing_if = "Option::is_none"
    )]
    metadata_public: Option<Option<apiforge_runtime::serde_json::Value>>,
}

#[cfg(feature = "reqwest")]
#[test]
fn the_macro_gives_a_default_constructor() {
    let client = Client::new("http://127.0.0.1:4433/").expect("client");
    assert_eq!(client.inner.base_url(), "http://127.0.0.1:4433");
    assert!(Client::new("not a url").is_err());
}

/// A transport that never answers, for clients that send nothing.
struct Offline;

impl Transport for Offline {
    async fn send(
        &self,
        _request: apiforge_runtime::http::Request<apiforge_runtime::Bytes>,
    ) -> Result<
        apiforge_runtime::http::Response<apiforge_runtime::Bytes>,
        apiforge_runtime::TransportError,
    > {
        Err(apiforge_runtime::TransportError::new("offline"))
    }
}

#[test]
fn any_transport_can_back_a_generated_client() {
    let client = Client::with_transport("https://example.com/api/", Offline).expect("client");
    assert_eq!(client.inner.base_url(), "https://example.com/api");
}

#[test]
fn models_use_the_reexported_crates() {
    let text = r#"{"id":"9f4b3c4e-1a2b-4c3d-8e9f-0a1b2c3d4e5f","created_at":"2024-01-02T03:04:05Z","metadata_public":null}"#;
    let identity: Identity = apiforge_runtime::serde_json::from_str(text).expect("decode");
    assert_eq!(identity.metadata_public, Some(None));
    assert_eq!(
        apiforge_runtime::serde_json::to_string(&identity).expect("encode"),
        text
    );
}

#[test]
fn errors_stay_small() {
    // Generated operations return `Result<_, Error<E>>`; clippy's `result_large_err` limit is 128 bytes.
    assert!(std::mem::size_of::<apiforge_runtime::Error<()>>() <= 96);
}
