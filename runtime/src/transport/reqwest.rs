//! The default transport, over reqwest (feature `reqwest`; HTTPS needs feature `rustls`).

use std::sync::Arc;

use bytes::Bytes;

use crate::transport::{RequestTimeout, Transport, TransportError};

/// A [`Transport`] over a `reqwest::Client`.
///
/// Plain HTTP only unless this crate's `rustls` feature is on, which enables
/// reqwest's rustls TLS with the webpki root certificates.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    // A client that failed to build is kept as its error, reported by each `send`.
    client: Result<reqwest::Client, Arc<reqwest::Error>>,
}

impl ReqwestTransport {
    /// Creates a transport whose reqwest client does not follow redirects (on wasm32 the
    /// browser's fetch decides, and follows them).
    pub fn new() -> Self {
        let builder = reqwest::Client::builder();
        #[cfg(not(target_arch = "wasm32"))]
        let builder = builder.redirect(reqwest::redirect::Policy::none());
        let client = builder.build().map_err(Arc::new);
        Self { client }
    }

    /// Wraps a caller-configured client; build it with `redirect(Policy::none())` so 3xx responses reach the caller.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self { client: Ok(client) }
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let client = self
            .client
            .as_ref()
            .map_err(|e| TransportError::new(Arc::clone(e)))?;
        let timeout = RequestTimeout::of(&request);
        let mut request = reqwest::Request::try_from(request).map_err(TransportError::new)?;
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        let mut response = client.execute(request).await.map_err(TransportError::new)?;
        let status = response.status();
        #[cfg(not(target_arch = "wasm32"))]
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(TransportError::new)?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        #[cfg(not(target_arch = "wasm32"))]
        {
            *out.version_mut() = version;
        }
        *out.headers_mut() = headers;
        Ok(out)
    }
}
