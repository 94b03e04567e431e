//! The default transport, over reqwest (feature `reqwest`; HTTPS needs feature `rustls`).

use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

use crate::request::attach_query_credentials;
use crate::transport::limit::{LimitedBody, DEFAULT_MAX_RESPONSE_BYTES};
use crate::transport::{RequestTimeout, Transport, TransportError};

/// A [`Transport`] over a `reqwest::Client`.
///
/// Plain HTTP only unless this crate's `rustls` feature is on, which enables
/// reqwest's rustls TLS with the webpki root certificates.
///
/// Bounded by default: connecting may take [`DEFAULT_CONNECT_TIMEOUT`](Self::DEFAULT_CONNECT_TIMEOUT),
/// the whole call (body included) [`DEFAULT_TIMEOUT`](Self::DEFAULT_TIMEOUT), and a response
/// body may hold [`DEFAULT_MAX_RESPONSE_BYTES`](crate::DEFAULT_MAX_RESPONSE_BYTES), read
/// incrementally so a larger or endless body fails with
/// [`ResponseTooLarge`](crate::ResponseTooLarge) without growing memory past the limit. Change
/// or remove each with [`ReqwestTransport::builder`]. Errors never show the URL (which may hold
/// a query API key), and a path with a dot segment (`..`, `%2E%2E`), which reqwest would resolve
/// to another path, is refused.
#[derive(Clone, Debug)]
pub struct ReqwestTransport {
    // A client that failed to build is kept as its error, reported by each `send`.
    client: Result<reqwest::Client, Arc<reqwest::Error>>,
    max_response_bytes: Option<u64>,
}

impl ReqwestTransport {
    /// The default time allowed to connect: 10 s.
    pub const DEFAULT_CONNECT_TIMEOUT: Duration = Duration::from_secs(10);
    /// The default time allowed for a whole call, from sending to the end of the body: 60 s.
    pub const DEFAULT_TIMEOUT: Duration = Duration::from_secs(60);

    /// A transport with the default limits, whose reqwest client does not follow redirects.
    pub fn new() -> Self {
        Self::builder().build()
    }

    /// Starts from the default limits.
    pub fn builder() -> ReqwestTransportBuilder {
        ReqwestTransportBuilder {
            connect_timeout: Some(Self::DEFAULT_CONNECT_TIMEOUT),
            timeout: Some(Self::DEFAULT_TIMEOUT),
            max_response_bytes: Some(DEFAULT_MAX_RESPONSE_BYTES),
        }
    }

    /// Wraps a caller-configured client (its own timeouts apply) with the default response size
    /// limit; build it with `redirect(Policy::none())` so 3xx responses reach the caller.
    pub fn from_client(client: reqwest::Client) -> Self {
        Self {
            client: Ok(client),
            max_response_bytes: Some(DEFAULT_MAX_RESPONSE_BYTES),
        }
    }

    /// Sets the response body limit in bytes; `None` removes it.
    pub fn with_max_response_bytes(mut self, limit: Option<u64>) -> Self {
        self.max_response_bytes = limit;
        self
    }
}

impl Default for ReqwestTransport {
    fn default() -> Self {
        Self::new()
    }
}

/// Builds a [`ReqwestTransport`]; every limit starts at its default and `None` removes it.
#[derive(Clone, Debug)]
pub struct ReqwestTransportBuilder {
    connect_timeout: Option<Duration>,
    timeout: Option<Duration>,
    max_response_bytes: Option<u64>,
}

impl ReqwestTransportBuilder {
    /// The time allowed to connect.
    pub fn connect_timeout(mut self, timeout: Option<Duration>) -> Self {
        self.connect_timeout = timeout;
        self
    }

    /// The time allowed for a whole call, from sending the request to the end of the body.
    pub fn timeout(mut self, timeout: Option<Duration>) -> Self {
        self.timeout = timeout;
        self
    }

    /// The largest response body accepted, in bytes.
    pub fn max_response_bytes(mut self, limit: Option<u64>) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The transport; its reqwest client does not follow redirects.
    pub fn build(self) -> ReqwestTransport {
        #[cfg_attr(target_arch = "wasm32", allow(unused_mut))]
        let mut builder = reqwest::Client::builder();
        // On wasm32 the browser's fetch follows redirects and has neither timeout of the
        // builder (a `RequestTimeout` still applies).
        #[cfg(not(target_arch = "wasm32"))]
        {
            builder = builder.redirect(reqwest::redirect::Policy::none());
            if let Some(timeout) = self.connect_timeout {
                builder = builder.connect_timeout(timeout);
            }
            if let Some(timeout) = self.timeout {
                builder = builder.timeout(timeout);
            }
        }
        ReqwestTransport {
            client: builder.build().map_err(Arc::new),
            max_response_bytes: self.max_response_bytes,
        }
    }
}

impl ReqwestTransport {
    /// Sends `request` (within its [`RequestTimeout`], if any) and returns the response with its
    /// body still to read.
    pub(crate) async fn execute(
        &self,
        mut request: http::Request<Bytes>,
    ) -> Result<reqwest::Response, TransportError> {
        let client = self
            .client
            .as_ref()
            .map_err(|e| TransportError::new(Arc::clone(e)))?;
        if has_dot_segment(request.uri().path()) {
            return Err(TransportError::new(
                "the request path has a `.` or `..` segment (maybe percent-encoded), which reqwest \
                 would resolve to another path",
            ));
        }
        let timeout = RequestTimeout::of(&request);
        attach_query_credentials(&mut request);
        let mut request = reqwest::Request::try_from(request).map_err(without_url)?;
        if timeout.is_some() {
            *request.timeout_mut() = timeout;
        }
        client.execute(request).await.map_err(without_url)
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
        let mut body = LimitedBody::new(self.max_response_bytes, response.content_length())
            .map_err(TransportError::new)?;
        #[cfg(not(target_arch = "wasm32"))]
        while let Some(chunk) = response.chunk().await.map_err(without_url)? {
            body.push(chunk).map_err(TransportError::new)?;
        }
        // The browser's fetch hands over the body whole.
        #[cfg(target_arch = "wasm32")]
        body.push(response.bytes().await.map_err(without_url)?)
            .map_err(TransportError::new)?;
        Ok(head.map(|()| body.finish()))
    }
}

/// A reqwest error without its URL, whose query may hold an API key.
pub(crate) fn without_url(error: reqwest::Error) -> TransportError {
    TransportError::new(error.without_url())
}

/// Whether a segment of `path` is one WHATWG URL parsing (reqwest's `Url`) treats as `.` or `..`.
fn has_dot_segment(path: &str) -> bool {
    path.split('/').any(|segment| {
        let decoded = segment.to_ascii_lowercase().replace("%2e", ".");
        decoded == "." || decoded == ".."
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dot_segments_are_found_in_every_spelling() {
        for path in [
            "/a/../b",
            "/a/./b",
            "/a/%2E%2E",
            "/%2e./b",
            "/.%2E/b",
            "/a/%2e/",
        ] {
            assert!(has_dot_segment(path), "{path}");
        }
        for path in ["/a/.../b", "/a/..x/b", "/a/%252E%252E/b", "/a/b.c/", "/"] {
            assert!(!has_dot_segment(path), "{path}");
        }
    }
}
