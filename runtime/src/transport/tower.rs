//! tower in both directions (feature `tower`): [`TowerTransport`] sends through any
//! `tower::Service` over `http` requests and responses, and [`TransportService`] turns any
//! [`Transport`] into such a service, so tower and tower-http layers stack between the two:
//!
//! ```
//! # #[cfg(feature = "reqwest")] {
//! use apiforge_runtime::http::header::{HeaderValue, USER_AGENT};
//! use apiforge_runtime::{Client, ReqwestTransport, TowerTransport, TransportService};
//! use tower_http::set_header::SetRequestHeaderLayer;
//!
//! let service = tower::ServiceBuilder::new()
//!     .layer(SetRequestHeaderLayer::if_not_present(USER_AGENT, HeaderValue::from_static("app/1")))
//!     .service(TransportService::new(ReqwestTransport::new()));
//! let client = Client::new("http://127.0.0.1:4433", TowerTransport::new(service)).unwrap();
//! # let _ = client; }
//! ```
//!
//! `examples/tower-middleware` stacks retry, timeout and a rate limit this way.
//!
//! Query credentials stay out of the URI all along the stack (no layer can log them) until the
//! end of it puts them in: [`TransportService`]'s transport does, and a service that sends
//! requests itself (such as a hyper client) goes under [`AttachQueryCredentials`].

use std::error::Error as StdError;
use std::fmt;
use std::future::{poll_fn, Future};
use std::marker::PhantomData;
use std::sync::Arc;
use std::task::{Context, Poll};

use bytes::Buf;
use bytes::Bytes;
use http_body_util::{BodyExt, Full};
use tower_service::Service;

use super::limit::LimitedBody;
use super::{BoxFuture, RequestTimeout, Transport, TransportError, DEFAULT_MAX_RESPONSE_BYTES};

type BoxError = Box<dyn StdError + Send + Sync>;

/// A [`Transport`] over a `tower::Service<http::Request<B>>`, cloned for each call; the request
/// body type `B` is made from the request's `Bytes` (`Bytes` itself, or `http_body_util::Full`).
///
/// The request reaches the service with its query credentials still apart (see
/// [`attach_query_credentials`](crate::attach_query_credentials)): the innermost service must
/// attach them, as [`TransportService`] and [`AttachQueryCredentials`] do.
///
/// The response body (any `http_body::Body`) is read whole, up to a limit
/// ([`DEFAULT_MAX_RESPONSE_BYTES`] unless [`Self::max_response_bytes`] says otherwise; past it the
/// error holds a [`ResponseTooLarge`](crate::ResponseTooLarge)); a [`RequestTimeout`] bounds the whole call
/// (it needs a tokio runtime with its timer).
pub struct TowerTransport<S, B = Bytes> {
    service: S,
    max_response_bytes: Option<u64>,
    request_body: PhantomData<fn(Bytes) -> B>,
}

impl<S: Clone, B> Clone for TowerTransport<S, B> {
    fn clone(&self) -> Self {
        Self {
            service: self.service.clone(),
            max_response_bytes: self.max_response_bytes,
            request_body: PhantomData,
        }
    }
}

impl<S: fmt::Debug, B> fmt::Debug for TowerTransport<S, B> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.debug_struct("TowerTransport")
            .field("service", &self.service)
            .field("max_response_bytes", &self.max_response_bytes)
            .finish()
    }
}

impl<S> TowerTransport<S> {
    /// Sends through `service`, a service of `http::Request<Bytes>`.
    pub fn new(service: S) -> Self {
        Self::with_request_body(service)
    }
}

impl<S, B> TowerTransport<S, B> {
    /// Sends through `service`, a service of `http::Request<B>` (such as `Full<Bytes>`).
    pub fn with_request_body(service: S) -> Self {
        Self {
            service,
            max_response_bytes: Some(DEFAULT_MAX_RESPONSE_BYTES),
            request_body: PhantomData,
        }
    }

    /// Refuses response bodies longer than `limit` bytes (`None`: no limit).
    pub fn max_response_bytes(mut self, limit: Option<u64>) -> Self {
        self.max_response_bytes = limit;
        self
    }

    /// The wrapped service.
    pub fn service(&self) -> &S {
        &self.service
    }
}

