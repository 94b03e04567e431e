//! The transport abstraction: whatever sends an `http::Request` and brings back the response.

use std::error::Error as StdError;
use std::fmt;
use std::future::Future;
use std::pin::Pin;
use std::sync::Arc;
use std::time::Duration;

use bytes::Bytes;

mod blocking;
#[cfg(feature = "cookies")]
mod cookies;
#[cfg(feature = "hyper")]
mod hyper;
mod limit;
#[cfg(feature = "mock")]
mod mock;
#[cfg(feature = "reqwest")]
mod reqwest;
#[cfg(feature = "stream")]
mod streaming;
#[cfg(feature = "tower")]
mod tower;
#[cfg(feature = "tracing")]
mod tracing;
#[cfg(feature = "ureq")]
mod ureq;

pub use self::blocking::BlockingTransport;
#[cfg(feature = "cookies")]
pub use self::cookies::CookieJar;
#[cfg(feature = "hyper")]
pub use self::hyper::HyperTransport;
pub use self::limit::{ResponseTooLarge, DEFAULT_MAX_RESPONSE_BYTES};
#[cfg(feature = "mock")]
pub use self::mock::{MockResponder, MockTransport, RecordedCall};
#[cfg(feature = "reqwest")]
pub use self::reqwest::{ReqwestTransport, ReqwestTransportBuilder};
#[cfg(feature = "stream")]
pub use self::streaming::{ByteStream, StreamingTransport};
#[cfg(feature = "tower")]
pub use self::tower::{AttachQueryCredentials, TimedOut, TowerTransport, TransportService};
#[cfg(feature = "tracing")]
pub use self::tracing::TracingTransport;
#[cfg(feature = "ureq")]
pub use self::ureq::UreqTransport;

/// Sends one HTTP request and returns its complete response; redirects must not be followed.
///
/// What every implementation owes its callers: bound the response body (read it incrementally and
/// fail with [`ResponseTooLarge`] past a limit, [`DEFAULT_MAX_RESPONSE_BYTES`] unless configured),
/// honour a [`RequestTimeout`] in the request's extensions, and never print credential headers
/// in its errors. Headers that carry secrets arrive marked sensitive.
///
/// Query credentials (API keys `in: query`, parameters named like secrets) arrive *outside* the
/// URI, in the request's extensions, so that no `Debug` of the request shows them. A transport
/// that puts the request on the wire itself calls
/// [`attach_query_credentials`](crate::attach_query_credentials) last, just before sending, and
/// from then on prints the URI only as [`redacted_uri`](crate::redacted_uri); a transport that
/// forgets it fails closed (the server gets no key). A transport that wraps another (tracing,
/// cookies, retries) passes the request on untouched.
///
/// Generated calls put an [`OperationInfo`] in the extensions. For a backend chosen at run
/// time, use [`BoxTransport`].
///
/// On `wasm32` targets, where the browser's fetch futures are not `Send`, neither transports
/// nor their futures need to be; everywhere else they must be (see [`MaybeSend`]).
pub trait Transport: MaybeSend + MaybeSync {
    /// Sends `request` (with an absolute URI) and returns the response with its whole body.
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + MaybeSend;
}

