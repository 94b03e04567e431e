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

impl ReqwestTransport {
    /// Sends `request` and returns the response with its body still to read.
    pub(crate) async fn execute(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<reqwest::Response, TransportError> {
        let client = self
            .client
            .as_ref()
            .map_err(|e| TransportError::new(Arc::clone(e)))?;
        let timeout = RequestTimeout::of(&request);
        let mut request = reqwest::Request::try_from(request).map_err(TransportError::new)?;
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        client.execute(request).await.map_err(TransportError::new)
    }
}

/// The status, version and headers of `response` (taken out of it), on an `http` response with `body`.
pub(crate) fn response_head<B>(response: &mut reqwest::Response, body: B) -> http::Response<B> {
    let mut out = http::Response::new(body);
    *out.status_mut() = response.status();
    #[cfg(not(target_arch = "wasm32"))]
    {
        *out.version_mut() = response.version();
    }
    *out.headers_mut() = std::mem::take(response.headers_mut());
    out
}

impl Transport for ReqwestTransport {
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let mut response = self.execute(request).await?;
        let head = response_head(&mut response, ());
        let body = response.bytes().await.map_err(TransportError::new)?;
        Ok(head.map(|()| body))
    }
}
