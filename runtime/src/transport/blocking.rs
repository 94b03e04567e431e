//! The blocking transport: what a generated blocking client sends its requests through.

use std::sync::Arc;

use bytes::Bytes;

use super::TransportError;

/// Sends one HTTP request and returns its complete response, blocking the calling thread;
/// redirects must not be followed, and a [`RequestTimeout`](super::RequestTimeout) in the
/// request's extensions must be honoured. Query credentials arrive outside the URI, as for
/// [`Transport`](super::Transport), whose contract this shares.
///
/// A generated blocking client wraps `Client<T: BlockingTransport>` and, per operation, builds the
/// request exactly as the async client does, then calls [`Client::send_blocking`] and decodes the
/// [`RawResponse`] with the same decoders:
///
/// ```
/// use apiforge_runtime::http::{Method, Response};
/// use apiforge_runtime::{BlockingTransport, Bytes, Client, OperationInfo, TransportError};
///
/// struct Fixed;
/// impl BlockingTransport for Fixed {
///     fn send(&self, _: apiforge_runtime::http::Request<Bytes>)
///         -> Result<Response<Bytes>, TransportError> {
///         Ok(Response::builder().header("content-type", "application/json")
///             .body(Bytes::from_static(b"{\"ok\":true}")).unwrap())
///     }
/// }
///
/// let client = Client::new("http://127.0.0.1:4433", Fixed).unwrap();
/// let request = client.operation(OperationInfo::new("getHealth", "/health"), Method::GET);
/// let raw = client.send_blocking::<()>(request).unwrap();
/// let value = raw.json::<apiforge_runtime::serde_json::Value, ()>().unwrap();
/// assert_eq!(value.into_inner()["ok"], true);
/// ```
///
/// `UreqTransport` (feature `ureq`) is the shipped backend, and `default_blocking_client_constructor!`
/// gives a generated blocking client `new(base_url)` over it.
///
/// [`Client::send_blocking`]: crate::Client::send_blocking
/// [`RawResponse`]: crate::RawResponse
pub trait BlockingTransport: Send + Sync {
    /// Sends `request` (with an absolute URI) and returns the response with its whole body.
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError>;
}

impl<T: BlockingTransport + ?Sized> BlockingTransport for &T {
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request)
    }
}

impl<T: BlockingTransport + ?Sized> BlockingTransport for Arc<T> {
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request)
    }
}

impl<T: BlockingTransport + ?Sized> BlockingTransport for Box<T> {
    fn send(&self, request: http::Request<Bytes>) -> Result<http::Response<Bytes>, TransportError> {
        (**self).send(request)
    }
}