/// `Send`, except on `wasm32`, where it asks nothing (single-threaded, fetch futures are not `Send`).
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSend: Send {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Send + ?Sized> MaybeSend for T {}
/// `Send`, except on `wasm32`, where it asks nothing (single-threaded, fetch futures are not `Send`).
#[cfg(target_arch = "wasm32")]
pub trait MaybeSend {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSend for T {}

/// `Sync`, except on `wasm32`, where it asks nothing.
#[cfg(not(target_arch = "wasm32"))]
pub trait MaybeSync: Sync {}
#[cfg(not(target_arch = "wasm32"))]
impl<T: Sync + ?Sized> MaybeSync for T {}
/// `Sync`, except on `wasm32`, where it asks nothing.
#[cfg(target_arch = "wasm32")]
pub trait MaybeSync {}
#[cfg(target_arch = "wasm32")]
impl<T: ?Sized> MaybeSync for T {}

impl<T: Transport + ?Sized> Transport for &T {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + MaybeSend {
        (**self).send(request)
    }
}

impl<T: Transport + ?Sized> Transport for Arc<T> {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + MaybeSend {
        (**self).send(request)
    }
}

/// The future a [`DynTransport`] returns (`Send` except on `wasm32`).
#[cfg(not(target_arch = "wasm32"))]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + Send + 'a>>;
/// The future a [`DynTransport`] returns (`Send` except on `wasm32`).
#[cfg(target_arch = "wasm32")]
pub type BoxFuture<'a, T> = Pin<Box<dyn Future<Output = T> + 'a>>;

/// The object-safe form of [`Transport`]; every `Transport` is one.
///
/// `Client<BoxTransport>` picks its backend at run time:
///
/// ```
/// # #[cfg(feature = "reqwest")] {
/// use apiforge_runtime::{BoxTransport, Client, ReqwestTransport};
///
/// let transport: BoxTransport = Box::new(ReqwestTransport::new());
/// let client = Client::new("http://127.0.0.1:4433", transport).unwrap();
/// # let _ = client; }
/// ```
pub trait DynTransport: MaybeSend + MaybeSync {
    /// Sends `request` like [`Transport::send`], boxing the future.
    fn send_boxed(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>>;
}

impl<T: Transport> DynTransport for T {
    fn send_boxed(
        &self,
        request: http::Request<Bytes>,
    ) -> BoxFuture<'_, Result<http::Response<Bytes>, TransportError>> {
        Box::pin(self.send(request))
    }
}

/// A transport chosen at run time.
pub type BoxTransport = Box<dyn DynTransport>;

impl Transport for dyn DynTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + MaybeSend {
        self.send_boxed(request)
    }
}

impl Transport for BoxTransport {
    fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> impl Future<Output = Result<http::Response<Bytes>, TransportError>> + MaybeSend {
        (**self).send_boxed(request)
    }
}

/// Which operation a request belongs to; generated clients put it in every request's extensions.
///
/// Transports and middleware read it with `request.extensions().get::<OperationInfo>()`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct OperationInfo {
    /// The `operationId` (or the id apiforge made up for an operation without one).
    pub id: &'static str,
    /// The path template, such as `/admin/identities/{id}`.
    pub path_template: &'static str,
}

impl OperationInfo {
    /// The operation `id` on `path_template`.
    pub const fn new(id: &'static str, path_template: &'static str) -> Self {
        Self { id, path_template }
    }
}

/// How long a whole call (connect, send, receive the body) may take; every backend honours it
/// when present in the request's extensions (`Client::set_timeout` puts it on every request).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct RequestTimeout(pub Duration);

impl RequestTimeout {
    /// The timeout in `request`'s extensions, if any.
    pub fn of<B>(request: &http::Request<B>) -> Option<Duration> {
        request.extensions().get::<Self>().map(|t| t.0)
    }
}

/// A transport failure (connect, TLS, I/O, timeout), wrapping the transport's own error.
///
/// Displays as the wrapped error and forwards its `source()`; `get_ref` and
/// `into_inner` give the wrapped error for downcasting.
pub struct TransportError {
    inner: Box<dyn StdError + Send + Sync>,
}

impl TransportError {
    /// Wraps an error (or anything convertible to a boxed error, such as a `String`).
    pub fn new(error: impl Into<Box<dyn StdError + Send + Sync>>) -> Self {
        Self {
            inner: error.into(),
        }
    }

    /// The wrapped error.
    pub fn get_ref(&self) -> &(dyn StdError + Send + Sync + 'static) {
        &*self.inner
    }

    /// Unwraps the wrapped error.
    pub fn into_inner(self) -> Box<dyn StdError + Send + Sync> {
        self.inner
    }

    /// This error, unless its `Display` or `Debug` (or those of a cause) shows one of `secrets`:
    /// then its messages as text with each secret replaced by `<redacted>` (the original error,
    /// which cannot be printed safely, is dropped).
    pub(crate) fn scrub(self, secrets: &[String]) -> Self {
        let mut shown = Vec::new();
        let mut next: Option<&(dyn StdError + 'static)> = Some(&*self.inner);
        while let Some(error) = next {
            shown.push((error.to_string(), format!("{error:?}")));
            next = error.source();
        }
        let secrets: Vec<&str> = secrets
            .iter()
            .map(String::as_str)
            .filter(|s| !s.is_empty())
            .collect();
        let leaks = |text: &str| secrets.iter().any(|s| text.contains(s));
        if !shown
            .iter()
            .any(|(display, debug)| leaks(display) || leaks(debug))
        {
            return self;
        }
        let redact = |text: &str| {
            secrets
                .iter()
                .fold(text.to_owned(), |t, s| t.replace(s, "<redacted>"))
        };
        let scrubbed = shown.iter().rev().fold(None, |source, (display, _)| {
            Some(Scrubbed {
                message: redact(display),
                source: source.map(Box::new),
            })
        });
        scrubbed.map_or(self, Self::new)
    }
}

/// A transport error's messages with secrets redacted, each cause its own `source()`.
#[derive(Debug)]
struct Scrubbed {
    message: String,
    source: Option<Box<Scrubbed>>,
}

impl fmt::Display for Scrubbed {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.message)
    }
}

