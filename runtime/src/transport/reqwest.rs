//! The default transport, over reqwest (feature `reqwest`; HTTPS needs feature `rustls`).

use std::sync::Arc;

use bytes::Bytes;

use crate::call::RequestTimeout;
use crate::transport::{Transport, TransportError};

/// A [`Transport`] over a `reqwest::Client`.
///
/// Honours a [`RequestTimeout`] extension. Plain HTTP only unless this crate's `rustls` feature is on, which enables
/// reqwest's rustls TLS with the webpki root certificates.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    // A client that failed to build is kept as its error, reported by each `send`.
    client: Result<reqwest::Client, Arc<reqwest::Error>>,
}

impl ReqwestTransport {
    /// Creates a transport whose reqwest client does not follow redirects.
    pub fn new() -> Self {
        let client = reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .map_err(Arc::new);
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
        let timeout = request.extensions().get::<RequestTimeout>().copied();
        let mut request = reqwest::Request::try_from(request).map_err(TransportError::new)?;
        if let Some(RequestTimeout(timeout)) = timeout {
            *request.timeout_mut() = Some(timeout);
        }
        let mut response = client.execute(request).await.map_err(TransportError::new)?;
        let status = response.status();
        let version = response.version();
        let headers = std::mem::take(response.headers_mut());
        let body = response.bytes().await.map_err(TransportError::new)?;
        let mut out = http::Response::new(body);
        *out.status_mut() = status;
        *out.version_mut() = version;
        *out.headers_mut() = headers;
        Ok(out)
    }
}