impl<S, B> TowerTransport<S, B> {
    /// Sends `request` through a clone of the service; the response body is left unread.
    pub(crate) async fn call<R>(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<R>, TransportError>
    where
        S: Service<http::Request<B>, Response = http::Response<R>> + Clone,
        S::Error: Into<BoxError>,
        B: From<Bytes>,
    {
        let mut service = self.service.clone();
        poll_fn(|cx| service.poll_ready(cx))
            .await
            .map_err(|e| TransportError::new(e.into()))?;
        service
            .call(request.map(B::from))
            .await
            .map_err(|e| TransportError::new(e.into()))
    }
}

/// Runs `exchange` within the request's [`RequestTimeout`], if it has one.
pub(crate) async fn within<T>(
    timeout: Option<std::time::Duration>,
    exchange: impl Future<Output = Result<T, TransportError>>,
) -> Result<T, TransportError> {
    match timeout {
        Some(duration) => tokio::time::timeout(duration, exchange)
            .await
            .map_err(|_| TransportError::new(TimedOut))?,
        None => exchange.await,
    }
}

impl<S, B, R> Transport for TowerTransport<S, B>
where
    S: Service<http::Request<B>, Response = http::Response<R>> + Clone + Send + Sync,
    S::Future: Send,
    S::Error: Into<BoxError>,
    B: From<Bytes> + Send,
    R: http_body::Body + Send,
    R::Data: Send,
    R::Error: Into<BoxError>,
{
    async fn send(
        &self,
        request: http::Request<Bytes>,
    ) -> Result<http::Response<Bytes>, TransportError> {
        let timeout = RequestTimeout::of(&request);
        within(timeout, async {
            let (parts, body) = self.call(request).await?.into_parts();
            let mut body = std::pin::pin!(body);
            let mut collected = LimitedBody::new(self.max_response_bytes, body.size_hint().exact())
                .map_err(TransportError::new)?;
            while let Some(frame) = body.frame().await {
                let frame = frame.map_err(|e| TransportError::new(e.into()))?;
                if let Ok(mut data) = frame.into_data() {
                    let length = data.remaining();
                    collected
                        .push(data.copy_to_bytes(length))
                        .map_err(TransportError::new)?;
                }
            }
            Ok(http::Response::from_parts(parts, collected.finish()))
        })
        .await
    }
}

/// Wraps the service that puts requests on the wire (such as a hyper client), calling
/// [`attach_query_credentials`](crate::attach_query_credentials) on each request just before it;
/// the layers above it never see the credentials. Stack it with
/// `ServiceBuilder::layer_fn(AttachQueryCredentials::new)` as the last layer.
#[derive(Clone, Debug)]
pub struct AttachQueryCredentials<S> {
    inner: S,
}

impl<S> AttachQueryCredentials<S> {
    /// Attaches query credentials before `inner` sends each request.
    pub fn new(inner: S) -> Self {
        Self { inner }
    }
}

impl<S, B> Service<http::Request<B>> for AttachQueryCredentials<S>
where
    S: Service<http::Request<B>>,
{
    type Response = S::Response;
    type Error = S::Error;
    type Future = S::Future;

    fn poll_ready(&mut self, cx: &mut Context<'_>) -> Poll<Result<(), S::Error>> {
        self.inner.poll_ready(cx)
    }

    fn call(&mut self, mut request: http::Request<B>) -> S::Future {
        crate::attach_query_credentials(&mut request);
        self.inner.call(request)
    }
}

/// The call took longer than its [`RequestTimeout`].
#[derive(Debug)]
pub struct TimedOut;

impl fmt::Display for TimedOut {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("the request timed out")
    }
}

impl StdError for TimedOut {}

/// A [`Transport`] as a `tower::Service` of `http::Request<Bytes>`, to put tower layers in
/// front of it; response bodies are `http_body_util::Full<Bytes>`, so body-aware layers apply.
#[derive(Debug)]
pub struct TransportService<T> {
    transport: Arc<T>,
}

impl<T> TransportService<T> {
    /// Serves requests by sending them through `transport`.
    pub fn new(transport: T) -> Self {
        Self {
            transport: Arc::new(transport),
        }
    }
}

impl<T> Clone for TransportService<T> {
    fn clone(&self) -> Self {
        Self {
            transport: Arc::clone(&self.transport),
        }
    }
}

impl<T: Transport + 'static> Service<http::Request<Bytes>> for TransportService<T> {
    type Response = http::Response<Full<Bytes>>;
    type Error = TransportError;
    type Future = BoxFuture<'static, Result<http::Response<Full<Bytes>>, TransportError>>;

    fn poll_ready(&mut self, _: &mut Context<'_>) -> Poll<Result<(), TransportError>> {
        Poll::Ready(Ok(()))
    }

    fn call(&mut self, request: http::Request<Bytes>) -> Self::Future {
        let transport = Arc::clone(&self.transport);
        Box::pin(async move { Ok(transport.send(request).await?.map(Full::new)) })
    }
}