impl StdError for Scrubbed {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.source.as_deref().map(|s| s as _)
    }
}

impl fmt::Debug for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_tuple("TransportError").field(&self.inner).finish()
    }
}

impl fmt::Display for TransportError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(&self.inner, f)
    }
}

impl StdError for TransportError {
    fn source(&self) -> Option<&(dyn StdError + 'static)> {
        self.inner.source()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(Debug)]
    struct Outer(std::io::Error);

    impl fmt::Display for Outer {
        fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
            f.write_str("outer")
        }
    }

    impl StdError for Outer {
        fn source(&self) -> Option<&(dyn StdError + 'static)> {
            Some(&self.0)
        }
    }

    #[test]
    fn wraps_transparently() {
        let e = TransportError::new(Outer(std::io::Error::other("inner")));
        assert_eq!(e.to_string(), "outer");
        assert_eq!(e.source().unwrap().to_string(), "inner");
        assert!(e.get_ref().downcast_ref::<Outer>().is_some());
        assert!(format!("{e:?}").starts_with("TransportError("));
        assert!(e.into_inner().downcast::<Outer>().is_ok());
    }

    #[test]
    fn scrubbing_redacts_secrets_in_every_cause_and_keeps_clean_errors() {
        let secrets = ["k3y".to_owned(), "Bearer t0k".to_owned()];
        let leaky = TransportError::new(Outer(std::io::Error::other(
            "GET http://h/x?api_key=k3y failed",
        )));
        let scrubbed = leaky.scrub(&secrets);
        assert_eq!(scrubbed.to_string(), "outer");
        assert_eq!(
            scrubbed.source().unwrap().to_string(),
            "GET http://h/x?api_key=<redacted> failed"
        );
        assert!(!format!("{scrubbed:?}").contains("k3y"));

        let clean = TransportError::new(Outer(std::io::Error::other("refused")));
        let kept = clean.scrub(&secrets);
        assert!(kept.get_ref().downcast_ref::<Outer>().is_some());
    }

    struct Echo;

    impl Transport for Echo {
        async fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            Ok(http::Response::new(request.into_body()))
        }
    }

    async fn roundtrip<T: Transport>(
        transport: T,
    ) -> Result<http::Response<Bytes>, TransportError> {
        transport
            .send(http::Request::new(Bytes::from_static(b"hi")))
            .await
    }

    #[tokio::test]
    async fn references_and_arcs_are_transports() {
        let echo = Echo;
        assert_eq!(roundtrip(&echo).await.unwrap().body(), "hi");
        assert_eq!(roundtrip(Arc::new(Echo)).await.unwrap().body(), "hi");
    }

    /// Answers with what it found in the request's extensions.
    struct Extensions;

    impl Transport for Extensions {
        async fn send(
            &self,
            request: http::Request<Bytes>,
        ) -> Result<http::Response<Bytes>, TransportError> {
            let operation = request.extensions().get::<OperationInfo>();
            let text = format!("{operation:?} {:?}", RequestTimeout::of(&request));
            Ok(http::Response::new(Bytes::from(text)))
        }
    }

    #[tokio::test]
    async fn a_boxed_transport_sees_the_operation_and_the_timeout() {
        let transport: BoxTransport = Box::new(Extensions);
        let mut client = crate::Client::new("http://x.io", transport).unwrap();
        let op = OperationInfo::new("getIdentity", "/admin/identities/{id}");
        let mut request = client.operation(op, http::Method::GET);
        request.path_param("id", "7", crate::ParamStyle::Simple);
        let raw = client.send::<()>(request).await.unwrap();
        assert_eq!(
            raw.body(),
            "Some(OperationInfo { id: \"getIdentity\", path_template: \"/admin/identities/{id}\" }) None"
        );

        client.set_timeout(Some(std::time::Duration::from_secs(3)));
        let raw = client
            .send::<()>(client.request(http::Method::GET, "/"))
            .await
            .unwrap();
        assert_eq!(raw.body(), "None Some(3s)");
    }
}
